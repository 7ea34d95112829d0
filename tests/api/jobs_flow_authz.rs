//! Who may do what with jobs and applications, as a matrix per endpoint: anonymous, the household
//! (own) and another household, a donor, another enterprise, the employer, an official in scope
//! (the township of 杜关村) and out of scope (a neighbouring county), an admin. 404 for those who
//! may not see an application, 403 for those who may see but not act.

use crate::jobs_flow_fixture::{application, hire_terms, json_of, workshop, Board};
use reqwest::Method;
use serde_json::{json, Value};

const ALL: [&str; 9] = [
    "anonymous",
    "household",
    "household2",
    "donor",
    "enterprise2",
    "employer",
    "official",
    "outsider",
    "admin",
];

impl Board {
    fn token(&self, who: &str) -> Option<&str> {
        let a = match who {
            "anonymous" => return None,
            "household" => &self.household,
            "household2" => &self.household2,
            "donor" => &self.donor,
            "enterprise2" => &self.enterprise2,
            "employer" => &self.employer,
            "official" => &self.township,
            "outsider" => &self.neighbour,
            "admin" => &self.admin,
            other => panic!("{other}"),
        };
        Some(&a.tokens.access)
    }

    async fn call(&self, who: &str, method: Method, path: &str, body: Option<&Value>) -> u16 {
        let mut r = self.app.request(method, path, self.token(who));
        if let Some(b) = body {
            r = r.json(b);
        }
        r.send().await.unwrap().status().as_u16()
    }

    /// Asserts each caller's status, in the order of [`ALL`] (2xx moves change the object for
    /// the callers after them).
    async fn matrix(
        &self,
        what: &str,
        method: Method,
        path: &str,
        body: Option<&Value>,
        expected: &[u16; 9],
    ) {
        for (who, want) in ALL.iter().zip(expected) {
            let got = self.call(who, method.clone(), path, body).await;
            assert_eq!(got, *want, "{what}: {who}");
        }
    }
}

#[tokio::test]
async fn job_endpoints_by_caller() {
    let b = Board::new().await;
    let job = b.job(5).await;
    let p = |s: &str| format!("/api/v1/jobs/{job}{s}");
    //           anon household hh2  donor ent2 employer official outsider admin
    b.matrix(
        "get job",
        Method::GET,
        &p(""),
        None,
        &[200, 200, 200, 200, 200, 200, 200, 200, 200],
    )
    .await;
    b.matrix(
        "my jobs",
        Method::GET,
        "/api/v1/me/jobs",
        None,
        &[401, 200, 200, 200, 200, 200, 200, 200, 200],
    )
    .await;
    let patch = json!({"positions": 6});
    b.matrix(
        "patch job",
        Method::PATCH,
        &p(""),
        Some(&patch),
        &[401, 403, 403, 403, 403, 200, 403, 403, 403],
    )
    .await;
    b.matrix(
        "post job",
        Method::POST,
        "/api/v1/jobs",
        Some(&workshop()),
        &[401, 403, 403, 403, 201, 201, 403, 403, 403],
    )
    .await;
    b.matrix(
        "job applications",
        Method::GET,
        &p("/applications"),
        None,
        &[401, 403, 403, 403, 403, 200, 200, 200, 403],
    )
    .await;
    let mut for_hh = application();
    for_hh["household_id"] = json!(b.household_id);
    // A household's own account may omit household_id; officials name it (the outsider's is
    // not in its jurisdiction: a field error).
    for (who, body, want) in [
        ("anonymous", &for_hh, 401),
        ("household", &application(), 201),
        ("household2", &application(), 201),
        ("donor", &application(), 403),
        ("enterprise2", &application(), 403),
        ("employer", &application(), 403),
        ("official", &for_hh, 201),
        ("outsider", &for_hh, 400),
        ("admin", &for_hh, 403),
    ] {
        assert_eq!(
            b.call(who, Method::POST, &p("/applications"), Some(body))
                .await,
            want,
            "apply: {who}"
        );
    }
    let close = json!({});
    b.matrix(
        "close job",
        Method::POST,
        &p("/close"),
        Some(&close),
        &[401, 403, 403, 403, 403, 200, 403, 403, 409],
    )
    .await;
    let other = b.job(1).await;
    assert_eq!(
        b.call(
            "admin",
            Method::POST,
            &format!("/api/v1/jobs/{other}/close"),
            Some(&close)
        )
        .await,
        200
    );
    let missing = format!("/api/v1/jobs/{}", uuid::Uuid::new_v4());
    assert_eq!(b.call("anonymous", Method::GET, &missing, None).await, 404);
}

