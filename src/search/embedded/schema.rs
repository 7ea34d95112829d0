//! The embedded engine's schema, analyzers and documents: one tantivy index per collection (needs,
//! offers, products, jobs) with the same fields, written a batch per commit.

use super::super::document::{NeedDocument, OfferDocument};
use super::super::job_document::JobDocument;
use super::super::product_document::ProductDocument;
use super::super::query::IndexName;
use super::super::SearchError;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Mutex;
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::AllQuery;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, StopWordFilter, TextAnalyzer, WhitespaceTokenizer};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

const INDEX_TOKENIZER: &str = "zh_index";
const PINYIN_TOKENIZER: &str = "pinyin";
pub(super) const LEVELS: [&str; 5] = [
    "r_province",
    "r_city",
    "r_county",
    "r_township",
    "r_village",
];

pub(super) struct Fields {
    pub id: Field,
    pub title: Field,
    pub description: Field,
    pub places: Field,
    /// The title's pinyin and initials (space-separated words, see `search::text::pinyin`).
    pub pinyin: Field,
    pub initials: Field,
    pub category: Field,
    pub urgency: Field,
    pub status: Field,
    pub verified: Field,
    pub area: Field,
    pub levels: [Field; 5],
    pub has_remaining: Field,
    pub urgency_sort: Field,
    pub deadline: Field,
    pub published_at: Field,
    pub remaining_quantity: Field,
    /// Products: the price in fen, and the households helped.
    pub price: Field,
    pub helped: Field,
    /// Jobs: the skills' Chinese words (searched between title and description), the skills, housing
    /// ("true"/"false"), the pay period and range.
    pub skill_words: Field,
    pub skills: Field,
    pub housing: Field,
    pub pay_period: Field,
    pub pay_min: Field,
    pub pay_max: Field,
    pub version: Field,
}

/// One index (needs, offers, products or jobs) with its writer and reader.
pub(super) struct Collection {
    pub name: IndexName,
    pub reader: IndexReader,
    writer: Mutex<IndexWriter>,
    pub fields: Fields,
}

pub(super) fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(e.to_string())
}

/// Chinese text: jieba in search mode, without HMM (as Meilisearch cuts), lowercased, stop words
/// left out (Meilisearch does not index them either).
fn analyzer(stop_words: &[String]) -> TextAnalyzer {
    TextAnalyzer::builder(super::super::text::jieba(true))
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(stop_words.to_vec()))
        .build()
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let keyword = STRING | FAST;
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text(INDEX_TOKENIZER)),
        description: b.add_text_field("description", text(INDEX_TOKENIZER)),
        places: b.add_text_field("places", text(INDEX_TOKENIZER)),
        pinyin: b.add_text_field("title_pinyin", text(PINYIN_TOKENIZER)),
        initials: b.add_text_field("title_initials", text(PINYIN_TOKENIZER)),
        category: b.add_text_field("category", keyword.clone()),
        urgency: b.add_text_field("urgency", keyword.clone()),
        status: b.add_text_field("status", keyword.clone()),
        verified: b.add_text_field("verified", keyword.clone()),
        area: b.add_text_field("area", STRING),
        levels: LEVELS.map(|name| b.add_text_field(name, keyword.clone())),
        has_remaining: b.add_u64_field("has_remaining", INDEXED | FAST),
        urgency_sort: b.add_u64_field("urgency_sort", FAST),
        // A need's deadline, an offer's valid_until.
        deadline: b.add_i64_field("deadline", INDEXED | FAST),
        // A product's listed_at.
        published_at: b.add_i64_field("published_at", FAST),
        // A need's or offer's quantity left, a product's stock.
        remaining_quantity: b.add_u64_field("remaining_quantity", FAST),
        price: b.add_u64_field("price_fen", FAST),
        helped: b.add_u64_field("households_helped", FAST),
        skill_words: b.add_text_field("skill_words", text(INDEX_TOKENIZER)),
        skills: b.add_text_field("skills", keyword.clone()),
        housing: b.add_text_field("housing", keyword.clone()),
        pay_period: b.add_text_field("pay_period", keyword.clone()),
        pay_min: b.add_u64_field("pay_min_fen", INDEXED | FAST),
        pay_max: b.add_u64_field("pay_max_fen", INDEXED | FAST),
        version: b.add_i64_field("version", STORED),
    };
    (b.build(), fields)
}

