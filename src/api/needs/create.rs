//! `POST /api/v1/needs`: a household posts a need for itself, or an official for a household of its
//! jurisdiction. The need waits for review (`pending_review`).

use super::views::{view_one, NeedView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::{household_access, Access, Actor};
use crate::domain::need::{content_from, NeedFields};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::{audit, households, needs};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::{json, Value};
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
    idempotency::run(&state, &auth, &req, &raw, false, || {
        create(&state, &auth, input)
    })
    .await
}

async fn create(
    state: &AppState,
    auth: &AuthUser,
    input: CreateNeedRequest,
) -> ApiResult<(StatusCode, Value)> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(auth)).await?;
    let household_id = match (&actor, input.household_id) {
        (Actor::Household { household_id, .. }, None) => *household_id,
        (Actor::Household { household_id, .. }, Some(h)) if h == *household_id => h,
        (Actor::Household { .. }, Some(_)) => {
            return Err(ApiError::forbidden(
                "a household posts needs for itself only",
            ))
        }
        (Actor::Official { .. }, Some(h)) => h,
        (Actor::Official { .. }, None) => {
            return Err(ApiError::validation(vec![FieldError::new(
                "household_id",
                "required",
                "officials post for a household: give its id",
            )]))
        }
        _ => {
            return Err(ApiError::forbidden(
                "only households and officials post needs",
            ))
        }
    };
    let now = Utc::now();
    let mut errors = Vec::new();
    let fields = NeedFields {
        title: input.title,
        description: input.description,
        category: input.category,
        quantity: input.quantity,
        unit: input.unit,
        estimated_value_fen: input.estimated_value_fen,
        urgency: input.urgency,
        deadline: input.deadline,
    };
    let content = content_from(&fields, now, &mut errors);
    let household = households::find(&mut conn, household_id).await?;
    let household = match household {
        Some(h)
            if household_access(
                &actor,
                h.id,
                &RegionCode::from_trusted(h.region_code.clone()),
            ) == Access::Manage =>
        {
            h
        }
        // A household outside the official's jurisdiction is one it cannot see.
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "household_id",
                "unknown_household",
                "no household with this id in your jurisdiction",
            )]))
        }
    };
    match input.region_code.as_deref().map(RegionCode::parse) {
        None => errors.push(FieldError::new(
            "region_code",
            "required",
            "this field is required",
        )),
        Some(Err(m)) => errors.push(FieldError::new("region_code", "invalid_region_code", m)),
        Some(Ok(r)) if r.as_str() != household.region_code => errors.push(FieldError::new(
            "region_code",
            "region_mismatch",
            "a need is located in its household's village",
        )),
        Some(Ok(_)) => {}
    }
    let content = match content {
        Some(c) if errors.is_empty() => c,
        _ => return Err(ApiError::validation(errors)),
    };
    let posted_by = auth.id;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let need = needs::insert(
                conn,
                &needs::NewNeed {
                    id: Uuid::new_v4(),
                    household_id: household.id,
                    region_code: &household.region_code,
                    posted_by,
                    title: &content.title,
                    description: &content.description,
                    category: content.category.as_str(),
                    urgency: content.urgency.as_str(),
                    quantity: content.quantity,
                    unit: &content.unit,
                    estimated_value_fen: content.estimated_value_fen,
                    deadline: content.deadline,
                    status: "pending_review",
                    rejection_reason: None,
                    published_at: None,
                    created_at: now,
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    actor_id: Some(posted_by),
                    action: "need.posted",
                    subject_type: "need",
                    subject_id: need.id,
                    details: json!({ "role": auth.role.as_str(), "from": null, "to": need.status, "category": need.category, "quantity": need.quantity, "region": need.region_code }),
                },
            )
            .await?;
            view_one(conn, need, true).await
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view).map_err(ApiError::internal)?,
    ))
}
