//! The demo's shop (消费扶贫): Lushi County's real produce — walnuts, flower mushrooms, wood ear,
//! forsythia, wild honey, walnut oil, bupleurum — sold by demo households from several villages and
//! by the demo enterprise. Every step goes through the service functions, as over the API: the
//! seller puts a product up and adds its pictures (drawn by [`super::pictures`], stored through the
//! media pipeline), a county official who neither listed it nor registered its seller certifies it
//! (two are left waiting in the queue), and the demo's supporters order, in every state.

use super::household_account::{person, Person, EMAIL as HOUSEHOLD};
use super::pictures::{self, Motif, Picture};
use crate::config::Config;
use crate::domain::order::Delivery;
use crate::domain::product::ProductCategory;
use crate::domain::product_fields::ProductContent;
use crate::domain::RegionCode;
use crate::error::ErrorCode;
use crate::media::{FsStore, MediaStore};
use crate::service::orders::{self as order_flow, NewOrderInput, Receipt};
use crate::service::products::{self as product_flow, images, Certification};
use crate::store::products::Product;
use crate::store::{households, products, users, Conn};
use uuid::Uuid;

const ENTERPRISE: &str = "enterprise@demo.bangfu.cn";
const CERTIFIERS: [&str; 2] = [
    "official.lushi@demo.bangfu.cn",
    "official.lushi2@demo.bangfu.cn",
];

/// A product of the demo.
struct Item {
    /// The seller's login; a bulk household that a smaller demo lacks falls back to the README's.
    seller: &'static str,
    title: &'static str,
    description: &'static str,
    category: ProductCategory,
    unit: &'static str,
    price_fen: i64,
    stock: i32,
    households_helped: i32,
    certified: bool,
    pictures: &'static [Picture],
}

const fn pic(motif: Motif, sky: [u8; 3], ground: [u8; 3], main: [u8; 3], variant: u32) -> Picture {
    Picture {
        motif,
        sky,
        ground,
        main,
        variant,
    }
}

