//! Putting a product up and changing it. A household sells its own produce (or an official of its
//! village lists it for the household); an enterprise or social organization sells what its
//! county certifies. Changing anything certification covers sends a product back to it; changing
//! the stock does not.

use super::{check, load_visible, record, transition};
use crate::auth::AuthUser;
use crate::domain::access::{organization_region, Actor};
use crate::domain::product::ProductAction;
use crate::domain::product_fields::{apply_patch, ProductContent, ProductFields};
use crate::domain::{RegionCode, Role};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::products::{self as store, NewProduct, Product, ProductChange};
use crate::store::{households, organizations, regions, users, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// Who sells a new product, and whose county certifies it.
struct Seller {
    user_id: Uuid,
    household_id: Option<Uuid>,
    organization_id: Option<Uuid>,
    county: String,
}

fn field(name: &str, code: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(name, code, message)])
}

/// Whether the caller may ever put a product up (checked before its fields): households,
/// enterprises and social organizations sell; officials list for a household of theirs.
pub fn ensure_may_sell(actor: &Actor) -> ApiResult<()> {
    match actor {
        Actor::Household { .. } | Actor::Official { .. } => Ok(()),
        Actor::Supporter {
            role: Role::Enterprise | Role::SocialOrg,
            ..
        } => Ok(()),
        _ => Err(ApiError::forbidden(
            "households, enterprises and social organizations sell (officials list for households)",
        )),
    }
}

/// The seller of a product the caller puts up (for a household of its own, when an official).
async fn seller_for(
    conn: &mut Conn,
    actor: &Actor,
    household_id: Option<Uuid>,
) -> ApiResult<Seller> {
    let household_seller = |h: &households::Household, user_id: Uuid| Seller {
        user_id,
        household_id: Some(h.id),
        organization_id: None,
        county: h.region_code.chars().take(6).collect(),
    };
    match actor {
        Actor::Household {
            user_id,
            household_id: own,
        } => {
            if household_id.is_some_and(|h| h != *own) {
                return Err(field(
                    "household_id",
                    "not_allowed",
                    "a household sells its own produce",
                ));
            }
            let h = households::find(conn, *own)
                .await?
                .ok_or_else(|| ApiError::internal("household account without profile"))?;
            Ok(household_seller(&h, *user_id))
        }
        Actor::Supporter {
            user_id,
            role: Role::Enterprise | Role::SocialOrg,
        } => {
            if household_id.is_some() {
                return Err(field(
                    "household_id",
                    "not_allowed",
                    "organizations sell their own products",
                ));
            }
            let user = users::find(conn, *user_id).await?;
            let org_id = user
                .and_then(|u| u.organization_id)
                .ok_or_else(|| ApiError::internal("organization account without organization"))?;
            let org = organizations::find(conn, org_id)
                .await?
                .ok_or_else(|| ApiError::internal("missing organization"))?;
            let county = organization_region(&org.credit_code)
                .map(|r| r.as_str().to_owned())
                .ok_or_else(|| {
                    ApiError::forbidden(
                        "the organization's credit code names no county to certify its products",
                    )
                })?;
            Ok(Seller {
                user_id: *user_id,
                household_id: None,
                organization_id: Some(org.id),
                county,
            })
        }
        Actor::Official { .. } => {
            let Some(hid) = household_id else {
                return Err(field(
                    "household_id",
                    "required",
                    "officials list products for a household of their jurisdiction",
                ));
            };
            let h = households::find(conn, hid)
                .await?
                .filter(|h| actor.is_official_for(&RegionCode::from_trusted(h.region_code.clone())))
                .ok_or_else(|| {
                    field(
                        "household_id",
                        "unknown_household",
                        "no such household in your jurisdiction",
                    )
                })?;
            let Some(user_id) = users::of_household(conn, hid).await?.first().copied() else {
                return Err(field(
                    "household_id",
                    "household_without_account",
                    "the household has no account to sell from and to hear about orders",
                ));
            };
            Ok(household_seller(&h, user_id))
        }
        _ => Err(ApiError::forbidden(
            "households, enterprises and social organizations sell (officials list for households)",
        )),
    }
}

