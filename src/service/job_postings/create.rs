//! Posting a job and changing it while it is open.

use super::{ensure_open, is_employer, load, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::posting::{apply_patch, JobContent, JobFields};
use crate::domain::employment::JobStatus;
use crate::domain::{RegionCode, Role};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::job_postings::{self as store, JobPosting, JobPostingChange, NewJobPosting};
use crate::store::{regions, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The organization of an enterprise or social organization account, if verified: employers are
/// organizations an official or admin has verified (403 `organization_unverified` otherwise).
async fn verified_organization(conn: &mut Conn, actor: &Actor) -> ApiResult<Uuid> {
    let Actor::Supporter {
        user_id,
        role: Role::Enterprise | Role::SocialOrg,
    } = actor
    else {
        return Err(ApiError::forbidden(
            "enterprises and social organizations post jobs",
        ));
    };
    let (org_id, verified) = crate::service::organization_of(conn, *user_id)
        .await?
        .ok_or_else(|| ApiError::internal("organization account without organization"))?;
    if !verified {
        return Err(ApiError::new(
            ErrorCode::OrganizationUnverified,
            "an official or an administrator must verify your organization before it posts jobs",
        ));
    }
    Ok(org_id)
}

async fn check_region(conn: &mut Conn, region: &RegionCode) -> ApiResult<()> {
    if regions::find(conn, region).await?.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "region_code",
            "unknown_region",
            "no such region",
        )]));
    }
    Ok(())
}

fn skills_column(c: &JobContent) -> Vec<Option<crate::domain::employment::Skill>> {
    c.skills.iter().copied().map(Some).collect()
}

/// Posts a job for the caller's verified organization.
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    content: &JobContent,
) -> ApiResult<JobPosting> {
    let organization_id = verified_organization(conn, actor).await?;
    crate::service::require_verified_email(conn, auth.id).await?;
    check_region(conn, &content.region_code).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let posting = store::insert(
            conn,
            &NewJobPosting {
                id: Uuid::new_v4(),
                employer_id: auth.id,
                organization_id,
                title: &content.title,
                description: &content.description,
                region_code: content.region_code.as_str(),
                positions: content.positions,
                pay_min_fen: content.pay_min_fen,
                pay_max_fen: content.pay_max_fen,
                pay_period: content.pay_period,
                skills: skills_column(content),
                housing: content.housing,
                valid_until: content.valid_until,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            "job_posting.posted",
            None,
            &posting,
            json!({}),
        )
        .await?;
        Ok(posting)
    })
    .await
}

pub fn content_of(p: &JobPosting) -> JobContent {
    JobContent {
        title: p.title.clone(),
        description: p.description.clone(),
        region_code: RegionCode::from_trusted(p.region_code.clone()),
        positions: p.positions,
        pay_min_fen: p.pay_min_fen,
        pay_max_fen: p.pay_max_fen,
        pay_period: p.pay_period,
        skills: p.skills(),
        housing: p.housing,
        valid_until: p.valid_until,
    }
}

/// The employer changes an open posting (each field already checked); positions never drop
/// below the hires made.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, job_id = %id))]
pub async fn update(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    patch: &JobFields,
) -> ApiResult<JobPosting> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = load(conn, id, true).await?;
        if !is_employer(actor, &before) {
            return Err(ApiError::forbidden("only the employer changes its job"));
        }
        ensure_open(&before)?;
        let now = Utc::now();
        let mut errors = Vec::new();
        let after = apply_patch(content_of(&before), patch, now, &mut errors);
        if after.positions < before.hired {
            errors.push(FieldError::new(
                "positions",
                "below_hired",
                format!("{} already hired", before.hired),
            ));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        if after == content_of(&before) {
            return Ok(before);
        }
        if after.region_code.as_str() != before.region_code {
            check_region(conn, &after.region_code).await?;
        }
        let changed: Vec<&str> = [
            ("title", after.title != before.title),
            ("description", after.description != before.description),
            (
                "region_code",
                after.region_code.as_str() != before.region_code,
            ),
            ("positions", after.positions != before.positions),
            ("pay_min_fen", after.pay_min_fen != before.pay_min_fen),
            ("pay_max_fen", after.pay_max_fen != before.pay_max_fen),
            ("pay_period", after.pay_period != before.pay_period),
            ("skills", after.skills != before.skills()),
            ("housing", after.housing != before.housing),
            ("valid_until", after.valid_until != before.valid_until),
        ]
        .into_iter()
        .filter_map(|(f, c)| c.then_some(f))
        .collect();
        let change = JobPostingChange {
            title: Some(&after.title),
            description: Some(&after.description),
            region_code: Some(after.region_code.as_str()),
            positions: Some(after.positions),
            pay_min_fen: Some(after.pay_min_fen),
            pay_max_fen: Some(after.pay_max_fen),
            pay_period: Some(after.pay_period),
            skills: Some(skills_column(&after)),
            housing: Some(after.housing),
            valid_until: Some(after.valid_until),
            updated_at: Some(now),
            ..JobPostingChange::default()
        };
        let updated = store::change(conn, id, JobStatus::Open, after.positions, &change)
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::JobNotOpen, "the job changed meanwhile"))?;
        record(
            conn,
            Some(auth.id),
            "job_posting.updated",
            Some(before.status),
            &updated,
            json!({ "changed": changed }),
        )
        .await?;
        Ok(updated)
    })
    .await
}
