//! Demo offers: the charity (whose credit code the county has verified) and the donor offer what
//! Lushi's households ask for most, so offers search and matching have something to show. Each is
//! counted in a unit that meets the needs it is for (棉衣 by the 件 for needs by the 套, 学杂费 by the
//! 学期, 轮椅 by the 台), see `domain::unit`. The enterprise's 300 school bags are left for the
//! README's walkthrough to publish; they match the 学习用品和书包 needs.

use crate::domain::need::Category;
use crate::store::{offers, organizations, users, Conn};
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

struct DemoOffer {
    owner: &'static str,
    title: &'static str,
    description: &'static str,
    category: Category,
    quantity: i32,
    unit: &'static str,
    area: Option<&'static str>,
    value_per_unit_fen: Option<i64>,
}

const OFFERS: &[DemoOffer] = &[
    DemoOffer {
        owner: "charity@demo.bangfu.cn",
        title: "冬季棉衣棉被捐赠",
        description: "新棉衣、棉被各一百件，送到村委会，由驻村工作队分发。",
        category: Category::FoodClothing,
        quantity: 200,
        unit: "件",
        area: Some("411224"),
        value_per_unit_fen: Some(12_000),
    },
    DemoOffer {
        owner: "charity@demo.bangfu.cn",
        title: "助学金：高中学杂费资助",
        // Counted by the 学期, as the needs for 高中学杂费 are: thirty pupils for a school year.
        description: "资助家庭困难的高中生学杂费，三十名学生各一学年（两个学期）。",
        category: Category::Education,
        quantity: 60,
        unit: "学期",
        area: Some("4112"),
        value_per_unit_fen: Some(75_000),
    },
    DemoOffer {
        owner: "donor@demo.bangfu.cn",
        title: "轮椅和助行器",
        description: "全新手动轮椅五台，全国包邮。",
        category: Category::Care,
        quantity: 5,
        unit: "台",
        area: None,
        value_per_unit_fen: Some(60_000),
    },
];

/// Publishes the demo offers once, and marks the charity verified. Returns lines to print.
pub async fn seed(conn: &mut Conn) -> anyhow::Result<Vec<String>> {
    let mut published = 0;
    // The county official verifies the charity's credit code.
    let verifier = users::find_by_email(conn, "official.lushi@demo.bangfu.cn")
        .await?
        .map(|u| u.id);
    for o in OFFERS {
        let Some(owner) = users::find_by_email(conn, o.owner).await? else {
            continue;
        };
        let created = conn
            .transaction::<_, anyhow::Error, _>(async |conn| {
                let (mine, _) = offers::list_by_owner(conn, owner.id, 0, 100).await?;
                if mine.iter().any(|m| m.title == o.title) {
                    return Ok(false);
                }
                if let (Some(org), Some(by)) = (owner.organization_id, verifier) {
                    organizations::verify(conn, org, by, Utc::now()).await?;
                }
                offers::insert(
                    conn,
                    &offers::NewOffer {
                        id: Uuid::new_v4(),
                        owner_id: owner.id,
                        title: o.title,
                        description: o.description,
                        category: o.category,
                        quantity: o.quantity,
                        unit: o.unit,
                        service_area_code: o.area,
                        valid_until: Utc::now() + Duration::days(180),
                        value_per_unit_fen: o.value_per_unit_fen,
                    },
                )
                .await?;
                Ok(true)
            })
            .await?;
        published += usize::from(created);
    }
    Ok(vec![format!(
        "demo offers: {published} published ({} in all); the charity's credit code is verified",
        OFFERS.len()
    )])
}
