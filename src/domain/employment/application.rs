//! An application for a job: `applied` → `invited` (by the employer) → `accepted` (by the household,
//! which shares its phone with the employer) → `hired`; also `declined` (by the employer, or when the
//! job closes) and `withdrawn` (by the household). Every move asks [`next`].

use crate::domain::state_table;
pub use crate::domain::state_table::TransitionError;
use crate::domain::string_enum::string_enum;

string_enum!(ApplicationStatus {
    Applied => "applied",
    Invited => "invited",
    Accepted => "accepted",
    Hired => "hired",
    Declined => "declined",
    Withdrawn => "withdrawn",
});

impl ApplicationStatus {
    /// Applications still under way: they hold one of the household's able members.
    pub const LIVE: [ApplicationStatus; 3] = [Self::Applied, Self::Invited, Self::Accepted];

    /// Whether the employer may see the household's phone: once the household accepted an invitation.
    pub fn shares_phone(self) -> bool {
        matches!(self, Self::Accepted | Self::Hired)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationAction {
    Invite,
    Accept,
    Hire,
    Decline,
    Withdraw,
}

impl ApplicationAction {
    pub const ALL: [ApplicationAction; 5] = [
        Self::Invite,
        Self::Accept,
        Self::Hire,
        Self::Decline,
        Self::Withdraw,
    ];

    /// The audit event's kind for this move.
    pub fn event_kind(self) -> &'static str {
        match self {
            Self::Invite => "job_application.invited",
            Self::Accept => "job_application.accepted",
            Self::Hire => "job_application.hired",
            Self::Decline => "job_application.declined",
            Self::Withdraw => "job_application.withdrawn",
        }
    }
}

/// Who acts, relative to the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationParty {
    /// The household, or an official whose jurisdiction covers it, acting for it.
    Household,
    /// The account that posted the job.
    Employer,
    /// A job: closing a job declines what is still under way.
    System,
}

impl ApplicationParty {
    pub const ALL: [ApplicationParty; 3] = [Self::Household, Self::Employer, Self::System];
}

/// (from, action, to, who may do it)
const TABLE: &[state_table::Move<ApplicationStatus, ApplicationAction, ApplicationParty>] = {
    use ApplicationAction::*;
    use ApplicationParty::*;
    use ApplicationStatus::*;
    &[
        (Applied, Invite, Invited, &[Employer]),
        (Invited, Accept, Accepted, &[Household]),
        (Accepted, Hire, Hired, &[Employer]),
        (Applied, Decline, Declined, &[Employer, System]),
        (Invited, Decline, Declined, &[Employer, System]),
        (Accepted, Decline, Declined, &[Employer, System]),
        (Applied, Withdraw, Withdrawn, &[Household]),
        (Invited, Withdraw, Withdrawn, &[Household]),
        (Accepted, Withdraw, Withdrawn, &[Household]),
    ]
};

/// The status after `action` by `party` from `from`.
pub fn next(
    from: ApplicationStatus,
    action: ApplicationAction,
    party: ApplicationParty,
) -> Result<ApplicationStatus, TransitionError> {
    state_table::next(TABLE, from, action, party)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationAction::*;
    use ApplicationParty::*;
    use ApplicationStatus::*;

    /// The whole table spelled out: every status × action × party.
    #[test]
    fn every_status_action_and_party() {
        use TransitionError::{Invalid, NotYours};
        let live = |from| ApplicationStatus::LIVE.contains(&from);
        let expected = |from: ApplicationStatus,
                        action: ApplicationAction,
                        party: ApplicationParty|
         -> Result<ApplicationStatus, TransitionError> {
            match (action, party) {
                (Invite, Employer) => (from == Applied).then_some(Invited).ok_or(Invalid),
                (Accept, Household) => (from == Invited).then_some(Accepted).ok_or(Invalid),
                (Hire, Employer) => (from == Accepted).then_some(Hired).ok_or(Invalid),
                (Decline, Employer | System) => live(from).then_some(Declined).ok_or(Invalid),
                (Withdraw, Household) => live(from).then_some(Withdrawn).ok_or(Invalid),
                _ => Err(NotYours),
            }
        };
        let mut cases = 0;
        for from in ApplicationStatus::ALL {
            for action in ApplicationAction::ALL {
                for party in ApplicationParty::ALL {
                    assert_eq!(
                        next(*from, action, party),
                        expected(*from, action, party),
                        "{from} {action:?} by {party:?}"
                    );
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, 6 * 5 * 3);
    }

    #[test]
    fn no_hire_without_the_households_acceptance() {
        assert_eq!(next(Invited, Hire, Employer), Err(TransitionError::Invalid));
        assert_eq!(next(Applied, Hire, Employer), Err(TransitionError::Invalid));
        assert!(!Invited.shares_phone());
        assert!(Accepted.shares_phone() && Hired.shares_phone());
    }

    #[test]
    fn ended_applications_go_nowhere() {
        for from in [Hired, Declined, Withdrawn] {
            for action in ApplicationAction::ALL {
                for party in ApplicationParty::ALL {
                    assert!(next(from, action, party).is_err());
                }
            }
        }
    }
}
