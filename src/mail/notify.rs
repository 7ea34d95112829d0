//! Who hears about what. Each function enqueues `mail.send` jobs in the caller's transaction; the
//! variables are public facts only (titles, region names, quantities, the supporter's public
//! name), so a supporter's mail can never carry a household's personal data.

use super::templates::MailKind;
use super::SEND;
use crate::domain::pledge::PledgeStatus;
use crate::store::needs::Need;
use crate::store::pledges::Pledge;
use crate::store::{jobs, mail_queue, needs, regions, users, Conn};
use chrono::Utc;
use diesel::QueryResult;
use serde_json::{json, Value};
use uuid::Uuid;

/// Queues one mail of `kind` to `user_id`.
pub async fn enqueue(
    conn: &mut Conn,
    kind: MailKind,
    user_id: Uuid,
    vars: Value,
) -> QueryResult<()> {
    jobs::enqueue(
        conn,
        &jobs::NewJob {
            kind: SEND,
            payload: json!({
                "kind": kind.as_str(),
                "user_id": user_id,
                "vars": vars,
                "message_id": format!("<{}.{}@bangfu>", Uuid::new_v4(), kind.as_str()),
            }),
            run_at: Utc::now(),
            max_attempts: 12,
        },
    )
    .await
    .map(|_| ())
}

/// How many mails of `kind` were queued for `user_id` since `since` (rate limits of account mail).
pub async fn queued_since(
    conn: &mut Conn,
    kind: MailKind,
    user_id: Uuid,
    since: chrono::DateTime<Utc>,
) -> QueryResult<i64> {
    mail_queue::queued_since(conn, SEND, kind.as_str(), user_id, since).await
}

async fn region_name(conn: &mut Conn, code: &str) -> QueryResult<String> {
    let map = regions::ancestry_map(conn, [code]).await?;
    Ok(regions::path_name(&map, code))
}

/// A need approved or rejected: to whoever posted it (the household, or the official for it).
pub async fn need_reviewed(
    conn: &mut Conn,
    need: &Need,
    approved: bool,
    reason: Option<&str>,
) -> QueryResult<()> {
    let kind = if approved {
        MailKind::NeedApproved
    } else {
        MailKind::NeedRejected
    };
    enqueue(
        conn,
        kind,
        need.posted_by,
        json!({ "need_id": need.id, "need_title": need.title, "reason": reason.unwrap_or("") }),
    )
    .await
}

/// The mail a pledge's move from `from` (`None`: just placed) to `to` causes, if any.
fn pledge_mail(from: Option<PledgeStatus>, to: PledgeStatus) -> Option<MailKind> {
    use PledgeStatus as S;
    Some(match (from, to) {
        (None, S::PendingApproval) => MailKind::PledgeReceived,
        (_, S::Approved) => MailKind::PledgeApproved,
        (_, S::Rejected) => MailKind::PledgeRejected,
        (_, S::Delivered) => MailKind::DeliveryRecorded,
        (_, S::Confirmed) => MailKind::ReceiptConfirmed,
        (_, S::Expired) => MailKind::PledgeExpired,
        _ => return None,
    })
}

