//! Evidence for needs (证明材料): who may see, add and remove it, and its limits. Evidence is for the
//! people who decide about the need: its household and the officials in scope. Nobody else learns it
//! exists (404), not even admins or donors of a published need.

use super::access::Actor;
use super::need::NeedStatus;
use super::{text, RegionCode};
use uuid::Uuid;

/// At most this many items per need.
pub const MAX_PER_NEED: i64 = 20;
/// A label is 1 to 60 characters ("诊断证明", "残疾证").
pub const LABEL_CHARS: (usize, usize) = (1, 60);

/// Whether the caller may see a need's evidence (and add to it): its household, or an official whose
/// jurisdiction covers the need's village.
pub fn can_see(actor: &Actor, household_id: Uuid, village: &RegionCode) -> bool {
    actor.is_household(household_id) || actor.is_official_for(village)
}

/// Removing an item: the one who uploaded it, or an official in scope. The caller is assumed to be
/// able to see it ([`can_see`]); seeing but not removing is 403.
pub fn can_delete(actor: &Actor, uploaded_by: Uuid, village: &RegionCode) -> bool {
    actor.user_id() == Some(uploaded_by) || actor.is_official_for(village)
}

/// Evidence can be added while the need can still be decided about or helped; not once it was
/// withdrawn or expired.
pub fn accepts_evidence(status: NeedStatus) -> bool {
    !matches!(status, NeedStatus::Withdrawn | NeedStatus::Expired)
}

/// A label, trimmed, 1 to 60 characters without control characters.
pub fn parse_label(input: &str) -> Result<String, (&'static str, String)> {
    text::bounded(input, LABEL_CHARS.0, LABEL_CHARS.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Jurisdiction, Role};

    #[test]
    fn who_sees_and_who_deletes() {
        let hh = Uuid::new_v4();
        let village = RegionCode::parse("411224101200").unwrap();
        let household_user = Uuid::new_v4();
        let own = Actor::Household {
            user_id: household_user,
            household_id: hh,
        };
        let official = |code: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(RegionCode::parse(code).unwrap()),
        };
        let (county, neighbour) = (official("411224"), official("411221"));
        let others = [
            Actor::Anonymous,
            Actor::Household {
                user_id: Uuid::new_v4(),
                household_id: Uuid::new_v4(),
            },
            Actor::Supporter {
                user_id: Uuid::new_v4(),
                role: Role::Donor,
            },
            Actor::Admin {
                user_id: Uuid::new_v4(),
            },
            neighbour,
        ];
        assert!(can_see(&own, hh, &village) && can_see(&county, hh, &village));
        for a in &others {
            assert!(!can_see(a, hh, &village), "{a:?}");
        }
        // The household deletes its own uploads, not an official's; officials in scope delete any.
        let by_official = Uuid::new_v4();
        assert!(can_delete(&own, household_user, &village));
        assert!(!can_delete(&own, by_official, &village));
        assert!(can_delete(&county, household_user, &village));
    }

    #[test]
    fn labels_and_statuses() {
        assert_eq!(parse_label("  诊断证明 ").unwrap(), "诊断证明");
        assert!(parse_label("").is_err() && parse_label(&"字".repeat(61)).is_err());
        assert!(parse_label("a\u{0}b").is_err());
        assert!(accepts_evidence(NeedStatus::PendingReview) && accepts_evidence(NeedStatus::Open));
        assert!(!accepts_evidence(NeedStatus::Withdrawn) && !accepts_evidence(NeedStatus::Expired));
    }
}
