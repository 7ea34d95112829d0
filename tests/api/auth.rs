use crate::helpers::app::{expect_problem, JWT_SECRET, PASSWORD};
use crate::helpers::TestApp;
use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

#[tokio::test]
async fn login_returns_a_short_lived_jwt_and_a_refresh_token() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let resp = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": donor.email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["cache-control"], "no-store");
    let v: Value = resp.json().await.unwrap();
    assert_eq!(v["token_type"], "Bearer");
    assert!(v["expires_in"].as_u64().unwrap() <= 900);
    let token = v["access_token"].as_str().unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let decode = |s: &str| -> Value {
        serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(s)
                .unwrap(),
        )
        .unwrap()
    };
    assert_eq!(decode(parts[0])["alg"], "HS256");
    let claims = decode(parts[1]);
    for claim in ["iss", "aud", "typ", "sub", "role", "exp", "iat", "jti"] {
        assert!(claims.get(claim).is_some(), "claim {claim}");
    }
    assert_eq!(claims["role"], "donor");
    assert!(claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap() <= 900);
}

#[tokio::test]
async fn wrong_password_and_unknown_account_answer_the_same() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let a = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": donor.email, "password": "wrong-password-123"}),
        )
        .await;
    let a = expect_problem(a, 401, "invalid_credentials").await;
    let b = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "nobody@example.cn", "password": "wrong-password-123"}),
        )
        .await;
    let b = expect_problem(b, 401, "invalid_credentials").await;
    assert_eq!(a.body, b.body);
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_account_while_other_endpoints_stay_up() {
    let app = TestApp::builder()
        .var("BANGFU_LOGIN_MAX_FAILURES_PER_ACCOUNT", "3")
        .spawn()
        .await;
    let donor = app.donor().await;
    for _ in 0..3 {
        let r = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"email": donor.email, "password": "wrong-password-123"}),
            )
            .await;
        assert_eq!(r.status(), 401);
    }
    // Even the right password is refused now: the account is throttled.
    let r = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": donor.email, "password": PASSWORD}),
        )
        .await;
    let retry_after: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after));
    expect_problem(r, 429, "too_many_attempts").await;
    // Other endpoints and other accounts are unaffected.
    assert_eq!(app.get("/healthz", None).await.status(), 200);
    assert_eq!(
        app.get("/api/v1/me", Some(&donor.tokens.access))
            .await
            .status(),
        200
    );
    let other = app.donor().await;
    assert_eq!(
        app.post(
            "/api/v1/auth/login",
            None,
            &json!({"email": other.email, "password": PASSWORD})
        )
        .await
        .status(),
        200
    );
}

#[tokio::test]
async fn repeated_failures_are_throttled_per_client_address() {
    let app = TestApp::builder()
        .var("BANGFU_LOGIN_MAX_FAILURES_PER_ACCOUNT", "100")
        .var("BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS", "4")
        .spawn()
        .await;
    for i in 0..4 {
        let r = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"email": format!("guess{i}@example.cn"), "password": "wrong-password-123"}),
            )
            .await;
        assert_eq!(r.status(), 401);
    }
    let r = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": "fresh@example.cn", "password": "wrong-password-123"}),
        )
        .await;
    assert!(r.headers().contains_key("retry-after"));
    expect_problem(r, 429, "too_many_attempts").await;
}

fn b64(v: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn claims_of(token: &str) -> Value {
    let part = token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .unwrap(),
    )
    .unwrap()
}

