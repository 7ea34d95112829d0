//! Every problem answer of every operation, added to the document in one place.
//!
//! Handlers document their success and the answers particular to them; what follows from an
//! operation's shape (a bearer token, an id in the path, a query, a JSON body, an `Idempotency-Key`,
//! the database behind it) is the same everywhere, so it is derived here instead of repeated in sixty
//! attributes. The answers particular to an operation are listed once more in [`PARTICULAR`], as
//! codes of the one table in [`crate::error`], so each response names the codes it can carry. Every
//! error response is `application/problem+json` with the [`Problem`](crate::error::Problem) schema.

use crate::error::ErrorCode::{self, *};
use std::collections::BTreeMap;
use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, Schema, SchemaFormat, SchemaType, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Response};
use utoipa::Modify;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// The codes an operation answers beyond those its shape implies, by operation id.
const PARTICULAR: &[(&str, &[ErrorCode])] = &[
    (
        "register",
        &[EmailTaken, CreditCodeTaken, TooManyAttempts, Overloaded],
    ),
    ("login", &[InvalidCredentials, TooManyAttempts, Overloaded]),
    ("refresh", &[InvalidRefreshToken, RefreshTokenReused]),
    ("logout", &[InvalidRefreshToken]),
    ("verify_email", &[InvalidMailToken, MailTokenExpired]),
    ("resend_verification", &[TooManyAttempts]),
    (
        "password_reset_confirm",
        &[InvalidMailToken, MailTokenExpired, Overloaded],
    ),
    ("get_notifications", &[NotFound]),
    ("update_notifications", &[NotFound]),
    ("create_official", &[Forbidden, EmailTaken, Overloaded]),
    ("list_jobs", &[Forbidden, ValidationFailed]),
    ("retry_job", &[Forbidden, InvalidTransition]),
    ("list_organizations", &[Forbidden]),
    ("verify_organization", &[Forbidden]),
    ("get_region", &[InvalidRegionCode, RegionNotFound]),
    ("list_regions", &[InvalidRegionCode, RegionNotFound]),
    ("stats", &[InvalidRegionCode, RegionNotFound]),
    ("sales_stats", &[InvalidRegionCode, RegionNotFound]),
    ("create_household", &[Forbidden, IdNumberTaken]),
    ("update_household", &[Forbidden, IdNumberTaken]),
    ("create_need", &[Forbidden]),
    ("list_needs", &[Forbidden, ValidationFailed]),
    (
        "update_need",
        &[Forbidden, NeedNotEditable, InvalidTransition],
    ),
    (
        "withdraw_need",
        &[Forbidden, NeedHasPledges, InvalidTransition],
    ),
    (
        "review_need",
        &[
            Forbidden,
            SecondOfficialRequired,
            NeedAlreadyReviewed,
            NeedChanged,
        ],
    ),
    ("review_queue", &[Forbidden]),
    ("my_needs", &[Forbidden]),
    ("upload_evidence", &[InvalidTransition, TooManyFiles]),
    ("delete_evidence", &[Forbidden]),
    (
        "search_needs",
        &[ValidationFailed, InvalidRegionCode, SearchUnavailable],
    ),
    ("need_matches", &[NeedNotOpen, SearchUnavailable]),
    (
        "create_pledge",
        &[
            IdempotencyKeyMissing,
            Forbidden,
            EmailUnverified,
            NeedNotOpen,
            InsufficientRemaining,
            OfferInsufficient,
        ],
    ),
    ("approve_pledge", &[Forbidden, InvalidTransition]),
    ("reject_pledge", &[Forbidden, InvalidTransition]),
    (
        "deliver_pledge",
        &[
            Forbidden,
            InvalidTransition,
            WrongReceiptCode,
            ReceiptCodeLocked,
        ],
    ),
    ("cancel_pledge", &[Forbidden, InvalidTransition]),
    (
        "confirm_pledge",
        &[Forbidden, SecondOfficialRequired, InvalidTransition],
    ),
    ("my_pledges", &[Forbidden, ValidationFailed]),
    ("pledges_in_scope", &[Forbidden, ValidationFailed]),
    ("pledge_queue", &[Forbidden]),
    ("create_complaint", &[NotFound]),
    (
        "resolve_complaint",
        &[Forbidden, SecondOfficialRequired, InvalidTransition],
    ),
    ("complaint_queue", &[Forbidden]),
    ("create_offer", &[Forbidden, EmailUnverified]),
    ("update_offer", &[Forbidden, InvalidTransition]),
    ("withdraw_offer", &[Forbidden, InvalidTransition]),
    (
        "search_offers",
        &[ValidationFailed, InvalidRegionCode, SearchUnavailable],
    ),
    (
        "search_products",
        &[ValidationFailed, InvalidRegionCode, SearchUnavailable],
    ),
    ("search_jobs", &[ValidationFailed, SearchUnavailable]),
    ("offer_matches", &[OfferNotActive, SearchUnavailable]),
    (
        "allocate_offer",
        &[
            IdempotencyKeyMissing,
            Forbidden,
            EmailUnverified,
            OfferNotActive,
            SearchUnavailable,
        ],
    ),
    ("create_product", &[Forbidden, EmailUnverified]),
    (
        "update_product",
        &[Forbidden, InvalidTransition, StockChanged],
    ),
    ("add_product_image", &[Forbidden, TooManyImages]),
    ("delete_product_image", &[Forbidden]),
    ("media", &[NotFound]),
    ("product_queue", &[Forbidden]),
    ("my_contribution", &[Forbidden]),
    ("delist_product", &[Forbidden, InvalidTransition]),
    (
        "certify_product",
        &[Forbidden, SecondOfficialRequired, InvalidTransition],
    ),
    (
        "create_order",
        &[
            IdempotencyKeyMissing,
            Forbidden,
            EmailUnverified,
            InsufficientStock,
            ProductNotListed,
        ],
    ),
    ("my_orders", &[ValidationFailed]),
    ("my_sales", &[ValidationFailed]),
    ("mark_order_paid", &[Forbidden, InvalidTransition]),
    ("ship_order", &[Forbidden, InvalidTransition]),
    ("cancel_order", &[Forbidden, InvalidTransition]),
    ("receive_order", &[Forbidden, InvalidTransition]),
    ("create_campaign", &[Forbidden]),
    ("list_campaigns", &[ValidationFailed]),
    (
        "pledge_fund",
        &[
            Forbidden,
            OrganizationUnverified,
            EmailUnverified,
            CampaignEnded,
        ],
    ),
    ("campaign_progress", &[ValidationFailed]),
];

