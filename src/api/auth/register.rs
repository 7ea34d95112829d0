//! `POST /api/v1/auth/register`: households, donors, enterprises and social organizations sign up.
//!
//! A household's ID number is stored unconfirmed and checked for uniqueness only when an official of
//! its village confirms it, so the answer (status, body, time: the password is always hashed) is the
//! same whether or not the number belongs to a registered household: registration cannot be used to
//! learn who is registered as poor. Attempts are limited per client address (429, `Retry-After`).

use crate::api::extract::Body;
use crate::api::views::{AccountView, HouseholdView, OrganizationView};
use crate::domain::household::{validate_household, HouseholdInput, ValidHousehold};
use crate::domain::{text, CreditCode, Email, Password, Role};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{self, audit, households, organizations, regions, users};
use actix_web::{web, HttpRequest, HttpResponse};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use std::time::Instant;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    #[schema(
        max_length = 254,
        pattern = r"^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
    )]
    pub email: String,
    /// At least 10 characters, not a common password.
    #[schema(min_length = 10, max_length = 128)]
    pub password: String,
    #[schema(
        min_length = 1,
        max_length = 60,
        pattern = r"^[^\x00-\x08\x0B-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B-\x1F\x7F-\x9F]*$"
    )]
    pub display_name: String,
    /// household, donor, enterprise or social_org.
    pub role: String,
    /// Required for enterprise and social_org.
    pub organization: Option<OrganizationInput>,
    /// Required for household.
    pub household: Option<HouseholdInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganizationInput {
    pub name: String,
    /// Unified social credit code (GB 32100), 18 characters.
    pub credit_code: String,
}

/// Input that passed every check.
struct ValidRegistration {
    email: Email,
    password: Password,
    display_name: String,
    role: Role,
    organization: Option<(String, CreditCode)>,
    household: Option<ValidHousehold>,
}

