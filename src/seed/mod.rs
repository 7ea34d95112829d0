//! Accounts made from the command line: admins, and the demo data set.

mod campaigns;
mod demo_households;
mod household_account;
mod jobs;
mod need_texts;
mod needs;
mod offers;
mod pictures;
mod pledges;
mod products;
mod projects;
mod stories;

pub use needs::DemoSize;

use crate::auth::password_hash;
use crate::domain::need::{HardshipCause, MonitoringStatus};
use crate::domain::{CreditCode, Email, Password, RegionCode, Role};
use crate::store::{audit, households, organizations, users, Conn};
use diesel_async::AsyncConnection;
use uuid::Uuid;

/// Creates an admin, or resets the password and name of the admin with this email.
pub async fn create_or_reset_admin(
    conn: &mut Conn,
    email: &str,
    password: &str,
    name: &str,
) -> anyhow::Result<String> {
    let email = Email::parse(email).map_err(|m| anyhow::anyhow!("--email: {m}"))?;
    let password =
        Password::parse(password).map_err(|e| anyhow::anyhow!("--password: {}", e.message()))?;
    let name = crate::domain::text::bounded(name, 1, 60)
        .map_err(|(_, m)| anyhow::anyhow!("--name: {m}"))?;
    let hash = password_hash::hash_blocking(password.expose().to_owned()).await?;
    conn.transaction::<_, anyhow::Error, _>(async |conn| {
        match users::find_by_email(conn, email.as_str()).await? {
            Some(existing) if existing.role == Role::Admin => {
                users::update(
                    conn,
                    existing.id,
                    &users::UserUpdate {
                        password_hash: Some(&hash),
                        display_name: Some(&name),
                        updated_at: chrono::Utc::now(),
                    },
                )
                .await?;
                // A reset password retires the access tokens issued under the old one.
                crate::store::users_auth::bump_generation(conn, existing.id).await?;
                audit::append(
                    conn,
                    audit::Entry {
                        chain: audit::AuditChain::National,
                        actor_id: None,
                        action: "admin.reset",
                        subject_type: "user",
                        subject_id: existing.id,
                        details: serde_json::json!({}),
                    },
                )
                .await?;
                Ok(format!("admin {email} reset"))
            }
            Some(_) => anyhow::bail!("{email} belongs to an account that is not an admin"),
            None => {
                let user = users::insert(
                    conn,
                    &users::NewUser {
                        id: Uuid::new_v4(),
                        email: email.as_str(),
                        password_hash: &hash,
                        display_name: &name,
                        role: Role::Admin,
                        organization_id: None,
                        household_id: None,
                        email_verified_at: Some(chrono::Utc::now()),
                    },
                )
                .await?;
                audit::append(
                    conn,
                    audit::Entry {
                        chain: audit::AuditChain::National,
                        actor_id: None,
                        action: "admin.created",
                        subject_type: "user",
                        subject_id: user.id,
                        details: serde_json::json!({}),
                    },
                )
                .await?;
                Ok(format!("admin {email} created"))
            }
        }
    })
    .await
}

pub const DEMO_PASSWORD: &str = "bangfu-demo-2026";

