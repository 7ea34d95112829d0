//! Certification (扶贫产品认定) by an official of the seller's county, under the rule of two people,
//! and delisting by the seller.

use super::{check, load_visible, transition};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::product::ProductAction;
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::products::{Product, ProductChange};
use crate::store::{households, organizations, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// An official's decision on a product waiting for certification.
#[derive(Debug, Clone, Copy)]
pub enum Certification<'a> {
    Approve {
        reason: Option<&'a str>,
    },
    /// A rejection carries its reason.
    Reject {
        reason: &'a str,
    },
}

/// The official who registered the seller: whoever created the household's profile, or verified
/// the organization.
async fn registered_by(conn: &mut Conn, p: &Product) -> ApiResult<Option<Uuid>> {
    if let Some(h) = p.household_id {
        return Ok(households::find(conn, h).await?.and_then(|h| h.created_by));
    }
    if let Some(o) = p.organization_id {
        return Ok(organizations::find(conn, o)
            .await?
            .and_then(|o| o.verified_by));
    }
    Ok(None)
}

/// Certifies (lists) or rejects a product waiting for certification.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %id))]
pub async fn certify(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    decision: Certification<'_>,
) -> ApiResult<Product> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = load_visible(conn, actor, id, true).await?;
        let (action, reason) = match decision {
            Certification::Approve { reason } => (ProductAction::Certify, reason),
            Certification::Reject { reason } => (ProductAction::Reject, Some(reason)),
        };
        let to = check(actor, &before, action)?;
        let rule = Decision::CertifyProduct {
            registered_by: registered_by(conn, &before).await?,
            listed_by: before.listed_by,
        };
        if let Some(why) = rule.refusal(auth.id) {
            return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
        }
        let now = Utc::now();
        let rejected = action == ProductAction::Reject;
        let change = ProductChange {
            status: Some(to),
            rejection_reason: Some(if rejected { reason } else { None }),
            certified_by: Some(Some(auth.id)),
            certified_at: Some(Some(now)),
            updated_at: Some(now),
            ..ProductChange::default()
        };
        transition(
            conn,
            auth,
            &before,
            action,
            change,
            json!({ "reason": reason }),
        )
        .await
    })
    .await
}

/// The seller takes a product off sale. Orders already placed go on.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %id))]
pub async fn delist(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<Product> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = load_visible(conn, actor, id, true).await?;
        let to = check(actor, &before, ProductAction::Delist)?;
        let change = ProductChange {
            status: Some(to),
            rejection_reason: Some(None),
            updated_at: Some(Utc::now()),
            ..ProductChange::default()
        };
        transition(
            conn,
            auth,
            &before,
            ProductAction::Delist,
            change,
            json!({}),
        )
        .await
    })
    .await
}
