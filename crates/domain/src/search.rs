//! Catalog search in the words people use.
//!
//! A citizen types 占道 or 噪音; the catalog says 擅自占用城市道路 and 噪声. A query is split into
//! words (spaces, full-width spaces and list punctuation separate them); a matter matches when every
//! word occurs in its code, name or legal basis, either as typed or as one of the official phrases
//! the word commonly stands for ([`SYNONYMS`]). Full-width letters and digits (as a Chinese input
//! method types them) count as their ASCII forms, and ASCII is compared without case, so
//! `350602001f` finds a code.
//!
//! The server turns a [`SearchQuery`] into SQL; [`SearchQuery::matches`] is the same rule in memory.

use serde::Serialize;

/// Longest query accepted, in characters.
pub const MAX_CHARS: usize = 50;
/// Most words in one query.
pub const MAX_WORDS: usize = 6;

/// Plain words and the catalog phrases they stand for. The word itself is always searched too.
/// Kept to expansions a reviewer can check against the catalog: each phrase occurs in it.
pub const SYNONYMS: &[(&str, &[&str])] = &[
    ("占道", &["占用城市道路", "占用道路", "超出门窗", "摊点"]),
    ("占道经营", &["超出门窗", "摊点", "占用城市道路"]),
    ("摆摊", &["摊点", "超出门窗"]),
    ("摊贩", &["摊点"]),
    ("噪音", &["噪声"]),
    ("扰民", &["噪声", "油烟"]),
    ("狗", &["犬"]),
    ("养狗", &["犬"]),
    ("遛狗", &["犬"]),
    ("违建", &["违法建设", "违法建筑", "搭建"]),
    ("违章建筑", &["违法建设", "违法建筑", "搭建"]),
    ("乱搭乱建", &["搭建", "违法建设"]),
    ("小广告", &["张贴", "涂写", "刻画"]),
    ("乱贴", &["张贴"]),
    ("涂鸦", &["涂写", "刻画"]),
    ("广告牌", &["广告", "招牌"]),
    ("乱扔", &["乱扔", "丢弃"]),
    ("垃圾分类", &["分类投放", "分类收集"]),
    ("工地", &["施工", "工地"]),
    ("排污", &["排放污水", "污水"]),
    ("污水", &["排放污水"]),
    ("灰尘", &["扬尘"]),
    ("砍树", &["树木"]),
    ("绿化", &["树木", "绿地", "花草"]),
    ("烟花", &["烟花爆竹"]),
    ("鞭炮", &["烟花爆竹"]),
    ("放炮", &["烟花爆竹"]),
    ("消防通道", &["消防车通道"]),
    ("煤气", &["燃气"]),
    ("停车", &["停放"]),
];

/// One word of a query and everything it may match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchWord {
    /// As typed (normalised).
    pub typed: String,
    /// The typed word first, then its synonyms; a matter matches the word if it contains any.
    pub alternatives: Vec<String>,
}

/// A parsed, non-empty catalog query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchQuery {
    words: Vec<SearchWord>,
}

/// Why a query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    #[error("at most {MAX_CHARS} characters")]
    TooLong,
    #[error("at most {MAX_WORDS} words")]
    TooManyWords,
}

/// Full-width digits and letters to ASCII, the ideographic space to a space, ASCII to upper case.
/// Full-width punctuation stays: the catalog writes （渣土） with it.
fn normalise(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        _ => c,
    };
    c.to_ascii_uppercase()
}

/// Text as searches see it: what the store keeps to search in, so that a query normalised the same
/// way finds it by plain substring (full-width letters and digits as ASCII, ASCII in upper case).
pub fn normalise_text(text: &str) -> String {
    text.chars().map(normalise).collect()
}

