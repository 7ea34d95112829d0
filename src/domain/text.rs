//! Free-text fields: trimmed, length counted in characters (not bytes), no control characters.

/// Returns the trimmed text, or the (code, message) of the first rule it breaks.
pub fn bounded(input: &str, min: usize, max: usize) -> Result<String, (&'static str, String)> {
    let text = input.trim();
    let n = text.chars().count();
    if n < min || n > max {
        return Err(("length", format!("must have {min} to {max} characters")));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err((
            "control_character",
            "must not contain control characters".to_owned(),
        ));
    }
    Ok(text.to_owned())
}

/// An individual supporter's name as the public sees it: the first character and two stars.
pub fn mask_name(name: &str) -> String {
    let first: String = name.chars().take(1).collect();
    format!("{first}**")
}

/// Text made safe to place in HTML (element content or a quoted attribute).
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(bounded(" 卢氏县 ", 1, 3).unwrap(), "卢氏县");
        assert!(bounded("卢氏县城关", 1, 3).is_err());
        assert!(bounded("  ", 1, 3).is_err());
        assert!(bounded("a\u{0}b", 1, 10).is_err());
    }
}
