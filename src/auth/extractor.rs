//! Turns `Authorization: Bearer <jwt>` into the caller's identity. The token's signature and claims
//! are checked, then the user is read from the database: the token's generation must still be the
//! user's (logout and password reset bump it, retiring every access token issued before), and the
//! role is the one stored now: a token issued under another role is refused (a demoted admin's
//! token reaches no admin endpoint). Handlers load what else they need and check object-level permissions.

use super::jwt::TokenError;
use crate::domain::Role;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use crate::store::users_auth;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
    pub token_id: Uuid,
}

impl AuthUser {
    pub fn require_role(&self, allowed: &[Role]) -> Result<(), ApiError> {
        if allowed.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the {} role may not do this",
                self.role
            )))
        }
    }
}

/// The caller when signed in, `None` when anonymous. A token that is present but invalid is still
/// refused: a client that thinks it is signed in must learn that it is not.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

/// The token's claims and the state to check them against, without touching the database.
fn verify_token(
    req: &HttpRequest,
) -> Result<Option<(super::AccessClaims, web::Data<AppState>)>, ApiError> {
    let Some(header) = req.headers().get(actix_web::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = header.to_str().map_err(|_| {
        ApiError::new(
            ErrorCode::InvalidToken,
            "the Authorization header is not readable",
        )
    })?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidToken,
                "use `Authorization: Bearer <access token>`",
            )
        })?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    match state.jwt.verify(token) {
        Ok(claims) => Ok(Some((claims, state.clone()))),
        Err(TokenError::Expired) => Err(ApiError::new(
            ErrorCode::TokenExpired,
            "sign in again or refresh the token",
        )),
        Err(TokenError::Invalid) => Err(ApiError::new(
            ErrorCode::InvalidToken,
            "the access token was refused",
        )),
    }
}

async fn authenticate(
    verified: Result<Option<(super::AccessClaims, web::Data<AppState>)>, ApiError>,
) -> Result<Option<AuthUser>, ApiError> {
    let Some((claims, state)) = verified? else {
        return Ok(None);
    };
    let mut conn = state.pool.get().await?;
    let user = users_auth::credentials(&mut conn, claims.sub)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidToken,
                "the account of this token no longer exists",
            )
        })?;
    if user.token_generation != claims.gen {
        return Err(ApiError::new(
            ErrorCode::InvalidToken,
            "this token was retired by a sign-out or a password change; sign in again",
        ));
    }
    let role: Role = user
        .role
        .parse()
        .map_err(|()| ApiError::internal(format!("user {} has an unknown role", user.id)))?;
    // The role that counts is the stored one; a token issued under another role is refused, so its
    // client signs in again and gets one that says what the account is now.
    if role != claims.role {
        return Err(ApiError::new(
            ErrorCode::InvalidToken,
            "the account's role changed; sign in again",
        ));
    }
    Ok(Some(AuthUser {
        id: user.id,
        role,
        token_id: claims.jti,
    }))
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verified = verify_token(req);
        Box::pin(async move {
            authenticate(verified).await?.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unauthenticated,
                    "this operation needs a signed-in user",
                )
            })
        })
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let verified = verify_token(req);
        Box::pin(async move { authenticate(verified).await.map(MaybeAuthUser) })
    }
}
