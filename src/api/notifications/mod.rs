//! The caller's mail settings: language, and which notification kinds are on.

pub mod get;
pub mod update;

use crate::mail::templates::MailKind;
use crate::store::users::User;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct MailSettings {
    /// `zh` (default) or `en`.
    pub language: String,
    /// Each notification kind and whether it is on. Account mail (verification, password reset)
    /// always goes out.
    pub notifications: BTreeMap<String, bool>,
}

impl From<&User> for MailSettings {
    fn from(u: &User) -> Self {
        Self {
            language: u.language.clone(),
            notifications: MailKind::notifications()
                .map(|k| (k.as_str().to_owned(), !u.opted_out_of(k.as_str())))
                .collect(),
        }
    }
}
