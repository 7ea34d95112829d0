//! `POST /api/v1/checks`: an official starts a check round. The seed is drawn here and written to the
//! audit chain before the sample is drawn from it, in the same transaction, so nobody chooses what is
//! checked and anyone can draw the sample again.

use super::{full_view, RoundView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::checks::{self as rules, CheckKind, Subject, MAX_SAMPLE};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::checks::{self, Item, Round};
use crate::store::Conn;
use crate::store::{audit, regions};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, SubsecRound, Utc};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCheckRequest {
    /// `self` (county self-check), `cross` (another county of the same city) or `spot` (city).
    pub kind: String,
    pub region_code: String,
    /// Start of the period (inclusive): what was decided from then on.
    pub period_from: DateTime<Utc>,
    /// End of the period (exclusive).
    pub period_to: DateTime<Utc>,
    /// `needs` (approvals), `deliveries` (confirmed pledges), or both.
    pub subjects: Vec<String>,
    /// 1 to 500.
    pub sample_size: i32,
}

#[utoipa::path(
    post, path = "/api/v1/checks", tag = "checks",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = CreateCheckRequest,
    responses(
        (status = 201, description = "The round, its seed and its sample", body = RoundView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "`check_not_allowed`: not an official who may run this kind of round over this region", body = crate::error::Problem),
        (status = 404, description = "No such region", body = crate::error::Problem),
    )
)]
pub async fn create_check(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateCheckRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        create(conn, &auth, input).await
    })
    .await
}

struct Parsed {
    kind: CheckKind,
    region: RegionCode,
    subjects: Vec<Subject>,
}

fn parse(input: &CreateCheckRequest) -> ApiResult<Parsed> {
    let mut errors = Vec::new();
    let kind = CheckKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "invalid_kind",
            "`self`, `cross` or `spot`",
        ));
    }
    let region = RegionCode::parse(&input.region_code)
        .map_err(|m| errors.push(FieldError::new("region_code", "invalid_region_code", m)))
        .ok();
    if input.period_to <= input.period_from {
        errors.push(FieldError::new(
            "period_to",
            "before_start",
            "the period ends after it starts",
        ));
    }
    let mut subjects: Vec<Subject> = Vec::new();
    for s in &input.subjects {
        match Subject::parse_plural(s) {
            Some(x) if !subjects.contains(&x) => subjects.push(x),
            Some(_) => {}
            None => errors.push(FieldError::new(
                "subjects",
                "invalid_subject",
                "`needs` or `deliveries`",
            )),
        }
    }
    if input.subjects.is_empty() {
        errors.push(FieldError::new(
            "subjects",
            "required",
            "name `needs`, `deliveries` or both",
        ));
    }
    subjects.sort();
    if !(1..=MAX_SAMPLE).contains(&input.sample_size) {
        errors.push(FieldError::new("sample_size", "out_of_range", "1 to 500"));
    }
    match (kind, region) {
        (Some(kind), Some(region)) if errors.is_empty() => Ok(Parsed {
            kind,
            region,
            subjects,
        }),
        _ => Err(ApiError::validation(errors)),
    }
}

async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    input: CreateCheckRequest,
) -> ApiResult<(StatusCode, Value)> {
    let p = parse(&input)?;
    let actor = actor::load(conn, Some(auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::new(
            ErrorCode::CheckNotAllowed,
            "check rounds are run by officials",
        ));
    };
    rules::may_run(p.kind, jurisdiction, &p.region)
        .map_err(|m| ApiError::new(ErrorCode::CheckNotAllowed, m))?;
    if regions::find(conn, &p.region).await?.is_none() {
        return Err(ApiError::new(ErrorCode::RegionNotFound, "no such region"));
    }
    let pattern = format!("{}%", p.region.as_str());
    let round = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let mut found = Vec::new();
            for s in &p.subjects {
                found.extend(match s {
                    Subject::Need => checks::need_candidates(conn, &pattern, input.period_from, input.period_to).await?,
                    Subject::Delivery => checks::delivery_candidates(conn, &pattern, input.period_from, input.period_to).await?,
                });
            }
            let listed: Vec<(Subject, Uuid)> = found
                .iter()
                .map(|c| (if c.subject_type == "need" { Subject::Need } else { Subject::Delivery }, c.subject_id))
                .collect();
            let round_id = Uuid::new_v4();
            let seed: [u8; 32] = rand::random();
            // The seed goes on the chain first; only then is the sample drawn from it.
            let seeded = audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "check.seeded",
                    subject_type: "check_round",
                    subject_id: round_id,
                    details: json!({
                        "kind": p.kind.as_str(), "region_code": p.region.as_str(),
                        "period_from": input.period_from, "period_to": input.period_to,
                        "subjects": p.subjects.iter().map(|s| s.plural()).collect::<Vec<_>>(),
                        "sample_size": input.sample_size, "seed": hex::encode(seed),
                        "candidates": listed.len(), "candidates_digest": rules::candidates_digest(&listed),
                    }),
                },
            )
            .await?;
            let drawn = rules::sample(&seed, &listed, input.sample_size as usize);
            let round = checks::insert_round(
                conn,
                &Round {
                    id: round_id,
                    kind: p.kind.as_str().to_owned(),
                    region_code: p.region.as_str().to_owned(),
                    period_from: input.period_from.trunc_subsecs(6),
                    period_to: input.period_to.trunc_subsecs(6),
                    subjects: p.subjects.iter().map(|s| Some(s.plural().to_owned())).collect(),
                    sample_size: input.sample_size,
                    seed: seed.to_vec(),
                    seed_event_id: seeded.id,
                    candidates: listed.len() as i32,
                    checker_id: auth.id,
                    created_at: Utc::now(),
                },
            )
            .await?;
            let items: Vec<Item> = drawn
                .iter()
                .enumerate()
                .filter_map(|(i, (s, id))| {
                    found.iter().find(|c| c.subject_id == *id && c.subject_type == s.as_str()).map(|c| Item {
                        id: Uuid::new_v4(),
                        round_id,
                        position: i as i32 + 1,
                        subject_type: c.subject_type.clone(),
                        subject_id: c.subject_id,
                        region_code: c.region_code.clone(),
                        decided_by: c.decided_by,
                        decided_at: c.decided_at,
                    })
                })
                .collect();
            checks::insert_items(conn, &items).await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "check.sampled",
                    subject_type: "check_round",
                    subject_id: round_id,
                    details: json!({ "items": items.iter().map(|i| format!("{}:{}", i.subject_type, i.subject_id)).collect::<Vec<_>>() }),
                },
            )
            .await?;
            Ok(round)
        })
        .await?;
    let view = full_view(conn, round).await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view).map_err(ApiError::internal)?,
    ))
}
