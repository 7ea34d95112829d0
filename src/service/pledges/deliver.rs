//! The supporter records a delivery (confirmed on the spot with the household's receipt code); the
//! household, or an official of its village, confirms one. Five wrong codes lock the code an hour.

use super::rate::rate_confirmed;
use super::{check, load_visible, record_need_change, transition};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::pledge::{Party, PledgeAction, PledgeStatus};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::needs::{self, Need};
use crate::store::pledges::{self, Pledge, PledgeChange};
use crate::store::Conn;
use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

pub const MAX_CODE_FAILURES: i32 = 5;
pub const CODE_LOCK_MINUTES: i64 = 60;

/// What a confirmation records: how it was confirmed, and the household's rating and thanks.
pub struct Receipt<'a> {
    pub how: &'a str,
    pub rating: Option<i16>,
    pub thanks: Option<&'a str>,
}

/// Marks a delivered pledge confirmed and counts its quantity on `need` (locked by the caller).
pub async fn confirm_delivered(
    conn: &mut Conn,
    auth: &AuthUser,
    pledge: &Pledge,
    need: &Need,
    receipt: Receipt<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Pledge> {
    let Receipt {
        how,
        rating,
        thanks,
    } = receipt;
    let change = PledgeChange {
        confirmed_at: Some(now),
        confirmed_by: Some(auth.id),
        rating,
        thanks,
        closed_at: Some(now),
        updated_at: Some(now),
        ..PledgeChange::default()
    };
    let extra = json!({ "confirmed_by": how, "rating": rating });
    let to = PledgeStatus::Confirmed;
    let updated = transition(conn, Some(auth), pledge, to, change, None, extra).await?;
    let after = needs::confirm_quantity(conn, pledge.need_id, pledge.quantity, now).await?;
    record_need_change(conn, Some(auth), need, &after, pledge.id).await?;
    Ok(updated)
}

/// The household (or an official of its village) confirms that the help arrived. The official who
/// approved the pledge may not (403 `second_official_required`). On a pledge confirmed already
/// (on the spot with the receipt code) and not rated yet, a rating (and thanks) is recorded once.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, pledge_id = %id))]
pub async fn confirm(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    rating: Option<i16>,
    thanks: Option<&str>,
) -> ApiResult<Pledge> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (pledge, need, party) = load_visible(conn, actor, id, true).await?;
        if pledge.status == PledgeStatus::Confirmed && (rating.is_some() || thanks.is_some()) {
            let now = Utc::now();
            return rate_confirmed(conn, auth, &pledge, party, rating, thanks, now).await;
        }
        check(&pledge, PledgeAction::Confirm, party)?;
        if party == Some(Party::Official) {
            let rule = Decision::ConfirmReceipt {
                approved_by: pledge.decided_by,
            };
            if let Some(why) = rule.refusal(auth.id) {
                return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
            }
        }
        let how = if party == Some(Party::Household) {
            "household"
        } else {
            "official"
        };
        let receipt = Receipt {
            how,
            rating,
            thanks,
        };
        confirm_delivered(conn, auth, &pledge, &need, receipt, Utc::now()).await
    })
    .await
}

/// A delivery as the supporter reports it, its fields already checked.
pub struct Delivery<'a> {
    pub note: &'a str,
    pub tracking_ref: Option<&'a str>,
    /// The household's receipt code (six digits): confirms the delivery on the spot.
    pub receipt_code: Option<&'a str>,
}

enum Outcome {
    Done(Box<Pledge>),
    /// A refusal whose bookkeeping (failure count, lock) must still be committed.
    Refused(ApiError),
}

/// Records a delivery; with the right receipt code it is confirmed too. A wrong code is refused
/// after its failure is counted (and committed).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, pledge_id = %id))]
pub async fn deliver(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    d: Delivery<'_>,
) -> ApiResult<Pledge> {
    let outcome = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (pledge, need, party) = load_visible(conn, actor, id, true).await?;
            let to = check(&pledge, PledgeAction::Deliver, party)?;
            let now = Utc::now();
            if let Some(given) = d.receipt_code {
                if let Some(refusal) = check_code(conn, &pledge, given, now).await? {
                    return Ok(Outcome::Refused(refusal));
                }
                // Confirmed on the spot: the campaigns' funds are drawn (and locked) before the
                // delivery's audit event takes the chain's lock; the confirmation finds them drawn.
                crate::service::campaigns::draw_for_confirmation(conn, &pledge, now).await?;
            }
            let change = PledgeChange {
                delivered_at: Some(now),
                delivery_note: Some(d.note),
                tracking_ref: d.tracking_ref,
                receipt_code_failures: Some(0),
                updated_at: Some(now),
                ..PledgeChange::default()
            };
            let extra = json!({ "tracking_ref": d.tracking_ref });
            let delivered = transition(conn, Some(auth), &pledge, to, change, None, extra).await?;
            if d.receipt_code.is_none() {
                return Ok(Outcome::Done(Box::new(delivered)));
            }
            let receipt = Receipt {
                how: "receipt_code",
                rating: None,
                thanks: None,
            };
            let confirmed = confirm_delivered(conn, auth, &delivered, &need, receipt, now).await?;
            Ok(Outcome::Done(Box::new(confirmed)))
        })
        .await?;
    match outcome {
        Outcome::Done(p) => Ok(*p),
        Outcome::Refused(e) => Err(e),
    }
}

/// `None` when `given` is the pledge's code; otherwise the refusal, with the failure counted.
async fn check_code(
    conn: &mut Conn,
    pledge: &Pledge,
    given: &str,
    now: DateTime<Utc>,
) -> ApiResult<Option<ApiError>> {
    if let Some(until) = pledge.receipt_locked_until.filter(|u| *u > now) {
        let wait = (until - now).num_seconds().max(1) as u64;
        return Ok(Some(
            ApiError::new(
                ErrorCode::ReceiptCodeLocked,
                "too many wrong codes; try again later or deliver without the code",
            )
            .with_retry_after(wait),
        ));
    }
    if pledge.receipt_code.as_deref() == Some(given) {
        return Ok(None);
    }
    let failures = pledge.receipt_code_failures + 1;
    let locked = failures >= MAX_CODE_FAILURES;
    let change = PledgeChange {
        receipt_code_failures: Some(if locked { 0 } else { failures }),
        receipt_locked_until: locked.then_some(Some(now + Duration::minutes(CODE_LOCK_MINUTES))),
        ..PledgeChange::default()
    };
    pledges::change(conn, pledge.id, pledge.status, &change).await?;
    Ok(Some(if locked {
        ApiError::new(
            ErrorCode::ReceiptCodeLocked,
            "too many wrong codes: the code is locked for an hour",
        )
        .with_retry_after(CODE_LOCK_MINUTES as u64 * 60)
    } else {
        ApiError::new(
            ErrorCode::WrongReceiptCode,
            "the receipt code does not match",
        )
        .with_extra("attempts_left", MAX_CODE_FAILURES - failures)
    }))
}
