//! A project's statuses: `pending_review` → `open` (approved by a county official other than the
//! proposer) or `rejected` (with a reason); `open` → `completed` (by the host, once the target was
//! received and all of it spent), `failed` (the deadline passed short of the target: by the
//! deadline job, or the host), `cancelled` (with a reason, by the host or the village's officials;
//! also before review). A failed or cancelled project then takes refunds until every received fen
//! is spent or refunded (it is "settled"). The money conditions are in [`super::money`]; who moves
//! and from where is this table.

use super::ProjectStatus;
use crate::domain::state_table;
pub use crate::domain::state_table::TransitionError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectAction {
    Approve,
    Reject,
    Complete,
    Fail,
    Cancel,
}

impl ProjectAction {
    pub const ALL: [ProjectAction; 5] = [
        Self::Approve,
        Self::Reject,
        Self::Complete,
        Self::Fail,
        Self::Cancel,
    ];

    /// The audit event's kind for this move.
    pub fn event_kind(self) -> &'static str {
        match self {
            Self::Approve => "project.approved",
            Self::Reject => "project.rejected",
            Self::Complete => "project.completed",
            Self::Fail => "project.failed",
            Self::Cancel => "project.cancelled",
        }
    }
}

/// Who acts, relative to the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectParty {
    /// An official at county level or above whose jurisdiction covers the village (not the
    /// proposer: the two-people rule is checked apart).
    Reviewer,
    /// An official whose jurisdiction covers the village: the proposer's side.
    Proposer,
    /// A user of the host organization.
    Host,
    /// A job (the deadline).
    System,
}

impl ProjectParty {
    pub const ALL: [ProjectParty; 4] = [Self::Reviewer, Self::Proposer, Self::Host, Self::System];
}

/// (from, action, to, who may do it)
const TABLE: &[state_table::Move<ProjectStatus, ProjectAction, ProjectParty>] = {
    use ProjectAction::*;
    use ProjectParty::*;
    use ProjectStatus::*;
    &[
        (PendingReview, Approve, Open, &[Reviewer]),
        (PendingReview, Reject, Rejected, &[Reviewer]),
        (PendingReview, Cancel, Cancelled, &[Proposer, Host]),
        (Open, Complete, Completed, &[Host]),
        (Open, Fail, Failed, &[Host, System]),
        (Open, Cancel, Cancelled, &[Proposer, Host]),
    ]
};

/// The status after `action` by `party` from `from`.
pub fn next(
    from: ProjectStatus,
    action: ProjectAction,
    party: ProjectParty,
) -> Result<ProjectStatus, TransitionError> {
    state_table::next(TABLE, from, action, party)
}

/// The status after `action` by a caller holding every party of `parties` (a county official is
/// both reviewer and proposer's side): the first party allowed wins; `NotYours` only when no party
/// ever does this action.
pub fn next_for_any(
    from: ProjectStatus,
    action: ProjectAction,
    parties: &[ProjectParty],
) -> Result<ProjectStatus, TransitionError> {
    let mut outcome = Err(TransitionError::NotYours);
    for p in parties {
        match next(from, action, *p) {
            Ok(to) => return Ok(to),
            Err(TransitionError::Invalid) => outcome = Err(TransitionError::Invalid),
            Err(TransitionError::NotYours) => {}
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProjectAction::*;
    use ProjectParty::*;
    use ProjectStatus::*;

    /// The whole table spelled out: every status × action × party.
    #[test]
    fn every_status_action_and_party() {
        use TransitionError::{Invalid, NotYours};
        let expected = |from: ProjectStatus,
                        action: ProjectAction,
                        party: ProjectParty|
         -> Result<ProjectStatus, TransitionError> {
            match (action, party) {
                (Approve, Reviewer) => (from == PendingReview).then_some(Open).ok_or(Invalid),
                (Reject, Reviewer) => (from == PendingReview).then_some(Rejected).ok_or(Invalid),
                (Complete, Host) => (from == Open).then_some(Completed).ok_or(Invalid),
                (Fail, Host | System) => (from == Open).then_some(Failed).ok_or(Invalid),
                (Cancel, Host | Proposer) => matches!(from, PendingReview | Open)
                    .then_some(Cancelled)
                    .ok_or(Invalid),
                _ => Err(NotYours),
            }
        };
        let mut cases = 0;
        for from in ProjectStatus::ALL {
            for action in ProjectAction::ALL {
                for party in ProjectParty::ALL {
                    assert_eq!(
                        next(*from, action, party),
                        expected(*from, action, party),
                        "{from} {action:?} by {party:?}"
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 6 * 5 * 4);
    }

    #[test]
    fn closed_projects_go_nowhere() {
        for from in ProjectStatus::CLOSED {
            for action in ProjectAction::ALL {
                for party in ProjectParty::ALL {
                    assert!(next(from, action, party).is_err());
                }
            }
        }
    }

    #[test]
    fn a_county_official_holds_both_official_parties() {
        let both = [Reviewer, Proposer];
        assert_eq!(next_for_any(PendingReview, Cancel, &both), Ok(Cancelled));
        assert_eq!(next_for_any(PendingReview, Approve, &both), Ok(Open));
        assert_eq!(
            next_for_any(Open, Approve, &both),
            Err(TransitionError::Invalid)
        );
        assert_eq!(
            next_for_any(Open, Complete, &both),
            Err(TransitionError::NotYours)
        );
        assert_eq!(
            next_for_any(Open, Cancel, &[]),
            Err(TransitionError::NotYours)
        );
    }
}
