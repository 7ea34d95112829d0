//! Need operations: post, read, edit, withdraw, review, and the lists.

pub mod create;
pub mod get;
pub mod list;
pub mod matches;
pub mod mine;
pub mod review;
pub mod review_queue;
pub mod search;
pub mod update;
pub mod views;
pub mod withdraw;

use crate::domain::access::{need_access, Access, Actor};
use crate::domain::need::NeedStatus;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::needs::{self, Need};
use crate::store::Conn;
use uuid::Uuid;

pub fn status_of(need: &Need) -> NeedStatus {
    NeedStatus::parse(&need.status).unwrap_or(NeedStatus::PendingReview)
}

pub fn village_of(need: &Need) -> RegionCode {
    RegionCode::from_trusted(need.region_code.clone())
}

pub fn access_to(actor: &Actor, need: &Need) -> Access {
    need_access(
        actor,
        need.household_id,
        &village_of(need),
        status_of(need).is_public(),
    )
}

/// Loads a need the caller may see; one it may not see does not exist for it (404).
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Need, Access)> {
    let need = if for_update {
        needs::find_for_update(conn, id).await?
    } else {
        needs::find(conn, id).await?
    };
    let need = need.ok_or_else(|| ApiError::not_found("need"))?;
    match access_to(actor, &need) {
        Access::Hidden => Err(ApiError::not_found("need")),
        access => Ok((need, access)),
    }
}

/// Acting on a need one may see but not manage is 403.
pub fn require_manage(access: Access) -> ApiResult<()> {
    if access == Access::Manage {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "only the household and the officials of its village may change this need",
        ))
    }
}