impl Collection {
    pub fn open(dir: &Path, name: IndexName, stop_words: &[String]) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(err)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(err)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            // An index written by an older build (another schema): the index is derived data, so
            // start it anew; the start-up refill (or `bangfu reindex`) fills it again.
            Err(tantivy::TantivyError::SchemaError(e)) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index has an older schema: starting it anew");
                std::fs::remove_dir_all(dir).map_err(err)?;
                std::fs::create_dir_all(dir).map_err(err)?;
                Index::create_in_dir(dir, schema).map_err(err)?
            }
            Err(e) => return Err(err(e)),
        };
        index
            .tokenizers()
            .register(INDEX_TOKENIZER, analyzer(stop_words));
        index.tokenizers().register(
            PINYIN_TOKENIZER,
            TextAnalyzer::builder(WhitespaceTokenizer::default())
                .filter(LowerCaser)
                .build(),
        );
        // One indexing thread and one merge thread at tantivy's smallest budget (the builder's
        // default): each indexing thread holds about 12 MB while it writes, and four indexes with
        // two threads each plus four merge threads each kept ~35 MiB more resident in the soak
        // (190 → 153 MiB at 300 needs) for no throughput a 2-core server could use (the feed and
        // the workers write small batches).
        let writer = index
            .writer_with_options(
                IndexWriterOptions::builder()
                    .num_worker_threads(1)
                    .num_merge_threads(1)
                    .build(),
            )
            .map_err(err)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        Ok(Self {
            name,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// Replaces the documents with these ids (delete, then add) and commits: readers see all of a
    /// batch or none of it.
    pub fn write(&self, docs: Vec<(String, TantivyDocument)>) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for (id, doc) in docs {
            writer.delete_term(Term::from_field_text(self.fields.id, &id));
            writer.add_document(doc).map_err(err)?;
        }
        writer.commit().map_err(err)?;
        drop(writer);
        self.reader.reload().map_err(err)
    }

    pub fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        writer.commit().map_err(err)?;
        drop(writer);
        self.reader.reload().map_err(err)
    }

    pub fn versions(&self) -> Result<Vec<(String, i64)>, SearchError> {
        let searcher = self.reader.searcher();
        let docs = searcher
            .search(&AllQuery, &tantivy::collector::DocSetCollector)
            .map_err(err)?;
        let mut out = Vec::with_capacity(docs.len());
        for a in docs {
            let doc: TantivyDocument = searcher.doc(a).map_err(err)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .map(str::to_owned);
            let v = doc
                .get_first(self.fields.version)
                .and_then(|v| tantivy::schema::Value::as_i64(&v))
                .unwrap_or(0);
            if let Some(id) = id {
                out.push((id, v));
            }
        }
        Ok(out)
    }
}

/// The key of "most urgent": urgency first, then the nearest deadline.
fn urgency_key(rank: u64, deadline: i64) -> u64 {
    let max = (1u64 << 40) - 1;
    (rank << 40) | (max - (deadline.max(0) as u64).min(max))
}

/// A need as the index holds it: the searchable text folded, with its pinyin.
pub(super) fn need(f: &Fields, d: &NeedDocument, stop: &HashSet<String>) -> TantivyDocument {
    let t = d.search_text(stop);
    let mut doc = doc!(
        f.id => d.id.as_str(),
        f.title => t.search_title,
        f.description => t.search_description,
        f.places => format!("{} {} {} {} {}", d.county_name, d.township_name, d.village_name, d.unit, t.category_words.unwrap_or_default()),
        f.pinyin => t.title_pinyin,
        f.initials => t.title_initials,
        f.category => d.category.as_str(),
        f.urgency => d.urgency.as_str(),
        f.status => d.status.as_str(),
        f.has_remaining => u64::from(d.has_remaining),
        f.urgency_sort => urgency_key(d.urgency_rank, d.deadline),
        f.deadline => d.deadline,
        f.published_at => d.published_at,
        f.remaining_quantity => d.remaining_quantity,
        f.version => d.version,
    );
    for (i, code) in d.region_codes.iter().enumerate().take(5) {
        doc.add_text(f.levels[i], code);
    }
    doc
}