/// A pledge moved from `from` to `pledge.status`: tells the side that has to know.
pub async fn pledge_changed(
    conn: &mut Conn,
    from: Option<PledgeStatus>,
    pledge: &Pledge,
) -> QueryResult<()> {
    // Every pledge transition passes here: a move that tells nobody costs no query.
    let Some(kind) = pledge_mail(from, pledge.status) else {
        return Ok(());
    };
    let Some(need) = needs::find(conn, pledge.need_id).await? else {
        return Ok(());
    };
    let supporter = users::supporters(conn, &[pledge.supporter_id])
        .await?
        .remove(&pledge.supporter_id)
        .map(|s| s.name)
        .unwrap_or_default();
    let base = json!({
        "need_id": need.id,
        "pledge_id": pledge.id,
        "need_title": need.title,
        "quantity": pledge.quantity,
        "unit": need.unit,
        "supporter": supporter,
    });
    let with = |extra: Value| {
        let mut v = base.clone();
        if let (Some(o), Value::Object(e)) = (v.as_object_mut(), extra) {
            o.extend(e);
        }
        v
    };
    match kind {
        MailKind::PledgeReceived => {
            for user in users::of_household(conn, need.household_id).await? {
                enqueue(conn, kind, user, base.clone()).await?;
            }
        }
        MailKind::PledgeApproved => {
            let region = region_name(conn, &need.region_code).await?;
            let vars = with(
                json!({ "region": region, "deliver_by": pledge.expires_at.format("%Y-%m-%d").to_string() }),
            );
            enqueue(conn, kind, pledge.supporter_id, vars).await?;
        }
        MailKind::PledgeRejected => {
            let vars =
                with(json!({ "reason": pledge.rejection_reason.clone().unwrap_or_default() }));
            enqueue(conn, kind, pledge.supporter_id, vars).await?;
        }
        MailKind::DeliveryRecorded => {
            let vars = with(json!({ "note": pledge.delivery_note.clone().unwrap_or_default() }));
            for user in users::of_household(conn, need.household_id).await? {
                enqueue(conn, kind, user, vars.clone()).await?;
            }
        }
        MailKind::ReceiptConfirmed => {
            let vars = with(json!({
                "rating": pledge.rating.map(|r| r.to_string()).unwrap_or_else(|| "-".to_owned()),
                "thanks": pledge.thanks.clone().unwrap_or_else(|| "-".to_owned()),
            }));
            enqueue(conn, kind, pledge.supporter_id, vars).await?;
        }
        // PledgeExpired: the base facts say it all.
        _ => enqueue(conn, kind, pledge.supporter_id, base).await?,
    }
    Ok(())
}

/// An approved pledge expires within three days: remind its supporter.
pub async fn pledge_expiring(
    conn: &mut Conn,
    pledge: &Pledge,
    need_title: &str,
) -> QueryResult<()> {
    enqueue(
        conn,
        MailKind::PledgeExpiring,
        pledge.supporter_id,
        json!({ "need_title": need_title, "pledge_id": pledge.id,
            "expires_at": pledge.expires_at.format("%Y-%m-%d %H:%M UTC").to_string() }),
    )
    .await
}

fn complaint_subject(subject_type: &str, title: &str) -> String {
    format!("{subject_type} “{title}”")
}

async fn subject_title(
    conn: &mut Conn,
    subject_type: &str,
    subject_id: Uuid,
) -> QueryResult<String> {
    let need_id = if subject_type == "pledge" {
        crate::store::pledges::find(conn, subject_id)
            .await?
            .map(|p| p.need_id)
    } else {
        Some(subject_id)
    };
    Ok(match need_id {
        Some(id) => needs::find(conn, id)
            .await?
            .map(|n| n.title)
            .unwrap_or_default(),
        None => String::new(),
    })
}

/// A complaint answered: to the complainant.
pub async fn complaint_answered(
    conn: &mut Conn,
    complainant: Uuid,
    subject_type: &str,
    subject_id: Uuid,
    resolution: &str,
) -> QueryResult<()> {
    let title = subject_title(conn, subject_type, subject_id).await?;
    enqueue(
        conn,
        MailKind::ComplaintAnswered,
        complainant,
        json!({ "subject": complaint_subject(subject_type, &title), "resolution": resolution }),
    )
    .await
}

/// A complaint escalated to `level`: to the officials who handle it now and did not before.
pub async fn complaint_escalated(
    conn: &mut Conn,
    complaint_id: Uuid,
    subject_type: &str,
    subject_id: Uuid,
    village: &str,
    level: i16,
) -> QueryResult<()> {
    let title = subject_title(conn, subject_type, subject_id).await?;
    let now_len = crate::domain::access::complaint_min_code_len(level);
    let before_len = crate::domain::access::complaint_min_code_len(level.saturating_sub(1).max(0));
    let officials = users::officials_with_jurisdiction(conn).await?;
    for (official, code) in officials {
        let len = code.len();
        if village.starts_with(&code) && len >= now_len && len < before_len {
            enqueue(
                conn,
                MailKind::ComplaintEscalated,
                official,
                json!({ "subject": complaint_subject(subject_type, &title), "level": level,
                    "path": format!("/review/complaints#{complaint_id}") }),
            )
            .await?;
        }
    }
    Ok(())
}
