//! A small market for the products and orders tests: Lushi County's officials (two at county
//! level, one of a township), a neighbouring county's official, a household that sells walnuts,
//! a Lushi enterprise, and two donors who buy.

use crate::helpers::app::Account;
use crate::helpers::TestApp;
use reqwest::{Method, Response};
use serde_json::{json, Value};
use uuid::Uuid;

pub const VILLAGE: &str = "411224101200"; // 杜关镇 杜关村
/// Valid unified social credit codes of Lushi County (411224) organizations.
pub const LUSHI_CREDIT_CODES: [&str; 2] = ["91411224MA45BF0Q7T", "91411224MA46L05H19"];
pub const DELIVERY_PHONE: &str = "13700001111";
pub const DELIVERY_ADDRESS: &str = "河南省郑州市金水区花园路 88 号 3 单元 501";

pub struct Market {
    pub app: TestApp,
    pub admin: Account,
    pub county: Account,
    pub county2: Account,
    pub township: Account,
    pub neighbour: Account,
    pub household: Account,
    pub household_id: String,
    pub enterprise: Account,
    pub donor: Account,
    pub donor2: Account,
}

impl Market {
    pub async fn new() -> Self {
        Self::with_app(TestApp::spawn().await).await
    }

    pub async fn with_app(app: TestApp) -> Self {
        let admin = app.admin().await;
        let county = app.official(&admin, "411224").await;
        let county2 = app.official(&admin, "411224").await;
        let township = app.official(&admin, "411224101").await;
        let neighbour = app.official(&admin, "411221").await;
        let household = app.household(VILLAGE).await;
        let household_id = household.body["household"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let enterprise = app.enterprise(LUSHI_CREDIT_CODES[0]).await;
        let donor = app.donor().await;
        let donor2 = app.donor().await;
        Self {
            app,
            admin,
            county,
            county2,
            township,
            neighbour,
            household,
            household_id,
            enterprise,
            donor,
            donor2,
        }
    }

    pub async fn create(&self, token: &str, body: &Value) -> Response {
        self.app.post("/api/v1/products", Some(token), body).await
    }

    pub async fn product(&self, token: Option<&str>, id: &str) -> Response {
        self.app.get(&format!("/api/v1/products/{id}"), token).await
    }

    pub async fn patch(&self, token: &str, id: &str, body: &Value) -> Response {
        self.app
            .request(
                Method::PATCH,
                &format!("/api/v1/products/{id}"),
                Some(token),
            )
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn certify(&self, token: &str, id: &str, body: Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/products/{id}/certify"),
                Some(token),
                &body,
            )
            .await
    }

    /// A household's walnuts with `stock` units, certified by the county: listed.
    pub async fn listed(&self, stock: i64) -> String {
        let mut b = walnuts();
        b["stock"] = json!(stock);
        let id = id_of(self.create(&self.household.tokens.access, &b).await).await;
        let r = self
            .certify(
                &self.county.tokens.access,
                &id,
                json!({"decision": "approve"}),
            )
            .await;
        assert_eq!(r.status(), 200);
        id
    }

    /// Orders `quantity` with a fresh Idempotency-Key.
    pub async fn order(&self, token: &str, product: &str, quantity: i64) -> Response {
        self.order_with_key(token, product, quantity, &Uuid::new_v4().to_string())
            .await
    }

    pub async fn order_with_key(
        &self,
        token: &str,
        product: &str,
        quantity: i64,
        key: &str,
    ) -> Response {
        self.app
            .request(
                Method::POST,
                &format!("/api/v1/products/{product}/orders"),
                Some(token),
            )
            .header("Idempotency-Key", key)
            .json(&order_body(quantity))
            .send()
            .await
            .unwrap()
    }

    pub async fn act(&self, token: &str, order: &str, action: &str, body: Value) -> Response {
        self.app
            .post(
                &format!("/api/v1/orders/{order}/{action}"),
                Some(token),
                &body,
            )
            .await
    }

    pub async fn stock(&self, product: &str) -> i64 {
        let v: Value = self
            .product(Some(&self.household.tokens.access), product)
            .await
            .json()
            .await
            .unwrap();
        v["stock"].as_i64().unwrap()
    }

    pub async fn sql(&self, q: &str) {
        let mut conn = self.app.conn().await;
        diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
            .await
            .unwrap();
    }
}

pub fn walnuts() -> Value {
    json!({"title": "卢氏薄皮核桃", "description": "自家树上的核桃，晒干后手工挑选。", "category": "nuts",
        "unit": "千克", "price_fen": 3000, "stock": 50, "region_code": VILLAGE})
}

pub fn order_body(quantity: i64) -> Value {
    json!({"quantity": quantity, "note": "请用纸箱包装",
        "delivery": {"name": "陈晓明", "phone": DELIVERY_PHONE, "address": DELIVERY_ADDRESS}})
}

pub async fn id_of(r: Response) -> String {
    let status = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["id"].as_str().unwrap().to_owned()
}

pub async fn json_of(r: Response, status: u16) -> Value {
    let s = r.status();
    let v: Value = r.json().await.unwrap();
    assert_eq!(s, status, "{v}");
    v
}
