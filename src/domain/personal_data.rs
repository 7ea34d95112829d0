//! Personal data typed into free text. A need's title and description become public once approved,
//! so a phone number, an ID number or a person's name typed into them would be published. Phone and
//! ID numbers have shapes that can be found reliably: they are refused at submission. A name cannot
//! be told from other words in general, but it usually follows a cue ("联系人：", "姓名") or is the
//! household's own name, which the caller knows: those are flagged for the reviewer and masked in
//! every public rendering, so nothing slips through even in text written before these checks.

/// What was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// A mainland mobile or landline number.
    Phone,
    /// A resident ID number (18 or 15 digits).
    IdNumber,
    /// A name after a cue word, or a name the caller knows belongs to the household.
    Name,
}

/// Words that introduce a person's name.
const NAME_CUES: &[&str] = &[
    "联系人",
    "姓名",
    "户主",
    "我叫",
    "本人叫",
    "名字是",
    "名叫",
    "收件人",
];

/// Separators people type inside a number ("138 1234 5678", "0398-1234567").
fn is_number_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '－' | '\u{3000}')
}

/// Fullwidth digits count as digits.
fn digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// A run of digits (with separators inside it), as character positions `[start, end)` and its digits
/// (an ID number's final X included).
struct DigitRun {
    start: usize,
    end: usize,
    digits: String,
}

fn digit_runs(chars: &[char]) -> Vec<DigitRun> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut end = i;
        while i < chars.len() {
            if let Some(d) = digit(chars[i]) {
                digits.push(d);
                i += 1;
                end = i;
            } else if matches!(chars[i], 'X' | 'x') && digits.len() == 17 {
                digits.push('X');
                i += 1;
                end = i;
                break;
            } else if is_number_separator(chars[i])
                && i + 1 < chars.len()
                && digit(chars[i + 1]).is_some()
            {
                i += 1;
            } else {
                break;
            }
        }
        runs.push(DigitRun { start, end, digits });
        i = end.max(start + 1);
    }
    runs
}

fn classify(digits: &str) -> Option<Finding> {
    let n = digits.len();
    let b = digits.as_bytes();
    if n == 18 || (n == 15 && digits.chars().all(|c| c.is_ascii_digit()) && b[0] != b'0') {
        return Some(Finding::IdNumber);
    }
    if n == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
        return Some(Finding::Phone);
    }
    // Landlines: a 0-prefixed area code (3 or 4 digits) and a 7 or 8 digit number.
    if b.first() == Some(&b'0') && (10..=12).contains(&n) {
        return Some(Finding::Phone);
    }
    // A bare 7 or 8 digit local number is too easily a quantity or an amount to refuse.
    None
}

/// Where a name follows a cue: the 2 to 3 Chinese characters after the cue and an optional colon.
fn cued_names(chars: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for cue in NAME_CUES {
        let cue_chars: Vec<char> = cue.chars().collect();
        let mut from = 0;
        while from + cue_chars.len() <= chars.len() {
            if chars[from..from + cue_chars.len()] != cue_chars[..] {
                from += 1;
                continue;
            }
            let mut i = from + cue_chars.len();
            while i < chars.len() && matches!(chars[i], ':' | '：' | ' ' | '是' | '为') {
                i += 1;
            }
            let start = i;
            while i < chars.len() && i - start < 3 && is_cjk(chars[i]) {
                i += 1;
            }
            if i - start >= 2 {
                spans.push((start, i));
            }
            from += cue_chars.len();
        }
    }
    spans
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Spans of `known` names (2 characters or more) in the text.
fn known_names(chars: &[char], known: &[&str]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    for name in known {
        let name: Vec<char> = name.trim().chars().collect();
        if name.len() < 2 {
            continue;
        }
        let mut i = 0;
        while i + name.len() <= chars.len() {
            if chars[i..i + name.len()] == name[..] {
                spans.push((i, i + name.len()));
                i += name.len();
            } else {
                i += 1;
            }
        }
    }
    spans
}

/// Every finding in `text`, with its character span.
pub fn find(text: &str, known: &[&str]) -> Vec<(Finding, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(Finding, usize, usize)> = digit_runs(&chars)
        .into_iter()
        .filter_map(|r| classify(&r.digits).map(|f| (f, r.start, r.end)))
        .collect();
    out.extend(
        cued_names(&chars)
            .into_iter()
            .chain(known_names(&chars, known))
            .map(|(s, e)| (Finding::Name, s, e)),
    );
    out.sort_by_key(|f| (f.1, f.2));
    out
}

/// Numbers are refused at submission; names only flagged (they cannot be told for certain).
pub fn refused(text: &str) -> Option<Finding> {
    find(text, &[])
        .into_iter()
        .map(|f| f.0)
        .find(|f| matches!(f, Finding::Phone | Finding::IdNumber))
}

/// The text with every finding replaced: numbers by `***`, names by `某某`. Used for every public
/// rendering (views and search documents).
pub fn mask(text: &str, known: &[&str]) -> String {
    let findings = find(text, known);
    if findings.is_empty() {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (kind, start, end) in findings {
        if start < at {
            continue;
        }
        out.extend(&chars[at..start]);
        out.push_str(match kind {
            Finding::Name => "某某",
            Finding::Phone | Finding::IdNumber => "***",
        });
        at = end;
    }
    out.extend(&chars[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_id_numbers_are_found_in_any_spelling() {
        for t in [
            "请联系13812345678",
            "电话 138 1234 5678 谢谢",
            "手机１３８１２３４５６７８",
            "座机0398-7654321",
        ] {
            assert_eq!(refused(t), Some(Finding::Phone), "{t}");
        }
        for t in [
            "身份证411224199001011234",
            "证件号41122419900101123X。",
            "411224900101123",
        ] {
            assert_eq!(refused(t), Some(Finding::IdNumber), "{t}");
        }
    }

    #[test]
    fn quantities_amounts_and_dates_are_not_numbers_of_a_person() {
        for t in [
            "需要轮椅2台，约3500元",
            "化肥50袋，每袋100斤",
            "2026年12月31日前送达",
            "学费12000元",
            "电费1234567元",
        ] {
            assert_eq!(refused(t), None, "{t}");
            assert_eq!(mask(t, &[]), t);
        }
    }

    #[test]
    fn names_after_a_cue_and_known_names_are_masked() {
        assert_eq!(
            mask("联系人：王小明，电话13812345678", &[]),
            "联系人：某某，电话***"
        );
        assert_eq!(mask("户主张三因病卧床", &["张三"]), "户主某某因病卧床");
        assert_eq!(
            mask("李四华的父亲需要轮椅", &["李四华"]),
            "某某的父亲需要轮椅"
        );
        assert!(find("父亲因病瘫痪", &["张三"]).is_empty());
    }
}
