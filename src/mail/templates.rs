//! Mail templates: one folder per message under `templates/mail/`, one file per language and part
//! (`zh.subject.txt`, `zh.txt`, `zh.html`, and the same for `en`), compiled in. `{{name}}` is a
//! variable; a missing one is an error, never an empty gap. Values are HTML-escaped in the HTML part.

use std::collections::BTreeMap;

/// Every message Bangfu sends. Account mail cannot be turned off; each notification kind can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    VerifyEmail,
    PasswordReset,
    NeedApproved,
    NeedRejected,
    PledgeReceived,
    PledgeApproved,
    PledgeRejected,
    DeliveryRecorded,
    ReceiptConfirmed,
    PledgeExpiring,
    PledgeExpired,
    ComplaintAnswered,
    ComplaintEscalated,
    OfficialDigest,
    OrderPlaced,
    OrderPaid,
    OrderShipped,
    OrderReceived,
    JobApplicationReceived,
    JobInvitation,
    JobHired,
    RetentionChecksDue,
    ProjectPledgeReceived,
}

impl MailKind {
    pub const ALL: [MailKind; 23] = [
        Self::VerifyEmail,
        Self::PasswordReset,
        Self::NeedApproved,
        Self::NeedRejected,
        Self::PledgeReceived,
        Self::PledgeApproved,
        Self::PledgeRejected,
        Self::DeliveryRecorded,
        Self::ReceiptConfirmed,
        Self::PledgeExpiring,
        Self::PledgeExpired,
        Self::ComplaintAnswered,
        Self::ComplaintEscalated,
        Self::OfficialDigest,
        Self::OrderPlaced,
        Self::OrderPaid,
        Self::OrderShipped,
        Self::OrderReceived,
        Self::JobApplicationReceived,
        Self::JobInvitation,
        Self::JobHired,
        Self::RetentionChecksDue,
        Self::ProjectPledgeReceived,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
            Self::NeedApproved => "need_approved",
            Self::NeedRejected => "need_rejected",
            Self::PledgeReceived => "pledge_received",
            Self::PledgeApproved => "pledge_approved",
            Self::PledgeRejected => "pledge_rejected",
            Self::DeliveryRecorded => "delivery_recorded",
            Self::ReceiptConfirmed => "receipt_confirmed",
            Self::PledgeExpiring => "pledge_expiring",
            Self::PledgeExpired => "pledge_expired",
            Self::ComplaintAnswered => "complaint_answered",
            Self::ComplaintEscalated => "complaint_escalated",
            Self::OfficialDigest => "official_digest",
            Self::OrderPlaced => "order_placed",
            Self::OrderPaid => "order_paid",
            Self::OrderShipped => "order_shipped",
            Self::OrderReceived => "order_received",
            Self::JobApplicationReceived => "job_application_received",
            Self::JobInvitation => "job_invitation",
            Self::JobHired => "job_hired",
            Self::RetentionChecksDue => "retention_checks_due",
            Self::ProjectPledgeReceived => "project_pledge_received",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Account mail (verification, password reset) always goes out.
    pub fn is_account(self) -> bool {
        matches!(self, Self::VerifyEmail | Self::PasswordReset)
    }

    /// The kinds a user can turn off.
    pub fn notifications() -> impl Iterator<Item = MailKind> {
        Self::ALL.into_iter().filter(|k| !k.is_account())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Self::Zh, Self::En];

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "zh" => Some(Self::Zh),
            "en" => Some(Self::En),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Zh => "zh",
            Self::En => "en",
        }
    }
}

struct Parts {
    subject: &'static str,
    text: &'static str,
    html: &'static str,
}

macro_rules! parts {
    ($dir:literal, $lang:literal) => {
        Parts {
            subject: include_str!(concat!(
                "../../templates/mail/",
                $dir,
                "/",
                $lang,
                ".subject.txt"
            )),
            text: include_str!(concat!("../../templates/mail/", $dir, "/", $lang, ".txt")),
            html: include_str!(concat!("../../templates/mail/", $dir, "/", $lang, ".html")),
        }
    };
}

macro_rules! table {
    ($kind:expr, $lang:expr, { $($variant:ident => $dir:literal),* $(,)? }) => {
        match ($kind, $lang) {
            $(
                (MailKind::$variant, Language::Zh) => parts!($dir, "zh"),
                (MailKind::$variant, Language::En) => parts!($dir, "en"),
            )*
        }
    };
}

