//! The pledge lifecycle as one table. Every handler that changes a pledge asks [`next`]; anything
//! the table does not allow is `invalid_transition` and changes nothing.

use super::state_table;
pub use super::state_table::TransitionError;
use super::string_enum::string_enum;

string_enum!(PledgeStatus {
    PendingApproval => "pending_approval",
    Approved => "approved",
    Delivered => "delivered",
    Confirmed => "confirmed",
    Rejected => "rejected",
    Cancelled => "cancelled",
    Expired => "expired",
});

impl PledgeStatus {
    /// Active pledges count against the need's quantity.
    pub const ACTIVE: [PledgeStatus; 4] = [
        Self::PendingApproval,
        Self::Approved,
        Self::Delivered,
        Self::Confirmed,
    ];

    /// Pledges whose goods have been handed over (recorded or confirmed).
    pub const DELIVERED: [PledgeStatus; 2] = [Self::Delivered, Self::Confirmed];

    /// Pledges that wait for a step that has a deadline: the household's approval or the delivery.
    pub const EXPIRABLE: [PledgeStatus; 2] = [Self::PendingApproval, Self::Approved];

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PledgeAction {
    Approve,
    Reject,
    Deliver,
    Confirm,
    Cancel,
    Expire,
}

impl PledgeAction {
    pub fn past_tense(self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Reject => "rejected",
            Self::Deliver => "delivered",
            Self::Confirm => "confirmed",
            Self::Cancel => "cancelled",
            Self::Expire => "expired",
        }
    }
}

/// Who acts, relative to the pledge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The supporter who made the pledge.
    Supporter,
    /// The household the need belongs to.
    Household,
    /// An official whose jurisdiction covers the need's village.
    Official,
    /// A job (expiry).
    System,
}

/// (from, action, to, who may do it)
const TABLE: &[(PledgeStatus, PledgeAction, PledgeStatus, &[Party])] = {
    use Party::*;
    use PledgeAction::*;
    use PledgeStatus::*;
    &[
        (PendingApproval, Approve, Approved, &[Official]),
        (PendingApproval, Reject, Rejected, &[Official]),
        (Approved, Deliver, Delivered, &[Supporter]),
        (Delivered, Confirm, Confirmed, &[Household, Official]),
        (PendingApproval, Cancel, Cancelled, &[Supporter]),
        (Approved, Cancel, Cancelled, &[Supporter]),
        (PendingApproval, Expire, Expired, &[System]),
        (Approved, Expire, Expired, &[System]),
    ]
};

/// The parties that may ever perform `action`.
pub fn parties(action: PledgeAction) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    for (_, a, _, who) in TABLE {
        if *a == action {
            for p in *who {
                if !out.contains(p) {
                    out.push(*p);
                }
            }
        }
    }
    out
}

/// The state after `action` by `party` from `from`.
pub fn next(
    from: PledgeStatus,
    action: PledgeAction,
    party: Party,
) -> Result<PledgeStatus, TransitionError> {
    state_table::next(TABLE, from, action, party)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Party::*;
    use PledgeAction::*;
    use PledgeStatus::*;

    #[test]
    fn the_happy_path() {
        assert_eq!(next(PendingApproval, Approve, Official), Ok(Approved));
        assert_eq!(next(Approved, Deliver, Supporter), Ok(Delivered));
        assert_eq!(next(Delivered, Confirm, Household), Ok(Confirmed));
        assert_eq!(next(Delivered, Confirm, Official), Ok(Confirmed));
    }

    #[test]
    fn every_pair_not_in_the_table_is_refused() {
        let all_actions = [Approve, Reject, Deliver, Confirm, Cancel, Expire];
        let all_parties = [Supporter, Household, Official, System];
        let mut allowed = 0;
        for from in PledgeStatus::ALL {
            for action in all_actions {
                for party in all_parties {
                    match next(*from, action, party) {
                        Ok(to) => {
                            allowed += 1;
                            assert!(TABLE.iter().any(|(f, a, t, w)| f == from
                                && *a == action
                                && *t == to
                                && w.contains(&party)));
                        }
                        Err(TransitionError::NotYours) => {
                            assert!(!parties(action).contains(&party))
                        }
                        Err(TransitionError::Invalid) => {}
                    }
                }
            }
        }
        assert_eq!(allowed, 9);
        // Terminal states go nowhere.
        for from in [Confirmed, Rejected, Cancelled, Expired] {
            for action in all_actions {
                for party in all_parties {
                    assert!(next(from, action, party).is_err());
                }
            }
        }
        assert_eq!(
            next(Delivered, Cancel, Supporter),
            Err(TransitionError::Invalid),
            "no cancelling after delivery"
        );
        assert_eq!(
            next(PendingApproval, Approve, Supporter),
            Err(TransitionError::NotYours)
        );
        assert_eq!(
            next(PendingApproval, Confirm, Household),
            Err(TransitionError::Invalid)
        );
        assert_eq!(
            next(Approved, Deliver, Household),
            Err(TransitionError::NotYours)
        );
    }

    #[test]
    fn active_statuses() {
        let active: Vec<_> = PledgeStatus::ALL
            .iter()
            .filter(|s| s.is_active())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(
            active,
            ["pending_approval", "approved", "delivered", "confirmed"]
        );
    }
}
