//! `GET /mail/unsubscribe?u=…&k=…&t=…` shows a button; `POST` to the same address turns the kind off.
//! The POST is also the RFC 8058 one-click target (`List-Unsubscribe=One-Click` in the body).

use super::{failure, page};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::store::users;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
pub struct Link {
    pub u: Option<Uuid>,
    pub k: Option<String>,
    pub t: Option<String>,
}

fn checked(
    state: &AppState,
    link: &Link,
) -> Result<(Uuid, crate::mail::templates::MailKind), ApiError> {
    let bad = || {
        ApiError::new(
            ErrorCode::InvalidMailToken,
            "this unsubscribe link is not valid",
        )
    };
    let (Some(u), Some(k), Some(t)) = (link.u, link.k.as_deref(), link.t.as_deref()) else {
        return Err(bad());
    };
    crate::mail::unsubscribe::check(&state.config, u, k, t)
        .map(|kind| (u, kind))
        .ok_or_else(bad)
}

pub async fn show(state: web::Data<AppState>, link: web::Query<Link>) -> HttpResponse {
    match checked(&state, &link) {
        Ok((_, kind)) => page(
            StatusCode::OK,
            "退订邮件",
            "Unsubscribe",
            &format!(
                "<p>不再接收此类邮件：{k}<br><span lang=\"en\">Stop mails of this kind: {k}</span></p>\
                 <form method=\"post\"><button type=\"submit\">退订 · Unsubscribe</button></form>",
                k = kind.as_str()
            ),
        ),
        Err(e) => failure(&e),
    }
}

pub async fn confirm(state: web::Data<AppState>, link: web::Query<Link>) -> HttpResponse {
    let (user, kind) = match checked(&state, &link) {
        Ok(v) => v,
        Err(e) => return failure(&e),
    };
    let result = async {
        let mut conn = state.pool.get().await?;
        let Some(u) = users::find(&mut conn, user).await? else {
            return Err(ApiError::new(
                ErrorCode::InvalidMailToken,
                "this unsubscribe link is not valid",
            ));
        };
        let mut off: Vec<String> = u.mail_opt_out.iter().flatten().cloned().collect();
        if !off.iter().any(|k| k == kind.as_str()) {
            off.push(kind.as_str().to_owned());
            off.sort();
        }
        users::set_mail_preferences(&mut conn, user, &u.language, &off).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    match result {
        Ok(()) => page(
            StatusCode::OK,
            "已退订",
            "Unsubscribed",
            &format!(
                "<p>以后不会再收到此类邮件：{k}。可以在账户设置中重新开启。<br>\
                 <span lang=\"en\">You will get no more mails of this kind ({k}); turn it on again in your settings.</span></p>",
                k = kind.as_str()
            ),
        ),
        Err(e) => failure(&e),
    }
}
