//! Text as both engines see it: traditional characters folded to simplified, words cut by jieba
//! the way Meilisearch's tokenizer (charabia) cuts them (no HMM), the query words Meilisearch
//! would search for, and the pinyin derived from a title.
//!
//! Folding and pinyin happen before the text reaches an engine, so the embedded engine and
//! Meilisearch index and search exactly the same strings.

use pinyin::ToPinyin;
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy_jieba::JiebaTokenizer;

/// Meilisearch considers the first ten words of a query and ignores the rest.
pub const MAX_QUERY_WORDS: usize = 10;

/// Traditional characters folded to simplified ones (OpenCC's phrase and character tables, through
/// `hanconv`), so 電動輪椅 and 电动轮椅 are the same text to a search engine.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    hanconv::t2s(text)
}

/// jieba as both engines use it: without the HMM guesser, as Meilisearch does; `search_mode` also
/// gives the known words inside a longer word (学杂费 → 学杂费, 杂费).
pub fn jieba(search_mode: bool) -> JiebaTokenizer {
    let mut tokenizer = JiebaTokenizer::with_hmm(false);
    tokenizer.set_search_mode(search_mode);
    tokenizer
}

thread_local! {
    static DEFAULT_CUT: RefCell<JiebaTokenizer> = RefCell::new(jieba(false));
    static SEARCH_CUT: RefCell<JiebaTokenizer> = RefCell::new(jieba(true));
}

/// A word of a text: lowercased, with its byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub end: usize,
}

/// The words of `text` (separators and punctuation left out).
pub fn cut(text: &str, search_mode: bool) -> Vec<Word> {
    let run = |t: &RefCell<JiebaTokenizer>| {
        let mut t = t.borrow_mut();
        let mut stream = t.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let token = stream.token();
            let word = token.text.trim();
            if word.chars().any(char::is_alphanumeric) {
                out.push(Word {
                    text: word.to_lowercase(),
                    end: token.offset_to,
                });
            }
        }
        out
    };
    if search_mode {
        SEARCH_CUT.with(run)
    } else {
        DEFAULT_CUT.with(run)
    }
}

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub text: String,
    /// The last word, with nothing typed after it: it also finds the words it begins.
    pub prefix: bool,
    /// Two or three words of the query run together because together they are a word with
    /// synonyms (jieba cuts 助行器 into 助 行 器; Meilisearch looks up such n-grams too): the
    /// words, which also match where they all appear.
    pub parts: Vec<String>,
}

impl QueryWord {
    /// Latin letters (possibly pinyin): they are also looked for in the pinyin fields.
    pub fn is_latin(&self) -> bool {
        self.text.chars().all(|c| c.is_ascii_alphanumeric())
            && self.text.chars().any(|c| c.is_ascii_alphabetic())
    }
}

/// The words Meilisearch searches for: the folded query cut by jieba; stop words are dropped,
/// except the very last word (it may be the start of a longer word still being typed), which is a
/// prefix when nothing (not even a space) follows it.
pub fn query_words(text: &str, stop_words: &HashSet<String>) -> Vec<QueryWord> {
    let folded = fold(text);
    let end = folded.len();
    cut(&folded, false)
        .into_iter()
        .filter_map(|w| {
            let last = w.end == end;
            if stop_words.contains(&w.text) && !last {
                return None;
            }
            Some(QueryWord {
                text: w.text,
                prefix: last,
                parts: Vec::new(),
            })
        })
        .collect()
}