/// Text as a penalty search index keeps it: normalised like [`normalise_text`], with everything but
/// letters, digits and Han characters dropped (so 〔2024〕 and [2024], 张某某 and 张 某 某 are one).
pub fn index_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(normalise)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// An index over n-grams finds any substring: a one-character word is one of the text's characters,
/// a longer word is its run of overlapping pairs. These are the two term streams, in text order and
/// separated by spaces, for an index with positions (SQLite FTS5, PostgreSQL tsvector).
pub fn ngram_terms(chars: &[char]) -> (String, String) {
    let mut unigrams = String::with_capacity(chars.len() * 4);
    let mut bigrams = String::with_capacity(chars.len() * 7);
    for (i, c) in chars.iter().enumerate() {
        if i > 0 {
            unigrams.push(' ');
        }
        unigrams.push(*c);
        if let Some(next) = chars.get(i + 1) {
            if i > 0 {
                bigrams.push(' ');
            }
            bigrams.push(*c);
            bigrams.push(*next);
        }
    }
    (unigrams, bigrams)
}

/// How an index of [`ngram_terms`] answers one word: a character, a pair, or a phrase of pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NgramQuery {
    Unigram(String),
    /// Consecutive pairs: the word occurs where they stand next to each other.
    Bigrams(Vec<String>),
}

impl NgramQuery {
    /// `None` for a word with no letter, digit or Han character.
    pub fn of(word: &str) -> Option<Self> {
        let chars = index_chars(word);
        match chars.len() {
            0 => None,
            1 => Some(Self::Unigram(chars[0].to_string())),
            _ => Some(Self::Bigrams(
                chars.windows(2).map(|w| w.iter().collect()).collect(),
            )),
        }
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；' | '。' | '/' | '|')
}

impl SearchQuery {
    /// Splits and expands `q`. `Ok(None)` for a query with no words (empty or only separators).
    pub fn parse(q: &str) -> Result<Option<Self>, SearchError> {
        if q.chars().count() > MAX_CHARS {
            return Err(SearchError::TooLong);
        }
        let q: String = q.chars().map(normalise).collect();
        let mut words: Vec<SearchWord> = Vec::new();
        for typed in q.split(is_separator).filter(|w| !w.is_empty()) {
            if words.iter().any(|w| w.typed == typed) {
                continue;
            }
            let mut alternatives = vec![typed.to_owned()];
            for (_, phrases) in SYNONYMS.iter().filter(|(word, _)| *word == typed) {
                for p in *phrases {
                    if !alternatives.iter().any(|a| a == p) {
                        alternatives.push((*p).to_owned());
                    }
                }
            }
            words.push(SearchWord {
                typed: typed.to_owned(),
                alternatives,
            });
        }
        if words.len() > MAX_WORDS {
            return Err(SearchError::TooManyWords);
        }
        Ok((!words.is_empty()).then_some(Self { words }))
    }

    pub fn words(&self) -> &[SearchWord] {
        &self.words
    }

