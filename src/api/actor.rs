//! Loading the caller as a domain [`Actor`] for object-level checks.

use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::{Jurisdiction, RegionCode, Role};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::{users, Conn};

pub async fn load(conn: &mut Conn, auth: Option<&AuthUser>) -> ApiResult<Actor> {
    let Some(auth) = auth else {
        return Ok(Actor::Anonymous);
    };
    let user = users::find(conn, auth.id).await?.ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidToken,
            "the account of this token no longer exists",
        )
    })?;
    if user.role != auth.role {
        return Err(ApiError::new(
            ErrorCode::InvalidToken,
            "the account's role changed; sign in again",
        ));
    }
    Ok(match auth.role {
        Role::Household => match user.household_id {
            Some(household_id) => Actor::Household {
                user_id: user.id,
                household_id,
            },
            None => {
                return Err(ApiError::internal(format!(
                    "household account {} has no profile",
                    user.id
                )))
            }
        },
        Role::Official => match users::jurisdiction_of(conn, user.id).await? {
            Some(j) => Actor::Official {
                user_id: user.id,
                jurisdiction: Jurisdiction::new(RegionCode::from_trusted(j.region_code)),
            },
            None => {
                return Err(ApiError::internal(format!(
                    "official {} has no jurisdiction",
                    user.id
                )))
            }
        },
        Role::Admin => Actor::Admin { user_id: user.id },
        role => Actor::Supporter {
            user_id: user.id,
            role,
        },
    })
}

/// A rule of the flows, kept reachable under its old path for handlers.
pub use crate::service::require_verified_email;
