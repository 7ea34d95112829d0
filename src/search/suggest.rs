//! When a search finds nothing, what would: the query with words dropped, or with a word replaced by
//! one of its synonyms (`search/synonyms.json`). Every suggestion is run through the engine with the
//! same filters before it is offered, so each one finds something and says how much.
//!
//! The query is cut as the engines cut it (jieba in default mode, lower-cased, stop words removed),
//! and only the [`SearchEngine`] trait is used, so both engines suggest alike.

use super::query::{IndexName, SearchQuery};
use super::settings::SearchSettings;
use super::{SearchEngine, SearchError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use tantivy::tokenizer::{LowerCaser, StopWordFilter, TextAnalyzer};
use utoipa::ToSchema;

/// At most this many suggestions are offered.
pub const MAX_SUGGESTIONS: usize = 3;
/// At most this many candidates are tried against the engine for one empty answer.
const MAX_TRIES: usize = 16;
/// Queries of more words are not taken apart word by word (the tries would be too many).
const MAX_WORDS: usize = 8;
/// Synonyms tried per word.
const SYNONYMS_PER_WORD: usize = 3;

/// How a suggestion differs from the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// Some words of the query were left out.
    FewerWords,
    /// A word (or run of words) was replaced by a synonym.
    Synonym,
    /// A word (or run of words) was replaced by a known word that sounds the same: one wrong
    /// character typed by pinyin (护里床 → 护理床).
    SoundsLike,
}

/// A query that finds something, with the same filters, where the query asked found nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Suggestion {
    /// The query to run instead.
    pub q: String,
    /// How many hits it finds with the same filters.
    pub hits: u64,
    pub kind: SuggestionKind,
}

/// A word of the query and where it stands in the text (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    from: usize,
    to: usize,
}

struct Cutter {
    analyzer: Mutex<TextAnalyzer>,
    synonyms: HashMap<String, Vec<String>>,
    /// The Chinese words of the synonym groups by their toneless pinyin (the first word wins).
    sounds: HashMap<String, String>,
}

fn cutter() -> Option<&'static Cutter> {
    static CUTTER: OnceLock<Option<Cutter>> = OnceLock::new();
    CUTTER
        .get_or_init(|| {
            let settings = SearchSettings::bundled().ok()?;
            let mut jieba = tantivy_jieba::JiebaTokenizer::new();
            jieba.set_search_mode(false);
            let analyzer = TextAnalyzer::builder(jieba)
                .filter(LowerCaser)
                .filter(StopWordFilter::remove(settings.stop_words.clone()))
                .build();
            let mut sounds = HashMap::new();
            for word in settings.synonyms.keys() {
                if let Some(p) = super::text::plain_pinyin(word) {
                    sounds.entry(p).or_insert_with(|| word.clone());
                }
            }
            Some(Cutter {
                analyzer: Mutex::new(analyzer),
                synonyms: settings.synonyms,
                sounds,
            })
        })
        .as_ref()
}

impl Cutter {
    fn words(&self, text: &str) -> Vec<Word> {
        let mut analyzer = self.analyzer.lock().unwrap_or_else(|p| p.into_inner());
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            let word = t.text.trim();
            if !word.is_empty() && word.chars().any(char::is_alphanumeric) {
                out.push(Word {
                    text: word.to_owned(),
                    from: t.offset_from,
                    to: t.offset_to,
                });
            }
        }
        out
    }

    /// Runs of one to three words that have synonyms (looked up as written together, or with a
    /// space between, as `winter clothes`): (first word, past the last word, synonym).
    fn synonym_runs(&self, words: &[Word]) -> Vec<(usize, usize, String)> {
        let n = words.len();
        let mut out = Vec::new();
        for start in 0..n {
            for end in (start + 1..=n.min(start + 3)).rev() {
                let run: Vec<&str> = words[start..end].iter().map(|w| w.text.as_str()).collect();
                let found = [run.concat(), run.join(" ")]
                    .into_iter()
                    .find_map(|key| self.synonyms.get(&key));
                if let Some(synonyms) = found {
                    out.extend(
                        synonyms
                            .iter()
                            .take(SYNONYMS_PER_WORD)
                            .map(|s| (start, end, s.clone())),
                    );
                }
            }
        }
        out
    }
}

