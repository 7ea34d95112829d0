//! Search: the settings shared by every engine (`search/` at the top of the repository), the
//! documents they index (built from public views only) and the engines.

pub mod document;
pub mod embedded;
pub mod query;
pub mod settings;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search engine: {0}")]
    Engine(String),
}