#[tokio::test]
async fn application_endpoints_by_caller() {
    let b = Board::new().await;
    b.set_work(&b.household_id, 10).await;
    let job = b.job(5).await;
    let a = b.applied(&job).await;
    let p = |s: &str| format!("/api/v1/applications/{a}{s}");
    //             anon household hh2  donor ent2 employer official outsider admin
    let see = [401, 200, 404, 404, 404, 200, 200, 404, 404];
    b.matrix("get application", Method::GET, &p(""), None, &see)
        .await;
    b.matrix(
        "my applications",
        Method::GET,
        "/api/v1/me/applications",
        None,
        &[401, 200, 200, 403, 403, 403, 403, 403, 403],
    )
    .await;
    b.matrix(
        "review applications",
        Method::GET,
        "/api/v1/review/applications",
        None,
        &[401, 403, 403, 403, 403, 403, 200, 200, 403],
    )
    .await;
    let empty = json!({});
    // From `applied`: only the employer invites; the household's side sees it (403), others 404.
    b.matrix(
        "invite",
        Method::POST,
        &p("/invite"),
        Some(&empty),
        &[401, 403, 404, 404, 404, 200, 403, 404, 404],
    )
    .await;
    // From `invited`: the household's side accepts (the employer 403).
    b.matrix(
        "accept",
        Method::POST,
        &p("/accept"),
        Some(&empty),
        &[401, 200, 404, 404, 404, 403, 409, 404, 404],
    )
    .await;
    b.matrix(
        "hire",
        Method::POST,
        &p("/hire"),
        Some(&hire_terms()),
        &[401, 403, 404, 404, 404, 200, 403, 404, 404],
    )
    .await;
    // Ended: the party may see it, the move is refused for its state.
    b.matrix(
        "decline hired",
        Method::POST,
        &p("/decline"),
        Some(&empty),
        &[401, 403, 404, 404, 404, 409, 403, 404, 404],
    )
    .await;
    b.matrix(
        "withdraw hired",
        Method::POST,
        &p("/withdraw"),
        Some(&empty),
        &[401, 409, 404, 404, 404, 403, 409, 404, 404],
    )
    .await;
    // An official accepts for the household, and withdraws for it; the employer declines.
    let e = &b.employer.tokens.access;
    let second = b.applied(&job).await;
    json_of(b.act(e, &second, "invite", json!({})).await, 200).await;
    json_of(
        b.act(&b.township.tokens.access, &second, "accept", json!({}))
            .await,
        200,
    )
    .await;
    json_of(
        b.act(
            &b.township.tokens.access,
            &second,
            "withdraw",
            json!({"reason": "家里有事"}),
        )
        .await,
        200,
    )
    .await;
    let third = b.applied(&job).await;
    json_of(
        b.act(e, &third, "decline", json!({"reason": "技能不符"}))
            .await,
        200,
    )
    .await;
    // The household's own account may not apply for another household.
    let mut other = application();
    other["household_id"] = json!(b.household2_id);
    assert_eq!(
        b.call(
            "household",
            Method::POST,
            &format!("/api/v1/jobs/{job}/applications"),
            Some(&other)
        )
        .await,
        400
    );
}
