//! Rules on a project's ledger totals. The store enforces each with a conditional update (the
//! `WHERE` repeats the rule), so racing requests never break it; these functions say why a request
//! is refused before it gets there, and decide closing.

use super::CloseOutcome;
use chrono::{DateTime, Utc};

/// A project's totals, in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub target: i64,
    pub pledged: i64,
    pub received: i64,
    pub spent: i64,
    pub refunded: i64,
}

impl Totals {
    /// Received money not yet spent or refunded: what the host still holds.
    pub fn balance(&self) -> i64 {
        self.received - self.spent - self.refunded
    }

    /// Whether every received fen is accounted for (spent or refunded).
    pub fn settled(&self) -> bool {
        self.balance() == 0
    }

    /// Room for new pledges: pledges never add up to more than the target.
    pub fn pledge_room(&self) -> i64 {
        (self.target - self.pledged).max(0)
    }
}

/// Why a project may not close this way now (409 `close_not_allowed`), or `None`.
///
/// - `completed`: the whole target was received and all of it spent against the budget (the
///   host's report closes a ledger with nothing left unaccounted).
/// - `failed`: the deadline passed and the target was not received.
/// - `cancelled`: any time (a reason is required); what was received and not spent is refunded.
pub fn close_refusal(
    outcome: CloseOutcome,
    t: &Totals,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<&'static str> {
    match outcome {
        CloseOutcome::Completed if t.received < t.target => {
            Some("the target has not been received yet")
        }
        CloseOutcome::Completed if t.spent < t.received => {
            Some("record the spending of every received fen before completing")
        }
        CloseOutcome::Failed if now < deadline => {
            Some("a project fails only once its deadline has passed (cancel it instead)")
        }
        CloseOutcome::Failed if t.received >= t.target => {
            Some("the target was received: complete the project")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn totals(received: i64, spent: i64) -> Totals {
        Totals {
            target: 1000,
            pledged: 1000,
            received,
            spent,
            refunded: 0,
        }
    }

    #[test]
    fn completion_needs_the_target_received_and_spent() {
        let now = Utc::now();
        let later = now + Duration::days(3);
        let c = CloseOutcome::Completed;
        assert!(close_refusal(c, &totals(900, 900), later, now).is_some());
        assert!(close_refusal(c, &totals(1000, 999), later, now).is_some());
        assert!(close_refusal(c, &totals(1000, 1000), later, now).is_none());
    }

    #[test]
    fn failure_needs_the_deadline_passed_short_of_the_target() {
        let now = Utc::now();
        let f = CloseOutcome::Failed;
        assert!(close_refusal(f, &totals(10, 0), now + Duration::days(1), now).is_some());
        assert!(close_refusal(f, &totals(10, 0), now - Duration::days(1), now).is_none());
        assert!(close_refusal(f, &totals(1000, 0), now - Duration::days(1), now).is_some());
        assert!(close_refusal(CloseOutcome::Cancelled, &totals(1000, 5), now, now).is_none());
    }

    #[test]
    fn balance_and_room() {
        let t = Totals {
            target: 1000,
            pledged: 700,
            received: 500,
            spent: 200,
            refunded: 100,
        };
        assert_eq!(
            (t.balance(), t.pledge_room(), t.settled()),
            (200, 300, false)
        );
    }
}
