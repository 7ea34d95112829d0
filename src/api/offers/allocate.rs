//! `POST /api/v1/offers/{id}/allocate`: the owner spreads an offer over the open needs it matches (the
//! same words and units that meet one for one, see [`crate::matching`]) in a region of its service
//! area — most urgent first, then nearest deadline, then longest waiting — never more than the offer
//! or any need has left. A dry run returns the plan; the owner may keep only some of its rows
//! (`need_ids`), which the server checks again. Otherwise every pledge of the plan is created in one
//! transaction (all or none, each through the pledge rules, `pending_approval`), under one
//! Idempotency-Key for the whole allocation.

use crate::api::extract::Body;
use crate::api::needs::matches::match_error;
use crate::api::needs::views::region_map;
use crate::api::regions::parse_code;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::matching::Reason;
use crate::domain::text;
use crate::domain::unit::UnitFit;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::offers::{
    self, is_public, load_visible, not_active, AllocationSpec, Committed,
};
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

pub const MAX_NEEDS: i64 = 500;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocateRequest {
    /// A region inside the offer's service area; absent: the whole service area.
    pub region_code: Option<String>,
    /// At most this many needs (1–500).
    pub max_needs: i64,
    /// Only plan (default false): nothing is written.
    #[serde(default)]
    pub dry_run: bool,
    /// Shown with each pledge on the need's page (up to 500 characters).
    pub message: Option<String>,
    /// Only these needs (the rows kept from a previewed plan, 1–500): each must still be an open
    /// match of the offer in the region (400, field code `not_a_match`, otherwise); absent: the server's plan.
    #[schema(max_items = 500)]
    pub need_ids: Option<Vec<Uuid>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AllocationItem {
    pub need_id: Uuid,
    pub title: String,
    pub region_code: String,
    /// Province to village.
    pub region_name: String,
    pub urgency: crate::domain::need::Urgency,
    pub deadline: DateTime<Utc>,
    /// The need's unit: `need_remaining` and `quantity` count in it.
    pub unit: String,
    /// How the need's unit meets the offer's: `same` or `one_to_one` (the offer gives as many of its
    /// own), or `converted` (a weight or time of another size: `offer_quantity` of the offer's unit).
    pub unit_fit: UnitFit,
    /// What the need still lacked when planned.
    pub need_remaining: i32,
    /// What this allocation gives it, in the need's unit (whole units of both sides: a need for 3 斤
    /// served from 公斤 gets 2).
    pub quantity: i32,
    /// What that takes of the offer, in the offer's unit.
    pub offer_quantity: i32,
    /// The match's score (0–100) and why the need fits: the words of the offer's title it matched and
    /// the reason codes.
    pub score: f64,
    pub matched_terms: Vec<String>,
    pub reasons: Vec<Reason>,
    /// The pledge created (not in a dry run).
    pub pledge_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Allocation {
    pub offer_id: Uuid,
    pub dry_run: bool,
    /// The offer's unit.
    pub offer_unit: String,
    /// The offer's quantity left before this allocation.
    pub offer_available: i32,
    /// The offer's quantity left after it: after a commit, as stored; in a dry run, what the plan
    /// would leave.
    pub offer_remaining: i32,
    /// What the items take of the offer, in the offer's unit.
    pub allocated: i32,
    pub items: Vec<AllocationItem>,
}

#[utoipa::path(
    post, path = "/api/v1/offers/{id}/allocate", tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "A UUID; required unless dry_run")),
    request_body = AllocateRequest,
    responses(
        (status = 200, description = "The plan (dry run)", body = Allocation),
        (status = 201, description = "Every pledge of the plan created, pending approval", body = Allocation),
        (status = 400, description = "Invalid fields, a region outside the service area, a need of `need_ids` that is not an open match of the offer (field code `not_a_match`), or a missing Idempotency-Key", body = crate::error::Problem),
        (status = 403, description = "Not the offer's owner", body = crate::error::Problem),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
        (status = 409, description = "offer_not_active, or a replay still running", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn allocate_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<AllocateRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let offer_id = *id;
    let required = !input.dry_run;
    idempotency::run(
        &state,
        &auth,
        &req,
        &raw,
        required,
        async |conn: &mut Conn| allocate(conn, &state, &auth, offer_id, input).await,
    )
    .await
}

struct Checked {
    region_prefix: String,
    max_needs: i64,
    message: String,
}

fn check(input: &AllocateRequest, area: Option<&str>) -> ApiResult<Checked> {
    let mut errors = Vec::new();
    if !(1..=MAX_NEEDS).contains(&input.max_needs) {
        errors.push(FieldError::new(
            "max_needs",
            "out_of_range",
            format!("1 to {MAX_NEEDS}"),
        ));
    }
    if let Some(ids) = &input.need_ids {
        if ids.is_empty() || ids.len() > MAX_NEEDS as usize {
            errors.push(FieldError::new(
                "need_ids",
                "out_of_range",
                format!("1 to {MAX_NEEDS} needs"),
            ));
        }
    }
    let message = match input.message.as_deref() {
        None => String::new(),
        Some(m) => text::bounded(m, 0, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("message", c, m)))
            .unwrap_or_default(),
    };
    let area = area.unwrap_or("");
    let region_prefix = match input.region_code.as_deref().map(str::trim) {
        None | Some("") => area.to_owned(),
        Some(r) => match parse_code(r) {
            Ok(code) if code.as_str().starts_with(area) => code.as_str().to_owned(),
            Ok(_) => {
                errors.push(FieldError::new(
                    "region_code",
                    "outside_service_area",
                    "the region must lie inside the offer's service area",
                ));
                String::new()
            }
            Err(e) => return Err(e),
        },
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(Checked {
        region_prefix,
        max_needs: input.max_needs,
        message,
    })
}

/// Why each matched need fits.
struct Fit {
    score: f64,
    matched_terms: Vec<String>,
    reasons: Vec<Reason>,
    unit_fit: UnitFit,
}

type Why = HashMap<Uuid, Fit>;

async fn items(conn: &mut Conn, done: Committed, why: &mut Why) -> ApiResult<Vec<AllocationItem>> {
    let regions = region_map(conn, &done.needs).await?;
    Ok(done
        .needs
        .into_iter()
        .zip(done.quantities)
        .zip(done.offer_quantities)
        .zip(done.pledge_ids)
        .map(|(((n, quantity), offer_quantity), pledge_id)| {
            let fit = why.remove(&n.id).unwrap_or(Fit {
                score: 0.0,
                matched_terms: vec![],
                reasons: vec![],
                unit_fit: UnitFit::Same,
            });
            AllocationItem {
                region_name: crate::store::regions::path_name(&regions, &n.region_code),
                need_id: n.id,
                need_remaining: n.quantity - n.pledged_quantity,
                quantity,
                offer_quantity,
                unit_fit: fit.unit_fit,
                unit: n.unit,
                score: fit.score,
                matched_terms: fit.matched_terms,
                reasons: fit.reasons,
                title: n.title,
                region_code: n.region_code,
                urgency: n.urgency,
                deadline: n.deadline,
                pledge_id,
            }
        })
        .collect())
}
async fn allocate(
    conn: &mut Conn,
    state: &AppState,
    auth: &AuthUser,
    offer_id: Uuid,
    input: AllocateRequest,
) -> ApiResult<(StatusCode, Value)> {
    let actor = actor::load(conn, Some(auth)).await?;
    let (offer, owner) = load_visible(conn, &actor, offer_id).await?;
    if !owner || !matches!(actor, Actor::Supporter { .. }) {
        return Err(ApiError::forbidden("only the offer's owner allocates it"));
    }
    actor::require_verified_email(conn, auth.id).await?;
    let checked = check(&input, offer.service_area_code.as_deref())?;
    let now = Utc::now();
    if !is_public(&offer, now) {
        return Err(not_active(offer.status));
    }
    let found = crate::matching::needs_for_offer_in(
        conn,
        &state.search,
        &offer,
        &checked.region_prefix,
        now,
    )
    .await
    .map_err(match_error)?;
    let matched: Vec<(Uuid, UnitFit)> = found.iter().map(|s| (s.item.id, s.unit_fit)).collect();
    let mut why: Why = found
        .into_iter()
        .map(|s| {
            let fit = Fit {
                score: s.score,
                matched_terms: s.matched_terms,
                reasons: s.reasons,
                unit_fit: s.unit_fit,
            };
            (s.item.id, fit)
        })
        .collect();
    let spec = AllocationSpec {
        offer_id,
        supporter: offer.owner_id,
        region_prefix: &checked.region_prefix,
        max_needs: checked.max_needs,
        message: &checked.message,
        matched: &matched,
        chosen: input.need_ids.as_deref(),
    };
    let (status, done) = if input.dry_run {
        let done = offers::preview_allocation(conn, &offer, &spec, now).await?;
        (StatusCode::OK, done)
    } else {
        let done = offers::commit_allocation(conn, &state.config, auth, &spec, now).await?;
        (StatusCode::CREATED, done)
    };
    let (offer_available, offer_remaining) = (done.offer_available, done.offer_remaining);
    let allocated = done.offer_quantities.iter().sum();
    let items = items(conn, done, &mut why).await?;
    let allocation = Allocation {
        offer_id,
        dry_run: input.dry_run,
        offer_unit: offer.unit,
        offer_available,
        offer_remaining,
        allocated,
        items,
    };
    Ok((
        status,
        serde_json::to_value(allocation).map_err(ApiError::internal)?,
    ))
}