fn sign(claims: &Value, key: &[u8], alg: Algorithm) -> String {
    encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(key).unwrap(),
    )
    .unwrap()
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let claims = claims_of(&donor.tokens.access);
    let me = |t: String| {
        let app = &app;
        async move { app.get("/api/v1/me", Some(&t)).await }
    };

    // alg "none", unsigned.
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );
    expect_problem(me(none).await, 401, "invalid_token").await;
    // Re-signed with another key.
    expect_problem(
        me(sign(
            &claims,
            b"not-the-server-secret-not-the-server",
            Algorithm::HS256,
        ))
        .await,
        401,
        "invalid_token",
    )
    .await;
    // Another HMAC algorithm with the right key: the algorithm is pinned.
    expect_problem(
        me(sign(&claims, JWT_SECRET.as_bytes(), Algorithm::HS384)).await,
        401,
        "invalid_token",
    )
    .await;
    // The role claim changed, signature kept.
    let parts: Vec<&str> = donor.tokens.access.split('.').collect();
    let mut admin_claims = claims.clone();
    admin_claims["role"] = json!("admin");
    let tampered = format!("{}.{}.{}", parts[0], b64(&admin_claims), parts[2]);
    expect_problem(me(tampered).await, 401, "invalid_token").await;
    // Right key, wrong audience / issuer / type.
    for (claim, value) in [
        ("aud", "another-api"),
        ("iss", "someone"),
        ("typ", "refresh"),
    ] {
        let mut c = claims.clone();
        c[claim] = json!(value);
        expect_problem(
            me(sign(&c, JWT_SECRET.as_bytes(), Algorithm::HS256)).await,
            401,
            "invalid_token",
        )
        .await;
    }
    // Expired beyond the leeway.
    let now = jsonwebtoken::get_current_timestamp();
    let mut c = claims.clone();
    c["iat"] = json!(now - 2000);
    c["exp"] = json!(now - 1200);
    expect_problem(
        me(sign(&c, JWT_SECRET.as_bytes(), Algorithm::HS256)).await,
        401,
        "token_expired",
    )
    .await;
    // A role claim that is valid JSON but names a role the account does not have.
    let mut c = claims.clone();
    c["role"] = json!("official");
    expect_problem(
        me(sign(&c, JWT_SECRET.as_bytes(), Algorithm::HS256)).await,
        401,
        "invalid_token",
    )
    .await;
    // Garbage and a wrong scheme.
    expect_problem(me("garbage".into()).await, 401, "invalid_token").await;
    let r = app
        .client
        .get(app.url("/api/v1/me"))
        .header("authorization", "Basic Zm9vOmJhcg==")
        .send()
        .await
        .unwrap();
    expect_problem(r, 401, "invalid_token").await;
    // And the genuine token still works.
    assert_eq!(me(donor.tokens.access.clone()).await.status(), 200);
}

#[tokio::test]
async fn refresh_rotates_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let first = donor.tokens.refresh.clone();
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": first}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    let second = v["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(
        app.get("/api/v1/me", Some(v["access_token"].as_str().unwrap()))
            .await
            .status(),
        200
    );

    // The first token again: refused, and the whole family with it.
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": first}),
        )
        .await;
    expect_problem(r, 401, "refresh_token_reused").await;
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": second}),
        )
        .await;
    expect_problem(r, 401, "invalid_refresh_token").await;

    // Another sign-in of the same account is a separate family and still works.
    let other = app.login(&donor.email, PASSWORD).await;
    assert_eq!(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": other.refresh})
        )
        .await
        .status(),
        200
    );
    // Unknown tokens.
    expect_problem(
        app.post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": "nope"}),
        )
        .await,
        401,
        "invalid_refresh_token",
    )
    .await;
}

#[tokio::test]
async fn concurrent_refreshes_with_one_token_yield_one_winner() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let body = json!({"refresh_token": donor.tokens.refresh});
    let (a, b) = tokio::join!(
        app.post("/api/v1/auth/refresh", None, &body),
        app.post("/api/v1/auth/refresh", None, &body)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 401]);
}

#[tokio::test]
async fn logout_revokes_the_family() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": donor.tokens.refresh}),
        )
        .await;
    let rotated: Value = r.json().await.unwrap();
    let r = app
        .post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": rotated["refresh_token"]}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": rotated["refresh_token"]}),
        )
        .await;
    expect_problem(r, 401, "invalid_refresh_token").await;
    expect_problem(
        app.post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": "unknown"}),
        )
        .await,
        401,
        "invalid_refresh_token",
    )
    .await;
}
