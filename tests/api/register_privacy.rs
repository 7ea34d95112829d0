//! Registration must not reveal who is a registered household (issue 14, items 1 and 2): the same
//! answer whether or not an ID number is known, confirmation by an official of the village, a limit
//! per address, and digests keyed by a secret outside the database.

use crate::helpers::app::{expect_problem, unique_email, PASSWORD};
use crate::helpers::TestApp;
use crate::needs_fixture::{World, ID_NUMBER, VILLAGE};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

const OTHER_ID: &str = "11010519491231002X";

fn household_body(email: &str, id_number: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "display_name": "某家", "role": "household",
        "household": {"head_name": "某人", "region_code": VILLAGE, "id_number": id_number}})
}

/// The keys of a JSON object, recursively, with every value blanked: two answers of the same shape
/// compare equal.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), shape(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        _ => Value::Null,
    }
}

#[tokio::test]
async fn registration_answers_the_same_whether_or_not_the_id_number_is_known() {
    // The world's household registered with ID_NUMBER and an official made it monitored; an official
    // also enters a profile with OTHER_ID from the papers (confirmed at once).
    let w = World::new().await;
    let r = w
        .app
        .post(
            "/api/v1/households",
            Some(&w.township.tokens.access),
            &json!({"head_name": "李桂芳", "region_code": VILLAGE, "id_number": OTHER_ID}),
        )
        .await;
    assert_eq!(r.status(), 201);

    // A stranger tries both known numbers and an unknown one, with a fresh address: all 201, alike.
    let unknown = "440524188001010014";
    let mut answers = Vec::new();
    for id in [ID_NUMBER, OTHER_ID, unknown] {
        let r = w
            .app
            .post(
                "/api/v1/auth/register",
                None,
                &household_body(&unique_email("probe"), id),
            )
            .await;
        assert_eq!(r.status(), 201, "{id}");
        answers.push(r.json::<Value>().await.unwrap());
    }
    assert_eq!(shape(&answers[0]), shape(&answers[1]));
    assert_eq!(shape(&answers[0]), shape(&answers[2]));
    assert_eq!(
        answers[1]["household"]["id_number_masked"],
        "11**************2X"
    );

    // With an address that is taken: the same email_taken problem, known number or not.
    let taken = w.donor.email.clone();
    let mut problems = Vec::new();
    for id in [ID_NUMBER, OTHER_ID, unknown] {
        let r = w
            .app
            .post("/api/v1/auth/register", None, &household_body(&taken, id))
            .await;
        problems.push(expect_problem(r, 409, "email_taken").await.body);
    }
    assert!(problems.iter().all(|p| *p == problems[0]));

    // Only an official of the village confirms a number; that is where a clash shows.
    let probe_household = answers[1]["household"]["id"].as_str().unwrap().to_owned();
    let confirm = |token: String, id: String| {
        let app = &w.app;
        async move {
            app.request(
                Method::PATCH,
                &format!("/api/v1/households/{id}"),
                Some(&token),
            )
            .json(&json!({"id_number_confirmed": true}))
            .send()
            .await
            .unwrap()
        }
    };
    // The stranger's own account may not confirm its number.
    let probe_login = w
        .app
        .login(answers[1]["email"].as_str().unwrap(), PASSWORD)
        .await;
    expect_problem(
        confirm(probe_login.access.clone(), probe_household.clone()).await,
        403,
        "forbidden",
    )
    .await;
    // An official outside the village does not even see it.
    expect_problem(
        confirm(
            w.other_township.tokens.access.clone(),
            probe_household.clone(),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    // The village's official: the number is the official profile's, so it is taken.
    expect_problem(
        confirm(w.township.tokens.access.clone(), probe_household.clone()).await,
        409,
        "id_number_taken",
    )
    .await;
    // The real household's number is confirmed; then the stranger's copy of it cannot be.
    let r = confirm(w.township.tokens.access.clone(), w.household_id.clone()).await;
    assert_eq!(r.status(), 200);
    let copy = answers[0]["household"]["id"].as_str().unwrap().to_owned();
    expect_problem(
        confirm(w.county.tokens.access.clone(), copy).await,
        409,
        "id_number_taken",
    )
    .await;
    // The unknown number confirms fine.
    let fresh = answers[2]["household"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        confirm(w.township.tokens.access.clone(), fresh)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn registrations_are_limited_per_address() {
    let app = TestApp::builder()
        .var("BANGFU_REGISTER_MAX_PER_ADDRESS", "3")
        .spawn()
        .await;
    for _ in 0..3 {
        let r = app
            .post(
                "/api/v1/auth/register",
                None,
                &crate::helpers::app::donor_body(&unique_email("d")),
            )
            .await;
        assert_eq!(r.status(), 201);
    }
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &crate::helpers::app::donor_body(&unique_email("d")),
        )
        .await;
    let retry: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry));
    expect_problem(r, 429, "too_many_attempts").await;
}

#[derive(diesel::QueryableByName)]
struct DigestRow {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    d: Vec<u8>,
}

fn unkeyed(id: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::new()
        .chain_update(b"bangfu:id-number:v1:")
        .chain_update(id.as_bytes())
        .finalize()
        .to_vec()
}

#[tokio::test]
async fn id_digests_are_keyed_and_unkeyed_rows_are_rekeyed_once() {
    let w = World::new().await;
    let mut conn = w.app.conn().await;
    let stored: DigestRow = diesel::sql_query(format!(
        "SELECT id_number_digest AS d FROM households WHERE id = '{}'",
        w.household_id
    ))
    .get_result(&mut conn)
    .await
    .unwrap();
    // A copy of the database alone no longer gives the number back: the digest is not the unkeyed one.
    assert_eq!(stored.d.len(), 32);
    assert_ne!(stored.d, unkeyed(ID_NUMBER));

    // A row from before the key (scheme 1, confirmed, the old unkeyed digest) is re-keyed by what the
    // server runs at start, to the digest the number has now; a second run finds nothing.
    diesel::sql_query(format!(
        "INSERT INTO households (id, head_name, region_code, id_number_digest, id_number_masked, \
         id_digest_scheme, id_number_confirmed_at) VALUES (gen_random_uuid(), '旧户', '{VILLAGE}', \
         '\\x{}', '44**************14', 1, now())",
        hex::encode(unkeyed("440524188001010014"))
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let secret = std::fs::read_to_string(w.app.data_dir().join("id_digest_key")).unwrap();
    let key = bangfu::domain::id_number::IdDigestKey::new(secret.trim().as_bytes());
    assert_eq!(
        bangfu::store::household_ids::rekey_unkeyed(&mut conn, &key)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        bangfu::store::household_ids::rekey_unkeyed(&mut conn, &key)
            .await
            .unwrap(),
        0
    );
    // The official entering that number now meets the re-keyed row.
    let r = w
        .app
        .post(
            "/api/v1/households",
            Some(&w.township.tokens.access),
            &json!({"head_name": "旧户", "region_code": VILLAGE, "id_number": "440524188001010014"}),
        )
        .await;
    expect_problem(r, 409, "id_number_taken").await;
}
