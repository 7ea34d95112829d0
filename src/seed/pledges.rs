//! The demo's pledges behind each need's pledged quantity, written straight to the tables (a
//! thousand needs' worth, fast): what the pledge service would have produced, in states that fit the
//! need's, with one audit event each.

use crate::domain::need::NeedStatus;
use crate::domain::pledge::PledgeStatus;
use crate::store::{audit, demo, pledges, Conn};
use chrono::{Duration, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use serde_json::json;
use uuid::Uuid;

/// An official of the village's jurisdiction other than `not`, at the level nearest the village
/// (the last of equals in the given order); `fallback` when there is none.
pub(super) fn other_official(
    officials: &[(Uuid, String)],
    village: &str,
    not: Uuid,
    fallback: Uuid,
) -> Uuid {
    officials
        .iter()
        .filter(|(id, r)| *id != not && village.starts_with(r.as_str()))
        .max_by_key(|(_, r)| r.len())
        .map_or(fallback, |(id, _)| *id)
}

const THANKS: &[&str] = &[
    "谢谢好心人，东西已经收到了！",
    "感谢爱心企业的帮助，解了燃眉之急。",
    "收到了，全家都很感激。",
    "谢谢你们，孩子可以安心上学了。",
];

/// Pledges behind a demo need's pledged quantity, in states that fit the need's: confirmed for
/// fulfilled needs, approved or delivered for fully pledged ones, waiting or approved for open ones.
#[allow(clippy::too_many_arguments)]
pub(super) async fn seed_pledges(
    conn: &mut Conn,
    rng: &mut StdRng,
    need_id: Uuid,
    village: &str,
    need_status: NeedStatus,
    pledged: i32,
    (official, confirmer): (Uuid, Uuid),
    supporters: &[Uuid],
    created_at: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    // One or two pledges that add up to the pledged quantity.
    let first = if pledged > 1 && rng.gen_bool(0.5) {
        rng.gen_range(1..pledged)
    } else {
        pledged
    };
    let parts: Vec<i32> = if first < pledged {
        vec![first, pledged - first]
    } else {
        vec![pledged]
    };
    for quantity in parts {
        let supporter = supporters[rng.gen_range(0..supporters.len())];
        let status = match need_status {
            NeedStatus::Fulfilled => PledgeStatus::Confirmed,
            NeedStatus::FullyPledged if rng.gen_bool(0.5) => PledgeStatus::Delivered,
            NeedStatus::FullyPledged => PledgeStatus::Approved,
            _ if rng.gen_bool(0.5) => PledgeStatus::Approved,
            _ => PledgeStatus::PendingApproval,
        };
        let confirmed = status == PledgeStatus::Confirmed;
        let delivered = PledgeStatus::DELIVERED.contains(&status);
        let at = created_at + Duration::days(3);
        let decided = status != PledgeStatus::PendingApproval;
        let pledge_id = Uuid::new_v4();
        demo::insert_pledge(
            conn,
            &pledges::NewPledge {
                id: pledge_id,
                need_id,
                supporter_id: supporter,
                region_code: village,
                quantity,
                message: "一点心意，希望能帮上忙",
                expires_at: Utc::now() + Duration::days(if decided { 30 } else { 14 }),
                created_at: at,
                updated_at: at,
                offer_id: None,
                offer_quantity: None,
            },
            demo::PledgeProgress {
                status,
                receipt_code: decided.then(|| format!("{:06}", rng.gen_range(0..1_000_000))),
                decided_by: decided.then_some(official),
                decided_at: decided.then(|| at + Duration::days(1)),
                delivered_at: delivered.then(|| at + Duration::days(5)),
                delivery_note: delivered.then_some("已送到家中"),
                confirmed_at: confirmed.then(|| at + Duration::days(6)),
                confirmed_by: confirmed.then_some(confirmer),
                rating: confirmed.then(|| rng.gen_range(4..=5i16)),
                thanks: confirmed.then(|| THANKS[rng.gen_range(0..THANKS.len())]),
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(village),
                actor_id: Some(supporter),
                action: &format!("pledge.{status}"),
                subject_type: "pledge",
                subject_id: pledge_id,
                details: json!({ "need_id": need_id, "quantity": quantity, "to": status, "demo": true }),
            },
        )
        .await?;
    }
    Ok(())
}
