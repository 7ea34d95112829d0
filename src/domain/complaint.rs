//! Complaints (投诉): open until an official answers, then resolved.

use super::string_enum::string_enum;

string_enum!(ComplaintStatus {
    Open => "open",
    Resolved => "resolved",
});
