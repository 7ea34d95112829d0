//! A TestApp: the real server on port 0 over its own database, a client, and helpers to make the
//! accounts a test needs.

use super::db::TestDb;
use bangfu::config::Config;
use bangfu::startup::{Application, Options};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};
use std::collections::HashMap;
use uuid::Uuid;

pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";
pub const PASSWORD: &str = "a-long-test-password-1";

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub pool: bangfu::store::Pool,
    pub handle: actix_web::dev::ServerHandle,
    pub search: bangfu::search::Engine,
    _data_dir: tempfile::TempDir,
}

pub struct Builder {
    vars: HashMap<String, String>,
    options: Options,
}

impl Builder {
    pub fn var(mut self, k: &str, v: &str) -> Self {
        self.vars.insert(k.to_owned(), v.to_owned());
        self
    }

    pub async fn spawn(self) -> TestApp {
        let db = TestDb::new().await;
        let data_dir = tempfile::tempdir().expect("tempdir");
        let mut vars = self.vars;
        vars.insert("DATABASE_URL".into(), db.url.clone());
        vars.insert("BANGFU_BIND".into(), "127.0.0.1:0".into());
        vars.insert(
            "BANGFU_DATA_DIR".into(),
            data_dir.path().display().to_string(),
        );
        vars.entry("BANGFU_JWT_SECRET".into())
            .or_insert_with(|| JWT_SECRET.into());
        // Tests see the server without a web build unless they give one.
        vars.entry("BANGFU_WEB_DIR".into())
            .or_insert_with(|| "/nonexistent/web-build".into());
        vars.entry("BANGFU_JOB_WORKERS".into())
            .or_insert_with(|| "0".into());
        // Tests register many accounts from one address and hash in parallel on a busy machine; the
        // tests of these limits set them low themselves.
        vars.entry("BANGFU_REGISTER_MAX_PER_ADDRESS".into())
            .or_insert_with(|| "1000000".into());
        vars.entry("BANGFU_ARGON2_QUEUE_WAIT_MS".into())
            .or_insert_with(|| "600000".into());
        let config = Config::from_vars(&vars).expect("config");
        let pool = bangfu::store::pool(&db.url, 8).expect("pool");
        let app = Application::build(config, pool.clone(), self.options)
            .await
            .expect("build app");
        let address = format!("http://127.0.0.1:{}", app.port());
        let handle = app.server_handle();
        let search = app.search_engine();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            search,
            address,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            db,
            pool,
            handle,
            _data_dir: data_dir,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub id: Uuid,
    pub email: String,
    pub tokens: Tokens,
    pub body: Value,
}

/// A problem response, read and checked.
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub body: Value,
}

