//! Who may do what to which object: plain functions over the caller (an [`Actor`]) and the object's
//! owner and region. Jurisdiction questions go through [`Jurisdiction::covers`].

use super::{Jurisdiction, RegionCode, Role};
use uuid::Uuid;

/// The caller, with what object checks need to know about it.
#[derive(Debug, Clone)]
pub enum Actor {
    Anonymous,
    Household {
        user_id: Uuid,
        household_id: Uuid,
    },
    Supporter {
        user_id: Uuid,
        role: Role,
    },
    Official {
        user_id: Uuid,
        jurisdiction: Jurisdiction,
    },
    Admin {
        user_id: Uuid,
    },
}

impl Actor {
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Actor::Anonymous => None,
            Actor::Household { user_id, .. }
            | Actor::Supporter { user_id, .. }
            | Actor::Official { user_id, .. }
            | Actor::Admin { user_id } => Some(*user_id),
        }
    }

    /// An official whose jurisdiction covers `region`.
    pub fn is_official_for(&self, region: &RegionCode) -> bool {
        matches!(self, Actor::Official { jurisdiction, .. } if jurisdiction.covers(region))
    }

    pub fn is_household(&self, household_id: Uuid) -> bool {
        matches!(self, Actor::Household { household_id: h, .. } if *h == household_id)
    }
}

/// What a caller may do with an object: nothing (it does not exist for them: 404), read it (acting
/// on it is 403), or manage it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    Hidden,
    Read,
    Manage,
}

/// A household profile: the household itself and officials of its village's jurisdiction.
pub fn household_access(actor: &Actor, household_id: Uuid, village: &RegionCode) -> Access {
    if actor.is_household(household_id) || actor.is_official_for(village) {
        Access::Manage
    } else {
        Access::Hidden
    }
}

/// A need: its household and the officials in scope manage it; once public everyone reads it; admins
/// (who operate the platform) read every need but act on none.
pub fn need_access(
    actor: &Actor,
    household_id: Uuid,
    village: &RegionCode,
    is_public: bool,
) -> Access {
    if actor.is_household(household_id) || actor.is_official_for(village) {
        Access::Manage
    } else if is_public || matches!(actor, Actor::Admin { .. }) {
        Access::Read
    } else {
        Access::Hidden
    }
}

/// Reviewing a need: officials in scope only, not even the household.
pub fn can_review_need(actor: &Actor, village: &RegionCode) -> bool {
    actor.is_official_for(village)
}

/// A crowdfunding project: the host organization's users and officials whose jurisdiction covers
/// its village manage it; once approved everyone reads it; admins read every project. Before
/// approval (and after a rejection) it does not exist for anyone else.
pub fn project_access(
    actor: &Actor,
    village: &RegionCode,
    is_host: bool,
    approved: bool,
) -> Access {
    if is_host || actor.is_official_for(village) {
        Access::Manage
    } else if approved || matches!(actor, Actor::Admin { .. }) {
        Access::Read
    } else {
        Access::Hidden
    }
}

/// The county an organization is registered in: characters 3–8 of its credit code (GB 32100).
pub fn organization_region(credit_code: &str) -> Option<RegionCode> {
    credit_code
        .get(2..8)
        .and_then(|c| RegionCode::parse(c).ok())
}

