//! Mail through lettre: SMTP when `SMTP_URL` is set, otherwise `.eml` files in `<data dir>/mail`.
//! Every mail is a `mail.send` job written in the transaction of the change that causes it; the
//! worker renders it in the recipient's language when it sends, so an address, a language or an
//! opt-out changed meanwhile is honoured. A 5xx refusal is permanent (the job fails and stays
//! visible to admins); anything else is retried with backoff.

pub mod jobs;
pub mod notify;
pub mod orders;
pub mod projects;
pub mod retention;
pub mod templates;
pub mod unsubscribe;

use crate::config::Config;
use crate::jobs::{JobContext, JobError};
use crate::store::{email_tokens, users};
use chrono::{Duration, Utc};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use templates::{render, Language, MailKind};
use uuid::Uuid;

pub const SEND: &str = "mail.send";

/// How long the links in account mail work.
pub const VERIFY_EMAIL_TTL_HOURS: i64 = 24;
pub const RESET_PASSWORD_TTL_HOURS: i64 = 1;

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, std::path::PathBuf),
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("SMTP_URL: {e}"))?
                    .timeout(Some(std::time::Duration::from_secs(20)))
                    .build();
                Ok(Self::Smtp(transport))
            }
            None => {
                let dir = config.data_dir.join("mail");
                std::fs::create_dir_all(&dir)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
                Ok(Self::Files(AsyncFileTransport::new(&dir), dir))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "SMTP (SMTP_URL)".to_owned(),
            Self::Files(_, dir) => format!(".eml files in {}", dir.display()),
        }
    }

    pub async fn send(&self, message: Message) -> Result<(), JobError> {
        match self {
            Self::Smtp(t) => match t.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => {
                    Err(JobError::Permanent(format!("SMTP refused: {e}")))
                }
                Err(e) => Err(JobError::Retry(format!("SMTP: {e}"))),
            },
            Self::Files(t, _) => t
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| JobError::Retry(format!("mail file: {e}"))),
        }
    }
}

/// Builds the message: multipart/alternative (plain text and HTML), UTF-8 subject (lettre encodes
/// it as RFC 2047 requires), Date, the job's Message-ID (a retried send carries the same id), and
/// for notifications the one-click unsubscribe headers of RFC 8058.
pub fn build_message(
    from: &str,
    to: Mailbox,
    message_id: &str,
    rendered: &templates::Rendered,
    unsubscribe_url: Option<&str>,
) -> Result<Message, String> {
    let from: Mailbox = from.parse().map_err(|e| format!("From: {e}"))?;
    let mut b = Message::builder()
        .from(from)
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(message_id.to_owned()));
    if let Some(url) = unsubscribe_url {
        b = b
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    b.multipart(MultiPart::alternative_plain_html(
        rendered.text.clone(),
        rendered.html.clone(),
    ))
    .map_err(|e| e.to_string())
}

fn string_vars(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    let s = match v {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    (k.clone(), s)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The `mail.send` job: renders and sends one mail to one user.
pub async fn deliver(
    mailer: Arc<Mailer>,
    config: Arc<Config>,
    ctx: JobContext,
    payload: Value,
) -> Result<(), JobError> {
    let kind = payload["kind"]
        .as_str()
        .and_then(MailKind::parse)
        .ok_or_else(|| JobError::Permanent(format!("unknown mail kind in {payload}")))?;
    let user_id: Uuid = payload["user_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| JobError::Permanent("mail job without a user".to_owned()))?;
    let message_id = payload["message_id"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| format!("<{}@bangfu>", Uuid::new_v4()));
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let Some(user) = users::find(&mut conn, user_id)
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?
    else {
        return Ok(());
    };
    if !kind.is_account() && (user.opted_out_of(kind.as_str()) || user.email_verified_at.is_none())
    {
        // Turned off, or an address nobody confirmed: notifications go to verified addresses only.
        return Ok(());
    }
    let lang = Language::parse(&user.language).unwrap_or(Language::Zh);
    let mut vars = string_vars(&payload["vars"]);
    vars.insert("name".to_owned(), user.display_name.clone());
    let base = &config.public_url;
    if let Some(id) = vars.get("need_id").cloned() {
        vars.insert("need_link".to_owned(), format!("{base}/needs/{id}"));
    }
    if let Some(id) = vars.get("pledge_id").cloned() {
        vars.insert("pledge_link".to_owned(), format!("{base}/pledges/{id}"));
    }
    if let Some(path) = vars.get("path").cloned() {
        vars.insert("link".to_owned(), format!("{base}{path}"));
    }
    // Account mail: the one-time token is made now, so no job row ever holds a live token.
    let token = match kind {
        MailKind::VerifyEmail => Some((
            email_tokens::VERIFY_EMAIL,
            VERIFY_EMAIL_TTL_HOURS,
            "/account/verify-email",
        )),
        MailKind::PasswordReset => Some((
            email_tokens::RESET_PASSWORD,
            RESET_PASSWORD_TTL_HOURS,
            "/account/reset-password",
        )),
        _ => None,
    };
    if let Some((purpose, hours, path)) = token {
        let token = crate::auth::random_token(32);
        email_tokens::insert(
            &mut conn,
            &crate::auth::token_digest(&token),
            user.id,
            purpose,
            Utc::now() + Duration::hours(hours),
        )
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
        vars.insert("link".to_owned(), format!("{base}{path}?token={token}"));
    }
    let unsubscribe = (!kind.is_account()).then(|| unsubscribe::url(&config, user.id, kind));
    if let Some(u) = &unsubscribe {
        vars.insert("unsubscribe".to_owned(), u.clone());
    }
    let rendered = render(kind, lang, &vars).map_err(|e| JobError::Permanent(e.to_string()))?;
    let to = Mailbox::new(
        Some(user.display_name.clone()),
        user.email
            .parse()
            .map_err(|e| JobError::Permanent(format!("address: {e}")))?,
    );
    let message = build_message(
        &config.mail_from,
        to,
        &message_id,
        &rendered,
        unsubscribe.as_deref(),
    )
    .map_err(JobError::Permanent)?;
    mailer.send(message).await?;
    tracing::info!(kind = kind.as_str(), user = %user.id, "mail sent");
    Ok(())
}
