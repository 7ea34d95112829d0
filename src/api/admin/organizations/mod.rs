//! Organizations (enterprises and social organizations) for admins and officials: the list to
//! work through, and verifying a credit code, which gives their offers a verified mark.

pub mod list;
pub mod verify;

use crate::api::views::OrganizationView;
use crate::domain::access::organization_region;
use crate::store::organizations::Organization;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationRecord {
    #[serde(flatten)]
    pub organization: OrganizationView,
    /// The county of registration, from the credit code.
    pub registered_region_code: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub verified_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<Organization> for OrganizationRecord {
    fn from(o: Organization) -> Self {
        Self {
            registered_region_code: organization_region(&o.credit_code)
                .map(|r| r.as_str().to_owned()),
            verified_at: o.verified_at,
            verified_by: o.verified_by,
            created_at: o.created_at,
            organization: o.into(),
        }
    }
}