/// Public operations that also read a bearer token when one is sent (owners and officials see more);
/// a token that is sent but invalid is refused rather than ignored.
const OPTIONAL_AUTH: &[&str] = &[
    "get_need",
    "get_offer",
    "need_pledges",
    "get_job",
    "get_story",
    "need_stories",
    "get_project",
];

/// Operations that never wait for a database connection; `readyz` reports an unreachable database
/// in its own 503 body.
const NO_DATABASE: &[&str] = &["healthz", "readyz", "metrics"];

pub struct ProblemResponses;

impl Modify for ProblemResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                document(operation);
            }
        }
    }
}

/// Every problem code the operation can answer, in the order of first mention.
pub fn codes_of(operation: &Operation) -> Vec<ErrorCode> {
    let id = operation.operation_id.as_deref().unwrap_or_default();
    let params = operation.parameters.as_deref().unwrap_or_default();
    let mut codes = Vec::new();
    if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
        if OPTIONAL_AUTH.contains(&id) {
            codes.extend([InvalidToken, TokenExpired]);
        } else {
            codes.extend([Unauthenticated, InvalidToken, TokenExpired]);
        }
    }
    // An id in the path: malformed (400), or naming nothing the caller may see (404).
    if params
        .iter()
        .any(|p| p.parameter_in == ParameterIn::Path && !is_plain_string(p))
    {
        codes.extend([BadPath, NotFound]);
    }
    if params.iter().any(|p| p.parameter_in == ParameterIn::Query) {
        codes.push(BadQuery);
        if params.iter().any(|p| p.name == "per_page") {
            codes.push(ValidationFailed);
        }
    }
    if operation
        .request_body
        .as_ref()
        .is_some_and(super::uploads::is_multipart)
    {
        codes.extend_from_slice(super::uploads::CODES);
    } else if operation.request_body.is_some() {
        codes.extend([
            BadJson,
            UnknownField,
            ValidationFailed,
            PayloadTooLarge,
            UnsupportedMediaType,
        ]);
    }
    if params.iter().any(is_idempotency_key) {
        codes.extend([
            IdempotencyKeyInvalid,
            IdempotencyKeyReused,
            IdempotencyRequestInFlight,
        ]);
    }
    if let Some((_, particular)) = PARTICULAR
        .iter()
        .chain(super::problems_stories::PARTICULAR)
        .chain(super::problems_jobs::JOBS)
        .chain(super::project_problems::PROJECTS)
        .find(|(op, _)| *op == id)
    {
        codes.extend_from_slice(particular);
    }
    if !NO_DATABASE.contains(&id) {
        codes.push(Unavailable);
    }
    let mut unique = Vec::with_capacity(codes.len());
    for code in codes {
        if !unique.contains(&code) {
            unique.push(code);
        }
    }
    unique
}

