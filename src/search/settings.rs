//! The files in `search/`, compiled in and parsed once, so every engine reads the same settings.

use serde::Deserialize;
use std::collections::HashMap;

const NEEDS: &str = include_str!("../../search/needs.json");
const OFFERS: &str = include_str!("../../search/offers.json");
const PRODUCTS: &str = include_str!("../../search/products.json");
const JOBS: &str = include_str!("../../search/jobs.json");
const SYNONYMS: &str = include_str!("../../search/synonyms.json");
const STOP_WORDS: &str = include_str!("../../search/stop_words.txt");

#[derive(Debug, Clone, Deserialize)]
pub struct TypoTolerance {
    pub min_word_size_for_one_typo: usize,
    pub min_word_size_for_two_typos: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct IndexSettings {
    pub primary_key: String,
    pub searchable_attributes: Vec<String>,
    pub filterable_attributes: Vec<String>,
    pub sortable_attributes: Vec<String>,
    pub ranking_rules: Vec<String>,
    pub typo_tolerance: TypoTolerance,
    pub sorts: HashMap<String, Vec<String>>,
}

#[derive(Debug, Deserialize)]
struct SynonymFile {
    groups: Vec<Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct SearchSettings {
    pub needs: IndexSettings,
    pub offers: IndexSettings,
    pub products: IndexSettings,
    pub jobs: IndexSettings,
    /// Each word and the other words of its group.
    pub synonyms: HashMap<String, Vec<String>>,
    pub stop_words: Vec<String>,
}

impl SearchSettings {
    /// The settings of one index.
    pub fn of(&self, name: super::query::IndexName) -> &IndexSettings {
        match name {
            super::query::IndexName::Needs => &self.needs,
            super::query::IndexName::Offers => &self.offers,
            super::query::IndexName::Products => &self.products,
            super::query::IndexName::Jobs => &self.jobs,
        }
    }

    /// The stop words as a set, for looking words up.
    pub fn stop_word_set(&self) -> std::collections::HashSet<String> {
        self.stop_words.iter().cloned().collect()
    }

    pub fn bundled() -> Result<Self, String> {
        let needs: IndexSettings =
            serde_json::from_str(NEEDS).map_err(|e| format!("search/needs.json: {e}"))?;
        let offers: IndexSettings =
            serde_json::from_str(OFFERS).map_err(|e| format!("search/offers.json: {e}"))?;
        let products: IndexSettings =
            serde_json::from_str(PRODUCTS).map_err(|e| format!("search/products.json: {e}"))?;
        let jobs: IndexSettings =
            serde_json::from_str(JOBS).map_err(|e| format!("search/jobs.json: {e}"))?;
        let file: SynonymFile =
            serde_json::from_str(SYNONYMS).map_err(|e| format!("search/synonyms.json: {e}"))?;
        let mut synonyms: HashMap<String, Vec<String>> = HashMap::new();
        for group in &file.groups {
            for word in group {
                let others = group.iter().filter(|w| *w != word).cloned();
                synonyms
                    .entry(word.to_lowercase())
                    .or_default()
                    .extend(others);
            }
        }
        let stop_words = STOP_WORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        Ok(Self {
            needs,
            offers,
            products,
            jobs,
            synonyms,
            stop_words,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_files_parse_and_agree() {
        let s = SearchSettings::bundled().unwrap();
        assert_eq!(s.needs.primary_key, "id");
        let groups = s.synonyms.values().count();
        assert!(groups >= 100, "words with synonyms: {groups}");
        assert!(s.synonyms["轮椅"].contains(&"助行器".to_owned()));
        assert!(s.synonyms["学杂费"].contains(&"学费".to_owned()));
        assert!(s.synonyms["肥料"].contains(&"化肥".to_owned()));
        assert!(s.stop_words.contains(&"的".to_owned()));
        assert!(s.synonyms["冬菇"].contains(&"香菇".to_owned()));
        assert!(s.synonyms["核桃"].contains(&"山核桃".to_owned()));
        for name in crate::search::query::IndexName::ALL {
            let index = s.of(name);
            for (sort, rules) in &index.sorts {
                assert!(
                    crate::search::query::Sort::parse(name, sort).is_some(),
                    "{sort} is not a sort of {name:?}"
                );
                for r in rules {
                    let field = r.split(':').next().unwrap_or_default();
                    assert!(
                        index.sortable_attributes.iter().any(|a| a == field),
                        "{sort}: {field} is not sortable"
                    );
                }
            }
        }
        for index in [&s.needs, &s.offers, &s.products, &s.jobs] {
            let attrs = &index.searchable_attributes;
            assert_eq!(attrs.first().map(String::as_str), Some("search_title"));
            assert_eq!(
                attrs[attrs.len() - 2..],
                ["title_pinyin", "title_initials"],
                "pinyin ranks below every Chinese text (the embedded engine weighs them alike)"
            );
        }
        let raw: serde_json::Value = serde_json::from_str(SYNONYMS).unwrap();
        assert!(
            raw["groups"].as_array().unwrap().len() >= 50,
            "at least fifty synonym groups"
        );
    }
}
