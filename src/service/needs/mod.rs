//! Need flows: post, edit (a rejected need is resubmitted), review, withdraw, and expiry. Every status
//! change is a conditional update in the store, so concurrent changes get one winner and a 409.

mod decide;
mod post;

pub use decide::{flags_for, review, withdraw, ReviewDecision};
pub use post::{create, update, NeedDraft};

use crate::domain::access::{need_access, Access, Actor};
use crate::domain::need::NeedStatus;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::needs::{self, Need};
use crate::store::{audit, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

pub fn village_of(need: &Need) -> RegionCode {
    RegionCode::from_trusted(need.region_code.clone())
}

pub fn access_to(actor: &Actor, need: &Need) -> Access {
    need_access(
        actor,
        need.household_id,
        &village_of(need),
        need.status.is_public(),
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

/// Expires up to `limit` needs whose deadline passed while they still waited for review or
/// pledges, in one transaction. Returns (expired, seen): a full batch seen means more may wait.
#[tracing::instrument(skip_all)]
pub async fn expire_due(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
) -> ApiResult<(usize, usize)> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let due = needs::due_for_expiry(conn, now, limit).await?;
        // The needs may lie in several counties: every row lock (in id order), then the chains'
        // locks in one order, before the first append.
        let ids: Vec<_> = due.iter().map(|n| n.id).collect();
        needs::lock_in_id_order(conn, &ids).await?;
        let mut chains: Vec<_> = due
            .iter()
            .map(|n| audit::AuditChain::of_code(&n.region_code))
            .collect();
        audit::lock_chains(conn, &mut chains).await?;
        let mut expired = 0usize;
        for need in &due {
            let from = &NeedStatus::EXPIRABLE;
            if needs::transition(conn, need.id, from, NeedStatus::Expired, None, now)
                .await?
                .is_none()
            {
                continue;
            }
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&need.region_code),
                    actor_id: None,
                    action: "need.expired",
                    subject_type: "need",
                    subject_id: need.id,
                    details: json!({ "role": "system", "from": need.status, "to": NeedStatus::Expired,
                        "deadline": need.deadline, "reason": "the deadline passed" }),
                },
            )
            .await?;
            expired += 1;
        }
        Ok((expired, due.len()))
    })
    .await
}
