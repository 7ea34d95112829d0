//! Resident identity card number (公民身份号码), GB 11643-1999: six digits of region, eight of birth
//! date, three of sequence and a check character (digit or X) computed modulo 11.
//!
//! The number is personal data: it is never printed (no `Display`, a `Debug` that masks), only its
//! masked form and a digest leave this type. The digest is an HMAC under a key held outside the
//! database ([`IdDigestKey`]): the numbers of one birth date are only about a thousand, so an
//! unkeyed digest would give every number back to whoever copies the database.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Format,
    BirthDate,
    CheckDigit,
}

impl IdNumberError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Format => "format",
            Self::BirthDate => "birth_date",
            Self::CheckDigit => "check_digit",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Format => "a resident ID number has 17 digits and a final digit or X",
            Self::BirthDate => "the birth date inside the ID number is not a real past date",
            Self::CheckDigit => "the check digit does not match (GB 11643)",
        }
    }
}

impl IdNumber {
    pub fn parse(input: &str) -> Result<Self, IdNumberError> {
        let id = input.trim().to_ascii_uppercase();
        let b = id.as_bytes();
        if b.len() != 18
            || !b[..17].iter().all(u8::is_ascii_digit)
            || !(b[17].is_ascii_digit() || b[17] == b'X')
        {
            return Err(IdNumberError::Format);
        }
        let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d")
            .map_err(|_| IdNumberError::BirthDate)?;
        let today = chrono::Utc::now().date_naive();
        if birth > today || birth < NaiveDate::from_ymd_opt(1850, 1, 1).unwrap_or(birth) {
            return Err(IdNumberError::BirthDate);
        }
        let sum: u32 = WEIGHTS
            .iter()
            .zip(b.iter())
            .map(|(w, d)| w * u32::from(d - b'0'))
            .sum();
        if CHECK[(sum % 11) as usize] != b[17] {
            return Err(IdNumberError::CheckDigit);
        }
        Ok(Self(id))
    }

    /// First two and last two characters, the rest starred: `41**************30`. Fewer kept
    /// characters leave a copy of the masks less to narrow a number down with.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..2], "*".repeat(14), &self.0[16..])
    }

    /// A digest that lets the database refuse the same confirmed number twice without storing it.
    pub fn digest(&self, key: &IdDigestKey) -> Vec<u8> {
        key.rekey(&self.unkeyed_digest())
    }

    /// The digest of scheme 1 (unkeyed), which the keyed one is computed over, so that rows written
    /// before the key existed can be re-keyed without their numbers.
    fn unkeyed_digest(&self) -> Vec<u8> {
        Sha256::new()
            .chain_update(b"bangfu:id-number:v1:")
            .chain_update(self.0.as_bytes())
            .finalize()
            .to_vec()
    }
}

/// The HMAC-SHA256 key of ID digests.
#[derive(Clone)]
pub struct IdDigestKey(Vec<u8>);

impl IdDigestKey {
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// The keyed digest of an unkeyed (scheme 1) digest.
    pub fn rekey(&self, unkeyed: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(b"bangfu:id-number:v2:");
        mac.update(unkeyed);
        mac.finalize().into_bytes().to_vec()
    }
}

impl fmt::Debug for IdDigestKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdDigestKey(***)")
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_numbers_and_masks_them() {
        for id in [
            "11010519491231002X",
            "440524188001010014",
            "411224198506120030",
            "11010519491231002x",
        ] {
            assert!(IdNumber::parse(id).is_ok(), "{id}");
        }
        let id = IdNumber::parse("411224198506120030").unwrap();
        assert_eq!(id.masked(), "41**************30");
        assert!(!format!("{id:?}").contains("19850612"));
        let key = IdDigestKey::new(b"k1");
        assert_eq!(id.digest(&key).len(), 32);
        assert_ne!(id.digest(&key), id.digest(&IdDigestKey::new(b"k2")));
        assert_ne!(id.digest(&key), id.unkeyed_digest());
        // A stored unkeyed digest re-keys to what the number digests to now.
        assert_eq!(key.rekey(&id.unkeyed_digest()), id.digest(&key));
    }

    #[test]
    fn rejects_bad_numbers() {
        assert_eq!(
            IdNumber::parse("110105194912310021").unwrap_err(),
            IdNumberError::CheckDigit
        );
        assert_eq!(
            IdNumber::parse("411224198001010015").unwrap_err(),
            IdNumberError::CheckDigit
        );
        assert_eq!(
            IdNumber::parse("41122419850612003").unwrap_err(),
            IdNumberError::Format
        );
        assert_eq!(
            IdNumber::parse("4112241985061200Y0").unwrap_err(),
            IdNumberError::Format
        );
        assert_eq!(
            IdNumber::parse("411224198502300030").unwrap_err(),
            IdNumberError::BirthDate
        );
        assert_eq!(
            IdNumber::parse("411224299901010030").unwrap_err(),
            IdNumberError::BirthDate
        );
    }
}
