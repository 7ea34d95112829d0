//! The `bangfu` binary itself: configuration errors, help, admin creation, serving and stopping on
//! SIGTERM, and that secrets and personal data stay out of its logs.

use crate::helpers::app::{donor_body, PASSWORD};
use crate::helpers::TestDb;
use serde_json::json;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn bangfu() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bangfu"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

#[test]
fn help_explains_each_subcommand_and_setting() {
    let out = bangfu().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for word in [
        "serve",
        "migrate",
        "admin",
        "seed",
        "DATABASE_URL",
        "BANGFU_JWT_SECRET",
        "MEILI_URL",
        "SMTP_URL",
    ] {
        assert!(text.contains(word), "{word} missing from --help:\n{text}");
    }
    let out = bangfu()
        .args(["admin", "create", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--email") && text.contains("--password") && text.contains("--name"));
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value) in [
        ("BANGFU_ENV", "staging"),
        ("BANGFU_BIND", "nowhere"),
        ("BANGFU_JWT_SECRET", "short"),
    ] {
        let out = bangfu()
            .env("BANGFU_DATA_DIR", dir.path())
            .env(var, value)
            .arg("migrate")
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(var), "{var}: {err}");
    }
    let out = bangfu()
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_ENV", "production")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("BANGFU_JWT_SECRET"));
}

#[tokio::test]
async fn serve_migrates_serves_and_stops_on_sigterm_without_leaking_secrets() {
    // An empty database: serve must migrate it and load the regions itself.
    let db = TestDb::empty().await;
    let dir = tempfile::tempdir().unwrap();
    let secret = "a-jwt-secret-that-must-never-appear-in-logs";
    // Trust authentication ignores the password, so it can be any value that must stay hidden.
    let url = db.url.replace("postgres@", "postgres:db-password-hidden@");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut admin = bangfu()
        .env("DATABASE_URL", &url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_JWT_SECRET", secret)
        .args([
            "admin",
            "create",
            "--email",
            "root@example.cn",
            "--password-stdin",
            "--name",
            "Root",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = admin.stdin.take().unwrap();
        writeln!(stdin, "{PASSWORD}").unwrap();
    }
    let admin = admin.wait_with_output().unwrap();
    assert!(
        admin.status.success(),
        "{}",
        String::from_utf8_lossy(&admin.stderr)
    );
    assert!(String::from_utf8_lossy(&admin.stdout).contains("created"));

    let mut child = bangfu()
        .env("DATABASE_URL", &url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_JWT_SECRET", secret)
        .env("BANGFU_BIND", format!("127.0.0.1:{port}"))
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let start = Instant::now();
    while client
        .get(format!("{base}/readyz"))
        .send()
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "server did not become ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let r = client
        .get(format!("{base}/api/v1/regions/411224"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let id_number = "411224198506120030";
    let household = json!({"email": "zhang@example.cn", "password": PASSWORD, "display_name": "张家", "role": "household",
        "household": {"head_name": "张建国", "region_code": "411224101200", "id_number": id_number, "phone": "13812345678"}});
    assert_eq!(
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&household)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&donor_body("d@example.cn"))
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "root@example.cn", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let tokens: serde_json::Value = login.json().await.unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    client
        .get(format!("{base}/api/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    client
        .get(format!("{base}/api/v1/me?token={access}"))
        .send()
        .await
        .unwrap();

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(40);
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "bangfu did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(exit.success(), "exit status {exit:?}");
    let mut logs = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut logs)
        .unwrap();
    assert!(logs.contains("request"), "one line per request: {logs}");
    for secret_text in [
        secret,
        "db-password-hidden",
        PASSWORD,
        id_number,
        "13812345678",
        "张建国",
        refresh.as_str(),
        access.as_str(),
    ] {
        assert!(
            !logs.contains(secret_text),
            "logs leak {secret_text}:\n{logs}"
        );
    }
}

#[test]
fn the_readme_lists_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for (name, _, _) in bangfu::config::SETTINGS {
        assert!(
            readme.contains(&format!("`{name}`")),
            "README.md does not list {name}"
        );
    }
}

/// Runs `bangfu` with the given environment; (success, stdout + stderr).
fn run_with(env: &[(&str, String)], args: &[&str]) -> (bool, String) {
    let mut c = bangfu();
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.args(args).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn search_check_and_reindex_work_while_serve_holds_the_embedded_index() {
    let db = TestDb::empty().await;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let env = vec![
        ("DATABASE_URL", db.url.clone()),
        ("BANGFU_DATA_DIR", dir.path().display().to_string()),
        (
            "BANGFU_JWT_SECRET",
            "a-jwt-secret-for-the-cli-search-test-0001".to_owned(),
        ),
        ("BANGFU_BIND", format!("127.0.0.1:{port}")),
        ("BANGFU_LOG", "warn".to_owned()),
    ];
    let (ok, out) = run_with(
        &env,
        &["seed", "demo", "--households", "12", "--needs", "40"],
    );
    assert!(ok, "{out}");
    let mut server = bangfu();
    for (k, v) in &env {
        server.env(k, v);
    }
    let mut child = server
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let start = Instant::now();
    while client
        .get(format!("http://127.0.0.1:{port}/readyz"))
        .send()
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(start.elapsed() < Duration::from_secs(60), "not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The server's workers index the seeded needs; meanwhile the check reports what is missing,
    // and then that the index matches (it used to fail at once: tantivy's LockBusy).
    let start = Instant::now();
    let out = loop {
        let (ok, out) = run_with(&env, &["search", "check"]);
        assert!(!out.contains("LockBusy"), "{out}");
        if ok {
            break out;
        }
        assert!(
            out.contains("missing from the index") || out.contains("older version"),
            "{out}"
        );
        assert!(start.elapsed() < Duration::from_secs(60), "{out}");
        tokio::time::sleep(Duration::from_millis(300)).await;
    };
    assert!(out.contains("the index matches PostgreSQL"), "{out}");

    // A change that bypassed the outbox: the check sees it, the reindex (done by the running
    // server, which holds the index) repairs it.
    {
        let mut conn =
            <diesel_async::AsyncPgConnection as diesel_async::AsyncConnection>::establish(&db.url)
                .await
                .unwrap();
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(
                "UPDATE needs SET updated_at = updated_at + interval '1 second' \
                 WHERE id = (SELECT id FROM needs WHERE status = 'open' LIMIT 1)",
            ),
            &mut conn,
        )
        .await
        .unwrap();
    }
    let (ok, drift) = run_with(&env, &["search", "check"]);
    assert!(
        !ok && drift.contains("indexed from an older version"),
        "{drift}"
    );
    let (ok, reindexed) = run_with(&env, &["reindex"]);
    assert!(ok, "{reindexed}");
    assert!(
        reindexed.contains("1 running process(es) follow the search feed")
            && reindexed.contains("1 of 1 running process(es) rebuilt their search index"),
        "{reindexed}"
    );
    let (ok, out) = run_with(&env, &["search", "check"]);
    assert!(ok && out.contains("the index matches PostgreSQL"), "{out}");

    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(40);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "bangfu did not stop on SIGTERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Without a server, reindex rebuilds by itself.
    let (ok, out) = run_with(&env, &["reindex"]);
    assert!(ok && out.contains("into the embedded engine"), "{out}");
}