/// The query as both engines receive it: folded to simplified characters, with quantities (a digit
/// run and the measure word after it, 200株) moved after the other words. With the matching
/// strategy `last` the words at the end are the first dropped when nothing has them all, and the
/// thing asked for matters more than how many (200株连翘 → 连翘 200 株 finds 连翘种苗).
pub fn query_text(text: &str) -> String {
    let folded = fold(text);
    // Cut by characters, not by jieba: it reads 200株连翘 as 200 / 株连 / 翘.
    let chars: Vec<char> = folded.chars().collect();
    let (mut rest, mut quantities) = (String::new(), Vec::new());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            if chars.get(j).is_none_or(|c| !c.is_ascii_alphanumeric()) {
                // The measure word: one Chinese character right after the digits.
                if chars.get(j).copied().is_some_and(is_han) {
                    j += 1;
                }
                quantities.push(chars[i..j].iter().collect::<String>());
                rest.push(' ');
                i = j;
                continue;
            }
        }
        rest.push(chars[i]);
        i += 1;
    }
    let rest = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let quantity_last = folded
        .trim_end()
        .ends_with(quantities.last().map_or("", String::as_str));
    if quantities.is_empty() || rest.is_empty() || (quantities.len() == 1 && quantity_last) {
        return folded;
    }
    format!("{rest} {}", quantities.join(" "))
}

/// Runs together two or three consecutive words whose concatenation has synonyms (`has_synonyms`),
/// as Meilisearch's n-grams find the synonyms of 助行器 cut into 助 行 器 (and of "hearing aid").
pub fn join_synonym_ngrams(
    words: Vec<QueryWord>,
    has_synonyms: impl Fn(&str) -> bool,
) -> Vec<QueryWord> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let joined = [3, 2].into_iter().find_map(|n| {
            let group = words.get(i..i + n)?;
            // Latin words keep their space ("hearing aid"), Chinese ones run together (助行器).
            let sep = if group.iter().all(QueryWord::is_latin) {
                " "
            } else {
                ""
            };
            let text = group
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(sep);
            has_synonyms(&text).then(|| QueryWord {
                text,
                prefix: group.last().is_some_and(|w| w.prefix),
                parts: group.iter().map(|w| w.text.clone()).collect(),
            })
        });
        match joined {
            Some(w) => {
                i += w.parts.len();
                out.push(w);
            }
            None => {
                out.push(words[i].clone());
                i += 1;
            }
        }
    }
    out
}

fn is_han(c: char) -> bool {
    c.to_pinyin().is_some()
}

/// The pinyin of a word, syllable by syllable (ü typed as v, as on a phone keyboard).
fn syllables(word: &str) -> Vec<String> {
    word.chars()
        .filter_map(|c| c.to_pinyin())
        .map(|p| p.plain().replace('ü', "v"))
        .collect()
}

/// The toneless pinyin of a word made only of Chinese characters, run together (护理床 →
/// hulichuang); `None` for anything else.
pub fn plain_pinyin(word: &str) -> Option<String> {
    (!word.is_empty() && word.chars().all(is_han)).then(|| syllables(word).concat())
}

/// The pinyin derived from a title, as space-separated words, for the pinyin fields of both
/// indexes: `full` (each word's pinyin such as `lunyi`, each syllable, and the whole title run
/// together, so `lunyi`, `lun yi` and `diandonglunyi` find 电动轮椅) and `initials` (`ly` for each
/// word, `ddly…` for the whole title).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pinyin {
    pub full: String,
    pub initials: String,
}

pub fn pinyin(title: &str, stop_words: &HashSet<String>) -> Pinyin {
    let folded = fold(title);
    let han = |w: &Word| !stop_words.contains(&w.text) && w.text.chars().any(is_han);
    let words: Vec<Vec<String>> = cut(&folded, false)
        .iter()
        .filter(|w| han(w))
        .map(|w| syllables(&w.text))
        .collect();
    let parts: Vec<Vec<String>> = cut(&folded, true)
        .iter()
        .filter(|w| han(w))
        .map(|w| syllables(&w.text))
        .collect();
    let initial = |s: &[String]| -> String { s.iter().filter_map(|p| p.get(..1)).collect() };
    let mut full = Unique::default();
    let mut initials = Unique::default();
    for p in &parts {
        full.push(p.concat());
        initials.push(initial(p));
    }
    for p in words.iter().flatten() {
        full.push(p.clone());
    }
    let all: Vec<String> = words.concat();
    full.push(all.concat());
    initials.push(initial(&all));
    Pinyin {
        full: full.join(),
        initials: initials.join(),
    }
}