struct DemoAccount {
    email: &'static str,
    name: &'static str,
    role: Role,
    jurisdiction: Option<&'static str>,
    organization: Option<(&'static str, &'static str)>,
    household: Option<(&'static str, &'static str, Option<&'static str>)>,
}

const DEMO: &[DemoAccount] = &[
    DemoAccount {
        email: "official.lushi@demo.bangfu.cn",
        name: "卢氏县扶贫办 王干事",
        role: Role::Official,
        jurisdiction: Some("411224"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.duguan@demo.bangfu.cn",
        name: "杜关镇驻村工作队 李队长",
        role: Role::Official,
        jurisdiction: Some("411224101"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.lushi2@demo.bangfu.cn",
        name: "卢氏县乡村振兴局 刘科长",
        role: Role::Official,
        jurisdiction: Some("411224"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.duguan2@demo.bangfu.cn",
        name: "杜关镇扶贫站 孙站长",
        role: Role::Official,
        jurisdiction: Some("411224101"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.duguancun@demo.bangfu.cn",
        name: "杜关村村委会 周书记",
        role: Role::Official,
        jurisdiction: Some("411224101200"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.duguancun2@demo.bangfu.cn",
        name: "杜关村驻村第一书记 吴书记",
        role: Role::Official,
        jurisdiction: Some("411224101200"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.sanmenxia@demo.bangfu.cn",
        name: "三门峡市乡村振兴局 郑处长",
        role: Role::Official,
        jurisdiction: Some("4112"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "official.chengguan@demo.bangfu.cn",
        name: "城关镇扶贫站 赵站长",
        role: Role::Official,
        jurisdiction: Some("411224100"),
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "donor@demo.bangfu.cn",
        name: "爱心人士 陈女士",
        role: Role::Donor,
        jurisdiction: None,
        organization: None,
        household: None,
    },
    DemoAccount {
        email: "enterprise@demo.bangfu.cn",
        name: "卢氏县绿源农业有限公司",
        role: Role::Enterprise,
        jurisdiction: None,
        organization: Some(("卢氏县绿源农业有限公司", "91411224MA45BF0Q7T")),
        household: None,
    },
    DemoAccount {
        email: "charity@demo.bangfu.cn",
        name: "三门峡市慈善总会",
        role: Role::SocialOrg,
        jurisdiction: None,
        organization: Some(("三门峡市慈善总会", "52411224MA44TR3N25")),
        household: None,
    },
    DemoAccount {
        email: "household@demo.bangfu.cn",
        name: "杜关村 张家",
        role: Role::Household,
        jurisdiction: None,
        organization: None,
        household: Some(("张建国", "411224101200", Some("411224198506120030"))),
    },
];

/// Loads the whole demo ([`demo_sized`] at its default size, then [`demo_household`]); what exists
/// already is left alone. Returns lines to print.
/// The README household's phone (a made-up number): an employer sees it once the household accepts
/// an invitation to a job, as the jobs walk-through shows.
const README_HOUSEHOLD_PHONE: &str = "13903980000";

pub async fn demo(conn: &mut Conn, config: &crate::config::Config) -> anyhow::Result<Vec<String>> {
    let mut lines = demo_sized(conn, DemoSize::default()).await?;
    lines.extend(demo_household(conn, config).await?);
    Ok(lines)
}

/// The README household's needs in every state, and the shop (products of Lushi households and the
/// demo enterprise, with pictures, certified, and orders), made through the service functions (which
/// need the configuration's windows, review rules and data directory); once.
pub async fn demo_household(
    conn: &mut Conn,
    config: &crate::config::Config,
) -> anyhow::Result<Vec<String>> {
    let mut lines = household_account::seed(conn, config).await?;
    lines.extend(products::seed(conn, config).await?);
    lines.extend(jobs::seed(conn).await?);
    lines.extend(projects::seed(conn, config).await?);
    lines.extend(stories::seed(conn, config).await?);
    lines.extend(campaigns::seed(conn, config).await?);
    Ok(lines)
}

/// The demo accounts, offers, and bulk data with a chosen number of households and needs
/// (benchmarks use 100,000 needs), written straight to the tables.
pub async fn demo_sized(conn: &mut Conn, size: DemoSize) -> anyhow::Result<Vec<String>> {
    let hash = password_hash::hash_blocking(DEMO_PASSWORD.to_owned()).await?;
    let mut lines = vec![format!("demo accounts (password: {DEMO_PASSWORD}):")];
    for a in DEMO {
        let created = conn
            .transaction::<_, anyhow::Error, _>(async |conn| {
                if users::find_by_email(conn, a.email).await?.is_some() {
                    return Ok(false);
                }
                let organization_id = match a.organization {
                    Some((name, code)) => {
                        let code = CreditCode::parse(code)
                            .map_err(|e| anyhow::anyhow!("demo credit code: {}", e.message()))?;
                        Some(
                            organizations::insert(
                                conn,
                                &organizations::NewOrganization {
                                    id: Uuid::new_v4(),
                                    kind: a.role.as_str(),
                                    name,
                                    credit_code: code.as_str(),
                                },
                            )
                            .await?
                            .id,
                        )
                    }
                    None => None,
                };
                let household_id = match a.household {
                    Some((head, village, id_number)) => {
                        let region = RegionCode::parse(village)
                            .map_err(|m| anyhow::anyhow!("demo village: {m}"))?;
                        // No ID number: its digest needs the server's key, which the seed does not hold.
                        let _ = id_number;
                        Some(
                            households::insert(
                                conn,
                                &households::NewHousehold {
                                    id: Uuid::new_v4(),
                                    head_name: head,
                                    region_code: region.as_str(),
                                    id_number_digest: None,
                                    id_number_masked: None,
                                    phone: Some(README_HOUSEHOLD_PHONE),
                                    size: Some(4),
                                    causes: vec![HardshipCause::Illness],
                                    monitoring_status: MonitoringStatus::RegisteredPoor,
                                    created_by: None,
                                },
                            )
                            .await?
                            .id,
                        )
                    }
                    None => None,
                };
                let user = users::insert(
                    conn,
                    &users::NewUser {
                        id: Uuid::new_v4(),
                        email: a.email,
                        password_hash: &hash,
                        display_name: a.name,
                        role: a.role,
                        organization_id,
                        household_id,
                        email_verified_at: Some(chrono::Utc::now()),
                    },
                )
                .await?;
                if let Some(code) = a.jurisdiction {
                    users::insert_jurisdiction(
                        conn,
                        &users::NewJurisdiction {
                            official_id: user.id,
                            region_code: code,
                            granted_by: None,
                        },
                    )
                    .await?;
                }
                audit::append(
                    conn,
                    audit::Entry {
                        chain: audit::AuditChain::National,
                        actor_id: None,
                        action: "demo.account_created",
                        subject_type: "user",
                        subject_id: user.id,
                        details: serde_json::json!({ "role": a.role.as_str() }),
                    },
                )
                .await?;
                Ok(true)
            })
            .await?;
        let scope = a
            .jurisdiction
            .map(|j| format!(" (jurisdiction {j})"))
            .unwrap_or_default();
        lines.push(format!(
            "  {:<11} {}{}{}",
            a.role.as_str(),
            a.email,
            scope,
            if created { "" } else { "  [already there]" }
        ));
    }
    lines.extend(needs::seed(conn, &hash, size).await?);
    lines.extend(offers::seed(conn).await?);
    Ok(lines)
}
