//! Need operations: post, read, edit, withdraw, review, and the lists.

pub mod create;
pub mod get;
pub mod list;
pub mod matches;
pub mod mine;
pub mod review;
pub mod review_queue;
pub mod search;
pub mod update;
pub mod views;
pub mod withdraw;

// The need rules live in the need service; handlers and other reads reach them here too.
pub use crate::service::needs::{access_to, load_visible, require_manage, village_of};
