//! The work profile's answer, shared by `GET` and `PATCH /households/{id}/work`.

use crate::domain::employment::{Skill, Travel};
use crate::store::household_work::HouseholdWork;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Who in the household can work. Personal data: the household and its officials only.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkView {
    pub household_id: Uuid,
    /// Members able to work, 0–20 (0 until recorded).
    pub able_to_work: i16,
    pub skills: Vec<Skill>,
    /// `county`, `province` or `anywhere`; null until recorded.
    pub willing_to_travel: Option<Travel>,
    /// When it was last recorded; null when never.
    pub updated_at: Option<DateTime<Utc>>,
}

impl WorkView {
    pub fn new(household_id: Uuid, row: Option<HouseholdWork>) -> Self {
        match row {
            Some(w) => Self {
                household_id: w.household_id,
                able_to_work: w.able_to_work,
                // Written from the list only; a name no longer on it is left out, not an error.
                skills: w
                    .skills
                    .iter()
                    .flatten()
                    .filter_map(|s| Skill::parse(s))
                    .collect(),
                willing_to_travel: Travel::parse(&w.willing_to_travel),
                updated_at: Some(w.updated_at),
            },
            None => Self {
                household_id,
                able_to_work: 0,
                skills: Vec::new(),
                willing_to_travel: None,
                updated_at: None,
            },
        }
    }
}
