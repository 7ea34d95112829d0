//! The roles of the platform (see the brief's table).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

/// Stored as its name in `users.role` (see [`super::string_enum::text_column`]).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    diesel::expression::AsExpression,
    diesel::deserialize::FromSqlRow,
)]
#[serde(rename_all = "snake_case")]
#[diesel(sql_type = diesel::sql_types::Text)]
pub enum Role {
    Household,
    Donor,
    Enterprise,
    SocialOrg,
    Official,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Household,
        Role::Donor,
        Role::Enterprise,
        Role::SocialOrg,
        Role::Official,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Household => "household",
            Role::Donor => "donor",
            Role::Enterprise => "enterprise",
            Role::SocialOrg => "social_org",
            Role::Official => "official",
            Role::Admin => "admin",
        }
    }

    /// Officials and admins are appointed, never self-registered.
    pub fn can_self_register(self) -> bool {
        matches!(
            self,
            Role::Household | Role::Donor | Role::Enterprise | Role::SocialOrg
        )
    }

    /// Roles that speak for an organization with a credit code.
    pub fn is_organization(self) -> bool {
        matches!(self, Role::Enterprise | Role::SocialOrg)
    }

    /// Roles that give help: they search, offer and pledge.
    pub fn is_supporter(self) -> bool {
        matches!(self, Role::Donor | Role::Enterprise | Role::SocialOrg)
    }
}

super::string_enum::text_column!(Role);

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_registration_rule() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        }
        assert!("root".parse::<Role>().is_err());
        assert!(!Role::Official.can_self_register());
        assert!(!Role::Admin.can_self_register());
        assert!(Role::Household.can_self_register());
    }
}
