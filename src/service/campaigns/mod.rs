//! Campaigns and matching funds (e.g. 扶贫日 week): opening a campaign (admins, officials of a city
//! or province inside their jurisdiction), pledging a fund to it (verified enterprises, before it
//! ends), and drawing matches when donor pledges in scope are confirmed ([`draw`]).

pub mod draw;
pub mod read;

pub use draw::draw_for_confirmation;

use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::campaign::{self, CampaignFields, CreateRight, FundFields};
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::campaigns::{self as store, Campaign, Fund, NewCampaign, NewFund};
use crate::store::{audit, regions, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// Loads a campaign (public once created); 404 when there is none.
pub async fn load(conn: &mut Conn, id: Uuid) -> ApiResult<Campaign> {
    store::find(conn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("campaign"))
}

fn refusal(right: CreateRight) -> Option<ApiError> {
    match right {
        CreateRight::Allowed => None,
        CreateRight::NotAllowed => Some(ApiError::forbidden(
            "administrators and officials of a city or a province open campaigns",
        )),
        CreateRight::OutsideJurisdiction => Some(ApiError::forbidden(
            "a campaign's regions must lie inside your jurisdiction",
        )),
    }
}

/// Opens a campaign: the caller's right first (403), then every field at once (400), then the
/// regions against the caller's jurisdiction (403) and the region table (400 `unknown_region`).
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    fields: &CampaignFields,
    now: DateTime<Utc>,
) -> ApiResult<Campaign> {
    if let Some(e) = refusal(campaign::create_right(actor, &[])) {
        return Err(e);
    }
    let mut errors = Vec::new();
    let content = campaign::content_from(fields, now, &mut errors);
    let Some(content) = content.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    if let Some(e) = refusal(campaign::create_right(actor, &content.regions)) {
        return Err(e);
    }
    let known = regions::find_many(conn, &content.regions).await?;
    let unknown: Vec<FieldError> = content
        .regions
        .iter()
        .filter(|r| !known.iter().any(|k| k.code == r.as_str()))
        .map(|r| FieldError::new("regions", "unknown_region", format!("no region {r}")))
        .collect();
    if !unknown.is_empty() {
        return Err(ApiError::validation(unknown));
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let c = store::insert(
            conn,
            &NewCampaign {
                id: Uuid::new_v4(),
                name: &content.name,
                description: &content.description,
                starts_at: content.starts_at,
                ends_at: content.ends_at,
                region_codes: content
                    .regions
                    .iter()
                    .map(|r| r.as_str().to_owned())
                    .collect(),
                categories: content
                    .categories
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
                created_by: auth.id,
                created_at: now,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "campaign.created",
                subject_type: "campaign",
                subject_id: c.id,
                details: json!({ "role": auth.role.as_str(), "starts_at": c.starts_at,
                    "ends_at": c.ends_at, "regions": c.region_codes, "categories": c.categories }),
            },
        )
        .await?;
        Ok(c)
    })
    .await
}

/// The organization of an enterprise account, if verified (403 `organization_unverified`).
async fn verified_enterprise(conn: &mut Conn, actor: &Actor) -> ApiResult<Uuid> {
    let Actor::Supporter {
        user_id,
        role: Role::Enterprise,
    } = actor
    else {
        return Err(ApiError::forbidden("enterprises pledge matching funds"));
    };
    let (org_id, verified) = crate::service::organization_of(conn, *user_id)
        .await?
        .ok_or_else(|| ApiError::internal("enterprise account without organization"))?;
    if !verified {
        return Err(ApiError::new(
            ErrorCode::OrganizationUnverified,
            "an official or an administrator must verify your organization before it pledges funds",
        ));
    }
    Ok(org_id)
}

/// A verified enterprise pledges a matching fund to a campaign that has not ended (409
/// `campaign_ended`).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, campaign_id = %campaign_id))]
pub async fn pledge_fund(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    campaign_id: Uuid,
    fields: &FundFields,
    now: DateTime<Utc>,
) -> ApiResult<Fund> {
    let c = load(conn, campaign_id).await?;
    let organization_id = verified_enterprise(conn, actor).await?;
    crate::service::require_verified_email(conn, auth.id).await?;
    let mut errors = Vec::new();
    let terms = campaign::fund_terms_from(fields, &mut errors);
    let Some(terms) = terms.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    if now >= c.ends_at {
        return Err(ApiError::new(
            ErrorCode::CampaignEnded,
            "the campaign has ended: funds are pledged before its end",
        )
        .with_extra("ends_at", c.ends_at.to_rfc3339()));
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let fund = store::insert_fund(
            conn,
            &NewFund {
                id: Uuid::new_v4(),
                campaign_id,
                enterprise_id: auth.id,
                organization_id,
                ratio_percent: terms.ratio_percent,
                cap_fen: terms.cap_fen,
                created_at: now,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "campaign_fund.pledged",
                subject_type: "campaign_fund",
                subject_id: fund.id,
                details: json!({ "campaign_id": campaign_id, "organization_id": organization_id,
                    "ratio_percent": fund.ratio_percent, "cap_fen": fund.cap_fen }),
            },
        )
        .await?;
        Ok(fund)
    })
    .await
}
