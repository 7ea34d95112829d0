//! Who in a household can work: the household itself, or officials whose jurisdiction covers its
//! village, read and record it. Anyone else learns nothing, not even that the household exists:
//! the same 404 after the same one lookup as for a missing household.

use crate::domain::access::{household_access, Access, Actor};
use crate::domain::employment::work::WorkProfile;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::household_work::{self, HouseholdWork, WorkWrite};
use crate::store::{audit, households, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The household, when the caller may see its work profile; 404 otherwise.
async fn visible_household(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Uuid> {
    match households::find(conn, id).await? {
        Some(h)
            if household_access(
                actor,
                h.id,
                &RegionCode::from_trusted(h.region_code.clone()),
            ) != Access::Hidden =>
        {
            Ok(h.id)
        }
        _ => Err(ApiError::not_found("household")),
    }
}

/// The household's work profile (`None`: not recorded yet), for the household and its officials.
pub async fn get(
    conn: &mut Conn,
    actor: &Actor,
    household_id: Uuid,
) -> ApiResult<Option<HouseholdWork>> {
    let id = visible_household(conn, actor, household_id).await?;
    Ok(household_work::find(conn, id).await?)
}

/// Records the profile and its audit event (ids and the figures that are no one's identity; the
/// skills stay out of the chain) in one transaction.
pub async fn record(
    conn: &mut Conn,
    actor: &Actor,
    household_id: Uuid,
    profile: &WorkProfile,
) -> ApiResult<HouseholdWork> {
    let Some(user_id) = actor.user_id() else {
        return Err(ApiError::not_found("household"));
    };
    let id = visible_household(conn, actor, household_id).await?;
    let skills: Vec<String> = profile
        .skills
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    conn.transaction::<_, ApiError, _>(async |conn| {
        let write = WorkWrite {
            able_to_work: profile.able_to_work,
            skills: &skills,
            willing_to_travel: profile.willing_to_travel.as_str(),
            updated_by: user_id,
            updated_at: Utc::now(),
        };
        let row = household_work::upsert(conn, id, &write)
            .await?
            .ok_or_else(|| ApiError::not_found("household"))?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(user_id),
                action: "household_work.recorded",
                subject_type: "household",
                subject_id: row.household_id,
                details: json!({}),
            },
        )
        .await?;
        Ok(row)
    })
    .await
}
