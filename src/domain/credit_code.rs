//! Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from a 31-character
//! alphabet (no I, O, Z, S, V), the last one a check character over the first seventeen.

use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditCodeError {
    Length,
    Character,
    CheckCharacter,
}

impl CreditCodeError {
    pub fn code(self) -> &'static str {
        match self {
            Self::Length => "length",
            Self::Character => "invalid_character",
            Self::CheckCharacter => "check_character",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::Length => "a unified social credit code has 18 characters",
            Self::Character => {
                "a unified social credit code uses digits and capital letters except I, O, S, V, Z"
            }
            Self::CheckCharacter => "the check character does not match (GB 32100)",
        }
    }
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

impl CreditCode {
    /// Accepts lower-case letters and surrounding spaces, as people type them.
    pub fn parse(input: &str) -> Result<Self, CreditCodeError> {
        let code = input.trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let bytes = code.as_bytes();
        let mut values = [0u32; 18];
        for (i, &b) in bytes.iter().enumerate() {
            values[i] = value_of(b).ok_or(CreditCodeError::Character)?;
        }
        // The registration-authority part (positions 3..=8) is a region code: digits only.
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(CreditCodeError::Character);
        }
        let sum: u32 = WEIGHTS.iter().zip(values.iter()).map(|(w, v)| w * v).sum();
        let check = (31 - sum % 31) % 31;
        if values[17] != check {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_real_codes() {
        for code in [
            "91350100M000100Y43",
            "914403001922038216",
            "9144030071526726XG",
            "91330100716105852F",
            "91110000600037341L",
            "53100000500021676K",
        ] {
            assert_eq!(
                CreditCode::parse(code).map(|c| c.0),
                Ok(code.to_owned()),
                "{code}"
            );
        }
        assert!(CreditCode::parse(" 9144030071526726xg ").is_ok());
    }

    #[test]
    fn rejects_wrong_check_character_length_and_alphabet() {
        assert_eq!(
            CreditCode::parse("914403001922038217"),
            Err(CreditCodeError::CheckCharacter)
        );
        assert_eq!(
            CreditCode::parse("9144030071526726XH"),
            Err(CreditCodeError::CheckCharacter)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y4"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y433"),
            Err(CreditCodeError::Length)
        );
        assert_eq!(
            CreditCode::parse("91350100I000100Y43"),
            Err(CreditCodeError::Character)
        );
        assert_eq!(
            CreditCode::parse("91AB0100M000100Y43"),
            Err(CreditCodeError::Character)
        );
        assert_eq!(
            CreditCode::parse("９１３５０１００Ｍ０００１００Ｙ４３"),
            Err(CreditCodeError::Character)
        );
    }
}
