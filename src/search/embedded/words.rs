//! The embedded engine's queries: one query per word, scored as Meilisearch ranks, and the filters.
//!
//! A word's score is the best of the ways it matches, in tiers that follow Meilisearch's ranking
//! rules after `words` (which the caller applies by buckets): fewer typos first (`typo`), then the
//! attribute (title, a job's skill words, description, place names, pinyin, initials: the order of
//! `searchable_attributes` in `search/*.json`), then an exact word before a prefix or a synonym
//! (`exactness`). Every matching word also adds [`WORD`], so when words are optional (`any_word`)
//! a document matching more of them ranks first.

use super::super::query::{level_of, SearchQuery, WHOLE_COUNTRY};
use super::super::text::{cut, fold, QueryWord};
use super::schema::Collection;
use super::EmbeddedSearch;
use std::ops::Bound;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, FuzzyTermQuery, Occur, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// What each matching word adds.
const WORD: f32 = 100.0;
/// No typo; each typo takes [`TYPO`] off.
const NO_TYPO: f32 = 20.0;
const TYPO: f32 = 10.0;
/// An exact word, over a prefix or a synonym.
const EXACT: f32 = 0.25;
/// A synonym, matched anywhere in the text.
const SYNONYM: f32 = 1.0;
/// Weights of the attributes, in the order of `searchable_attributes`; each step is larger than
/// [`EXACT`], as `attribute` comes before `exactness`.
const TITLE: f32 = 3.0;
/// Jobs: the skills' Chinese words, between the title and the description.
const SKILL_WORDS: f32 = 2.5;
const DESCRIPTION: f32 = 2.0;
const PLACES: f32 = 1.0;
const PINYIN: f32 = 0.6;
const INITIALS: f32 = 0.3;
/// BM25 on the title, scaled to stay below every step above: only breaks ties.
const TIE_BREAK: f32 = 0.001;

fn constant(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}