fn parts(kind: MailKind, lang: Language) -> Parts {
    table!(kind, lang, {
        VerifyEmail => "verify_email",
        PasswordReset => "password_reset",
        NeedApproved => "need_approved",
        NeedRejected => "need_rejected",
        PledgeReceived => "pledge_received",
        PledgeApproved => "pledge_approved",
        PledgeRejected => "pledge_rejected",
        DeliveryRecorded => "delivery_recorded",
        ReceiptConfirmed => "receipt_confirmed",
        PledgeExpiring => "pledge_expiring",
        PledgeExpired => "pledge_expired",
        ComplaintAnswered => "complaint_answered",
        ComplaintEscalated => "complaint_escalated",
        OfficialDigest => "official_digest",
        OrderPlaced => "order_placed",
        OrderPaid => "order_paid",
        OrderShipped => "order_shipped",
        OrderReceived => "order_received",
        JobApplicationReceived => "job_application_received",
        JobInvitation => "job_invitation",
        JobHired => "job_hired",
        RetentionChecksDue => "retention_checks_due",
        ProjectPledgeReceived => "project_pledge_received",
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("template {kind}/{lang}: no value for `{{{{{var}}}}}`")]
pub struct MissingVariable {
    pub kind: &'static str,
    pub lang: &'static str,
    pub var: String,
}

/// Replaces every `{{var}}`; `Err(var)` names the first variable without a value.
fn fill(template: &str, vars: &BTreeMap<String, String>, html: bool) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = after[..end].trim();
        let value = vars.get(name).ok_or_else(|| name.to_owned())?;
        if html {
            out.push_str(&crate::domain::text::escape_html(value));
        } else {
            out.push_str(value);
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Renders the three parts of a message. `subject` is available to the HTML part as a variable.
pub fn render(
    kind: MailKind,
    lang: Language,
    vars: &BTreeMap<String, String>,
) -> Result<Rendered, MissingVariable> {
    let p = parts(kind, lang);
    let missing = |var: String| MissingVariable {
        kind: kind.as_str(),
        lang: lang.as_str(),
        var,
    };
    let subject = fill(p.subject.trim(), vars, false).map_err(missing)?;
    let text = fill(p.text, vars, false).map_err(missing)?;
    let mut with_subject = vars.clone();
    with_subject.insert("subject".to_owned(), subject.clone());
    let html = fill(p.html, &with_subject, true).map_err(missing)?;
    Ok(Rendered {
        subject,
        text,
        html,
    })
}

/// Sample values for every variable any template uses (the template test, and previews).
pub fn sample_vars() -> BTreeMap<String, String> {
    [
        ("name", "陈女士 <test>"),
        (
            "link",
            "https://bangfu.example/account/verify-email?token=abc",
        ),
        ("need_title", "冬季棉被两床"),
        ("need_link", "https://bangfu.example/needs/1"),
        ("pledge_link", "https://bangfu.example/pledges/1"),
        ("reason", "图片不清楚"),
        ("quantity", "2"),
        ("unit", "床"),
        ("supporter", "三门峡市慈善总会"),
        ("region", "河南省 三门峡市 卢氏县 杜关镇 杜关村村委会"),
        ("deliver_by", "2026-12-31"),
        ("note", "已送到村委会"),
        ("rating", "5"),
        ("thanks", "谢谢好心人！"),
        ("expires_at", "2026-12-31"),
        ("subject", "need 冬季棉被两床"),
        ("resolution", "已联系捐赠人补送"),
        ("level", "1"),
        ("needs_waiting", "3"),
        ("pledges_waiting", "2"),
        ("complaints_waiting", "1"),
        ("rectifications_overdue", "1"),
        ("product_title", "卢氏香菇 干货"),
        ("total", "135.00"),
        ("tracking_ref", "SF1234567890"),
        ("review", "香菇很好"),
        ("job_title", "香菇大棚采摘工"),
        ("organization", "卢氏县绿源农业有限公司"),
        ("age_band", "35–44"),
        ("start_date", "2027-01-04"),
        ("count", "2"),
        ("project_title", "杜关村蓄水池"),
        ("amount_yuan", "3000.00"),
        (
            "unsubscribe",
            "https://bangfu.example/mail/unsubscribe?u=1&k=x&t=y",
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_renders_in_every_language_with_sample_data() {
        let vars = sample_vars();
        for kind in MailKind::ALL {
            for lang in Language::ALL {
                let r = render(kind, lang, &vars).unwrap_or_else(|e| panic!("{e}"));
                assert!(
                    !r.subject.is_empty() && !r.subject.contains("{{"),
                    "{kind:?} {lang:?}"
                );
                assert!(
                    !r.text.contains("{{") && !r.html.contains("{{"),
                    "{kind:?} {lang:?}"
                );
                assert!(
                    r.html.contains("<html") && !r.html.contains("<test>"),
                    "values are escaped"
                );
                assert_eq!(
                    r.text.contains(&vars["unsubscribe"]),
                    !kind.is_account(),
                    "{kind:?}: notifications carry an unsubscribe link, account mail does not"
                );
            }
        }
    }

    #[test]
    fn a_missing_variable_is_an_error() {
        let mut vars = sample_vars();
        vars.remove("need_title");
        let e = render(MailKind::NeedApproved, Language::En, &vars).unwrap_err();
        assert_eq!(e.var, "need_title");
        assert_eq!(
            fill("a {{b}} c", &BTreeMap::new(), false),
            Err("b".to_owned())
        );
    }
}
