//! The demo's households in Lushi County's real villages: most of them poor through illness or
//! disability (as in the county's figures), every third with its own login, each registered by the
//! official of its township (or the county's) and decided on by two other officials.

use super::need_texts::*;
use super::pledges::other_official;
use crate::domain::need::{HardshipCause, MonitoringStatus};
use crate::domain::Role;
use crate::store::{demo, Conn};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use uuid::Uuid;

/// A demo household: where it lives, why it is poor, who posts its needs and which officials
/// decide on them (two people: the reviewer approves, another official confirms receipt).
pub(super) struct DemoHousehold {
    pub id: Uuid,
    pub village: String,
    pub causes: Vec<HardshipCause>,
    pub monitoring: MonitoringStatus,
    pub poster: Uuid,
    pub reviewer: Uuid,
    pub confirmer: Uuid,
}

/// Makes `count` households (and the logins of every third), drawing from `rng` in a fixed order.
pub(super) async fn make(
    conn: &mut Conn,
    rng: &mut StdRng,
    count: usize,
    villages: &[String],
    officials: &[(Uuid, String)],
    (county, county2): (Uuid, Uuid),
    password_hash: &str,
) -> anyhow::Result<Vec<DemoHousehold>> {
    let mut rows = Vec::with_capacity(count);
    for i in 0..count {
        let village = villages
            .choose(rng)
            .cloned()
            .unwrap_or_else(|| villages[0].clone());
        let roll = rng.gen_range(0..100);
        let mut causes = match roll {
            0..=44 => vec![HardshipCause::Illness],
            45..=71 => vec![HardshipCause::Disability],
            72..=79 => vec![HardshipCause::SchoolingCosts],
            80..=86 => vec![HardshipCause::LackOfLabour],
            87..=92 => vec![HardshipCause::LackOfSkills],
            93..=96 => vec![HardshipCause::LackOfFunds],
            97..=98 => vec![HardshipCause::Disaster],
            _ => vec![HardshipCause::Other],
        };
        if rng.gen_bool(0.3) {
            let extra = *[
                HardshipCause::LackOfLabour,
                HardshipCause::LackOfFunds,
                HardshipCause::SchoolingCosts,
            ]
            .choose(rng)
            .unwrap_or(&HardshipCause::Other);
            if !causes.contains(&extra) {
                causes.push(extra);
            }
        }
        let monitoring = match rng.gen_range(0..100) {
            0..=59 => MonitoringStatus::RegisteredPoor,
            60..=79 => MonitoringStatus::Marginal,
            80..=94 => MonitoringStatus::Monitored,
            _ => MonitoringStatus::None,
        };
        let name = format!(
            "{}{}",
            SURNAMES.choose(rng).unwrap_or(&"王"),
            GIVEN.choose(rng).unwrap_or(&"建国")
        );
        // Demo households carry no ID number: its digest needs the server's key, which the
        // seed does not hold. The draw stays so the rest of the demo data is unchanged.
        let _ = id_number(rng, i);
        let has_account = i % ACCOUNT_EVERY == 0;
        let phone = has_account.then(|| {
            format!(
                "1{}{:09}",
                rng.gen_range(3..10),
                rng.gen_range(0..1_000_000_000u64)
            )
        });
        let household_id = Uuid::new_v4();
        // The official of the household's township if there is one, else the county's.
        let creator = officials
            .iter()
            .find(|(_, r)| r.len() == 9 && village.starts_with(r.as_str()))
            .map_or(county2, |(id, _)| *id);
        demo::insert_household(
            conn,
            &crate::store::households::NewHousehold {
                id: household_id,
                head_name: &name,
                region_code: &village,
                id_number_digest: None,
                id_number_masked: None,
                phone: phone.as_deref(),
                size: Some(rng.gen_range(1..7)),
                causes: causes.clone(),
                monitoring_status: monitoring,
                created_by: Some(creator),
            },
        )
        .await?;
        let poster = if has_account {
            let user_id = Uuid::new_v4();
            crate::store::users::insert(
                conn,
                &crate::store::users::NewUser {
                    id: user_id,
                    email: &format!("household{:03}@demo.bangfu.cn", i + 1),
                    password_hash,
                    display_name: &format!(
                        "{}家",
                        &name[..name.char_indices().nth(1).map_or(name.len(), |(b, _)| b)]
                    ),
                    role: Role::Household,
                    organization_id: None,
                    household_id: Some(household_id),
                    email_verified_at: Some(chrono::Utc::now()),
                },
            )
            .await?;
            user_id
        } else {
            creator
        };
        // Two people: the need is reviewed and its pledges approved by an official other
        // than the one who posted it, and receipt confirmed by yet another.
        let reviewer = other_official(officials, &village, creator, county);
        let confirmer = other_official(officials, &village, reviewer, county);
        rows.push(DemoHousehold {
            id: household_id,
            village,
            causes,
            monitoring,
            poster,
            reviewer,
            confirmer,
        });
    }
    Ok(rows)
}
