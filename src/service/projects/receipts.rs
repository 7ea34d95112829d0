//! The review of spending's receipt images: a receipt may show a payee's phone or account number,
//! so it is `pending` until an official of the project's county who did not propose the project
//! (rule of two people, [`Decision::ReviewSpendingReceipt`]) publishes it or withholds it with a
//! reason. The host may replace a withheld image with a redacted one, pending again. Until it is
//! published, the image reaches only the host's users and the project's officials.

use super::spending::{ensure_new_image, remove_bytes, store_image};
use super::{load_as_host, load_visible, record, Seen};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::project::ProjectParty;
use crate::domain::crowdfunding::{ReceiptDecision, ReceiptStatus};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::media::{MediaKey, MediaStore, ProcessedImage};
use crate::store::project_spending::{self as store, Replacement, Spending};
use crate::store::projects as projects_store;
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// Whether the caller sees a project's receipt images before they are published (and why one was
/// withheld): the host's users and the officials whose jurisdiction covers the village.
pub fn sees_unpublished(seen: &Seen, actor: &Actor) -> bool {
    seen.is_host || seen.parties(actor).contains(&ProjectParty::Proposer)
}

/// A spending row of the project, locked; 404 otherwise.
async fn row(conn: &mut Conn, project_id: Uuid, spending_id: Uuid) -> ApiResult<Spending> {
    store::find_for_update(conn, project_id, spending_id)
        .await?
        .ok_or_else(|| ApiError::not_found("spending"))
}

/// `publish` or `withhold` (with a reason, already checked).
#[derive(Debug, Clone)]
pub struct ReceiptReview {
    pub decision: ReceiptDecision,
    pub reason: Option<String>,
}

/// An official of the project's county, not its proposer, publishes or withholds a pending receipt.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn review_receipt(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    spending_id: Uuid,
    review: &ReceiptReview,
) -> ApiResult<Spending> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let seen = load_visible(conn, actor, id, true).await?;
        if !seen.parties(actor).contains(&ProjectParty::Reviewer) {
            return Err(ApiError::forbidden(
                "only an official of the project's county reviews its receipts",
            ));
        }
        let rule = Decision::ReviewSpendingReceipt {
            proposed_by: seen.project.proposed_by,
        };
        if let Some(why) = rule.refusal(auth.id) {
            return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
        }
        let before = row(conn, id, spending_id).await?;
        let (to, reason) = match review.decision {
            ReceiptDecision::Publish => (ReceiptStatus::Published, None),
            ReceiptDecision::Withhold => (ReceiptStatus::Withheld, review.reason.as_deref()),
        };
        let after = store::review(conn, spending_id, to, reason, auth.id, Utc::now())
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ReceiptNotPending,
                    "the receipt image is not waiting for review",
                )
                .with_extra(
                    "receipt_status",
                    before.receipt_status.map(|s| s.as_str()).unwrap_or("none"),
                )
            })?;
        let kind = match to {
            ReceiptStatus::Published => "project.receipt_published",
            _ => "project.receipt_withheld",
        };
        record(
            conn,
            Some(auth.id),
            kind,
            id,
            json!({ "spending_id": spending_id, "image_id": after.image_id,
                "sha256": after.sha256, "receipt_status": to }),
        )
        .await?;
        Ok(after)
    })
    .await
}

/// The host replaces a withheld receipt image with a new (redacted) one, pending again; the old
/// image's bytes are removed once the change is committed.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn replace_receipt(
    conn: &mut Conn,
    media: &dyn MediaStore,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    spending_id: Uuid,
    image: &ProcessedImage,
) -> ApiResult<Spending> {
    load_as_host(conn, actor, id, false).await?;
    let (image_id, keys) = store_image(media, image).await?;
    let result = conn
        .transaction::<_, ApiError, _>(async |conn| {
            load_as_host(conn, actor, id, true).await?;
            let before = row(conn, id, spending_id).await?;
            ensure_new_image(conn, id, &image.display.sha256).await?;
            let after = store::replace_image(
                conn,
                spending_id,
                &Replacement {
                    image_id,
                    display_key: keys[0].as_str(),
                    thumb_key: keys[1].as_str(),
                    sha256: &image.display.sha256,
                },
            )
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ReceiptNotWithheld,
                    "only a withheld receipt image can be replaced",
                )
            })?;
            record(
                conn,
                Some(auth.id),
                "project.receipt_replaced",
                id,
                json!({ "spending_id": spending_id, "old_image_id": before.image_id,
                    "old_sha256": before.sha256, "image_id": image_id,
                    "sha256": image.display.sha256, "receipt_status": ReceiptStatus::Pending }),
            )
            .await?;
            Ok((before, after))
        })
        .await;
    match result {
        Ok((before, after)) => {
            let old: Vec<MediaKey> = [before.display_key, before.thumb_key]
                .into_iter()
                .flatten()
                .filter_map(|k| super::parse_public_key(&k).map(|(_, k)| k))
                .collect();
            remove_bytes(media, &old).await;
            Ok(after)
        }
        Err(e) => {
            remove_bytes(media, &keys).await;
            Err(e)
        }
    }
}

/// A pending receipt in the caller's review queue.
pub struct PendingReceipt {
    pub spending: Spending,
    pub project_title: String,
    pub region_code: String,
}

/// Pending receipts in the official's jurisdiction that it may decide (county level or above,
/// not on projects it proposed), oldest first.
pub async fn pending_receipts(
    conn: &mut Conn,
    actor: &Actor,
    limit: i64,
) -> ApiResult<Vec<PendingReceipt>> {
    let Actor::Official {
        user_id,
        jurisdiction,
        ..
    } = actor
    else {
        return Err(ApiError::forbidden("only officials review receipts"));
    };
    if jurisdiction.region().level() > crate::domain::RegionLevel::County {
        return Ok(Vec::new());
    }
    let rows = store::pending_in(conn, &jurisdiction.like_pattern(), limit).await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, _, proposed_by)| {
            Decision::ReviewSpendingReceipt {
                proposed_by: *proposed_by,
            }
            .allows(*user_id)
        })
        .map(|(spending, project_title, region_code, _)| PendingReceipt {
            spending,
            project_title,
            region_code,
        })
        .collect())
}

/// Whether the caller may fetch a receipt image, and whether it is public: `Some(true)` for a
/// published one, `Some(false)` for one only the host's users and the project's officials see,
/// `None` when the caller gets the 404 of a missing key.
pub async fn receipt_image_access(
    conn: &mut Conn,
    actor: &Actor,
    image_id: Uuid,
) -> ApiResult<Option<bool>> {
    let Some((project_id, status)) = store::image_owner(conn, image_id).await? else {
        return Ok(None);
    };
    if status == ReceiptStatus::Published {
        return Ok(Some(true));
    }
    let Some(project) = projects_store::find(conn, project_id).await? else {
        return Ok(None);
    };
    let seen = match load_visible(conn, actor, project.id, false).await {
        Ok(seen) => seen,
        Err(_) => return Ok(None),
    };
    Ok(sees_unpublished(&seen, actor).then_some(false))
}