fn document(operation: &mut Operation) {
    let id = operation.operation_id.clone().unwrap_or_default();
    if OPTIONAL_AUTH.contains(&id.as_str()) {
        operation.security = Some(vec![
            SecurityRequirement::default(),
            SecurityRequirement::new("bearer", Vec::<String>::new()),
        ]);
    }
    if let Some(params) = operation.parameters.as_mut() {
        for param in params.iter_mut().filter(|p| is_idempotency_key(p)) {
            param.schema = Some(RefOr::T(Schema::Object(
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .build(),
            )));
        }
    }
    let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
    for code in codes_of(operation) {
        by_status
            .entry(code.status().as_u16())
            .or_default()
            .push(code);
    }
    let responses = &mut operation.responses.responses;
    // Answers the handler documents with the Problem schema are problem documents on the wire.
    for response in responses.values_mut() {
        if let RefOr::T(response) = response {
            if let Some(content) = response.content.shift_remove("application/json") {
                if is_problem(&content) {
                    response.content.insert(PROBLEM_JSON.to_owned(), content);
                } else {
                    response
                        .content
                        .insert("application/json".to_owned(), content);
                }
            }
        }
    }
    for (status, codes) in by_status {
        let key = status.to_string();
        match responses.get_mut(&key) {
            Some(RefOr::T(response)) => {
                let missing: Vec<_> = codes
                    .iter()
                    .filter(|c| !response.description.contains(c.as_str()))
                    .map(|c| format!("`{}`", c.as_str()))
                    .collect();
                if !missing.is_empty() {
                    response.description =
                        format!("{} (also {})", response.description, missing.join(", "));
                }
                if !response.content.contains_key(PROBLEM_JSON) {
                    response
                        .content
                        .insert(PROBLEM_JSON.to_owned(), problem_content());
                }
            }
            Some(RefOr::Ref(_)) => {}
            None => {
                let description = codes
                    .iter()
                    .map(|c| format!("`{}`: {}", c.as_str(), c.title()))
                    .collect::<Vec<_>>()
                    .join("; ");
                let mut response = Response::new(description);
                response
                    .content
                    .insert(PROBLEM_JSON.to_owned(), problem_content());
                responses.insert(key, RefOr::T(response));
            }
        }
    }
}

fn problem_content() -> Content {
    Content::new(Some(Ref::from_schema_name("Problem")))
}

fn is_problem(content: &Content) -> bool {
    matches!(&content.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem"))
}

fn is_idempotency_key(param: &Parameter) -> bool {
    param.parameter_in == ParameterIn::Header && param.name.eq_ignore_ascii_case("idempotency-key")
}

/// A path parameter any text satisfies (a region code is checked by its handler, with its own code).
fn is_plain_string(param: &Parameter) -> bool {
    match &param.schema {
        Some(RefOr::T(Schema::Object(o))) => {
            o.schema_type == SchemaType::Type(Type::String) && o.format.is_none()
        }
        _ => false,
    }
}

#[cfg(test)]
#[path = "problems_tests.rs"]
mod tests;
