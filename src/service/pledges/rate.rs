//! Rating and thanks after confirmation. A pledge confirmed on the spot with the receipt code (or
//! confirmed without a rating) can be rated once afterwards, by the household or an official of its
//! region other than the one who approved the pledge.

use crate::auth::AuthUser;
use crate::domain::pledge::{Party, PledgeStatus};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::pledges::{self, Pledge};
use crate::store::{audit, Conn};
use chrono::{DateTime, Utc};
use serde_json::json;

/// Who may rate a confirmed pledge, and whether it still can be: the household, or an official of
/// its region who did not approve it; once.
fn may_rate(auth: &AuthUser, pledge: &Pledge, party: Option<Party>) -> ApiResult<()> {
    match party {
        Some(Party::Household) => {}
        Some(Party::Official) => {
            let rule = Decision::ConfirmReceipt {
                approved_by: pledge.decided_by,
            };
            if let Some(why) = rule.refusal(auth.id) {
                return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
            }
        }
        _ => {
            return Err(ApiError::forbidden(
                "only the household or an official of its region rates the help it received",
            ))
        }
    }
    if pledge.status != PledgeStatus::Confirmed {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            format!("a pledge that is {} cannot be rated", pledge.status),
        )
        .with_extra("pledge_status", pledge.status.as_str()));
    }
    if pledge.rating.is_some() {
        return Err(already_rated());
    }
    Ok(())
}

fn already_rated() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidTransition,
        "the pledge is confirmed and already rated: a rating is given once",
    )
    .with_extra("pledge_status", PledgeStatus::Confirmed.as_str())
}

/// Records the rating (and thanks) of a confirmed pledge (locked by the caller) on the audit chain.
pub async fn rate_confirmed(
    conn: &mut Conn,
    auth: &AuthUser,
    pledge: &Pledge,
    party: Option<Party>,
    rating: Option<i16>,
    thanks: Option<&str>,
    now: DateTime<Utc>,
) -> ApiResult<Pledge> {
    may_rate(auth, pledge, party)?;
    let Some(rating) = rating else {
        return Err(ApiError::validation(vec![FieldError::new(
            "rating",
            "required",
            "the pledge is confirmed already: give a rating of 1 to 5 (and thanks if you like)",
        )]));
    };
    let rated = pledges::rate(conn, pledge.id, rating, thanks, now)
        .await?
        .ok_or_else(already_rated)?;
    let by = if party == Some(Party::Household) {
        "household"
    } else {
        "official"
    };
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::of_code(&pledge.region_code),
            actor_id: Some(auth.id),
            action: "pledge.rated",
            subject_type: "pledge",
            subject_id: pledge.id,
            details: json!({
                "role": auth.role.as_str(),
                "rated_by": by,
                "need_id": pledge.need_id,
                "rating": rating,
                "with_thanks": thanks.is_some(),
            }),
        },
    )
    .await?;
    Ok(rated)
}