const ITEMS: &[Item] = &[
    Item {
        seller: HOUSEHOLD,
        title: "卢氏薄皮核桃",
        description: "杜关村自家核桃树上的薄皮核桃，白露后采摘、自然晒干，手工挑选，壳薄仁满，按公斤称重发货。",
        category: ProductCategory::Nuts,
        unit: "公斤",
        price_fen: 3600,
        stock: 400,
        households_helped: 1,
        certified: true,
        pictures: &[
            pic(Motif::Walnuts, [214, 228, 236], [168, 134, 96], [150, 108, 64], 1),
            pic(Motif::Walnuts, [240, 226, 196], [120, 96, 70], [176, 132, 84], 2),
        ],
    },
    Item {
        seller: HOUSEHOLD,
        title: "卢氏土蜂蜜 500克",
        description: "深山里中华蜂酿的百花土蜂蜜，一年只取一次，未经浓缩，冬季会自然结晶。",
        category: ProductCategory::Other,
        unit: "瓶",
        price_fen: 6800,
        stock: 60,
        households_helped: 1,
        certified: true,
        pictures: &[pic(Motif::Honey, [246, 236, 210], [150, 120, 80], [214, 150, 40], 3)],
    },
    Item {
        seller: "household001@demo.bangfu.cn",
        title: "段木花菇 干香菇",
        description: "用栎木段木栽培的花菇，菌盖厚、花纹白，自然晾晒后烘干，泡发后香味浓。",
        category: ProductCategory::Mushrooms,
        unit: "斤",
        price_fen: 4500,
        stock: 150,
        households_helped: 1,
        certified: true,
        pictures: &[
            pic(Motif::Mushrooms, [220, 232, 214], [110, 90, 70], [120, 72, 40], 4),
            pic(Motif::Mushrooms, [236, 224, 206], [96, 80, 62], [98, 58, 34], 5),
        ],
    },
    Item {
        seller: "household004@demo.bangfu.cn",
        title: "卢氏黑木耳",
        description: "山区椴木黑木耳，朵大肉厚，无根无沙，泡发率高。",
        category: ProductCategory::Mushrooms,
        unit: "斤",
        price_fen: 6000,
        stock: 90,
        households_helped: 1,
        certified: true,
        pictures: &[pic(Motif::WoodEar, [226, 230, 236], [130, 120, 110], [38, 30, 28], 6)],
    },
    Item {
        seller: "household007@demo.bangfu.cn",
        title: "野生连翘 青翘",
        description: "伏牛山野生连翘，立秋前采摘的青翘，蒸煮后晒干，可作药材收购规格。",
        category: ProductCategory::Herbs,
        unit: "斤",
        price_fen: 2800,
        stock: 120,
        households_helped: 1,
        certified: true,
        pictures: &[pic(Motif::Forsythia, [206, 226, 244], [96, 130, 70], [246, 200, 40], 7)],
    },
    Item {
        seller: ENTERPRISE,
        title: "卢氏冷榨核桃油 500毫升",
        description: "用全县 36 户脱贫户种的核桃冷榨而成，收购价高于市场价，每瓶可追溯到收购批次。",
        category: ProductCategory::Nuts,
        unit: "瓶",
        price_fen: 9800,
        stock: 300,
        households_helped: 36,
        certified: true,
        pictures: &[
            pic(Motif::Oil, [232, 236, 226], [140, 110, 80], [200, 150, 50], 8),
            pic(Motif::Oil, [244, 232, 214], [110, 100, 84], [186, 128, 36], 9),
        ],
    },
    Item {
        seller: "household010@demo.bangfu.cn",
        title: "卢氏北柴胡",
        description: "坡地种植两年的北柴胡，秋季采挖，去净泥土晒干。",
        category: ProductCategory::Herbs,
        unit: "斤",
        price_fen: 5000,
        stock: 40,
        households_helped: 1,
        certified: false,
        pictures: &[pic(Motif::Roots, [236, 232, 220], [150, 130, 100], [128, 92, 52], 10)],
    },
    Item {
        seller: ENTERPRISE,
        title: "卢氏香菇酱 礼盒",
        description: "用 20 户脱贫户的香菇制作的香菇酱，每盒四瓶。",
        category: ProductCategory::Mushrooms,
        unit: "盒",
        price_fen: 8800,
        stock: 100,
        households_helped: 20,
        certified: false,
        pictures: &[pic(Motif::Mushrooms, [244, 226, 214], [150, 70, 60], [110, 60, 36], 11)],
    },
];

/// The seller of an item, and where the product comes from (a household's village; the county for
/// the enterprise).
async fn seller_of(conn: &mut Conn, item: &Item) -> anyhow::Result<(Person, RegionCode)> {
    let email = if users::find_by_email(conn, item.seller).await?.is_some() {
        item.seller
    } else {
        HOUSEHOLD
    };
    let seller = person(conn, email).await?;
    let region = match &seller.actor {
        crate::domain::access::Actor::Household { household_id, .. } => {
            let Some(h) = households::find(conn, *household_id).await? else {
                anyhow::bail!("{email} has no household record");
            };
            RegionCode::from_trusted(h.region_code)
        }
        _ => RegionCode::from_trusted("411224".to_owned()),
    };
    Ok((seller, region))
}

