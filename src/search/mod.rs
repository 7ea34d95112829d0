//! Search: the settings shared by every engine (`search/` at the top of the repository) and the
//! documents they index. The engines themselves (Meilisearch, and tantivy with jieba embedded) arrive
//! with the search feature; see ARCHITECTURE.md.

pub mod document;
pub mod settings;
