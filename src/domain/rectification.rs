//! Rectifications (整改) opened by a check's problem: the township answers, the checker accepts or
//! reopens (with a new deadline).

use super::string_enum::string_enum;

string_enum!(RectificationStatus {
    Open => "open",
    Answered => "answered",
    Accepted => "accepted",
});
