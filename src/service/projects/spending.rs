//! Spending against a budget line, each with a receipt image: the host stores the re-encoded
//! image (no metadata), then records the row, the totals and the audit event in one transaction;
//! if that fails the bytes are removed again. The project's spending never exceeds what it
//! received, and a line's never exceeds its amount: two conditional updates (project, then line).
//! The row is public at once; its image is `pending` until an official of the county reviews it
//! ([`super::receipts`]), and the same image is not recorded twice on one project (409
//! `duplicate_receipt`). The images live under `/media/project-receipt/<uuid>/display.jpg`.

use super::{ensure_open, load_as_host, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::crowdfunding::ReceiptStatus;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::media::{MediaKey, MediaStore, ProcessedImage, Variant};
use crate::store::project_spending::{self as spending, NewSpending, Spending};
use crate::store::projects as store;
use crate::store::Conn;
use chrono::{NaiveDate, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The first segment of every receipt image's media key.
pub const KIND: &str = "project-receipt";

/// Where a variant of a receipt image is stored.
pub fn key(image_id: Uuid, variant: Variant) -> MediaKey {
    MediaKey::new(KIND, image_id, variant.file_name())
}

/// The image id and media key of a `/media/{key}` path: `project-receipt/<uuid>/display.jpg` or
/// `…/thumb.jpg` (canonical lower-case uuid) and nothing else.
pub fn parse_public_key(raw: &str) -> Option<(Uuid, MediaKey)> {
    let mut parts = raw.split('/');
    let (kind, id_text, file) = (parts.next()?, parts.next()?, parts.next()?);
    if kind != KIND || parts.next().is_some() {
        return None;
    }
    let id = Uuid::try_parse(id_text).ok()?;
    if id.to_string() != id_text {
        return None;
    }
    [Variant::Display, Variant::Thumb]
        .into_iter()
        .find(|v| v.file_name() == file)
        .map(|v| (id, key(id, v)))
}

/// A spending as asked for (each field checked).
#[derive(Debug, Clone)]
pub struct SpendingInput {
    pub budget_line_id: Uuid,
    pub amount_fen: i64,
    pub description: String,
    pub spent_on: NaiveDate,
}

/// Checks that the caller is the project's host, before any upload is decoded (whether the project
/// is still open is checked with the spending, so that a replay gives the first answer).
pub async fn check_can_spend(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    load_as_host(conn, actor, id, false).await.map(|_| ())
}

/// Stores both variants of a receipt image under a new id (before any connection is taken); on
/// failure nothing is left. A caller whose spending is not recorded removes them with
/// [`remove_bytes`].
pub async fn store_image(
    media: &dyn MediaStore,
    image: &ProcessedImage,
) -> ApiResult<(Uuid, [MediaKey; 2])> {
    let image_id = Uuid::new_v4();
    let keys = [
        key(image_id, Variant::Display),
        key(image_id, Variant::Thumb),
    ];
    for (k, v) in keys.iter().zip([Variant::Display, Variant::Thumb]) {
        if let Err(e) = media.put(k, image.variant(v).bytes.clone()).await {
            remove_bytes(media, &keys).await;
            return Err(ApiError::internal(format!("media store: {e}")));
        }
    }
    Ok((image_id, keys))
}

/// 409 `duplicate_receipt` when the project already holds this image.
pub(super) async fn ensure_new_image(
    conn: &mut Conn,
    project_id: Uuid,
    sha: &str,
) -> ApiResult<()> {
    if spending::has_image(conn, project_id, sha).await? {
        return Err(ApiError::new(
            ErrorCode::DuplicateReceipt,
            "this receipt image is already on the project's ledger",
        ));
    }
    Ok(())
}

pub async fn remove_bytes(media: &dyn MediaStore, keys: &[MediaKey]) {
    for k in keys {
        if let Err(e) = media.delete(k).await {
            tracing::warn!(error = %e, key = k.as_str(), "media bytes not removed");
        }
    }
}

/// Records a spending with its receipt image, already stored by [`store_image`] under
/// `image_id` and `keys` (the host only, an open project). The caller removes the bytes when this
/// fails.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, project_id = %id))]
pub async fn add_spending(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    input: &SpendingInput,
    image: &ProcessedImage,
    (image_id, keys): &(Uuid, [MediaKey; 2]),
) -> ApiResult<Spending> {
    let image_id = *image_id;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let project = load_as_host(conn, actor, id, true).await?;
        ensure_open(&project)?;
        let lines = store::lines(conn, id).await?;
        let Some(line) = lines.iter().find(|l| l.id == input.budget_line_id) else {
            return Err(ApiError::validation(vec![FieldError::new(
                "budget_line_id",
                "unknown_budget_line",
                "no such budget line on this project",
            )]));
        };
        let now = Utc::now();
        let balance = project.totals().balance();
        let after = store::add_spent(conn, id, input.amount_fen, now)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::ExceedsReceived,
                    format!("only {balance} fen received are not yet spent"),
                )
                .with_extra("balance_fen", balance)
            })?;
        let line_after = store::add_line_spent(conn, id, line.id, input.amount_fen)
            .await?
            .ok_or_else(|| {
                let left = line.amount_fen - line.spent_fen;
                ApiError::new(
                    ErrorCode::ExceedsBudgetLine,
                    format!("the budget line has {left} fen left"),
                )
                .with_extra("remaining_fen", left)
            })?;
        let d = &image.display;
        // Under the project's lock, so two uploads of one image get one row.
        ensure_new_image(conn, id, &d.sha256).await?;
        let row = spending::insert(
            conn,
            &NewSpending {
                id: Uuid::new_v4(),
                project_id: id,
                budget_line_id: line.id,
                amount_fen: input.amount_fen,
                description: &input.description,
                spent_on: input.spent_on,
                image_id: Some(image_id),
                display_key: Some(keys[0].as_str()),
                thumb_key: Some(keys[1].as_str()),
                sha256: Some(&d.sha256),
                recorded_by: auth.id,
                created_at: now,
                reverses_id: None,
                reversal_reason: None,
                receipt_status: Some(ReceiptStatus::Pending),
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            "project.spent",
            id,
            json!({ "spending_id": row.id, "budget_line_id": line.id,
                    "amount_fen": input.amount_fen, "line_spent_fen": line_after.spent_fen,
                    "spent_fen": after.spent_fen, "image_id": image_id, "sha256": d.sha256,
                    "receipt_status": ReceiptStatus::Pending }),
        )
        .await?;
        Ok(row)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_receipt_image_keys_are_public() {
        let id = Uuid::new_v4();
        for ok in [
            format!("project-receipt/{id}/display.jpg"),
            format!("project-receipt/{id}/thumb.jpg"),
        ] {
            assert_eq!(
                parse_public_key(&ok).map(|(_, k)| k.as_str().to_owned()),
                Some(ok)
            );
        }
        for bad in [
            format!("evidence/{id}/display.jpg"),
            format!("product/{id}/display.jpg"),
            format!("project-receipt/{id}/other.jpg"),
            format!("project-receipt/{id}/display.jpg/x"),
            format!("project-receipt/{}/display.jpg", id.simple()),
            format!(
                "project-receipt/{}/display.jpg",
                id.to_string().to_uppercase()
            ),
            format!("project-receipts/{id}/display.jpg"),
            "project-receipt/../display.jpg".to_owned(),
            String::new(),
        ] {
            assert!(parse_public_key(&bad).is_none(), "{bad}");
        }
    }
}
