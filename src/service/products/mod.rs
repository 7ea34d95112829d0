//! Products (消费扶贫): a seller puts a product up, an official of the seller's county certifies it
//! (two people: never the official who registered the seller or listed the product for it), and
//! the seller edits or delists it. Every move asks `domain::product::next`, changes the row by a
//! conditional update and leaves an audit event, in one transaction.

mod certify;
mod create;
pub mod images;

pub use certify::{certify, delist, Certification};
pub use create::{create, ensure_may_sell, update};

use crate::auth::AuthUser;
use crate::domain::access::{Access, Actor};
use crate::domain::product::{self, ProductAction, ProductParty, ProductStatus, TransitionError};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::products::{self as store, Product, ProductChange};
use crate::store::{audit, Conn};
use serde_json::{json, Value};
use uuid::Uuid;

/// The product's county and region as domain codes.
pub fn codes(p: &Product) -> (RegionCode, RegionCode) {
    (
        RegionCode::from_trusted(p.county_code.clone()),
        RegionCode::from_trusted(p.region_code.clone()),
    )
}

/// What the caller may do with a product.
pub fn access_to(actor: &Actor, p: &Product) -> Access {
    let (county, region) = codes(p);
    product::access(actor, p.seller_id, &county, &region, p.status)
}

/// The caller's part in a product, if any.
pub fn party_of(actor: &Actor, p: &Product) -> Option<ProductParty> {
    product::party_of(actor, p.seller_id, &codes(p).0)
}

/// Loads a product the caller may see (404 otherwise); `for_update` locks its row.
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<Product> {
    let found = if for_update {
        store::find_for_update(conn, id).await?
    } else {
        store::find(conn, id).await?
    };
    found
        .filter(|p| access_to(actor, p) != Access::Hidden)
        .ok_or_else(|| ApiError::not_found("product"))
}

/// The state after `action` by the caller, or the problem to answer (403 or 409).
pub fn check(actor: &Actor, p: &Product, action: ProductAction) -> ApiResult<ProductStatus> {
    let Some(party) = party_of(actor, p) else {
        return Err(ApiError::forbidden(
            "only the product's seller, or officials of its seller's county, act on it",
        ));
    };
    product::next(p.status, action, party).map_err(|e| match e {
        TransitionError::NotYours => ApiError::forbidden(match party {
            ProductParty::Seller => "a seller does not certify its own product",
            ProductParty::Certifier => "officials certify products; the seller changes them",
        }),
        TransitionError::Invalid => ApiError::new(
            ErrorCode::InvalidTransition,
            format!(
                "a product that is {} cannot be {}",
                p.status,
                action.past_tense()
            ),
        )
        .with_extra("product_status", p.status.as_str()),
    })
}

/// Applies a checked change (the row is locked by the caller) and records it on the audit chain.
pub async fn transition(
    conn: &mut Conn,
    auth: &AuthUser,
    before: &Product,
    action: ProductAction,
    change: ProductChange<'_>,
    extra: Value,
) -> ApiResult<Product> {
    let after = store::change(conn, before.id, before.status, before.stock, &change)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidTransition,
                "the product changed meanwhile",
            )
        })?;
    record(conn, auth, Some(before.status), &after, action, extra).await?;
    Ok(after)
}

/// An audit event for a product's move (`from` is `None` when it was just put up). Public facts
/// only: a product carries no personal data.
pub async fn record(
    conn: &mut Conn,
    auth: &AuthUser,
    from: Option<ProductStatus>,
    after: &Product,
    action: ProductAction,
    extra: Value,
) -> ApiResult<()> {
    let name = match (from, action) {
        (None, _) => "product.submitted",
        (_, ProductAction::Certify) => "product.listed",
        (_, ProductAction::Reject) => "product.rejected",
        (_, ProductAction::Edit) => "product.edited",
        (_, ProductAction::EditStock) => "product.restocked",
        (_, ProductAction::Delist) => "product.delisted",
    };
    let mut details = json!({
        "role": auth.role.as_str(),
        "from": from.map_or("none", ProductStatus::as_str),
        "to": after.status,
        "seller_id": after.seller_id,
        "county_code": after.county_code,
        "title": after.title,
        "price_fen": after.price_fen,
        "stock": after.stock,
    });
    if let (Some(d), Value::Object(e)) = (details.as_object_mut(), extra) {
        d.extend(e);
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::National,
            actor_id: Some(auth.id),
            action: name,
            subject_type: "product",
            subject_id: after.id,
            details,
        },
    )
    .await?;
    Ok(())
}
