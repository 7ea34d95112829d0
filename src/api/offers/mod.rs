//! Offers: what donors, enterprises and social organizations can give, where, until when.

pub mod allocate;
pub mod create;
pub mod get;
pub mod matches;
pub mod mine;
pub mod search;
pub mod update;
pub mod withdraw;

pub use crate::domain::offer::{check, CheckedOffer, OfferFields};
use crate::error::{ApiError, ApiResult};
use crate::store::offers::Offer;
use crate::store::{regions, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

// The offer rules live in the offer service; handlers here reach them under their old names.
pub use crate::service::offers::{is_public, load_visible};

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub id: Uuid,
    /// An organization's name, or an individual's masked name.
    pub supporter: String,
    /// The organization's credit code was verified by an admin or official.
    pub verified: bool,
    pub title: String,
    pub description: String,
    pub category: crate::domain::need::Category,
    pub quantity: i32,
    pub unit: String,
    pub pledged_quantity: i32,
    pub remaining_quantity: i32,
    /// Null: the whole country.
    pub region_code: Option<String>,
    pub region_name: Option<String>,
    pub valid_until: DateTime<Utc>,
    pub value_per_unit_fen: Option<i64>,
    pub status: crate::domain::offer::OfferStatus,
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
    let who = crate::store::users::supporters(conn, &owners).await?;
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
