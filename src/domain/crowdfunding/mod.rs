//! Crowdfunding (扶贫众筹): a village's project, proposed by its officials, hosted by a verified
//! social organization that receives the money, approved by a second official of the county. Money
//! never passes through Bangfu: the ledger records what was pledged, received, spent and refunded.
//! The lists and limits every part of crowdfunding shares live here; [`project`] is the state
//! table, [`fields`] the proposal's fields, [`money`] the rules on the ledger's totals.

pub mod fields;
pub mod money;
pub mod project;

use super::string_enum::string_enum;

string_enum!(ProjectStatus {
    PendingReview => "pending_review",
    Open => "open",
    Rejected => "rejected",
    Completed => "completed",
    Failed => "failed",
    Cancelled => "cancelled",
});

impl ProjectStatus {
    /// Statuses that end a project: no pledge, receipt or spending any more (refunds still, for
    /// failed and cancelled projects, until every received fen is spent or refunded).
    pub const CLOSED: [ProjectStatus; 4] = [
        Self::Rejected,
        Self::Completed,
        Self::Failed,
        Self::Cancelled,
    ];

    /// Statuses that accept refunds.
    pub const REFUNDING: [ProjectStatus; 2] = [Self::Failed, Self::Cancelled];
}

// A pledge to a project: `pledged` until the host records money against it (`received`); a pledge
// with nothing received lapses after [`PLEDGE_LAPSE_DAYS`] or when its project closes.
string_enum!(ProjectPledgeStatus {
    Pledged => "pledged",
    Received => "received",
    Lapsed => "lapsed",
});

// How `POST /projects/{id}/close` ends a project.
string_enum!(CloseOutcome {
    Completed => "completed",
    Failed => "failed",
    Cancelled => "cancelled",
});

// A spending's receipt image: `pending` until an official of the project's county (not its
// proposer) publishes it or withholds it with a reason (it may show a payee's phone or account);
// the host may replace a withheld image, which is pending again.
string_enum!(ReceiptStatus {
    Pending => "pending",
    Published => "published",
    Withheld => "withheld",
});

// What the reviewing official does with a pending receipt image.
string_enum!(ReceiptDecision {
    Publish => "publish",
    Withhold => "withhold",
});

/// Whether a cancellation waits for a second person (an official of the county): once money was
/// received, neither the host nor one official alone ends a project that holds supporters' money.
pub fn cancel_needs_second_official(received_fen: i64) -> bool {
    received_fen > 0
}

// The orders of `GET /projects/search`.
string_enum!(ProjectSort {
    Newest => "newest",
    Deadline => "deadline",
    Progress => "progress",
});

/// Title: 2–60 characters.
pub const TITLE_CHARS: (usize, usize) = (2, 60);
/// Description: up to 4,000 characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (0, 4000);
/// A project's target in fen: 1 yuan to 100 million yuan.
pub const TARGET_FEN: std::ops::RangeInclusive<i64> = 100..=10_000_000_000;
/// Budget lines: 1 to 30.
pub const MAX_BUDGET_LINES: usize = 30;
/// A budget line's item: 1–100 characters.
pub const ITEM_CHARS: (usize, usize) = (1, 100);
/// A project runs at most a year.
pub const MAX_DEADLINE_DAYS: i64 = 365;
/// Every amount on the ledger (a pledge, a receipt, a spending, a refund), in fen.
pub const AMOUNT_FEN: std::ops::RangeInclusive<i64> = 1..=10_000_000_000;
/// A pledge's message, shown on the public ledger: up to 200 characters.
pub const MESSAGE_CHARS: (usize, usize) = (0, 200);
/// A rejection or cancellation reason: 1–500 characters.
pub const REASON_CHARS: (usize, usize) = (1, 500);
/// The host's final report on completion: 1–4,000 characters.
pub const REPORT_CHARS: (usize, usize) = (1, 4000);
/// What a spending was for: 1–200 characters.
pub const SPENDING_DESCRIPTION_CHARS: (usize, usize) = (1, 200);
/// The most receipt images an official's review queue lists at once.
pub const RECEIPT_QUEUE_LIMIT: i64 = 200;
/// A pledge with nothing received this many days after it was made lapses.
pub const PLEDGE_LAPSE_DAYS: i64 = 14;
/// What one supporter other than a verified organization may hold pledged but not yet received on
/// one project: the larger of ¥5,000 and a tenth of the target. Pledges cost nothing until the money
/// arrives, so without a limit one account could take the whole target and block the project for
/// the 14 days before its pledges lapse; verified organizations answer for what they pledge.
pub fn unpaid_limit_fen(target_fen: i64) -> i64 {
    (target_fen / 10).max(500_000)
}

/// How an anonymous or individual supporter without a name is shown.
pub const ANONYMOUS_LABEL: &str = "爱心人士";

/// The public label of a supporter: an organization's name is public; an individual is masked
/// (张**), and an anonymous pledge is 爱心人士.
pub fn supporter_label(organization: Option<&str>, display_name: &str, anonymous: bool) -> String {
    match organization {
        _ if anonymous => ANONYMOUS_LABEL.to_owned(),
        Some(org) => org.to_owned(),
        None if display_name.trim().is_empty() => ANONYMOUS_LABEL.to_owned(),
        None => super::text::mask_name(display_name.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn individuals_are_masked_and_organizations_named() {
        assert_eq!(supporter_label(None, "张三丰", false), "张**");
        assert_eq!(supporter_label(None, "  ", false), "爱心人士");
        assert_eq!(supporter_label(None, "张三丰", true), "爱心人士");
        assert_eq!(
            supporter_label(Some("卢氏爱心会"), "王五", false),
            "卢氏爱心会"
        );
        assert_eq!(
            supporter_label(Some("卢氏爱心会"), "王五", true),
            "爱心人士"
        );
    }
}