impl Cutter {
    /// Runs of one to three words that sound like a known word they are not: (first word, past
    /// the last word, the known word).
    fn sounds_like_runs(&self, words: &[Word]) -> Vec<(usize, usize, String)> {
        let n = words.len();
        let mut out = Vec::new();
        for start in 0..n {
            for end in (start + 1..=n.min(start + 3)).rev() {
                let run: String = words[start..end].iter().map(|w| w.text.as_str()).collect();
                let known = super::text::plain_pinyin(&run).and_then(|p| self.sounds.get(&p));
                if let Some(word) = known.filter(|w| **w != run) {
                    out.push((start, end, word.clone()));
                }
            }
        }
        out
    }
}

fn normalized(q: &str) -> String {
    q.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The text of the words kept (each as written, or replaced), in order. Words next to each other in
/// the query stay together; a space stands where something was left out or in between.
fn rebuild(text: &str, words: &[Word], pieces: &[(usize, Option<&str>)]) -> String {
    let mut out = String::new();
    let mut last_end: Option<usize> = None;
    for &(i, replacement) in pieces {
        let w = &words[i];
        if let Some(end) = last_end {
            if end != w.from || replacement.is_some() {
                out.push(' ');
            }
        }
        match replacement {
            Some(r) => out.push_str(r),
            None => out.push_str(text.get(w.from..w.to).unwrap_or(&w.text)),
        }
        // A replacement stands apart from what follows, too.
        last_end = Some(if replacement.is_some() {
            usize::MAX
        } else {
            w.to
        });
    }
    out.trim().to_owned()
}

/// What to suggest when `query` (already run) found nothing: up to [`MAX_SUGGESTIONS`] other
/// queries that find something with the same filters, each with its number of hits.
///
/// Each word is first tried alone (with the filters): the words that find nothing are dropped.
/// Then, in this order: the words that find something, together; a synonym in place of a word (or
/// run of words) that finds nothing; each word that finds something, alone (fewest hits first:
/// the rarer word says more about what was meant).
pub async fn suggest(
    engine: &dyn SearchEngine,
    index: IndexName,
    query: &SearchQuery,
) -> Result<Vec<Suggestion>, SearchError> {
    let Some(cutter) = cutter() else {
        return Ok(vec![]);
    };
    let text = &query.text;
    let words = cutter.words(text);
    if words.is_empty() || words.len() > MAX_WORDS {
        return Ok(vec![]);
    }
    let mut trial = Trial {
        engine,
        index,
        query,
        tries: 0,
        asked: normalized(text),
        seen: HashSet::new(),
        found: Vec::new(),
    };
    let n = words.len();
    // A single word is the query itself: it found nothing.
    let mut alone = vec![0; n];
    if n > 1 {
        for (i, hits) in alone.iter_mut().enumerate() {
            *hits = trial.count(&rebuild(text, &words, &[(i, None)])).await?;
        }
    }
    let live: Vec<usize> = (0..n).filter(|&i| alone[i] > 0).collect();
    if live.len() > 1 && live.len() < n {
        let q = rebuild(
            text,
            &words,
            &live.iter().map(|&i| (i, None)).collect::<Vec<_>>(),
        );
        trial.offer(q, SuggestionKind::FewerWords).await?;
    }
    for (start, end, synonym) in cutter.synonym_runs(&words) {
        if (start..end).any(|i| alone[i] > 0) {
            continue;
        }
        let mut pieces: Vec<(usize, Option<&str>)> = live
            .iter()
            .filter(|&&i| i < start)
            .map(|&i| (i, None))
            .collect();
        pieces.push((start, Some(synonym.as_str())));
        pieces.extend(live.iter().filter(|&&i| i >= end).map(|&i| (i, None)));
        let with_others = rebuild(text, &words, &pieces);
        if !trial.offer(with_others, SuggestionKind::Synonym).await? && !live.is_empty() {
            trial
                .offer(synonym.clone(), SuggestionKind::Synonym)
                .await?;
        }
    }
    for (start, end, word) in cutter.sounds_like_runs(&words) {
        if (start..end).any(|i| alone[i] > 0) {
            continue;
        }
        let mut pieces: Vec<(usize, Option<&str>)> = live
            .iter()
            .filter(|&&i| i < start)
            .map(|&i| (i, None))
            .collect();
        pieces.push((start, Some(word.as_str())));
        pieces.extend(live.iter().filter(|&&i| i >= end).map(|&i| (i, None)));
        let with_others = rebuild(text, &words, &pieces);
        if !trial.offer(with_others, SuggestionKind::SoundsLike).await? && !live.is_empty() {
            trial.offer(word, SuggestionKind::SoundsLike).await?;
        }
    }
    let mut singles = live.clone();
    // The rarer word says more about what was meant (书包 rather than 孩子).
    singles.sort_by_key(|&i| alone[i]);
    for i in singles {
        let q = rebuild(text, &words, &[(i, None)]);
        trial.known(q, alone[i], SuggestionKind::FewerWords);
    }
    Ok(trial.found)
}

/// The candidates tried for one empty answer, and the suggestions found.
struct Trial<'a> {
    engine: &'a dyn SearchEngine,
    index: IndexName,
    query: &'a SearchQuery,
    tries: usize,
    asked: String,
    seen: HashSet<String>,
    found: Vec<Suggestion>,
}