fn validate(req: &RegisterRequest) -> Result<ValidRegistration, ApiError> {
    let mut errors = Vec::new();
    let email = Email::parse(&req.email)
        .map_err(|m| errors.push(FieldError::new("email", "invalid_email", m)))
        .ok();
    let password = Password::parse(&req.password)
        .map_err(|e| errors.push(FieldError::new("password", e.code(), e.message())))
        .ok();
    let display_name = text::bounded(&req.display_name, 1, 60)
        .map_err(|(c, m)| errors.push(FieldError::new("display_name", c, m)))
        .ok();
    let role = match req.role.parse::<Role>() {
        Ok(r) if r.can_self_register() => Some(r),
        Ok(_) => {
            errors.push(FieldError::new(
                "role",
                "not_self_registrable",
                "officials and admins are appointed, not registered",
            ));
            None
        }
        Err(()) => {
            errors.push(FieldError::new(
                "role",
                "invalid_role",
                "one of household, donor, enterprise, social_org",
            ));
            None
        }
    };
    let mut organization = None;
    let mut household = None;
    if let Some(role) = role {
        match (&req.organization, role.is_organization()) {
            (Some(org), true) => {
                let name = text::bounded(&org.name, 2, 100)
                    .map_err(|(c, m)| errors.push(FieldError::new("organization.name", c, m)))
                    .ok();
                let code = CreditCode::parse(&org.credit_code)
                    .map_err(|e| {
                        errors.push(FieldError::new(
                            "organization.credit_code",
                            e.code(),
                            e.message(),
                        ))
                    })
                    .ok();
                if let (Some(n), Some(c)) = (name, code) {
                    organization = Some((n, c));
                }
            }
            (None, true) => errors.push(FieldError::new(
                "organization",
                "required",
                "enterprises and social organizations give their name and credit code",
            )),
            (Some(_), false) => errors.push(FieldError::new(
                "organization",
                "not_allowed",
                "only enterprises and social organizations have one",
            )),
            (None, false) => {}
        }
        match (&req.household, role == Role::Household) {
            (Some(h), true) => {
                if h.monitoring_status.is_some() {
                    errors.push(FieldError::new(
                        "household.monitoring_status",
                        "not_allowed",
                        "an official of the village sets the monitoring status",
                    ));
                }
                household = validate_household(h, "household.", &mut errors)
            }
            (None, true) => errors.push(FieldError::new(
                "household",
                "required",
                "a household gives its head's name and village",
            )),
            (Some(_), false) => errors.push(FieldError::new(
                "household",
                "not_allowed",
                "only households have one",
            )),
            (None, false) => {}
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    match (email, password, display_name, role) {
        (Some(email), Some(password), Some(display_name), Some(role)) => Ok(ValidRegistration {
            email,
            password,
            display_name,
            role,
            organization,
            household,
        }),
        _ => Err(ApiError::validation(Vec::new())),
    }
}

#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Account created", body = AccountView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 409, description = "email_taken or credit_code_taken (a household's ID number is never refused here: an official confirms it later)", body = crate::error::Problem),
        (status = 429, description = "too_many_attempts from this address, with Retry-After", body = crate::error::Problem),
        (status = 503, description = "overloaded (too many password hashes at once), with Retry-After", body = crate::error::Problem),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let valid = validate(&body)?;
    state
        .register_throttle
        .reserve(state.client_key(&req), Instant::now())
        .map_err(|wait| {
            ApiError::new(
                ErrorCode::TooManyAttempts,
                format!("too many registrations from this address; try again in {wait} s"),
            )
            .with_retry_after(wait)
        })?;
    let mut conn = state.pool.get().await?;
    if let Some(h) = &valid.household {
        let known = regions::find(&mut conn, &h.region).await?;
        if known.is_none() {
            return Err(ApiError::validation(vec![FieldError::new(
                "household.region_code",
                "unknown_region",
                "no village has this code",
            )]));
        }
    }
    drop(conn);
    let password_hash = state
        .hashing
        .hash(valid.password.expose().to_owned())
        .await?;
    let mut conn = state.pool.get().await?;
    let key = &state.id_digest_key;

    let role = valid.role;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let user_id = Uuid::new_v4();
            let organization = match &valid.organization {
                Some((name, code)) => Some(
                    organizations::insert(
                        conn,
                        &organizations::NewOrganization {
                            id: Uuid::new_v4(),
                            kind: role.as_str(),
                            name,
                            credit_code: code.as_str(),
                        },
                    )
                    .await
                    .map_err(|e| {
                        conflict(
                            e,
                            organizations::CREDIT_CODE_UNIQUE,
                            ErrorCode::CreditCodeTaken,
                            "an organization with this credit code is already registered",
                        )
                    })?,
                ),
                None => None,
            };
            // Unconfirmed: no uniqueness check, whatever the number (see the module comment).
            let household = match &valid.household {
                Some(h) => {
                    Some(households::insert(conn, &h.new_row(Uuid::new_v4(), None, key)).await?)
                }
                None => None,
            };
            let user = users::insert(
                conn,
                &users::NewUser {
                    id: user_id,
                    email: valid.email.as_str(),
                    password_hash: &password_hash,
                    display_name: &valid.display_name,
                    role,
                    organization_id: organization.as_ref().map(|o| o.id),
                    household_id: household.as_ref().map(|h| h.id),
                    email_verified_at: None,
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
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(user.id),
                    action: "account.registered",
                    subject_type: "user",
                    subject_id: user.id,
                    details: serde_json::json!({ "role": role.as_str() }),
                },
            )
            .await?;
            // The verification mail goes out with the account, or not at all.
            crate::mail::notify::enqueue(
                conn,
                crate::mail::templates::MailKind::VerifyEmail,
                user.id,
                serde_json::json!({}),
            )
            .await?;
            let mut view = AccountView::new(user);
            view.organization = organization.map(OrganizationView::from);
            view.household = household.map(HouseholdView::from);
            Ok(view)
        })
        .await?;
    tracing::info!(user_id = %view.id, role = %role, "account registered");
    Ok(HttpResponse::Created().json(view))
}

/// Maps a unique violation of `constraint` to a 409 with `code`; anything else stays internal.
pub fn conflict(
    e: diesel::result::Error,
    constraint: &str,
    code: ErrorCode,
    detail: &str,
) -> ApiError {
    if store::is_unique_violation(&e, constraint) {
        ApiError::new(code, detail)
    } else {
        ApiError::from(e)
    }
}
