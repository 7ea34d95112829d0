//! `POST /api/v1/needs`: a household posts a need for itself, or an official for a household of its
//! jurisdiction. The need waits for review (`pending_review`).

use super::views::{view_one, NeedView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::need_fields::NeedFields;
use crate::error::{ApiError, ApiResult};
use crate::service::needs::{self, NeedDraft};
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNeedRequest {
    /// 4–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    pub category: Option<String>,
    pub quantity: Option<i64>,
    /// 1–10 characters: 台, 袋, 人次…
    pub unit: Option<String>,
    /// In fen (分), 0–1,000,000,000.
    pub estimated_value_fen: Option<i64>,
    pub urgency: Option<String>,
    /// RFC 3339, in the future and within a year.
    pub deadline: Option<String>,
    /// The household's village (12 digits); must be the household's own.
    pub region_code: Option<String>,
    /// Required when an official posts; a household posts for itself.
    pub household_id: Option<Uuid>,
}

#[utoipa::path(
    post, path = "/api/v1/needs", tag = "needs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = CreateNeedRequest,
    responses(
        (status = 201, description = "Posted, waiting for review", body = NeedView),
        (status = 400, description = "Invalid fields, each reported", body = crate::error::Problem),
        (status = 403, description = "Not a household or an official of the household's village", body = crate::error::Problem),
    )
)]
pub async fn create_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateNeedRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        create(conn, &auth, input).await
    })
    .await
}

async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    input: CreateNeedRequest,
) -> ApiResult<(StatusCode, Value)> {
    let actor = actor::load(conn, Some(auth)).await?;
    let draft = NeedDraft {
        fields: NeedFields {
            title: input.title,
            description: input.description,
            category: input.category,
            quantity: input.quantity,
            unit: input.unit,
            estimated_value_fen: input.estimated_value_fen,
            urgency: input.urgency,
            deadline: input.deadline,
        },
        region_code: input.region_code,
        household_id: input.household_id,
    };
    let need = needs::create(conn, auth, &actor, draft, Utc::now()).await?;
    let view = view_one(conn, need, true).await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view).map_err(ApiError::internal)?,
    ))
}
