//! `POST /api/v1/households`: an official of the village creates the profile of a household without a
//! phone. The profile has no login; the official posts needs for it. The official enters the ID
//! number from the papers, so it is confirmed at once (and 409 `id_number_taken` goes to the official).

use crate::api::extract::Body;
use crate::api::views::HouseholdView;
use crate::api::{actor, auth::register::conflict, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::household::{validate_household, HouseholdInput};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::Conn;
use crate::store::{audit, household_ids, households, regions};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use diesel_async::AsyncConnection;
use serde_json::{json, Value};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/households", tag = "households",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = HouseholdInput,
    responses(
        (status = 201, description = "Profile created", body = HouseholdView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not an official, or the village is outside the jurisdiction", body = crate::error::Problem),
        (status = 409, description = "id_number_taken", body = crate::error::Problem),
    )
)]
pub async fn create_household(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<HouseholdInput>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    // The answer names the household: the key keeps only its id, and a replay reads it afresh.
    idempotency::run_by_reference(
        &state,
        &auth,
        &req,
        &raw,
        false,
        replay,
        async |conn: &mut Conn| create(conn, &auth, &state.id_digest_key, input).await,
    )
    .await
}

fn replay<'c>(
    conn: &'c mut Conn,
    auth: &'c AuthUser,
    id: Uuid,
) -> futures_util::future::BoxFuture<'c, ApiResult<Value>> {
    Box::pin(async move {
        let actor = actor::load(conn, Some(auth)).await?;
        let household = super::load_visible(conn, &actor, id).await?;
        serde_json::to_value(HouseholdView::from(household)).map_err(ApiError::internal)
    })
}

async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    id_key: &crate::domain::id_number::IdDigestKey,
    input: HouseholdInput,
) -> ApiResult<(StatusCode, Value)> {
    let actor = actor::load(conn, Some(auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden(
            "officials create household profiles; households register themselves",
        ));
    };
    let mut errors = Vec::new();
    let valid = validate_household(&input, "", &mut errors);
    let Some(valid) = valid.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    if !jurisdiction.covers(&valid.region) {
        return Err(ApiError::forbidden(
            "the village is outside your jurisdiction",
        ));
    }
    if regions::find(conn, &valid.region).await?.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "region_code",
            "unknown_region",
            "no village has this code",
        )]));
    }
    let official = auth.id;
    let household = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let row = valid.new_row(Uuid::new_v4(), Some(official), id_key);
            let h = households::insert(conn, &row).await?;
            household_ids::confirm(conn, h.id, official, chrono::Utc::now())
                .await
                .map_err(|e| {
                    conflict(
                        e,
                        households::ID_NUMBER_UNIQUE,
                        ErrorCode::IdNumberTaken,
                        "this ID number already belongs to a household",
                    )
                })?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&h.region_code),
                    actor_id: Some(official),
                    action: "household.created",
                    subject_type: "household",
                    subject_id: h.id,
                    details: json!({ "region": h.region_code }),
                },
            )
            .await?;
            Ok(h)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(HouseholdView::from(household)).map_err(ApiError::internal)?,
    ))
}
