//! Turns `Authorization: Bearer <jwt>` into the caller's identity. Only the token is checked here
//! (no database round trip); handlers load what they need and check object-level permissions.

use super::jwt::TokenError;
use crate::domain::Role;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use std::future::{ready, Ready};
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

fn authenticate(req: &HttpRequest) -> Result<Option<AuthUser>, ApiError> {
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
        Ok(claims) => Ok(Some(AuthUser {
            id: claims.sub,
            role: claims.role,
            token_id: claims.jti,
        })),
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

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|u| {
            u.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::Unauthenticated,
                    "this operation needs a signed-in user",
                )
            })
        }))
    }
}

impl FromRequest for MaybeAuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).map(MaybeAuthUser))
    }
}