pub(super) fn offer(f: &Fields, d: &OfferDocument, stop: &HashSet<String>) -> TantivyDocument {
    let t = d.search_text(stop);
    let supporter = t.search_supporter.unwrap_or_default();
    let mut doc = doc!(
        f.id => d.id.as_str(),
        f.title => t.search_title,
        f.description => t.search_description,
        f.places => format!("{} {} {} {} {} {}", d.county_name, d.township_name, d.village_name, d.unit, supporter, t.category_words.unwrap_or_default()),
        f.pinyin => t.title_pinyin,
        f.initials => t.title_initials,
        f.category => d.category.as_str(),
        f.status => d.status.as_str(),
        f.verified => if d.verified { "true" } else { "false" },
        f.area => d.area_code.as_str(),
        f.has_remaining => u64::from(d.has_remaining),
        f.deadline => d.valid_until,
        f.published_at => d.published_at,
        f.remaining_quantity => d.remaining_quantity,
        f.version => d.version,
    );
    for (i, code) in d.region_codes.iter().enumerate().take(5) {
        doc.add_text(f.levels[i], code);
    }
    doc
}

/// A listed product: its text folded, with its pinyin; stock in `remaining_quantity`, listed_at in
/// `published_at`.
pub(super) fn product(f: &Fields, d: &ProductDocument, stop: &HashSet<String>) -> TantivyDocument {
    let t = d.search_text(stop);
    let mut doc = doc!(
        f.id => d.id.as_str(),
        f.title => t.search_title,
        f.description => t.search_description,
        f.places => format!("{} {} {} {}", d.county_name, d.township_name, d.village_name, d.unit),
        f.pinyin => t.title_pinyin,
        f.initials => t.title_initials,
        f.category => d.category.as_str(),
        f.status => "listed",
        f.has_remaining => u64::from(d.in_stock),
        f.published_at => d.listed_at,
        f.remaining_quantity => d.stock,
        f.price => d.price_fen,
        f.helped => d.households_helped,
        f.version => d.version,
    );
    for (i, code) in d.region_codes.iter().enumerate().take(5) {
        doc.add_text(f.levels[i], code);
    }
    doc
}

/// An open job posting: its text folded, with its pinyin; the organization's name with the place
/// names (below the description), created_at in `published_at`, valid_until in `deadline`.
pub(super) fn job(f: &Fields, d: &JobDocument, stop: &HashSet<String>) -> TantivyDocument {
    let t = d.search_text(stop);
    let organization = t.search_supporter.unwrap_or_default();
    let mut doc = doc!(
        f.id => d.id.as_str(),
        f.title => t.search_title,
        f.description => t.search_description,
        f.skill_words => d.skill_words.as_str(),
        f.places => format!("{} {} {} {}", organization, d.county_name, d.township_name, d.village_name),
        f.pinyin => t.title_pinyin,
        f.initials => t.title_initials,
        f.status => d.status.as_str(),
        f.housing => if d.housing { "true" } else { "false" },
        f.pay_period => d.pay_period.as_str(),
        f.has_remaining => u64::from(d.positions_left > 0),
        f.deadline => d.valid_until,
        f.published_at => d.created_at,
        f.remaining_quantity => d.positions_left,
        f.pay_min => d.pay_min_fen,
        f.pay_max => d.pay_max_fen,
        f.version => d.version,
    );
    for skill in &d.skills {
        doc.add_text(f.skills, skill);
    }
    for (i, code) in d.region_codes.iter().enumerate().take(5) {
        doc.add_text(f.levels[i], code);
    }
    doc
}