/// Certified by the first county official the rule of two people allows.
async fn certify(conn: &mut Conn, product: &Product) -> anyhow::Result<()> {
    for email in CERTIFIERS {
        let o = person(conn, email).await?;
        let decision = Certification::Approve {
            reason: Some("经核实，产品来自建档立卡户，符合扶贫产品认定条件"),
        };
        match product_flow::certify(conn, &o.auth, &o.actor, product.id, decision).await {
            Ok(_) => return Ok(()),
            Err(e) if e.code == ErrorCode::SecondOfficialRequired => continue,
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::bail!("no demo official may certify {}", product.title)
}

/// Puts the shop up once (nothing yet from the demo enterprise or the README household): returns
/// lines to print.
pub async fn seed(conn: &mut Conn, config: &Config) -> anyhow::Result<Vec<String>> {
    for email in [HOUSEHOLD, ENTERPRISE] {
        let seller = person(conn, email).await?;
        let (_, n) = products::of_seller(conn, seller.auth.id, 0, 1).await?;
        if n > 0 {
            return Ok(vec![format!(
                "  shop: {email} already sells {n} product(s)"
            )]);
        }
    }
    let media = FsStore::new(config.data_dir.join("media"));
    let mut made = Vec::new();
    let mut pictures_stored = 0;
    for item in ITEMS {
        let (seller, region) = seller_of(conn, item).await?;
        let content = ProductContent {
            title: item.title.to_owned(),
            description: item.description.to_owned(),
            category: item.category,
            unit: item.unit.to_owned(),
            price_fen: item.price_fen,
            stock: item.stock,
            region_code: region,
            households_helped: item.households_helped,
        };
        let (auth, actor) = (&seller.auth, &seller.actor);
        let product = product_flow::create(conn, auth, actor, &content, None).await?;
        for p in item.pictures {
            let image = crate::media::accept_blocking(pictures::draw(p)?).await?;
            images::add(
                conn,
                &media as &dyn MediaStore,
                auth,
                actor,
                product.id,
                &image,
            )
            .await?;
            pictures_stored += 1;
        }
        if item.certified {
            certify(conn, &product).await?;
        }
        made.push(product);
    }
    let orders = orders(conn, config, &made).await?;
    Ok(vec![format!(
        "  shop: {} Lushi products ({} waiting for certification), {pictures_stored} pictures, {orders} orders in every state",
        made.len(),
        ITEMS.iter().filter(|i| !i.certified).count()
    )])
}

fn product<'a>(made: &'a [Product], title: &str) -> anyhow::Result<&'a Product> {
    made.iter()
        .find(|p| p.title == title)
        .ok_or_else(|| anyhow::anyhow!("the demo product {title} is missing"))
}

/// The supporters buy: received with a rating, shipped, paid, placed, cancelled.
async fn orders(conn: &mut Conn, config: &Config, made: &[Product]) -> anyhow::Result<usize> {
    let donor = person(conn, "donor@demo.bangfu.cn").await?;
    let charity = person(conn, "charity@demo.bangfu.cn").await?;
    let delivery = Delivery {
        name: "陈女士".to_owned(),
        phone: "13800000000".to_owned(),
        address: "河南省郑州市金水区示例路 1 号（演示地址）".to_owned(),
    };
    let plan: [(&Person, &str, i32, usize); 5] = [
        (&donor, "卢氏薄皮核桃", 3, 4),
        (&charity, "段木花菇 干香菇", 20, 3),
        (&donor, "卢氏土蜂蜜 500克", 2, 2),
        (&charity, "卢氏黑木耳", 5, 1),
        (&donor, "卢氏冷榨核桃油 500毫升", 1, 0),
    ];
    for (buyer, title, quantity, steps) in plan {
        let p = product(made, title)?;
        let input = NewOrderInput {
            quantity,
            delivery: &delivery,
            note: "演示订单",
        };
        let (auth, actor) = (&buyer.auth, &buyer.actor);
        let order = order_flow::place(conn, config, auth, actor, p.id, input).await?;
        let seller = seller_by_id(conn, p.seller_id).await?;
        let (sa, sc) = (&seller.auth, &seller.actor);
        if steps == 0 {
            order_flow::cancel(conn, auth, actor, order.id, Some("买重了")).await?;
            continue;
        }
        if steps >= 2 {
            order_flow::mark_paid(conn, config, sa, sc, order.id).await?;
        }
        if steps >= 3 {
            order_flow::ship(conn, sa, sc, order.id, Some("SF1400123456789")).await?;
        }
        if steps >= 4 {
            let receipt = Receipt {
                rating: Some(5),
                review: Some("核桃个大皮薄，很好剥，家里老人很喜欢。"),
            };
            order_flow::receive(conn, auth, actor, order.id, receipt).await?;
        }
    }
    Ok(plan.len())
}

async fn seller_by_id(conn: &mut Conn, id: Uuid) -> anyhow::Result<Person> {
    let Some(user) = users::find(conn, id).await? else {
        anyhow::bail!("the demo seller {id} is missing");
    };
    person(conn, &user.email).await
}
