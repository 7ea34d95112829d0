//! How a product is shown. The public sees the seller as an organization's name or a household's
//! label (`某户 · 7F3A`), never a household's id or name; the seller, officials in scope and admins
//! also see the ids and who certified it.

use crate::domain::access::Actor;
use crate::domain::household_label;
use crate::domain::personal_data;
use crate::domain::product::{ProductCategory, ProductStatus};
use crate::error::ApiResult;
use crate::service::products::{codes, party_of};
use crate::store::product_images::{self, ProductImage};
use crate::store::products::Product;
use crate::store::{organizations, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub category: ProductCategory,
    pub unit: String,
    /// Price of one unit in fen.
    pub price_fen: i64,
    /// Units on sale now.
    pub stock: i32,
    /// Registered households the product helps.
    pub households_helped: i32,
    /// Where it is grown or made.
    pub region_code: String,
    /// The county whose officials certify it.
    pub county_code: String,
    pub status: ProductStatus,
    /// `household`, `enterprise` or `social_org`.
    pub seller_kind: String,
    /// An organization's name, or a household's label that names no one.
    pub seller: String,
    /// When the county certified it (listed products).
    pub certified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller sells it.
    pub is_mine: bool,
    /// Its pictures in order (at most 6); the first is its picture in lists.
    pub images: Vec<ProductImageView>,
    /// For the seller, officials in scope and admins only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<ProductPrivate>,
}

/// A product's picture: public, long-cached JPEG files.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductImageView {
    pub id: Uuid,
    /// The display size (at most 1600 pixels a side), `/media/product/<id>/display.jpg`.
    pub url: String,
    /// The thumbnail (at most 320 pixels a side).
    pub thumbnail_url: String,
    /// Of the display size.
    pub width: i32,
    pub height: i32,
}

/// The public URL of a stored media key.
pub fn media_url(key: &str) -> String {
    format!("/media/{key}")
}

pub fn image_view(i: ProductImage) -> ProductImageView {
    ProductImageView {
        id: i.id,
        url: media_url(&i.display_key),
        thumbnail_url: media_url(&i.thumb_key),
        width: i.width,
        height: i.height,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductPrivate {
    pub seller_id: Uuid,
    pub listed_by: Uuid,
    pub certified_by: Option<Uuid>,
    pub rejection_reason: Option<String>,
}

/// Renders a product for `actor` (who may see it).
pub async fn view(conn: &mut Conn, actor: &Actor, p: Product) -> ApiResult<ProductView> {
    let (seller_kind, seller) = match (p.household_id, p.organization_id) {
        (Some(h), _) => ("household".to_owned(), household_label(h)),
        (None, Some(o)) => match organizations::find(conn, o).await? {
            Some(org) => (org.kind, org.name),
            None => ("organization".to_owned(), String::new()),
        },
        (None, None) => ("unknown".to_owned(), String::new()),
    };
    let is_mine = actor.user_id() == Some(p.seller_id);
    let (_, region) = codes(&p);
    let private = (party_of(actor, &p).is_some()
        || actor.is_official_for(&region)
        || matches!(actor, Actor::Admin { .. }))
    .then(|| ProductPrivate {
        seller_id: p.seller_id,
        listed_by: p.listed_by,
        certified_by: p.certified_by,
        rejection_reason: p.rejection_reason.clone(),
    });
    let images = product_images::of_product(conn, p.id)
        .await?
        .into_iter()
        .map(image_view)
        .collect();
    // As with needs: the public sees the text with anything that looks like a person's number or
    // name masked; the seller and its county's officials see what was written.
    let (title, description) = if private.is_some() {
        (p.title, p.description)
    } else {
        (
            personal_data::mask(&p.title, &[]),
            personal_data::mask(&p.description, &[]),
        )
    };
    Ok(ProductView {
        images,
        id: p.id,
        title,
        description,
        category: p.category,
        unit: p.unit,
        price_fen: p.price_fen,
        stock: p.stock,
        households_helped: p.households_helped,
        region_code: p.region_code,
        county_code: p.county_code,
        status: p.status,
        seller_kind,
        seller,
        certified_at: p.certified_at,
        created_at: p.created_at,
        updated_at: p.updated_at,
        is_mine,
        private,
    })
}