impl Trial<'_> {
    /// Hits of `q` with the query's filters (0 once the tries are spent).
    async fn count(&mut self, q: &str) -> Result<u64, SearchError> {
        if self.tries >= MAX_TRIES {
            return Ok(0);
        }
        self.tries += 1;
        let trial = SearchQuery {
            text: q.to_owned(),
            offset: 0,
            limit: 1,
            ..self.query.clone()
        };
        Ok(self.engine.search(self.index, trial).await?.total)
    }

    fn full(&self) -> bool {
        self.found.len() >= MAX_SUGGESTIONS
    }

    fn fresh(&mut self, q: &str) -> bool {
        let key = normalized(q);
        !key.is_empty() && key != self.asked && self.seen.insert(key)
    }

    /// Tries `q` and keeps it when it finds something; whether it did.
    async fn offer(&mut self, q: String, kind: SuggestionKind) -> Result<bool, SearchError> {
        if self.full() || !self.fresh(&q) {
            return Ok(false);
        }
        let hits = self.count(&q).await?;
        if hits > 0 {
            self.found.push(Suggestion { q, hits, kind });
        }
        Ok(hits > 0)
    }

    /// Keeps `q`, already counted.
    fn known(&mut self, q: String, hits: u64, kind: SuggestionKind) {
        if hits > 0 && !self.full() && self.fresh(&q) {
            self.found.push(Suggestion { q, hits, kind });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        cutter()
            .unwrap()
            .words(text)
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    fn keep(text: &str, pieces: &[(usize, Option<&str>)]) -> String {
        rebuild(text, &cutter().unwrap().words(text), pieces)
    }

    #[test]
    fn the_query_is_cut_like_the_engines_cut_it() {
        assert_eq!(words("轮椅 篮球"), ["轮椅", "篮球"]);
        assert_eq!(words("Wheelchair"), ["wheelchair"]);
        assert!(words("  ，。 ").is_empty());
    }

    #[test]
    fn kept_words_keep_their_spelling_and_neighbours() {
        assert_eq!(keep("轮椅 篮球", &[(0, None)]), "轮椅");
        assert_eq!(keep("轮椅 篮球", &[(1, None)]), "篮球");
        let n = words("电动轮椅 篮球").len();
        let all_but_last: Vec<_> = (0..n - 1).map(|i| (i, None)).collect();
        assert_eq!(keep("电动轮椅 篮球", &all_but_last), "电动轮椅");
        assert_eq!(keep("Hearing AID", &[(0, None)]), "Hearing");
        assert_eq!(keep("篮球 代步车", &[(1, Some("轮椅"))]), "轮椅");
    }

    #[test]
    fn synonyms_are_found_for_words_and_runs_of_words() {
        let c = cutter().unwrap();
        let runs = c.synonym_runs(&c.words("篮球 代步车"));
        assert!(
            runs.iter()
                .any(|(s, e, w)| (*s, *e, w.as_str()) == (1, 2, "轮椅")),
            "{runs:?}"
        );
        let runs = c.synonym_runs(&c.words("winter clothes"));
        assert!(
            runs.iter()
                .any(|(s, e, w)| (*s, *e, w.as_str()) == (0, 2, "棉衣")),
            "{runs:?}"
        );
        assert!(c.synonym_runs(&c.words("篮球")).is_empty());
    }
}
