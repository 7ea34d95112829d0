//! `POST /api/v1/projects/{id}/spending`: the host organization records spending against a budget
//! line with a receipt image (a multipart form: `budget_line_id`, `amount_fen`, `description`,
//! `spent_on` and one `file`, JPEG, PNG or WebP up to 5 MB) with a required `Idempotency-Key`
//! (the fingerprint covers the text parts and the file's SHA-256; a replay gives the first answer).
//! The caller and the key are checked before the body is read; the image is decoded under limits
//! and stored re-encoded without metadata, pending review before it is public.

use super::views::{spending_view, SpendingView};
use crate::api::{actor, idempotency, upload};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::fields::{check_amount, parse_ledger_date};
use crate::domain::crowdfunding::SPENDING_DESCRIPTION_CHARS;
use crate::domain::field_checks;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::service::projects::{self, SpendingInput};
use crate::state::AppState;
use crate::store::Conn;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// The multipart form of a spending.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ProjectSpendingUpload {
    /// A budget line of the project.
    pub budget_line_id: Uuid,
    /// In fen: never beyond what was received and not yet spent, nor beyond the line.
    pub amount_fen: i64,
    /// What was bought: 1–200 characters, published.
    pub description: String,
    /// When (YYYY-MM-DD), not in the future.
    pub spent_on: String,
    /// The receipt: a JPEG, PNG or WebP image, at most 5 MB. Its metadata (EXIF, GPS) is not kept.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

const PARTS: [&str; 4] = ["budget_line_id", "amount_fen", "description", "spent_on"];

fn parse_input(text: &BTreeMap<String, String>) -> ApiResult<SpendingInput> {
    let mut errors = Vec::new();
    let get = |name: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        let v = text.get(name).map(|s| s.trim().to_owned());
        if v.is_none() {
            errors.push(FieldError::new(name, "required", "this field is required"));
        }
        v
    };
    let line = get("budget_line_id", &mut errors).and_then(|v| {
        Uuid::parse_str(&v)
            .map_err(|_| {
                errors.push(FieldError::new("budget_line_id", "invalid_uuid", "a UUID"));
            })
            .ok()
    });
    let amount = get("amount_fen", &mut errors).and_then(|v| match v.parse::<i64>() {
        Ok(n) => {
            check_amount("amount_fen", n, &mut errors);
            Some(n)
        }
        Err(_) => {
            errors.push(FieldError::new(
                "amount_fen",
                "invalid_value",
                "a whole number of fen",
            ));
            None
        }
    });
    let description = get("description", &mut errors);
    if let Some(d) = &description {
        field_checks::text(
            "description",
            d,
            SPENDING_DESCRIPTION_CHARS,
            true,
            &mut errors,
        );
    }
    let today = Utc::now().date_naive();
    let date = get("spent_on", &mut errors)
        .and_then(|v| parse_ledger_date("spent_on", &v, today, &mut errors));
    match (line, amount, description, date) {
        (Some(budget_line_id), Some(amount_fen), Some(description), Some(spent_on))
            if errors.is_empty() =>
        {
            Ok(SpendingInput {
                budget_line_id,
                amount_fen,
                description,
                spent_on,
            })
        }
        _ => Err(ApiError::validation(errors)),
    }
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/spending", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Required: a UUID; a replay returns the stored answer")),
    request_body(content = ProjectSpendingUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Recorded on the ledger; the receipt image stored re-encoded (JPEG, no metadata), `pending` until an official of the county publishes it", body = SpendingView),
        (status = 400, description = "`unsupported_image_type`, `invalid_image`, `image_too_large`, `bad_multipart`, `idempotency_key_missing`, `idempotency_key_invalid` or `validation_failed` (`unknown_budget_line`…)", body = crate::error::Problem),
        (status = 403, description = "Not a user of the host organization", body = crate::error::Problem),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
        (status = 409, description = "`exceeds_received` (with `balance_fen`), `exceeds_budget_line` (with `remaining_fen`), `project_not_open`, `duplicate_receipt` (the same image is on the project already), `idempotency_key_reused`, `idempotency_request_in_flight`", body = crate::error::Problem),
        (status = 413, description = "`file_too_large`: more than 5 MB", body = crate::error::Problem),
    )
)]
pub async fn record_spending(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let project_id = *id;
    if idempotency::key_of(&req)?.is_none() {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyMissing,
            "send an Idempotency-Key header (a UUID)",
        ));
    }
    {
        let mut conn = state.pool.get().await?;
        let actor = actor::load(&mut conn, Some(&auth)).await?;
        projects::check_can_spend(&mut conn, &actor, project_id).await?;
    }
    let form = upload::read_form(payload, "file", &PARTS).await?;
    let print =
        json!({ "parts": form.text, "file_sha256": hex::encode(Sha256::digest(&form.file)) });
    let input = parse_input(&form.text)?;
    let image = state.images.accept(form.file).await?;
    // The bytes are stored before a connection is taken, and removed again unless this request
    // recorded the row (a refusal, a replay, a failure).
    let stored = projects::store_image(state.media.as_ref(), &image).await?;
    let answer = idempotency::run(
        &state,
        &auth,
        &req,
        &print,
        true,
        async |conn: &mut Conn| {
            let actor = actor::load(conn, Some(&auth)).await?;
            let row =
                projects::add_spending(conn, &auth, &actor, project_id, &input, &image, &stored)
                    .await?;
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(spending_view(row, true)).map_err(ApiError::internal)?,
            ))
        },
    )
    .await;
    let recorded = matches!(&answer, Ok(r) if r.status() == StatusCode::CREATED
        && !r.headers().contains_key(idempotency::REPLAYED));
    if !recorded {
        projects::remove_bytes(state.media.as_ref(), &stored.1).await;
    }
    answer
}
