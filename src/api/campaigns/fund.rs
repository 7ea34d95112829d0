//! `POST /api/v1/campaigns/{id}/funds`: a verified enterprise pledges a matching fund before the
//! campaign ends. An `Idempotency-Key` is honoured.

use super::views::FundView;
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::campaign::FundFields;
use crate::error::{ApiError, ApiResult};
use crate::service::campaigns;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/funds", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = FundFields,
    responses(
        (status = 201, description = "Pledged: donors' confirmed pledges in scope draw from it until the cap", body = FundView),
        (status = 400, description = "Invalid `ratio` or `cap_fen`, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Not an enterprise; `organization_unverified`; `email_unverified`", body = crate::error::Problem),
        (status = 404, description = "No such campaign", body = crate::error::Problem),
        (status = 409, description = "`campaign_ended`: funds are pledged before the campaign ends", body = crate::error::Problem),
    )
)]
pub async fn pledge_fund(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<FundFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let id = *id;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let actor = actor::load(conn, Some(&auth)).await?;
        let fund = campaigns::pledge_fund(conn, &auth, &actor, id, &input, Utc::now()).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(FundView::from(fund)).map_err(ApiError::internal)?,
        ))
    })
    .await
}