fn any_of(field: Field, values: &[String]) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = values
        .iter()
        .map(|v| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

impl EmbeddedSearch {
    fn typos_allowed(&self, c: &Collection, word: &str) -> u8 {
        let typo = &self.inner.settings.of(c.name).typo_tolerance;
        let chars = word.chars().count();
        if chars >= typo.min_word_size_for_two_typos {
            2
        } else if chars >= typo.min_word_size_for_one_typo {
            1
        } else {
            0
        }
    }

    /// One query word: the word itself (with typos when long, as a prefix when last), or any of
    /// its synonyms; in the Chinese text, and for Latin letters also in the title's pinyin.
    pub(super) fn word_query(
        &self,
        c: &Collection,
        w: &QueryWord,
        any_word: bool,
    ) -> Box<dyn Query> {
        let f = &c.fields;
        let mut fields = vec![(f.title, TITLE), (f.description, DESCRIPTION)];
        if c.name == super::IndexName::Jobs {
            fields.push((f.skill_words, SKILL_WORDS));
        }
        // Matching (any word) compares what is asked and offered, not where: place names would
        // let a 村 in a description match every village.
        if !any_word {
            fields.push((f.places, PLACES));
        }
        if w.is_latin() {
            fields.extend([(f.pinyin, PINYIN), (f.initials, INITIALS)]);
        }
        let typos = self.typos_allowed(c, &w.text);
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for &(field, weight) in &fields {
            let term = Term::from_field_text(field, &w.text);
            let exact = Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
            alternatives.push(constant(exact, WORD + NO_TYPO + weight + EXACT));
            if w.prefix {
                let prefix = Box::new(FuzzyTermQuery::new_prefix(term.clone(), 0, true));
                alternatives.push(constant(prefix, WORD + NO_TYPO + weight));
            }
            for n in 1..=typos {
                let q: Box<dyn Query> = if w.prefix {
                    Box::new(FuzzyTermQuery::new_prefix(term.clone(), n, true))
                } else {
                    Box::new(FuzzyTermQuery::new(term.clone(), n, true))
                };
                alternatives.push(constant(q, WORD + NO_TYPO - TYPO * f32::from(n) + weight));
            }
        }
        let synonyms = self.inner.settings.synonyms.get(&w.text);
        // The word itself when jieba cut it into parts, then each synonym: all its words somewhere
        // in the title or the description.
        let spelled: Vec<Vec<String>> = std::iter::once(w.parts.clone())
            .chain(synonyms.into_iter().flatten().map(|synonym| {
                cut(&fold(synonym), false)
                    .into_iter()
                    .map(|p| p.text)
                    .filter(|p| !self.inner.stop_words.contains(p))
                    .collect()
            }))
            .collect();
        for parts in spelled {
            if parts.is_empty() {
                continue;
            }
            let all: Vec<(Occur, Box<dyn Query>)> = parts
                .iter()
                .map(|p| {
                    // Synonyms and a word's parts are matched in the main text (title,
                    // description, a job's skill words), not in place names or pinyin.
                    let any: Vec<(Occur, Box<dyn Query>)> = fields
                        .iter()
                        .filter(|(_, weight)| *weight >= DESCRIPTION)
                        .map(|&(field, _)| {
                            let q: Box<dyn Query> = Box::new(TermQuery::new(
                                Term::from_field_text(field, p),
                                IndexRecordOption::Basic,
                            ));
                            (Occur::Should, q)
                        })
                        .collect();
                    let q: Box<dyn Query> = Box::new(BooleanQuery::new(any));
                    (Occur::Must, q)
                })
                .collect();
            alternatives.push(constant(
                Box::new(BooleanQuery::new(all)),
                WORD + NO_TYPO + SYNONYM,
            ));
        }
        Box::new(DisjunctionMaxQuery::new(alternatives))
    }

    /// Ranks documents with the same score by BM25 of the word in the title (short titles first).
    pub(super) fn tie_break(c: &Collection, w: &QueryWord) -> Box<dyn Query> {
        let q = TermQuery::new(
            Term::from_field_text(c.fields.title, &w.text),
            IndexRecordOption::WithFreqs,
        );
        Box::new(BoostQuery::new(Box::new(q), TIE_BREAK))
    }

    /// Needs and products: they lie in the region. Offers: the service area lies in the region, or covers
    /// it (the area is the region, one of its ancestors, or the whole country).
    fn region_query(c: &Collection, region: &str, level: usize) -> Box<dyn Query> {
        let inside = any_of(c.fields.levels[level], &[region.to_owned()]);
        match c.name {
            super::IndexName::Needs | super::IndexName::Products | super::IndexName::Jobs => inside,
            super::IndexName::Offers => {
                let mut covering = super::super::query::ancestry_of(region);
                covering.push(WHOLE_COUNTRY.to_owned());
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, inside),
                    (Occur::Should, any_of(c.fields.area, &covering)),
                ]))
            }
        }
    }

    /// The filters of a query, as clauses that every hit must match and that do not score.
    pub(super) fn filters(c: &Collection, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &c.fields;
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if !q.categories.is_empty() {
            filters.push(any_of(f.category, &q.categories));
        }
        if !q.urgencies.is_empty() {
            filters.push(any_of(f.urgency, &q.urgencies));
        }
        if !q.statuses.is_empty() {
            filters.push(any_of(f.status, &q.statuses));
        }
        if let Some(v) = q.verified {
            let value = if v { "true" } else { "false" };
            filters.push(any_of(f.verified, &[value.to_owned()]));
        }
        if let Some(region) = &q.region {
            if let Some(level) = level_of(region) {
                filters.push(Self::region_query(c, region, level));
            }
        }
        if !q.skills.is_empty() {
            filters.push(any_of(f.skills, &q.skills));
        }
        if let Some(h) = q.housing {
            let value = if h { "true" } else { "false" };
            filters.push(any_of(f.housing, &[value.to_owned()]));
        }
        if !q.pay_periods.is_empty() {
            filters.push(any_of(f.pay_period, &q.pay_periods));
        }
        if let Some(min) = q.pay_min_fen {
            let lower = Term::from_field_u64(f.pay_max, min);
            filters.push(Box::new(RangeQuery::new(
                Bound::Included(lower),
                Bound::Unbounded,
            )));
        }
        if let Some(r) = q.has_remaining {
            let t = Term::from_field_u64(f.has_remaining, u64::from(r));
            filters.push(Box::new(TermQuery::new(t, IndexRecordOption::Basic)));
        }
        if let Some(after) = q.valid_after {
            let lower = Term::from_field_i64(f.deadline, after);
            filters.push(Box::new(RangeQuery::new(
                Bound::Excluded(lower),
                Bound::Unbounded,
            )));
        }
        filters
            .into_iter()
            .map(|q| (Occur::Must, constant(q, 0.0)))
            .collect()
    }
}
