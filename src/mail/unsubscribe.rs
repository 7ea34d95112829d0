//! One-click unsubscribe links (RFC 8058): the link names the user and the kind and carries an
//! HMAC of both, so it works without signing in and cannot be forged for someone else. The HMAC has
//! its own key (`BANGFU_UNSUBSCRIBE_SECRET`), not the JWT key: one leaked key forges only its own kind.

use super::templates::MailKind;
use crate::config::Config;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use uuid::Uuid;

fn tag(secret: &str, user: Uuid, kind: &str) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(format!("unsubscribe:{user}:{kind}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

pub fn url(config: &Config, user: Uuid, kind: MailKind) -> String {
    format!(
        "{}/mail/unsubscribe?u={user}&k={}&t={}",
        config.public_url,
        kind.as_str(),
        tag(config.unsubscribe_secret.expose(), user, kind.as_str())
    )
}

/// The kind a valid link turns off, or `None` for a forged or damaged one.
pub fn check(config: &Config, user: Uuid, kind: &str, t: &str) -> Option<MailKind> {
    let kind = MailKind::parse(kind).filter(|k| !k.is_account())?;
    let expected = tag(config.unsubscribe_secret.expose(), user, kind.as_str());
    // Constant time is not needed for a 128-bit tag compared once per request, but costs nothing.
    let same = expected.len() == t.len()
        && expected
            .bytes()
            .zip(t.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(kind)
}
