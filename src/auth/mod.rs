//! Authentication: password hashing, access tokens (JWT), refresh tokens, the login throttle and the
//! extractor that turns a bearer token into an [`AuthUser`].

pub mod client_addr;
pub mod extractor;
pub mod jwt;
pub mod password_hash;
pub mod throttle;

pub use extractor::{AuthUser, MaybeAuthUser};
pub use jwt::{AccessClaims, JwtKeys};

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A random token of `bytes` bytes, URL-safe base64 without padding.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Tokens are stored as SHA-256: they carry 256 bits of randomness, so a slow hash adds nothing.
pub fn token_digest(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}
