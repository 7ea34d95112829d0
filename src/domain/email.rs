//! An email address, lower-cased so that uniqueness is case-insensitive.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// A pragmatic check: one `@`, a non-empty local part, a dotted domain, no spaces, at most 254 bytes.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let email = input.trim().to_lowercase();
        if email.is_empty() || email.len() > 254 {
            return Err("an email address has 3 to 254 characters");
        }
        let (local, domain) = email.split_once('@').ok_or("an email address needs an @")?;
        let ok_domain = !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| {
                c.is_whitespace() || c.is_control() || c == '@' || c == '"' || c == '<' || c == '>'
            });
        if !(ok_local && ok_domain) {
            return Err("not a valid email address");
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_lowercases() {
        assert_eq!(
            Email::parse(" Li.Ming@Example.COM ").unwrap().as_str(),
            "li.ming@example.com"
        );
        for bad in [
            "", "no-at", "@x.cn", "a@", "a@b", "a b@c.cn", "a@b..cn", "a@.b.cn", "a@b.cn.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }
}
