//! The outbox for admins: failed jobs (a mail refused for good, say) and a retry action.

pub mod list;
pub mod retry;