impl Problem {
    pub async fn read(resp: Response) -> Self {
        let status = resp.status();
        let ct = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let body: Value = resp.json().await.expect("problem body is JSON");
        assert_eq!(
            ct, "application/problem+json",
            "problem content type: {body}"
        );
        assert_eq!(body["status"], status.as_u16(), "{body}");
        assert!(
            body["title"].is_string() && body["type"].is_string() && body["detail"].is_string(),
            "{body}"
        );
        Self { status, body }
    }

    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    pub fn field_codes(&self) -> Vec<(String, String)> {
        self.body["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        (
                            e["field"].as_str().unwrap_or("").to_owned(),
                            e["code"].as_str().unwrap_or("").to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

pub async fn expect_problem(resp: Response, status: u16, code: &str) -> Problem {
    let p = Problem::read(resp).await;
    assert_eq!((p.status.as_u16(), p.code()), (status, code), "{}", p.body);
    p
}

impl TestApp {
    pub fn builder() -> Builder {
        Builder {
            vars: HashMap::new(),
            options: Options {
                handle_signals: false,
                http_workers: Some(1),
                ..Options::default()
            },
        }
    }

    pub async fn spawn() -> Self {
        Self::builder().spawn().await
    }

    /// The server's data directory (generated secrets, the embedded index, mail files).
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self.client.request(method, self.url(path));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token)
            .send()
            .await
            .expect("request")
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> Response {
        self.request(Method::POST, path, token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn conn(
        &self,
    ) -> deadpool::managed::Object<
        diesel_async::pooled_connection::AsyncDieselConnectionManager<
            diesel_async::AsyncPgConnection,
        >,
    > {
        self.pool.get().await.expect("connection")
    }

    pub async fn login(&self, email: &str, password: &str) -> Tokens {
        let resp = self
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(resp.status(), 200, "login {email}");
        let v: Value = resp.json().await.expect("json");
        Tokens {
            access: v["access_token"].as_str().expect("access").to_owned(),
            refresh: v["refresh_token"].as_str().expect("refresh").to_owned(),
        }
    }

    /// Registers through the API, confirms the address (as its link would; the mail tests go
    /// through the real link) and signs in.
    pub async fn register(&self, body: Value) -> Account {
        let account = self.register_unverified(body).await;
        let mut conn = self.conn().await;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE users SET email_verified_at = now() WHERE id = '{}'",
                account.id
            )),
            &mut conn,
        )
        .await
        .expect("verify");
        account
    }

    /// Registers through the API and signs in; the address stays unconfirmed.
    pub async fn register_unverified(&self, body: Value) -> Account {
        let email = body["email"].as_str().expect("email").to_owned();
        let password = body["password"].as_str().expect("password").to_owned();
        let resp = self.post("/api/v1/auth/register", None, &body).await;
        assert_eq!(resp.status(), 201, "register {email}");
        let v: Value = resp.json().await.expect("json");
        let tokens = self.login(&email, &password).await;
        Account {
            id: v["id"].as_str().and_then(|s| s.parse().ok()).expect("id"),
            email,
            tokens,
            body: v,
        }
    }

    pub async fn donor(&self) -> Account {
        self.register(donor_body(&unique_email("donor"))).await
    }

    pub async fn enterprise(&self, credit_code: &str) -> Account {
        self.register(json!({"email": unique_email("ent"), "password": PASSWORD, "display_name": "绿源农业",
            "role": "enterprise", "organization": {"name": "卢氏县绿源农业有限公司", "credit_code": credit_code}}))
            .await
    }

    pub async fn social_org(&self, credit_code: &str) -> Account {
        self.register(json!({"email": unique_email("org"), "password": PASSWORD, "display_name": "慈善总会",
            "role": "social_org", "organization": {"name": "三门峡市慈善总会", "credit_code": credit_code}}))
            .await
    }

    pub async fn household(&self, village: &str) -> Account {
        self.register(json!({"email": unique_email("hh"), "password": PASSWORD, "display_name": "张家",
            "role": "household", "household": {"head_name": "张建国", "region_code": village, "size": 4}}))
            .await
    }

    /// An admin made the way an operator makes one: `bangfu admin create`'s function.
    pub async fn admin(&self) -> Account {
        let email = unique_email("admin");
        let mut conn = self.conn().await;
        bangfu::seed::create_or_reset_admin(&mut conn, &email, PASSWORD, "平台管理员")
            .await
            .expect("admin");
        let tokens = self.login(&email, PASSWORD).await;
        let me: Value = self
            .get("/api/v1/me", Some(&tokens.access))
            .await
            .json()
            .await
            .expect("me");
        Account {
            id: me["id"].as_str().and_then(|s| s.parse().ok()).expect("id"),
            email,
            tokens,
            body: me,
        }
    }

    pub async fn official(&self, admin: &Account, jurisdiction: &str) -> Account {
        let email = unique_email("official");
        let resp = self
            .post(
                "/api/v1/admin/officials",
                Some(&admin.tokens.access),
                &json!({"email": email, "password": PASSWORD, "display_name": "王干事", "jurisdiction_code": jurisdiction}),
            )
            .await;
        assert_eq!(resp.status(), 201);
        let v: Value = resp.json().await.expect("json");
        let tokens = self.login(&email, PASSWORD).await;
        Account {
            id: v["id"].as_str().and_then(|s| s.parse().ok()).expect("id"),
            email,
            tokens,
            body: v,
        }
    }
}

pub fn unique_email(prefix: &str) -> String {
    format!(
        "{prefix}.{}@example.cn",
        &Uuid::new_v4().simple().to_string()[..12]
    )
}

pub fn donor_body(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "display_name": "陈女士", "role": "donor"})
}

/// Valid unified social credit codes (GB 32100), for organizations in tests.
pub const CREDIT_CODES: [&str; 4] = [
    "91350100M000100Y43",
    "914403001922038216",
    "9144030071526726XG",
    "53100000500021676K",
];
/// A Lushi County village and a village of a neighbouring county (Mianchi, 411221).
pub const LUSHI_VILLAGE: &str = "411224101200";
