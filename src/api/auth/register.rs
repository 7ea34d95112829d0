//! `POST /api/v1/auth/register`: households, donors, enterprises and social organizations sign up.

use crate::api::views::{AccountView, HouseholdView, OrganizationView};
use crate::auth::password_hash;
use crate::domain::{text, CreditCode, Email, IdNumber, Password, RegionCode, RegionLevel, Role};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{self, audit, households, organizations, regions, users};
use actix_web::{web, HttpResponse};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    pub email: String,
    /// At least 10 characters, not a common password.
    pub password: String,
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdInput {
    pub head_name: String,
    /// The village's 12-digit code.
    pub region_code: String,
    /// Resident ID number (GB 11643); stored only as a digest and a masked form.
    pub id_number: Option<String>,
    /// Mainland mobile number.
    pub phone: Option<String>,
    pub size: Option<i16>,
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

pub struct ValidHousehold {
    pub head_name: String,
    pub region: RegionCode,
    pub id_number: Option<IdNumber>,
    pub phone: Option<String>,
    pub size: Option<i16>,
}

/// Checks a household's fields, reporting under `prefix` (`household.` for registration).
pub fn validate_household(
    input: &HouseholdInput,
    prefix: &str,
    errors: &mut Vec<FieldError>,
) -> Option<ValidHousehold> {
    let field = |f: &str| format!("{prefix}{f}");
    let head_name = text::bounded(&input.head_name, 1, 50)
        .map_err(|(c, m)| errors.push(FieldError::new(&field("head_name"), c, m)))
        .ok();
    let region = match RegionCode::parse(&input.region_code) {
        Ok(r) if r.level() == RegionLevel::Village => Some(r),
        Ok(_) => {
            errors.push(FieldError::new(
                &field("region_code"),
                "not_a_village",
                "give the 12-digit code of the village",
            ));
            None
        }
        Err(m) => {
            errors.push(FieldError::new(
                &field("region_code"),
                "invalid_region_code",
                m,
            ));
            None
        }
    };
    let id_number = match input
        .id_number
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => Some(None),
        Some(s) => IdNumber::parse(s)
            .map(Some)
            .map_err(|e| errors.push(FieldError::new(&field("id_number"), e.code(), e.message())))
            .ok(),
    };
    let phone = match input
        .phone
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => Some(None),
        Some(p)
            if p.len() == 11
                && p.starts_with('1')
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.as_bytes()[1] >= b'3' =>
        {
            Some(Some(p.to_owned()))
        }
        Some(_) => {
            errors.push(FieldError::new(
                &field("phone"),
                "invalid_phone",
                "a mainland mobile number has 11 digits starting 13–19",
            ));
            None
        }
    };
    if let Some(size) = input.size {
        if !(1..=30).contains(&size) {
            errors.push(FieldError::new(
                &field("size"),
                "out_of_range",
                "a household has 1 to 30 members",
            ));
        }
    }
    Some(ValidHousehold {
        head_name: head_name?,
        region: region?,
        id_number: id_number?,
        phone: phone?,
        size: input.size,
    })
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
            (Some(h), true) => household = validate_household(h, "household.", &mut errors),
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
        (status = 409, description = "email_taken, credit_code_taken or id_number_taken", body = crate::error::Problem),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let valid = validate(&body)?;
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
    let password_hash = password_hash::hash_blocking(valid.password.expose().to_owned())
        .await
        .map_err(ApiError::internal)?;

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
            let household = match &valid.household {
                Some(h) => Some(
                    households::insert(
                        conn,
                        &households::NewHousehold {
                            id: Uuid::new_v4(),
                            head_name: &h.head_name,
                            region_code: h.region.as_str(),
                            id_number_digest: h.id_number.as_ref().map(IdNumber::digest),
                            id_number_masked: h.id_number.as_ref().map(IdNumber::masked),
                            phone: h.phone.as_deref(),
                            size: h.size,
                        },
                    )
                    .await
                    .map_err(|e| {
                        conflict(
                            e,
                            households::ID_NUMBER_UNIQUE,
                            ErrorCode::IdNumberTaken,
                            "this ID number already belongs to a household",
                        )
                    })?,
                ),
                None => None,
            };
            let user = users::insert(
                conn,
                &users::NewUser {
                    id: user_id,
                    email: valid.email.as_str(),
                    password_hash: &password_hash,
                    display_name: &valid.display_name,
                    role: role.as_str(),
                    organization_id: organization.as_ref().map(|o| o.id),
                    household_id: household.as_ref().map(|h| h.id),
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
                    actor_id: Some(user.id),
                    action: "account.registered",
                    subject_type: "user",
                    subject_id: user.id,
                    details: serde_json::json!({ "role": role.as_str() }),
                },
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
