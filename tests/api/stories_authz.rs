//! Who may do what with a story, as a matrix of callers × actions: anonymous, the household itself,
//! another household, a donor, the writer (township official), a second official in scope (the
//! county) and an official out of scope. And a story about a hire.

use crate::jobs_flow_fixture::{hire_terms, json_of as board_json, Board};
use crate::needs_fixture::World;
use crate::stories_fixture::{create, draft, get, in_review, json_of, patch, post};
use serde_json::{json, Value};

struct Caller {
    who: &'static str,
    token: Option<String>,
    official: bool,
}

fn callers(w: &World) -> Vec<Caller> {
    let c = |who, a: &crate::helpers::app::Account, official| Caller {
        who,
        token: Some(a.tokens.access.clone()),
        official,
    };
    vec![
        Caller {
            who: "anonymous",
            token: None,
            official: false,
        },
        c("household", &w.household, false),
        c("other household", &w.other_household, false),
        c("donor", &w.donor, false),
        c("writer", &w.township, true),
        c("out of scope", &w.neighbour, true),
        c("other township", &w.other_township, true),
        // Last: its review succeeds.
        c("second official", &w.county, true),
    ]
}

async fn outcome(r: reqwest::Response) -> (u16, String) {
    let status = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    (status, v["code"].as_str().unwrap_or("").to_owned())
}

#[tokio::test]
async fn who_may_do_what_with_a_story() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    let mut failures = Vec::new();
    let mut check = |who: &str, action: &str, got: (u16, String), want: (u16, &str)| {
        if got.0 != want.0 || got.1 != want.1 {
            failures.push(format!("{who} {action}: got {got:?}, expected {want:?}"));
        }
    };
    // Reading a draft, editing it, consenting to it.
    for c in callers(&w) {
        let t = c.token.as_deref();
        let read = match c.who {
            "household" | "writer" | "second official" => (200, ""),
            _ => (404, "not_found"),
        };
        check(
            c.who,
            "read draft",
            outcome(get(&w, t, &s).await).await,
            read,
        );
        let edit = match c.who {
            "anonymous" => (401, "unauthenticated"),
            "writer" => (200, ""),
            "household" | "second official" => (403, "forbidden"),
            _ => (404, "not_found"),
        };
        let body = json!({"title": "一床棉被暖了一个冬天"});
        check(
            c.who,
            "edit",
            outcome(patch(&w, t, &s, body).await).await,
            edit,
        );
        let consent = match c.who {
            "anonymous" => (401, "unauthenticated"),
            "household" | "second official" => (200, ""),
            // Spoken consent is a second person's act.
            "writer" => (403, "second_official_required"),
            _ => (404, "not_found"),
        };
        let body = if c.official {
            json!({"recorded_spoken": true})
        } else {
            json!({})
        };
        check(
            c.who,
            "consent",
            outcome(post(&w, t, &s, "consent", body).await).await,
            consent,
        );
    }
    // Submitting: the writer only.
    for c in callers(&w) {
        if c.who == "writer" {
            continue;
        }
        let want = match c.who {
            "anonymous" => (401, "unauthenticated"),
            "household" | "second official" => (403, "forbidden"),
            _ => (404, "not_found"),
        };
        let t = c.token.as_deref();
        check(
            c.who,
            "submit",
            outcome(post(&w, t, &s, "submit", json!({})).await).await,
            want,
        );
    }
    let t = Some(w.township.tokens.access.as_str());
    json_of(post(&w, t, &s, "submit", json!({})).await, 200).await;
    // Reviewing: a second official in scope only.
    for c in callers(&w) {
        let want = match c.who {
            "anonymous" => (401, "unauthenticated"),
            "household" => (403, "forbidden"),
            "writer" => (403, "second_official_required"),
            "second official" => (200, ""),
            _ => (404, "not_found"),
        };
        let t = c.token.as_deref();
        let body = json!({"decision": "approve", "photos_showing_faces": []});
        check(
            c.who,
            "review",
            outcome(post(&w, t, &s, "review", body).await).await,
            want,
        );
    }
    // Published: everyone reads it; the private part only for the household and its officials.
    for c in callers(&w) {
        let r = get(&w, c.token.as_deref(), &s).await;
        let status = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        let private = matches!(c.who, "household" | "writer" | "second official");
        let got = (
            status,
            if v.get("private").is_some() {
                "private"
            } else {
                ""
            }
            .to_owned(),
        );
        let want = (200, if private { "private" } else { "" });
        check(c.who, "read published", got, want);
    }
    // Writing: officials in scope only.
    for c in callers(&w) {
        let (_, p) = crate::stories_fixture::confirmed_pledge(&w).await;
        let want = match c.who {
            "anonymous" => (401, "unauthenticated"),
            "household" | "other household" | "donor" => (403, "forbidden"),
            "writer" | "second official" => (201, ""),
            _ => (400, "validation_failed"),
        };
        let body = crate::stories_fixture::story_body(&p);
        check(
            c.who,
            "write",
            outcome(create(&w, c.token.as_deref(), &body).await).await,
            want,
        );
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn only_the_households_officials_see_a_draft_in_their_queue_and_lists() {
    let w = World::new().await;
    let (_, s) = draft(&w).await;
    in_review(&w, &s, false).await;
    for (who, token, total) in [
        ("county", &w.county, 1),
        ("writer", &w.township, 0),
        ("neighbour", &w.neighbour, 0),
        ("other township", &w.other_township, 0),
    ] {
        let v = json_of(
            w.app
                .get("/api/v1/review/stories", Some(&token.tokens.access))
                .await,
            200,
        )
        .await;
        assert_eq!(v["total"], total, "{who}: {v}");
    }
    let v = json_of(
        w.app
            .get("/api/v1/review/stories", Some(&w.donor.tokens.access))
            .await,
        403,
    )
    .await;
    assert_eq!(v["code"], "forbidden");
    let v = json_of(
        w.app
            .get("/api/v1/me/stories", Some(&w.other_household.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(v["total"], 0);
    let v = json_of(
        w.app
            .get("/api/v1/me/stories", Some(&w.township.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(v["total"], 1);
    let v = json_of(
        w.app
            .get("/api/v1/me/stories", Some(&w.donor.tokens.access))
            .await,
        403,
    )
    .await;
    assert_eq!(v["code"], "forbidden");
}

#[tokio::test]
async fn a_story_about_a_hire() {
    let b = Board::new().await;
    let job = b.job(1).await;
    let a = b.accepted(&job).await;
    // Not hired yet: no story.
    let body = json!({"subject_type": "job_application", "subject_id": a, "title": "在家门口的车间上了班",
        "body": "村里的扶贫车间招了缝纫工，她每天骑车十分钟就到了。"});
    let t = Some(b.township.tokens.access.as_str());
    let r = b.app.post("/api/v1/stories", t, &body).await;
    assert_eq!(board_json(r, 409).await["code"], "invalid_transition");
    board_json(
        b.act(&b.employer.tokens.access, &a, "hire", hire_terms())
            .await,
        200,
    )
    .await;
    let v = board_json(b.app.post("/api/v1/stories", t, &body).await, 201).await;
    assert_eq!(v["subject_type"], "job_application");
    assert!(v["need_id"].is_null());
    assert_eq!(v["private"]["household_id"], b.household_id.as_str());
    assert_eq!(v["region"]["code"], crate::needs_fixture::VILLAGE);
    // The employer is no official: it does not write stories.
    let r = b
        .app
        .post("/api/v1/stories", Some(&b.employer.tokens.access), &body)
        .await;
    assert_eq!(board_json(r, 403).await["code"], "forbidden");
}
