//! Password policy: at least 10 characters, at most 128, and not one of the commonly used passwords.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Commonly used passwords of 10 characters or more (shorter ones fail the length rule anyway):
/// from the frequency list of zxcvbn 4.4.2 (MIT), plus common Chinese-keyboard patterns.
const COMMON: &str = include_str!("common_passwords.txt");

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A password that met the policy. Never logged: `Debug` prints nothing of it.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    TooCommon,
}

impl PasswordError {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::TooCommon => "too_common",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Self::TooShort => "a password has at least 10 characters",
            Self::TooLong => "a password has at most 128 characters",
            Self::TooCommon => "this password is too common; choose another",
        }
    }
}

impl Password {
    pub fn parse(input: &str) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if n < 10 {
            return Err(PasswordError::TooShort);
        }
        if n > 128 {
            return Err(PasswordError::TooLong);
        }
        let lower = input.to_lowercase();
        let distinct: HashSet<char> = lower.chars().collect();
        if common().contains(lower.as_str()) || distinct.len() <= 2 {
            return Err(PasswordError::TooCommon);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(
            Password::parse("short").unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            Password::parse("1234567890").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("QwertyUIOP").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("password123").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("woaini1314520").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse("aaaaaaaaaaaa").unwrap_err(),
            PasswordError::TooCommon
        );
        assert_eq!(
            Password::parse(&"x1".repeat(65)).unwrap_err(),
            PasswordError::TooLong
        );
        assert!(Password::parse("卢氏县核桃丰收了2019").is_ok());
        assert!(Password::parse("correct horse battery").is_ok());
        assert!(
            !format!("{:?}", Password::parse("correct horse battery").unwrap()).contains("horse")
        );
    }
}
