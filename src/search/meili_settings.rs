//! Bangfu's search settings (`search/`) as Meilisearch index settings.

use super::settings::{IndexSettings, SearchSettings};
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use std::collections::HashMap;

pub(super) fn meili_settings(index: &IndexSettings, settings: &SearchSettings) -> Settings {
    let synonyms: HashMap<String, Vec<String>> = settings.synonyms.clone();
    Settings::new()
        .with_searchable_attributes(index.searchable_attributes.clone())
        .with_filterable_attributes(index.filterable_attributes.clone())
        .with_sortable_attributes(index.sortable_attributes.clone())
        .with_ranking_rules(index.ranking_rules.clone())
        .with_synonyms(synonyms)
        .with_stop_words(settings.stop_words.clone())
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: None,
            disable_on_words: None,
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(index.typo_tolerance.min_word_size_for_one_typo as u8),
                two_typos: Some(index.typo_tolerance.min_word_size_for_two_typos as u8),
            }),
            disable_on_numbers: None,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: 1000,
            sort_facet_values_by: None,
        })
        .with_pagination(PaginationSetting {
            max_total_hits: 10_000,
        })
}
