//! The states of a job in the outbox: queued (waiting or retrying), done, or failed for good.

use super::string_enum::string_enum;

string_enum!(JobState {
    Queued => "queued",
    Done => "done",
    Failed => "failed",
});
