//! Access tokens: HS256 JWTs, short-lived. Decoding pins the algorithm and checks issuer, audience,
//! token type, expiry (with a small leeway) and issue time; anything else is refused.

use crate::domain::Role;
use jsonwebtoken::{
    decode, encode, errors::ErrorKind, Algorithm, DecodingKey, EncodingKey, Header, Validation,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

pub const ISSUER: &str = "bangfu";
pub const AUDIENCE: &str = "bangfu-api";
pub const ACCESS_TYPE: &str = "access";
pub const LEEWAY_SECS: u64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct AccessClaims {
    pub iss: String,
    pub aud: String,
    pub typ: String,
    pub sub: Uuid,
    pub role: Role,
    pub exp: u64,
    pub iat: u64,
    pub jti: Uuid,
    /// The user's token generation when issued; a later logout or password reset bumps it.
    pub gen: i32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Expired,
    Invalid,
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> anyhow::Result<Self> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        validation.validate_exp = true;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            ttl,
        })
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    pub fn issue(
        &self,
        user_id: Uuid,
        role: Role,
        generation: i32,
    ) -> anyhow::Result<(String, AccessClaims)> {
        let now = now_secs();
        let claims = AccessClaims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            typ: ACCESS_TYPE.to_owned(),
            sub: user_id,
            role,
            exp: now + self.ttl.as_secs(),
            iat: now,
            jti: Uuid::new_v4(),
            gen: generation,
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    pub fn verify(&self, token: &str) -> Result<AccessClaims, TokenError> {
        let data =
            decode::<AccessClaims>(token, &self.decoding, &self.validation).map_err(|e| match e
                .kind()
            {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        let claims = data.claims;
        if data.header.alg != Algorithm::HS256 || claims.typ != ACCESS_TYPE {
            return Err(TokenError::Invalid);
        }
        // A token issued in the future, or living longer than any token we issue, is forged.
        let now = now_secs();
        if claims.iat > now + LEEWAY_SECS
            || claims.exp.saturating_sub(claims.iat) > self.ttl.as_secs() + LEEWAY_SECS
        {
            return Err(TokenError::Invalid);
        }
        Ok(claims)
    }
}

pub fn now_secs() -> u64 {
    jsonwebtoken::get_current_timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn keys() -> JwtKeys {
        JwtKeys::new(SECRET, Duration::from_secs(900)).unwrap()
    }

    fn b64(v: &serde_json::Value) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    }

    fn claims_json(role: &str) -> serde_json::Value {
        let now = now_secs();
        serde_json::json!({"iss": ISSUER, "aud": AUDIENCE, "typ": "access", "sub": Uuid::new_v4(),
            "role": role, "exp": now + 600, "iat": now, "jti": Uuid::new_v4(), "gen": 0})
    }

    fn sign(header: &Header, claims: &serde_json::Value, secret: &[u8]) -> String {
        encode(header, claims, &EncodingKey::from_secret(secret).unwrap()).unwrap()
    }

    #[test]
    fn round_trip() {
        let k = keys();
        let id = Uuid::new_v4();
        let (t, c) = k.issue(id, Role::Donor, 3).unwrap();
        assert_eq!(k.verify(&t).unwrap(), c);
        assert!(c.exp - c.iat <= 900);
    }

    #[test]
    fn refuses_alg_none() {
        let header = serde_json::json!({"alg": "none", "typ": "JWT"});
        let token = format!("{}.{}.", b64(&header), b64(&claims_json("admin")));
        assert_eq!(keys().verify(&token), Err(TokenError::Invalid));
    }

    #[test]
    fn refuses_other_key_and_other_algorithm() {
        let c = claims_json("admin");
        assert_eq!(
            keys().verify(&sign(
                &Header::new(Algorithm::HS256),
                &c,
                b"another-key-another-key-another-key"
            )),
            Err(TokenError::Invalid)
        );
        assert_eq!(
            keys().verify(&sign(&Header::new(Algorithm::HS512), &c, SECRET)),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn refuses_tampered_role() {
        let (t, _) = keys().issue(Uuid::new_v4(), Role::Donor, 0).unwrap();
        let parts: Vec<&str> = t.split('.').collect();
        let token = format!("{}.{}.{}", parts[0], b64(&claims_json("admin")), parts[2]);
        assert_eq!(keys().verify(&token), Err(TokenError::Invalid));
    }

    #[test]
    fn refuses_wrong_claims() {
        let h = Header::new(Algorithm::HS256);
        for (field, value) in [
            ("aud", serde_json::json!("someone-else")),
            ("iss", serde_json::json!("evil")),
            ("typ", serde_json::json!("refresh")),
            ("role", serde_json::json!("root")),
            ("iat", serde_json::json!(now_secs() + 3600)),
        ] {
            let mut c = claims_json("donor");
            c[field] = value;
            assert_eq!(
                keys().verify(&sign(&h, &c, SECRET)),
                Err(TokenError::Invalid),
                "{field}"
            );
        }
        let mut c = claims_json("donor");
        c.as_object_mut().unwrap().remove("exp");
        assert_eq!(
            keys().verify(&sign(&h, &c, SECRET)),
            Err(TokenError::Invalid)
        );
    }

    #[test]
    fn expiry_with_leeway() {
        let h = Header::new(Algorithm::HS256);
        let now = now_secs();
        let mut c = claims_json("donor");
        c["iat"] = (now - 900).into();
        c["exp"] = (now - 10).into();
        assert!(
            keys().verify(&sign(&h, &c, SECRET)).is_ok(),
            "within leeway"
        );
        c["iat"] = (now - 1000).into();
        c["exp"] = (now - 100).into();
        assert_eq!(
            keys().verify(&sign(&h, &c, SECRET)),
            Err(TokenError::Expired)
        );
    }
}
