//! Response bodies shared by several handlers. A household's personal data appears only in
//! [`HouseholdView`], which is shown to the household itself and to officials in scope.

use crate::domain::need::{HardshipCause, MonitoringStatus};
use crate::store::households::Household;
use crate::store::organizations::Organization;
use crate::store::regions::Region;
use crate::store::users::User;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    pub id: Uuid,
    /// `enterprise` or `social_org`.
    pub kind: String,
    pub name: String,
    pub credit_code: String,
    /// Whether an admin or official has verified the credit code.
    pub verified: bool,
}

impl From<Organization> for OrganizationView {
    fn from(o: Organization) -> Self {
        Self {
            id: o.id,
            kind: o.kind,
            name: o.name,
            credit_code: o.credit_code,
            verified: o.verified_at.is_some(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HouseholdView {
    pub id: Uuid,
    pub head_name: String,
    /// The village's 12-digit code.
    pub region_code: String,
    /// First 3 and last 4 characters only; the full number is never returned.
    pub id_number_masked: Option<String>,
    pub phone: Option<String>,
    pub size: Option<i16>,
    pub causes: Vec<HardshipCause>,
    pub monitoring_status: MonitoringStatus,
    /// False for profiles an official created for a household without a phone.
    pub created_by_official: bool,
}

impl From<Household> for HouseholdView {
    fn from(h: Household) -> Self {
        Self {
            causes: h.causes(),
            monitoring_status: h.monitoring_status,
            created_by_official: h.created_by.is_some(),
            id: h.id,
            head_name: h.head_name,
            region_code: h.region_code,
            id_number_masked: h.id_number_masked,
            phone: h.phone,
            size: h.size,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionSummary {
    pub code: String,
    pub name: String,
    /// province, city, county, township or village.
    pub level: String,
}

impl From<Region> for RegionSummary {
    fn from(r: Region) -> Self {
        Self {
            code: r.code,
            name: r.name,
            level: r.level,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JurisdictionView {
    pub region_code: String,
    pub region_name: String,
    pub level: String,
    /// From the province down to the jurisdiction's region.
    pub path: Vec<RegionSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: crate::domain::Role,
    /// The address was confirmed through the link mailed at registration (needed to pledge and
    /// to publish offers).
    pub email_verified: bool,
    /// `zh` or `en`: the language of this account's mail.
    pub language: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<OrganizationView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub household: Option<HouseholdView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<JurisdictionView>,
}

impl AccountView {
    pub fn new(user: User) -> Self {
        Self {
            id: user.id,
            email: user.email,
            display_name: user.display_name,
            role: user.role,
            email_verified: user.email_verified_at.is_some(),
            language: user.language,
            created_at: user.created_at,
            organization: None,
            household: None,
            jurisdiction: None,
        }
    }
}

pub fn jurisdiction_view(path: Vec<Region>) -> Option<JurisdictionView> {
    let last = path.last()?;
    Some(JurisdictionView {
        region_code: last.code.clone(),
        region_name: last.name.clone(),
        level: last.level.clone(),
        path: path.into_iter().map(RegionSummary::from).collect(),
    })
}