    /// Whether `text` (a matter's code, name and legal basis) matches: every word, in any of its
    /// forms. ASCII is compared without case.
    pub fn matches(&self, text: &str) -> bool {
        let text = normalise_text(text);
        self.words
            .iter()
            .all(|w| w.alternatives.iter().any(|a| text.contains(a.as_str())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> SearchQuery {
        SearchQuery::parse(q).expect("valid").expect("not empty")
    }

    #[test]
    fn plain_words_find_the_official_phrase() {
        let q = parse("占道");
        assert!(q.matches("对擅自占用城市道路的处罚"));
        assert!(q.matches("对在城市道路上机动车违规试刹车、洗车或者修车占道作业的处罚"));
        assert!(!q.matches("对擅自挖掘城市道路的处罚"));
        assert!(parse("噪音").matches("对夜间施工产生环境噪声污染的处罚"));
        assert!(parse("狗").matches("对违反规定饲养犬只的处罚"));
    }

    #[test]
    fn one_character_queries_are_substrings() {
        let q = parse("犬");
        assert_eq!(q.words()[0].alternatives, ["犬"]);
        assert!(q.matches("对携犬出户未束犬链的处罚"));
        assert!(!q.matches("对擅自占用城市道路的处罚"));
    }

    #[test]
    fn every_word_must_match() {
        let q = parse("道路　挖掘");
        assert_eq!(q.words().len(), 2);
        assert!(q.matches("对擅自挖掘城市道路的处罚"));
        assert!(!q.matches("对擅自占用城市道路的处罚"));
        assert!(parse("城市道路，占用").matches("对擅自占用城市道路的处罚"));
    }

    #[test]
    fn codes_match_whatever_the_width_and_case() {
        let text = "350602001F004200 对擅自占用城市道路的处罚";
        assert!(parse("350602001f0042").matches(text));
        assert!(parse("３５０６０２００１Ｆ").matches(text));
        assert!(parse("f004200").matches(text));
        assert!(parse("（渣土）").matches("对随意倾倒建筑垃圾（渣土）的处罚"));
        assert!(
            parse("PM2.5").matches("对超标排放ＰＭ２.５的处罚"),
            "full-width in the text too"
        );
    }

    #[test]
    fn empty_long_and_wordy_queries() {
        assert_eq!(SearchQuery::parse(""), Ok(None));
        assert_eq!(SearchQuery::parse(" 　，、 "), Ok(None));
        assert_eq!(
            SearchQuery::parse(&"路".repeat(MAX_CHARS + 1)),
            Err(SearchError::TooLong)
        );
        assert!(SearchQuery::parse(&"路".repeat(MAX_CHARS)).is_ok());
        assert_eq!(
            SearchQuery::parse("一 二 三 四 五 六 七"),
            Err(SearchError::TooManyWords)
        );
        // A repeated word counts once.
        assert_eq!(parse("路 路 路").words().len(), 1);
    }

    #[test]
    fn ngram_terms_and_queries() {
        let chars = index_chars("芗罚〔2024〕张 某某");
        assert_eq!(chars.iter().collect::<String>(), "芗罚2024张某某");
        let (uni, bi) = ngram_terms(&index_chars("占道经营"));
        assert_eq!(uni, "占 道 经 营");
        assert_eq!(bi, "占道 道经 经营");
        assert_eq!(ngram_terms(&['罚']), ("罚".to_owned(), String::new()));
        assert_eq!(NgramQuery::of("罚"), Some(NgramQuery::Unigram("罚".into())));
        assert_eq!(
            NgramQuery::of("占道经营"),
            Some(NgramQuery::Bigrams(vec![
                "占道".into(),
                "道经".into(),
                "经营".into()
            ]))
        );
        assert_eq!(NgramQuery::of("〔〕"), None);
    }

    proptest::proptest! {
        /// A word occurs in a text exactly when its pairs stand consecutively among the text's pairs
        /// (or, for one character, when it is one of the text's characters): the index misses nothing
        /// and invents nothing.
        #[test]
        fn ngram_phrases_find_exactly_the_substrings(text in "[甲乙丙12]{0,12}", word in "[甲乙丙12]{1,4}") {
            let chars = index_chars(&text);
            let (uni, bi) = ngram_terms(&chars);
            let found = match NgramQuery::of(&word).expect("a word") {
                NgramQuery::Unigram(c) => uni.split(' ').any(|t| t == c),
                NgramQuery::Bigrams(pairs) => {
                    let terms: Vec<&str> = bi.split(' ').filter(|t| !t.is_empty()).collect();
                    terms.windows(pairs.len()).any(|w| w.iter().zip(&pairs).all(|(a, b)| a == b))
                }
            };
            proptest::prop_assert_eq!(found, normalise_text(&text).contains(&normalise_text(&word)));
        }
    }

    #[test]
    fn synonym_keys_are_unique_and_expansions_differ_from_them() {
        for (i, (word, phrases)) in SYNONYMS.iter().enumerate() {
            assert!(
                SYNONYMS[i + 1..].iter().all(|(w, _)| w != word),
                "{word} listed twice"
            );
            assert!(!phrases.is_empty(), "{word} expands to nothing");
        }
    }
}