/// Words in first-seen order, each once.
#[derive(Default)]
struct Unique {
    seen: HashSet<String>,
    order: VecDeque<String>,
}

impl Unique {
    fn push(&mut self, w: String) {
        if !w.is_empty() && self.seen.insert(w.clone()) {
            self.order.push_back(w);
        }
    }

    fn join(self) -> String {
        Vec::from(self.order).join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stop() -> HashSet<String> {
        ["需要", "的", "急需"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(fold("電動輪椅"), "电动轮椅");
        assert_eq!(fold("助聽器一副"), "助听器一副");
        assert_eq!(fold("急需电动轮椅一台"), "急需电动轮椅一台");
        assert_eq!(fold("wheelchair"), "wheelchair");
    }

    #[test]
    fn query_words_follow_meilisearch() {
        let w = |t: &str| -> Vec<(String, bool)> {
            query_words(t, &stop())
                .into_iter()
                .map(|w| (w.text, w.prefix))
                .collect()
        };
        assert_eq!(
            w("轮椅 篮球"),
            [("轮椅".into(), false), ("篮球".into(), true)]
        );
        assert_eq!(w("轮椅 "), [("轮椅".into(), false)]);
        assert_eq!(
            w("需要 的"),
            [("的".into(), true)],
            "the last stop word stays"
        );
        assert!(w("需要 的 ").is_empty());
        assert_eq!(
            w("電動輪椅"),
            [("电动".into(), false), ("轮椅".into(), true)]
        );
        assert_eq!(w("LED台灯"), [("led".into(), false), ("台灯".into(), true)]);
        assert_eq!(w("化肥50袋")[1], ("50".into(), false));
    }

    #[test]
    fn quantities_go_last() {
        assert_eq!(query_text("200株连翘"), "连翘 200株");
        assert_eq!(
            query_text("化肥10袋"),
            "化肥10袋",
            "already last: unchanged"
        );
        assert_eq!(query_text("3头 仔猪 急需"), "仔猪 急需 3头");
        assert_eq!(query_text("2024"), "2024");
        assert_eq!(
            query_text("mp3 播放器"),
            "mp3 播放器",
            "digits inside a word stay"
        );
        assert_eq!(query_text("電動輪椅"), "电动轮椅");
    }

    #[test]
    fn latin_words_join_with_their_space() {
        let words = query_words("hearing aid", &stop());
        let joined = join_synonym_ngrams(words, |t| t == "hearing aid");
        assert_eq!(joined.len(), 1);
        assert_eq!(joined[0].text, "hearing aid");
        assert_eq!(joined[0].parts, ["hearing", "aid"]);
    }

    #[test]
    fn pinyin_of_a_title() {
        let p = pinyin("急需电动轮椅一台", &stop());
        let full: Vec<&str> = p.full.split(' ').collect();
        for w in ["diandong", "lunyi", "lun", "yi", "diandonglunyiyitai"] {
            assert!(full.contains(&w), "{w} in {}", p.full);
        }
        assert!(!p.full.contains("jixu"), "stop words have no pinyin");
        let initials: Vec<&str> = p.initials.split(' ').collect();
        for w in ["dd", "ly", "ddlyyt"] {
            assert!(initials.contains(&w), "{w} in {}", p.initials);
        }
        assert_eq!(pinyin("電動輪椅", &stop()), pinyin("电动轮椅", &stop()));
        assert_eq!(pinyin("wheelchair 50", &stop()), Pinyin::default());
        assert!(pinyin("绿豆", &stop()).full.contains("lvdou"));
    }
}
