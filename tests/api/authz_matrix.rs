//! Each role against each operation of the foundation: the expected status for every pair.

use crate::helpers::app::{unique_email, CREDIT_CODES, LUSHI_VILLAGE, PASSWORD};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Household,
    Donor,
    Enterprise,
    SocialOrg,
    Official,
    Admin,
}

#[tokio::test]
async fn role_by_operation() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let accounts = [
        (Who::Household, Some(app.household(LUSHI_VILLAGE).await)),
        (Who::Donor, Some(app.donor().await)),
        (Who::Enterprise, Some(app.enterprise(CREDIT_CODES[0]).await)),
        (Who::SocialOrg, Some(app.social_org(CREDIT_CODES[3]).await)),
        (Who::Official, Some(app.official(&admin, "411224").await)),
        (Who::Admin, Some(admin.clone())),
        (Who::Anonymous, None),
    ];

    type Op = (&'static str, Method, &'static str, fn() -> Option<Value>);
    let ops: Vec<Op> = vec![
        ("me", Method::GET, "/api/v1/me", || None),
        (
            "create official",
            Method::POST,
            "/api/v1/admin/officials",
            || {
                Some(
                    json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "x", "jurisdiction_code": "411224"}),
                )
            },
        ),
        ("region", Method::GET, "/api/v1/regions/411224", || None),
        (
            "regions",
            Method::GET,
            "/api/v1/regions?parent=4112",
            || None,
        ),
        ("audit verify", Method::GET, "/api/v1/audit/verify", || None),
        ("register", Method::POST, "/api/v1/auth/register", || {
            Some(
                json!({"email": unique_email("r"), "password": PASSWORD, "display_name": "x", "role": "donor"}),
            )
        }),
    ];

    let expected = |op: &str, who: Who| -> u16 {
        match (op, who) {
            ("me", Who::Anonymous) => 401,
            ("me", _) => 200,
            ("create official", Who::Anonymous) => 401,
            ("create official", Who::Admin) => 201,
            ("create official", _) => 403,
            ("register", _) => 201,
            _ => 200,
        }
    };

    let mut failures = Vec::new();
    for (who, account) in &accounts {
        let token = account.as_ref().map(|a| a.tokens.access.clone());
        for (name, method, path, body) in &ops {
            let mut req = app.request(method.clone(), path, token.as_deref());
            if let Some(b) = body() {
                req = req.json(&b);
            }
            let status = req.send().await.unwrap().status().as_u16();
            let want = expected(name, *who);
            if status != want {
                failures.push(format!("{who:?} {name}: got {status}, expected {want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");

    // Signed-in users see their own profile only: /me never shows another account's data.
    for (who, account) in &accounts {
        if let Some(a) = account {
            let me: Value = app
                .get("/api/v1/me", Some(&a.tokens.access))
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(me["id"], a.id.to_string(), "{who:?}");
            assert_eq!(
                me.get("household").is_some(),
                *who == Who::Household,
                "{who:?}"
            );
            assert_eq!(
                me.get("jurisdiction").is_some(),
                *who == Who::Official,
                "{who:?}"
            );
            assert_eq!(
                me.get("organization").is_some(),
                matches!(who, Who::Enterprise | Who::SocialOrg),
                "{who:?}"
            );
        }
    }
}
