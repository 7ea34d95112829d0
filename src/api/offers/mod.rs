//! Offers: what donors, enterprises and social organizations can give, where, until when.

pub mod allocate;
pub mod create;
pub mod get;
pub mod matches;
pub mod mine;
pub mod search;
pub mod update;
pub mod withdraw;

use crate::domain::access::Actor;
use crate::domain::need::{parse_time, Category};
use crate::domain::{text, RegionCode};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::store::offers::{self, Offer};
use crate::store::{regions, Conn};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The fields of an offer; all optional so that PATCH can send some of them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferFields {
    /// 4–60 characters.
    pub title: Option<String>,
    /// Up to 2,000 characters.
    pub description: Option<String>,
    pub category: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    /// A region code at any level; empty or absent when creating: the whole country.
    pub region_code: Option<String>,
    /// RFC 3339, in the future and within a year.
    pub valid_until: Option<String>,
    /// Optional estimated value per unit, in fen.
    pub value_per_unit_fen: Option<i64>,
}

pub struct CheckedOffer {
    pub title: Option<String>,
    pub description: Option<String>,
    pub category: Option<Category>,
    pub quantity: Option<i32>,
    pub unit: Option<String>,
    pub region: Option<RegionCode>,
    pub valid_until: Option<DateTime<Utc>>,
}

/// Checks the fields present, one error per violation.
pub fn check(f: &OfferFields, now: DateTime<Utc>, errors: &mut Vec<FieldError>) -> CheckedOffer {
    let title = f.title.as_deref().and_then(|t| {
        text::bounded(t, 4, 60)
            .map_err(|(c, m)| errors.push(FieldError::new("title", c, m)))
            .ok()
    });
    let description = f.description.as_deref().and_then(|d| {
        text::bounded(d, 0, 2000)
            .map_err(|(c, m)| errors.push(FieldError::new("description", c, m)))
            .ok()
    });
    let category = f.category.as_deref().and_then(|c| {
        let parsed = Category::parse(c);
        if parsed.is_none() {
            errors.push(FieldError::new(
                "category",
                "invalid_category",
                "one of the need categories",
            ));
        }
        parsed
    });
    let quantity = f.quantity.and_then(|q| {
        if (1..=1_000_000).contains(&q) {
            Some(q as i32)
        } else {
            errors.push(FieldError::new(
                "quantity",
                "out_of_range",
                "a quantity is 1 to 1,000,000",
            ));
            None
        }
    });
    let unit = f.unit.as_deref().and_then(|u| {
        text::bounded(u, 1, 10)
            .map_err(|(c, m)| errors.push(FieldError::new("unit", c, m)))
            .ok()
    });
    let region = match f.region_code.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) => RegionCode::parse(r)
            .map_err(|m| errors.push(FieldError::new("region_code", "invalid_region_code", m)))
            .ok(),
    };
    let valid_until = f.valid_until.as_deref().and_then(|v| match parse_time(v) {
        None => {
            errors.push(FieldError::new(
                "valid_until",
                "invalid_time",
                "an RFC 3339 time",
            ));
            None
        }
        Some(t) if t <= now => {
            errors.push(FieldError::new(
                "valid_until",
                "in_the_past",
                "must be in the future",
            ));
            None
        }
        Some(t) if t > now + Duration::days(366) => {
            errors.push(FieldError::new(
                "valid_until",
                "too_far",
                "must be within a year",
            ));
            None
        }
        Some(t) => Some(t),
    });
    if let Some(v) = f.value_per_unit_fen {
        if !(0..=100_000_000).contains(&v) {
            errors.push(FieldError::new(
                "value_per_unit_fen",
                "out_of_range",
                "0 to 100,000,000 fen",
            ));
        }
    }
    CheckedOffer {
        title,
        description,
        category,
        quantity,
        unit,
        region,
        valid_until,
    }
}

pub fn is_public(o: &Offer, now: DateTime<Utc>) -> bool {
    crate::domain::offer::is_public(
        &o.status,
        o.valid_until,
        o.quantity - o.pledged_quantity,
        now,
    )
}

/// Loads an offer the caller may see: its owner always, everyone while it is public; else 404.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<(Offer, bool)> {
    let offer = offers::find(conn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let owner = actor.user_id() == Some(offer.owner_id);
    if owner || is_public(&offer, Utc::now()) {
        Ok((offer, owner))
    } else {
        Err(ApiError::not_found("offer"))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub id: Uuid,
    /// An organization's name, or an individual's masked name.
    pub supporter: String,
    /// The organization's credit code was verified by an admin or official.
    pub verified: bool,
    pub title: String,
    pub description: String,
    pub category: String,
    pub quantity: i32,
    pub unit: String,
    pub pledged_quantity: i32,
    pub remaining_quantity: i32,
    /// Null: the whole country.
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub valid_until: DateTime<Utc>,
    pub value_per_unit_fen: Option<i64>,
    /// active, withdrawn or expired.
    pub status: String,
    /// Active, valid and with quantity left: visible to everyone and searchable.
    pub public: bool,
    pub created_at: DateTime<Utc>,
}

pub async fn view(conn: &mut Conn, o: Offer) -> ApiResult<OfferView> {
    let mut one = views(conn, vec![o]).await?;
    one.pop()
        .ok_or_else(|| ApiError::internal("an offer view went missing"))
}

/// The public views of many offers in three queries, in their order.
pub async fn views(conn: &mut Conn, offers: Vec<Offer>) -> ApiResult<Vec<OfferView>> {
    let owners: Vec<Uuid> = offers.iter().map(|o| o.owner_id).collect();
    let who = crate::search::indexing::supporters(conn, &owners).await?;
    let names = regions::ancestry_map(
        conn,
        offers.iter().filter_map(|o| o.service_area_code.as_deref()),
    )
    .await?;
    let now = Utc::now();
    Ok(offers
        .into_iter()
        .map(|o| {
            let supporter = who.get(&o.owner_id);
            let region_name = o
                .service_area_code
                .as_deref()
                .map(|c| regions::path_name(&names, c));
            OfferView {
                supporter: supporter.map(|s| s.name.clone()).unwrap_or_default(),
                verified: supporter.is_some_and(|s| s.verified),
                public: is_public(&o, now),
                remaining_quantity: o.quantity - o.pledged_quantity,
                id: o.id,
                title: o.title,
                description: o.description,
                category: o.category,
                quantity: o.quantity,
                unit: o.unit,
                pledged_quantity: o.pledged_quantity,
                region_code: o.service_area_code,
                region_name,
                valid_until: o.valid_until,
                value_per_unit_fen: o.value_per_unit_fen,
                status: o.status,
                created_at: o.created_at,
            }
        })
        .collect())
}
