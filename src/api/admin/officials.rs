//! `POST /api/v1/admin/officials`: an admin appoints an official with a jurisdiction.

use crate::api::auth::register::conflict;
use crate::api::extract::Body;
use crate::api::idempotency;
use crate::api::me::account_view;
use crate::api::views::AccountView;
use crate::auth::AuthUser;
use crate::domain::{text, Email, Password, RegionCode, Role};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::Conn;
use crate::store::{audit, regions, users};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOfficialRequest {
    #[schema(
        max_length = 254,
        pattern = r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
    )]
    pub email: String,
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(
        min_length = 1,
        max_length = 60,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"
    )]
    pub display_name: String,
    /// Any region code from province (2 digits) to village (12 digits).
    pub jurisdiction_code: String,
}

#[utoipa::path(
    post, path = "/api/v1/admin/officials", tag = "admin",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = CreateOfficialRequest,
    responses(
        (status = 201, description = "Official created", body = AccountView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not an admin", body = crate::error::Problem),
        (status = 409, description = "email_taken", body = crate::error::Problem),
    )
)]
pub async fn create_official(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateOfficialRequest>,
) -> ApiResult<HttpResponse> {
    auth.require_role(&[Role::Admin])?;
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        create(conn, &state.hashing, &auth, input).await
    })
    .await
}

async fn create(
    conn: &mut Conn,
    hashing: &crate::auth::password_hash::HashLimiter,
    auth: &AuthUser,
    input: CreateOfficialRequest,
) -> ApiResult<(StatusCode, Value)> {
    let mut errors = Vec::new();
    let email = Email::parse(&input.email)
        .map_err(|m| errors.push(FieldError::new("email", "invalid_email", m)))
        .ok();
    let password = Password::parse(&input.password)
        .map_err(|e| errors.push(FieldError::new("password", e.code(), e.message())))
        .ok();
    let display_name = text::bounded(&input.display_name, 1, 60)
        .map_err(|(c, m)| errors.push(FieldError::new("display_name", c, m)))
        .ok();
    let region = RegionCode::parse(&input.jurisdiction_code)
        .map_err(|m| {
            errors.push(FieldError::new(
                "jurisdiction_code",
                "invalid_region_code",
                m,
            ))
        })
        .ok();
    let (Some(email), Some(password), Some(display_name), Some(region)) =
        (email, password, display_name, region)
    else {
        return Err(ApiError::validation(errors));
    };
    if regions::find(conn, &region).await?.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "jurisdiction_code",
            "unknown_region",
            "no region has this code",
        )]));
    }
    // Hashed inside the request's transaction: an admin appoints officials rarely, and the key's
    // answer must be written with the account.
    let hash = hashing.hash(password.expose().to_owned()).await?;
    let admin_id = auth.id;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let user = users::insert(
                conn,
                &users::NewUser {
                    id: Uuid::new_v4(),
                    email: email.as_str(),
                    password_hash: &hash,
                    display_name: &display_name,
                    role: Role::Official,
                    organization_id: None,
                    household_id: None,
                    email_verified_at: Some(chrono::Utc::now()),
                },
            )
            .await
            .map_err(|e| {
                conflict(
                    e,
                    users::EMAIL_UNIQUE,
                    ErrorCode::EmailTaken,
                    "an account with this email exists",
                )
            })?;
            users::insert_jurisdiction(
                conn,
                &users::NewJurisdiction {
                    official_id: user.id,
                    region_code: region.as_str(),
                    granted_by: Some(admin_id),
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(admin_id),
                    action: "official.appointed",
                    subject_type: "user",
                    subject_id: user.id,
                    details: serde_json::json!({ "jurisdiction": region.as_str() }),
                },
            )
            .await?;
            account_view(conn, user).await
        })
        .await?;
    tracing::info!(official_id = %view.id, jurisdiction = %region, "official appointed");
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view).map_err(ApiError::internal)?,
    ))
}