/// Verifying an organization's credit code: admins, and officials whose jurisdiction covers the
/// county it is registered in.
pub fn can_verify_organization(actor: &Actor, credit_code: &str) -> bool {
    match actor {
        Actor::Admin { .. } => true,
        Actor::Official { .. } => {
            organization_region(credit_code).is_some_and(|r| actor.is_official_for(&r))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn need_access_matrix() {
        let hh = Uuid::new_v4();
        let village = code("411224101200");
        let own = Actor::Household {
            user_id: Uuid::new_v4(),
            household_id: hh,
        };
        let other_hh = Actor::Household {
            user_id: Uuid::new_v4(),
            household_id: Uuid::new_v4(),
        };
        let donor = Actor::Supporter {
            user_id: Uuid::new_v4(),
            role: Role::Donor,
        };
        let county = Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code("411224")),
        };
        let township = Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code("411224101")),
        };
        let neighbour = Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code("411221")),
        };
        let admin = Actor::Admin {
            user_id: Uuid::new_v4(),
        };
        let cases = [
            (&own, Access::Manage, Access::Manage),
            (&county, Access::Manage, Access::Manage),
            (&township, Access::Manage, Access::Manage),
            (&other_hh, Access::Hidden, Access::Read),
            (&donor, Access::Hidden, Access::Read),
            (&neighbour, Access::Hidden, Access::Read),
            (&admin, Access::Read, Access::Read),
            (&Actor::Anonymous, Access::Hidden, Access::Read),
        ];
        for (actor, unpublished, published) in cases {
            assert_eq!(
                need_access(actor, hh, &village, false),
                unpublished,
                "{actor:?}"
            );
            assert_eq!(
                need_access(actor, hh, &village, true),
                published,
                "{actor:?}"
            );
        }
        assert!(can_review_need(&county, &village) && can_review_need(&township, &village));
        assert!(
            !can_review_need(&own, &village)
                && !can_review_need(&neighbour, &village)
                && !can_review_need(&admin, &village)
        );
        assert_eq!(household_access(&own, hh, &village), Access::Manage);
        assert_eq!(household_access(&neighbour, hh, &village), Access::Hidden);
        assert_eq!(household_access(&admin, hh, &village), Access::Hidden);
    }
}

/// Complaints are answered close to the household first: at escalation level 0 by officials of the
/// village's township or the village itself; each escalation adds the next level up (county, city,
/// province).
pub fn complaint_min_code_len(escalation_level: i16) -> usize {
    match escalation_level {
        0 => 9,
        1 => 6,
        2 => 4,
        _ => 2,
    }
}

/// Whether an official handles a complaint about something in `village` at `escalation_level`.
pub fn can_handle_complaint(actor: &Actor, village: &RegionCode, escalation_level: i16) -> bool {
    matches!(actor, Actor::Official { jurisdiction, .. }
        if jurisdiction.covers(village) && jurisdiction.region().as_str().len() >= complaint_min_code_len(escalation_level))
}

#[cfg(test)]
mod complaint_tests {
    use super::*;

    #[test]
    fn escalation_widens_who_handles() {
        let village = RegionCode::parse("411224101200").unwrap();
        let official = |code: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(RegionCode::parse(code).unwrap()),
        };
        let (township, county, city, neighbour) = (
            official("411224101"),
            official("411224"),
            official("4112"),
            official("411221"),
        );
        assert!(can_handle_complaint(&township, &village, 0));
        assert!(!can_handle_complaint(&county, &village, 0));
        assert!(
            can_handle_complaint(&county, &village, 1)
                && can_handle_complaint(&township, &village, 1)
        );
        assert!(
            !can_handle_complaint(&city, &village, 1) && can_handle_complaint(&city, &village, 2)
        );
        for level in 0..4 {
            assert!(!can_handle_complaint(&neighbour, &village, level));
        }
    }

    #[test]
    fn organizations_are_verified_by_admins_and_officials_of_their_county() {
        let code = |s: &str| RegionCode::parse(s).unwrap();
        let code_lushi = "91411224MA45BF0Q7T";
        let admin = Actor::Admin {
            user_id: Uuid::new_v4(),
        };
        let official = |j: &str| Actor::Official {
            user_id: Uuid::new_v4(),
            jurisdiction: Jurisdiction::new(code(j)),
        };
        let donor = Actor::Supporter {
            user_id: Uuid::new_v4(),
            role: Role::Enterprise,
        };
        assert_eq!(organization_region(code_lushi), Some(code("411224")));
        assert!(can_verify_organization(&admin, code_lushi));
        assert!(can_verify_organization(&official("411224"), code_lushi));
        assert!(can_verify_organization(&official("41"), code_lushi));
        assert!(!can_verify_organization(&official("411221"), code_lushi));
        assert!(!can_verify_organization(&official("411224101"), code_lushi));
        assert!(!can_verify_organization(&donor, code_lushi));
        assert!(!can_verify_organization(&Actor::Anonymous, code_lushi));
    }
}
