//! Evidence for needs (证明材料): images the household or its officials attach for reviewers. Only
//! they see it; for everyone else it does not exist (404). Never public, never in the search index.

pub mod create;
pub mod delete;
pub mod image;
pub mod list;
pub mod views;
