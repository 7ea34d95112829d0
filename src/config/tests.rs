//! Unit tests of the configuration.

use super::*;
use std::path::Path;

fn vars(pairs: &[(&str, &str)], dir: &Path) -> HashMap<String, String> {
    let mut m: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    m.insert("BANGFU_DATA_DIR".into(), dir.display().to_string());
    m
}

#[test]
fn defaults_and_generated_secret_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::from_vars(&vars(&[], dir.path())).unwrap();
    assert_eq!(c.env, Environment::Development);
    assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(c.database_url.expose(), DEFAULT_DATABASE_URL);
    assert!(c.jwt_secret_generated);
    let again = Config::from_vars(&vars(&[], dir.path())).unwrap();
    assert!(!again.jwt_secret_generated);
    assert_eq!(again.jwt_secret, c.jwt_secret);
}

#[test]
fn production_requires_a_long_secret() {
    let dir = tempfile::tempdir().unwrap();
    let e = Config::from_vars(&vars(&[("BANGFU_ENV", "production")], dir.path())).unwrap_err();
    assert_eq!(e.var, "BANGFU_JWT_SECRET");
    let e = Config::from_vars(&vars(
        &[("BANGFU_ENV", "production"), ("BANGFU_JWT_SECRET", "short")],
        dir.path(),
    ))
    .unwrap_err();
    assert_eq!(e.var, "BANGFU_JWT_SECRET");
    let ok = Config::from_vars(&vars(PRODUCTION, dir.path())).unwrap();
    assert!(!ok.jwt_secret_generated);
}

const PRODUCTION: &[(&str, &str)] = &[
    ("BANGFU_ENV", "production"),
    ("BANGFU_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
    (
        "BANGFU_ID_DIGEST_KEY",
        "id-digest-key-id-digest-key-0123456",
    ),
    (
        "BANGFU_UNSUBSCRIBE_SECRET",
        "unsubscribe-key-unsubscribe-key-01",
    ),
    ("SMTP_URL", "smtp://mail.example.cn:587"),
];

#[test]
fn production_requires_smtp_and_every_key() {
    let dir = tempfile::tempdir().unwrap();
    for missing in [
        "SMTP_URL",
        "BANGFU_ID_DIGEST_KEY",
        "BANGFU_UNSUBSCRIBE_SECRET",
    ] {
        let pairs: Vec<_> = PRODUCTION
            .iter()
            .copied()
            .filter(|(k, _)| *k != missing)
            .collect();
        let e = Config::from_vars(&vars(&pairs, dir.path())).unwrap_err();
        assert_eq!(e.var, missing);
    }
    // Nothing was generated into the data directory in production.
    assert!(!dir.path().join("id_digest_key").exists());
}

#[test]
fn development_generates_separate_stable_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = Config::from_vars(&vars(&[], dir.path())).unwrap();
    let b = Config::from_vars(&vars(&[], dir.path())).unwrap();
    assert_eq!(a.id_digest_key, b.id_digest_key);
    assert_eq!(a.unsubscribe_secret, b.unsubscribe_secret);
    assert_ne!(a.unsubscribe_secret, a.jwt_secret);
    assert_ne!(a.id_digest_key, a.jwt_secret);
}

#[test]
fn trusted_proxies_and_argon2_settings() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::from_vars(&vars(
        &[
            ("BANGFU_TRUSTED_PROXIES", "10.0.0.0/8, ::1"),
            ("BANGFU_ARGON2_MAX_CONCURRENT", "3"),
        ],
        dir.path(),
    ))
    .unwrap();
    assert_eq!(c.trusted_proxies.len(), 2);
    assert_eq!(c.argon2_max_concurrent, 3);
    let e = Config::from_vars(&vars(
        &[("BANGFU_TRUSTED_PROXIES", "10.0.0.0/99")],
        dir.path(),
    ))
    .unwrap_err();
    assert_eq!(e.var, "BANGFU_TRUSTED_PROXIES");
}

#[test]
fn bad_values_name_their_variable() {
    let dir = tempfile::tempdir().unwrap();
    for (k, v) in [
        ("BANGFU_ENV", "staging"),
        ("BANGFU_BIND", "localhost"),
        ("DATABASE_URL", "mysql://x"),
        ("BANGFU_DB_POOL_SIZE", "0"),
        ("BANGFU_ACCESS_TOKEN_TTL_SECS", "3600"),
        ("MEILI_URL", "ftp://x"),
        ("SMTP_URL", "http://x"),
    ] {
        let e = Config::from_vars(&vars(&[(k, v)], dir.path())).unwrap_err();
        assert_eq!(e.var, k);
        assert!(e.to_string().contains(k));
    }
}

#[test]
fn secrets_do_not_print() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::from_vars(&vars(
        &[
            (
                "BANGFU_JWT_SECRET",
                "a-very-long-secret-that-must-never-be-logged",
            ),
            ("DATABASE_URL", "postgres://u:pw@h/db"),
        ],
        dir.path(),
    ))
    .unwrap();
    let printed = format!("{c:?}");
    assert!(!printed.contains("a-very-long-secret"));
    assert!(!printed.contains(":pw@"));
    assert_eq!(c.database_url_for_display(), "postgres://u:***@h/db");
}

#[test]
fn env_file_lines() {
    let parsed = parse_env_file("# c\nA=1\nB = \"two\"\n\n").unwrap();
    assert_eq!(
        parsed,
        vec![("A".into(), "1".into()), ("B".into(), "two".into())]
    );
    assert!(parse_env_file("nonsense").is_err());
}
