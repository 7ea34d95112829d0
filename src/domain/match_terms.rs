//! The words a need or an offer is about, taken from its title: what the search engine is asked,
//! one word at a time, to find the other side. Words that say nothing about the item (爱心, 捐赠,
//! 补助 …) and quantities (三百个, 一台, 100) are left out; a run of four Chinese characters or more
//! is cut into two-character words (the engine's synonyms and segmentation then do the rest).

/// At most this many words per title.
pub const MAX_TERMS: usize = 8;

/// Words that describe the giving, not the thing given.
const FILLERS: &[&str] = &[
    "爱心", "捐赠", "捐助", "捐献", "资助", "赠送", "免费", "全新", "提供", "援助", "帮扶", "补助",
    "需要", "急需", "一批", "若干", "助力", "活动", "项目", "和", "与", "及", "或", "的", "等",
    "各",
];

const NUMERALS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十百千万两几零半";

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// Splits `title` into runs of Chinese or of ASCII letters, dropping fillers and quantities (a run of
/// numerals and the unit word right after it).
fn runs(title: &str) -> Vec<String> {
    let mut cleaned = String::new();
    let mut rest = title;
    'outer: while let Some(c) = rest.chars().next() {
        for f in FILLERS {
            if let Some(after) = rest.strip_prefix(f) {
                cleaned.push(' ');
                rest = after;
                continue 'outer;
            }
        }
        if NUMERALS.contains(c) {
            let after = rest.trim_start_matches(|c| NUMERALS.contains(c));
            let mut next = after.chars();
            // The unit after a number (三百个, 一台, 5袋) goes with it.
            rest = match next.next() {
                Some(u)
                    if super::unit::Unit::parse(&u.to_string()).kind
                        != super::unit::UnitKind::Other =>
                {
                    next.as_str()
                }
                _ => after,
            };
            cleaned.push(' ');
            continue;
        }
        cleaned.push(if is_cjk(c) || c.is_ascii_alphabetic() {
            c
        } else {
            ' '
        });
        rest = &rest[c.len_utf8()..];
    }
    let mut out = Vec::new();
    for word in cleaned.split_whitespace() {
        // A run mixing scripts is split where the script changes.
        let mut current = String::new();
        let mut ascii = None;
        for c in word.chars() {
            let a = c.is_ascii_alphabetic();
            if ascii.is_some_and(|x| x != a) {
                out.push(std::mem::take(&mut current));
            }
            ascii = Some(a);
            current.push(c);
        }
        out.push(current);
    }
    out
}

/// The words to search for: runs of two or three characters whole; a longer run in two-character
/// pieces (the last takes three when the length is odd); ASCII words of two letters or more.
pub fn key_terms(title: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !terms.contains(&t) && terms.len() < MAX_TERMS {
            terms.push(t);
        }
    };
    for run in runs(title) {
        let chars: Vec<char> = run.chars().collect();
        if chars.first().is_some_and(char::is_ascii_alphabetic) {
            if chars.len() >= 2 {
                push(run.to_lowercase());
            }
            continue;
        }
        match chars.len() {
            0 | 1 => {}
            2 | 3 => push(run),
            n => {
                let mut i = 0;
                while i < n {
                    let end = if n - i == 3 { n } else { (i + 2).min(n) };
                    if end - i >= 2 {
                        push(chars[i..end].iter().collect());
                    }
                    i = end;
                }
            }
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::key_terms;

    #[test]
    fn titles_give_the_words_of_the_item() {
        assert_eq!(key_terms("爱心书包三百个"), ["书包"]);
        assert_eq!(key_terms("冬季棉衣一百件"), ["冬季", "棉衣"]);
        assert_eq!(key_terms("冬季棉衣棉被捐赠"), ["冬季", "棉衣", "棉被"]);
        assert_eq!(key_terms("轮椅和助行器"), ["轮椅", "助行器"]);
        assert_eq!(
            key_terms("助学金：高中学杂费资助"),
            ["助学金", "高中", "学杂费"]
        );
        assert_eq!(
            key_terms("大学新生路费和生活费"),
            ["大学", "新生", "路费", "生活费"]
        );
        assert_eq!(key_terms("米面油口粮"), ["米面", "油口粮"]);
        assert_eq!(key_terms("轮椅一台"), ["轮椅"]);
        assert_eq!(key_terms("Wheelchairs x5 轮椅"), ["wheelchairs", "轮椅"]);
        assert_eq!(key_terms("寄宿生活费补助"), ["寄宿", "生活费"]);
        assert_eq!(key_terms("大米500斤"), ["大米"]);
        assert!(key_terms("爱心捐赠 100").is_empty());
    }

    #[test]
    fn at_most_eight_words() {
        let long = "一二".repeat(3) + &"书包文具校服棉鞋课本台灯书桌椅子电脑雨伞".repeat(2);
        let terms = key_terms(&long);
        assert!(terms.len() <= super::MAX_TERMS, "{terms:?}");
    }
}
