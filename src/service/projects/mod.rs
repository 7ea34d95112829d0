//! Crowdfunding (扶贫众筹): a village's officials propose a project hosted by a verified social
//! organization, a second official of the county approves it, supporters pledge, and the host
//! records what it received, spent (with a receipt image) and refunded. Every flow is one
//! transaction: the rule (`domain::crowdfunding`), the conditional updates of the totals
//! (`store::projects`), the ledger row and the audit event (ids and amounts only). Lock order: the
//! project, then its budget line or pledges (in id order), before the first audit append.

mod close;
mod create;
mod money;
mod receipts;
mod reversal;
mod spending;

pub use close::{close, fail_due, lapse_due, CloseRequest, Closed, FailRun};
pub use create::{create, review, Review};
pub use money::{pledge, receipt, refund, PledgeInput};
pub use receipts::{
    pending_receipts, receipt_image_access, replace_receipt, review_receipt, sees_unpublished,
    PendingReceipt, ReceiptReview,
};
pub use reversal::reverse_spending;
pub use spending::{
    add_spending, check_can_spend, parse_public_key, remove_bytes, store_image, SpendingInput,
};

use crate::domain::access::{project_access, Access, Actor};
use crate::domain::crowdfunding::project::{ProjectParty, TransitionError};
use crate::domain::{RegionCode, RegionLevel};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::projects::{self as store, Project};
use crate::store::{audit, users, Conn};
use serde_json::Value;
use uuid::Uuid;

/// The organization of the caller's account, when it is one (enterprise or social organization).
pub async fn organization_of(conn: &mut Conn, actor: &Actor) -> ApiResult<Option<Uuid>> {
    let Actor::Supporter { user_id, .. } = actor else {
        return Ok(None);
    };
    Ok(users::find(conn, *user_id)
        .await?
        .and_then(|u| u.organization_id))
}

/// A project as the caller sees it.
pub struct Seen {
    pub project: Project,
    pub access: Access,
    /// The caller is a user of the host organization.
    pub is_host: bool,
}

impl Seen {
    /// The parties the caller holds for this project.
    pub fn parties(&self, actor: &Actor) -> Vec<ProjectParty> {
        let village = RegionCode::from_trusted(self.project.region_code.clone());
        let mut parties = Vec::new();
        if let Actor::Official { jurisdiction, .. } = actor {
            if jurisdiction.covers(&village) {
                if jurisdiction.region().level() <= RegionLevel::County {
                    parties.push(ProjectParty::Reviewer);
                }
                parties.push(ProjectParty::Proposer);
            }
        }
        if self.is_host {
            parties.push(ProjectParty::Host);
        }
        parties
    }
}

/// Loads a project the caller may see (404 otherwise); `lock` takes its row for update.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid, lock: bool) -> ApiResult<Seen> {
    let found = if lock {
        store::find_for_update(conn, id).await?
    } else {
        store::find(conn, id).await?
    };
    let project = found.ok_or_else(|| ApiError::not_found("project"))?;
    let is_host = organization_of(conn, actor).await? == Some(project.host_organization_id);
    let village = RegionCode::from_trusted(project.region_code.clone());
    let access = project_access(actor, &village, is_host, project.approved_at.is_some());
    if access == Access::Hidden {
        return Err(ApiError::not_found("project"));
    }
    Ok(Seen {
        project,
        access,
        is_host,
    })
}

/// A project the caller may see and whose host it is (403 otherwise).
pub async fn load_as_host(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> ApiResult<Project> {
    let seen = load_visible(conn, actor, id, lock).await?;
    if !seen.is_host {
        return Err(ApiError::forbidden(
            "only the host organization records money on a project",
        ));
    }
    Ok(seen.project)
}

/// 409 `project_not_open` unless the project is open.
pub fn ensure_open(p: &Project) -> ApiResult<()> {
    if p.status == crate::domain::crowdfunding::ProjectStatus::Open {
        return Ok(());
    }
    Err(ApiError::new(
        ErrorCode::ProjectNotOpen,
        format!("the project is {}", p.status),
    )
    .with_extra("project_status", p.status.as_str()))
}

/// The answer for a refused move of the state table.
pub fn transition_error(e: TransitionError, p: &Project) -> ApiError {
    match e {
        TransitionError::NotYours => ApiError::forbidden("you may not do this to this project"),
        TransitionError::Invalid => ApiError::new(
            ErrorCode::InvalidTransition,
            format!("not possible while the project is {}", p.status),
        )
        .with_extra("project_status", p.status.as_str()),
    }
}

/// An audit event about a project, in its county's chain: ids, statuses and amounts only.
pub async fn record(
    conn: &mut Conn,
    actor_id: Option<Uuid>,
    action: &'static str,
    project_id: Uuid,
    details: Value,
) -> ApiResult<()> {
    let region = crate::store::projects::region_code(conn, project_id).await?;
    audit::append(
        conn,
        audit::Entry {
            chain: region
                .as_deref()
                .map_or(audit::AuditChain::National, audit::AuditChain::of_code),
            actor_id,
            action,
            subject_type: "project",
            subject_id: project_id,
            details,
        },
    )
    .await?;
    Ok(())
}