/// A product's region must exist, and a household's product is grown or made in its own county.
async fn check_region(
    conn: &mut Conn,
    region: &RegionCode,
    county: &str,
    household: bool,
) -> ApiResult<()> {
    if regions::find(conn, region).await?.is_none() {
        return Err(field("region_code", "unknown_region", "no such region"));
    }
    if household && !region.as_str().starts_with(county) {
        return Err(field(
            "region_code",
            "region_mismatch",
            "a household's produce comes from its own county",
        ));
    }
    Ok(())
}

/// Puts a product up for certification.
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    content: &ProductContent,
    household_id: Option<Uuid>,
) -> ApiResult<Product> {
    let seller = seller_for(conn, actor, household_id).await?;
    if !matches!(actor, Actor::Official { .. }) {
        crate::service::require_verified_email(conn, auth.id).await?;
    }
    check_region(
        conn,
        &content.region_code,
        &seller.county,
        seller.household_id.is_some(),
    )
    .await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let product = store::insert(
            conn,
            &NewProduct {
                id: Uuid::new_v4(),
                seller_id: seller.user_id,
                household_id: seller.household_id,
                organization_id: seller.organization_id,
                listed_by: auth.id,
                county_code: &seller.county,
                region_code: content.region_code.as_str(),
                title: &content.title,
                description: &content.description,
                category: content.category,
                unit: &content.unit,
                price_fen: content.price_fen,
                stock: content.stock,
                households_helped: content.households_helped,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        record(conn, auth, None, &product, ProductAction::Edit, json!({})).await?;
        Ok(product)
    })
    .await
}

fn content_of(p: &Product) -> ProductContent {
    ProductContent {
        title: p.title.clone(),
        description: p.description.clone(),
        category: p.category,
        unit: p.unit.clone(),
        price_fen: p.price_fen,
        stock: p.stock,
        region_code: RegionCode::from_trusted(p.region_code.clone()),
        households_helped: p.households_helped,
    }
}

/// The seller changes a product (fields already checked): a change certification covers sends it
/// back to `pending_certification`; a stock change alone keeps its status.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %id))]
pub async fn update(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    patch: &ProductFields,
) -> ApiResult<Product> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = load_visible(conn, actor, id, true).await?;
        let (after, certified_changed) = apply_patch(content_of(&before), patch);
        let action = if certified_changed {
            ProductAction::Edit
        } else {
            ProductAction::EditStock
        };
        let to = check(actor, &before, action)?;
        // The row is locked: orders wait, so the stock compared is the stock replaced.
        if patch.stock.is_some() && patch.expected_stock != Some(i64::from(before.stock)) {
            return Err(ApiError::new(
                ErrorCode::StockChanged,
                "orders changed the stock since you read it; read it again",
            )
            .with_extra("stock", before.stock));
        }
        if after == content_of(&before) {
            return Ok(before);
        }
        if after.region_code.as_str() != before.region_code {
            check_region(
                conn,
                &after.region_code,
                &before.county_code,
                before.household_id.is_some(),
            )
            .await?;
        }
        let recertify = certified_changed;
        let change = ProductChange {
            status: Some(to),
            region_code: Some(after.region_code.as_str()),
            title: Some(&after.title),
            description: Some(&after.description),
            category: Some(after.category),
            unit: Some(&after.unit),
            price_fen: Some(after.price_fen),
            stock: Some(after.stock),
            households_helped: Some(after.households_helped),
            rejection_reason: recertify.then_some(None),
            certified_by: recertify.then_some(None),
            certified_at: recertify.then_some(None),
            updated_at: Some(Utc::now()),
        };
        let changed: Vec<&str> = [
            ("title", after.title != before.title),
            ("description", after.description != before.description),
            ("category", after.category != before.category),
            ("unit", after.unit != before.unit),
            ("price_fen", after.price_fen != before.price_fen),
            ("stock", after.stock != before.stock),
            (
                "region_code",
                after.region_code.as_str() != before.region_code,
            ),
            (
                "households_helped",
                after.households_helped != before.households_helped,
            ),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.then_some(f))
        .collect();
        transition(
            conn,
            auth,
            &before,
            action,
            change,
            json!({ "changed": changed }),
        )
        .await
    })
    .await
}
