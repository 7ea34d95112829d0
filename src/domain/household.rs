//! Household profiles: the personal data of a household in need, checked on the way in.

use super::need::{HardshipCause, MonitoringStatus};
use super::{text, IdNumber, RegionCode, RegionLevel};
use crate::error::FieldError;
use crate::store::households::NewHousehold;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdInput {
    /// Head of household's name.
    pub head_name: String,
    /// The village's 12-digit code.
    pub region_code: String,
    /// Resident ID number (GB 11643); stored only as a digest and a masked form.
    pub id_number: Option<String>,
    /// Mainland mobile number.
    pub phone: Option<String>,
    /// Members, 1–30.
    pub size: Option<i16>,
    /// Causes of hardship: illness, disability, schooling_costs, lack_of_labour, lack_of_skills,
    /// lack_of_funds, disaster, other.
    pub causes: Option<Vec<String>>,
    /// registered_poor (建档立卡), marginal (边缘户), monitored (监测户) or none. Set by officials.
    pub monitoring_status: Option<String>,
}

/// A household's input after every check.
pub struct ValidHousehold {
    pub head_name: String,
    pub region: RegionCode,
    pub id_number: Option<IdNumber>,
    pub phone: Option<String>,
    pub size: Option<i16>,
    pub causes: Vec<HardshipCause>,
    pub monitoring_status: MonitoringStatus,
}

impl ValidHousehold {
    pub fn new_row(
        &self,
        id: Uuid,
        created_by: Option<Uuid>,
        key: &super::id_number::IdDigestKey,
    ) -> NewHousehold<'_> {
        NewHousehold {
            id,
            head_name: &self.head_name,
            region_code: self.region.as_str(),
            id_number_digest: self.id_number.as_ref().map(|n| n.digest(key)),
            id_number_masked: self.id_number.as_ref().map(IdNumber::masked),
            phone: self.phone.as_deref(),
            size: self.size,
            causes: self.causes.iter().map(|c| c.as_str().to_owned()).collect(),
            monitoring_status: self.monitoring_status.as_str(),
            created_by,
        }
    }
}

pub fn parse_phone(input: &str) -> Result<String, &'static str> {
    let p = input.trim();
    if p.len() == 11
        && p.starts_with('1')
        && p.bytes().all(|b| b.is_ascii_digit())
        && p.as_bytes()[1] >= b'3'
    {
        Ok(p.to_owned())
    } else {
        Err("a mainland mobile number has 11 digits starting 13–19")
    }
}

pub fn parse_causes(
    input: &[String],
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<Vec<HardshipCause>> {
    let mut out = Vec::new();
    for c in input {
        match HardshipCause::parse(c) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => {
                errors.push(FieldError::new(
                    field,
                    "invalid_cause",
                    format!("`{c}` is not a cause of hardship"),
                ));
                return None;
            }
        }
    }
    Some(out)
}

pub fn parse_monitoring(
    input: &str,
    field: &str,
    errors: &mut Vec<FieldError>,
) -> Option<MonitoringStatus> {
    let m = MonitoringStatus::parse(input);
    if m.is_none() {
        errors.push(FieldError::new(
            field,
            "invalid_monitoring_status",
            "one of registered_poor, marginal, monitored, none",
        ));
    }
    m
}

/// Checks a household's fields, reporting under `prefix` (`household.` inside a registration).
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
        Some(p) => parse_phone(p)
            .map(Some)
            .map_err(|m| errors.push(FieldError::new(&field("phone"), "invalid_phone", m)))
            .ok(),
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
    let causes = parse_causes(
        input.causes.as_deref().unwrap_or_default(),
        &field("causes"),
        errors,
    );
    let monitoring_status = match input.monitoring_status.as_deref() {
        None => Some(MonitoringStatus::None),
        Some(m) => parse_monitoring(m, &field("monitoring_status"), errors),
    };
    Some(ValidHousehold {
        head_name: head_name?,
        region: region?,
        id_number: id_number?,
        phone: phone?,
        size: input.size,
        causes: causes?,
        monitoring_status: monitoring_status?,
    })
}
