//! Job postings (就业扶贫): a verified enterprise or social organization posts a job, changes it
//! while it is open, and closes it; a posting is filled when its hires reach its positions, and a
//! job closes those past their date. Closing or filling declines the applications still under way,
//! in the same transaction. Lock order: the posting, then its applications in id order, before
//! the first audit append.

mod close;
mod create;

pub use close::{close, end, expire_due, End};
pub use create::{create, update};

use crate::domain::access::Actor;
use crate::domain::employment::JobStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::job_postings::{self as store, JobPosting};
use crate::store::{audit, Conn};
use serde_json::{json, Value};
use uuid::Uuid;

/// Loads a posting (postings are public: anyone may see every one); `for_update` locks its row.
pub async fn load(conn: &mut Conn, id: Uuid, for_update: bool) -> ApiResult<JobPosting> {
    let found = if for_update {
        store::find_for_update(conn, id).await?
    } else {
        store::find(conn, id).await?
    };
    found.ok_or_else(|| ApiError::not_found("job"))
}

/// Whether the caller posted it.
pub fn is_employer(actor: &Actor, p: &JobPosting) -> bool {
    actor.user_id() == Some(p.employer_id)
}

/// 409 `job_not_open` unless the posting is open.
pub fn ensure_open(p: &JobPosting) -> ApiResult<()> {
    if p.status == JobStatus::Open {
        return Ok(());
    }
    Err(
        ApiError::new(ErrorCode::JobNotOpen, format!("the job is {}", p.status))
            .with_extra("job_status", p.status.as_str()),
    )
}

/// An audit event for a posting: ids, statuses and counts only.
pub async fn record(
    conn: &mut Conn,
    actor_id: Option<Uuid>,
    action: &'static str,
    from: Option<JobStatus>,
    after: &JobPosting,
    extra: Value,
) -> ApiResult<()> {
    let mut details = json!({
        "from": from.map_or("none", JobStatus::as_str),
        "to": after.status,
        "employer_id": after.employer_id,
        "organization_id": after.organization_id,
        "region_code": after.region_code,
        "positions": after.positions,
        "hired": after.hired,
    });
    if let (Some(d), Value::Object(e)) = (details.as_object_mut(), extra) {
        d.extend(e);
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::National,
            actor_id,
            action,
            subject_type: "job_posting",
            subject_id: after.id,
            details,
        },
    )
    .await?;
    Ok(())
}
