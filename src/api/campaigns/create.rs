//! `POST /api/v1/campaigns`: an admin, or an official of a city or a province for regions inside its
//! jurisdiction, opens a campaign. An `Idempotency-Key` is honoured.

use super::views::{view, CampaignView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::campaign::CampaignFields;
use crate::error::{ApiError, ApiResult};
use crate::service::campaigns;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;

#[utoipa::path(
    post, path = "/api/v1/campaigns", tag = "campaigns",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = CampaignFields,
    responses(
        (status = 201, description = "Opened: public at once; matches are drawn during its period", body = CampaignView),
        (status = 400, description = "Invalid fields, every violation at once (`unknown_region` for a region that does not exist)", body = crate::error::Problem),
        (status = 403, description = "Not an admin nor an official of a city or province; a region outside the official's jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn create_campaign(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CampaignFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let actor = actor::load(conn, Some(&auth)).await?;
        let now = Utc::now();
        let c = campaigns::create(conn, &auth, &actor, &input, now).await?;
        let v = view(conn, c, now).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(v).map_err(ApiError::internal)?,
        ))
    })
    .await
}
