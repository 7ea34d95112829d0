//! `POST /api/v1/products/{id}/certify`: an official of the seller's county certifies the product
//! (扶贫产品认定: it is listed) or rejects it with a reason. Two people: never the official who
//! registered the seller or listed the product for it (403 `second_official_required`).

use super::views::{view, ProductView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::product_fields::REASON_CHARS;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::products::{self, Certification};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CertifyRequest {
    /// `approve` or `reject`.
    pub decision: String,
    /// Required to reject (the seller sees it); optional when approving. Up to 500 characters.
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/products/{id}/certify", tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CertifyRequest,
    responses(
        (status = 200, description = "Decided: listed, or rejected with the reason", body = ProductView),
        (status = 400, description = "An unknown decision, or a rejection without a reason", body = crate::error::Problem),
        (status = 403, description = "Not an official of the seller's county, or `second_official_required`", body = crate::error::Problem),
        (status = 404, description = "No such product for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition: not waiting for certification", body = crate::error::Problem),
    )
)]
pub async fn certify_product(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CertifyRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let reason = body.reason.as_deref().and_then(|r| {
        text::bounded(r, REASON_CHARS.0, REASON_CHARS.1)
            .map_err(|(c, m)| errors.push(FieldError::new("reason", c, m)))
            .ok()
    });
    let approve = match body.decision.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "invalid_decision",
                "`approve` or `reject`",
            ));
            None
        }
    };
    if approve == Some(false) && body.reason.is_none() {
        errors.push(FieldError::new(
            "reason",
            "required",
            "a rejection says why",
        ));
    }
    let decision = match (approve, reason.as_deref()) {
        (Some(true), r) if errors.is_empty() => Certification::Approve { reason: r },
        (Some(false), Some(r)) if errors.is_empty() => Certification::Reject { reason: r },
        _ => return Err(ApiError::validation(errors)),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let product = products::certify(&mut conn, &auth, &actor, *id, decision).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, product).await?))
}
