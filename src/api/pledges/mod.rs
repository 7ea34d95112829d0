//! Pledge operations over HTTP. Each change is one call to [`crate::service::pledges`], which owns
//! the state table, the transaction, the audit trail and the notifications.

pub mod approve;
pub mod cancel;
pub mod confirm;
pub mod create;
pub mod deliver;
pub mod events;
pub mod for_need;
pub mod get;
pub mod in_scope;
pub mod mine;
pub mod reject;
pub mod review_queue;
pub mod views;

// The lifecycle's rules live in the pledge service; reads here use its visibility rule.
pub use crate::service::pledges::load_visible;
