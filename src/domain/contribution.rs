//! A supporter's contribution: what it pledged to needs and what it bought from households.

use super::string_enum::string_enum;

string_enum!(
    /// One line of a supporter's contribution report.
    ContributionKind {
        Pledge => "pledge",
        Purchase => "purchase",
    }
);
