//! 三查 check rounds: officials run rounds over a random sample of what was decided in a region and
//! period, record findings item by item, and problems become rectifications (整改).

pub mod create;
pub mod finding;
pub mod get;
pub mod list;
pub mod report;

use crate::domain::access::Actor;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::checks::{self, Finding, Item, Round};
use crate::store::{rectifications, users, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    pub id: Uuid,
    /// `self`, `cross` or `spot`.
    pub kind: String,
    pub region_code: String,
    pub period_from: DateTime<Utc>,
    pub period_to: DateTime<Utc>,
    /// `needs`, `deliveries`.
    pub subjects: Vec<String>,
    pub sample_size: i32,
    /// Hex of the 32-byte random seed; it was written to the audit chain (event `seed_event_id`)
    /// before the sample was drawn.
    pub seed: String,
    pub seed_event_id: i64,
    /// How many needs and deliveries were decided in the region and period.
    pub candidates: i32,
    pub checker_id: Uuid,
    pub created_at: DateTime<Utc>,
    /// The sample, in the order drawn (present on a single round).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<ItemView>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ItemView {
    pub id: Uuid,
    pub position: i32,
    /// `need` (its approval is checked) or `delivery` (a confirmed pledge).
    pub subject_type: String,
    pub subject_id: Uuid,
    pub region_code: String,
    /// The official whose decision is checked (the need's or the pledge's approver).
    pub decided_by: Option<Uuid>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub finding: Option<FindingView>,
    pub rectification_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingView {
    pub id: Uuid,
    /// `ok` or `problem`.
    pub result: String,
    pub problem_kind: Option<String>,
    /// Recorded as a problem because it was suspected (疑似从有).
    pub suspected: bool,
    pub note: String,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

impl From<Finding> for FindingView {
    fn from(f: Finding) -> Self {
        Self {
            id: f.id,
            result: f.result,
            problem_kind: f.problem_kind,
            suspected: f.suspected,
            note: f.note,
            recorded_by: f.recorded_by,
            created_at: f.created_at,
        }
    }
}

impl RoundView {
    pub fn summary(r: Round) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            region_code: r.region_code,
            period_from: r.period_from,
            period_to: r.period_to,
            subjects: r.subjects.into_iter().flatten().collect(),
            sample_size: r.sample_size,
            seed: hex::encode(r.seed),
            seed_event_id: r.seed_event_id,
            candidates: r.candidates,
            checker_id: r.checker_id,
            created_at: r.created_at,
            items: None,
        }
    }
}

/// Who sees a round: officials whose jurisdiction covers its region, its checker, admins.
pub fn may_see(actor: &Actor, round: &Round) -> bool {
    match actor {
        Actor::Admin { .. } => true,
        Actor::Official { user_id, .. } => {
            *user_id == round.checker_id
                || actor.is_official_for(&RegionCode::from_trusted(round.region_code.clone()))
        }
        _ => false,
    }
}

/// The round, or 404 for whoever may not see it.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Round> {
    checks::find_round(conn, id)
        .await?
        .filter(|r| may_see(actor, r))
        .ok_or_else(|| ApiError::not_found("check round"))
}

/// The round with its items, findings, rectifications and the names of the deciding officials.
pub async fn full_view(conn: &mut Conn, round: Round) -> ApiResult<RoundView> {
    let items = checks::items_of(conn, round.id).await?;
    let rects: HashMap<Uuid, Uuid> = rectifications::for_round(conn, round.id)
        .await?
        .into_iter()
        .map(|r| (r.item_id, r.id))
        .collect();
    let mut names: HashMap<Uuid, String> = HashMap::new();
    for (item, _) in &items {
        if let Some(d) = item.decided_by {
            if let std::collections::hash_map::Entry::Vacant(e) = names.entry(d) {
                if let Some(u) = users::find(conn, d).await? {
                    e.insert(u.display_name);
                }
            }
        }
    }
    let mut view = RoundView::summary(round);
    view.items = Some(
        items
            .into_iter()
            .map(|(i, f): (Item, Option<Finding>)| ItemView {
                rectification_id: rects.get(&i.id).copied(),
                decided_by_name: i.decided_by.and_then(|d| names.get(&d).cloned()),
                id: i.id,
                position: i.position,
                subject_type: i.subject_type,
                subject_id: i.subject_id,
                region_code: i.region_code,
                decided_by: i.decided_by,
                decided_at: i.decided_at,
                finding: f.map(FindingView::from),
            })
            .collect(),
    );
    Ok(view)
}
