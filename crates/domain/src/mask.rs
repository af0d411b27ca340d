//! Masking what the law forbids publishing about natural persons (行政处罚结果信息网上公开暂行办法):
//! a name becomes surname + 某某, and ID numbers, telephone numbers, addresses, bank accounts and
//! e-mail addresses are scrubbed from every free-text field before a record is published.
//!
//! Free text is scanned, not trusted: staff write "当事人张三（身份证号：…，电话：…）" in facts, so the
//! scrubber hides every long digit run (11 digits or more, whatever the spaces, hyphens and full-width
//! digits between them), the value after a label such as 住址 or 电话, the numbers of a street
//! address (胜利路*号), e-mail addresses, and the names of the people the record names. The
//! replacement carries no digits, so nothing it leaves can join into a number.

/// What stands where something was scrubbed.
pub const HIDDEN: &str = "***";

/// Compound surnames (复姓), the longest first where one begins another.
const COMPOUND_SURNAMES: [&str; 40] = [
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "澹台", "公冶", "濮阳", "淳于", "单于", "太叔", "申屠",
    "赫连", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "闻人", "东郭", "拓跋", "司空", "公羊",
    "第五", "左丘", "谷梁", "仲孙",
];

/// The surname of a Chinese personal name: a compound surname when the name starts with one and is
/// longer than it, otherwise the first character. Empty for an empty name.
pub fn surname(name: &str) -> &str {
    let name = name.trim();
    for compound in COMPOUND_SURNAMES {
        if name.starts_with(compound) && name.chars().count() > 2 {
            return compound;
        }
    }
    name.char_indices()
        .nth(1)
        .map_or(name, |(end, _)| &name[..end])
}

/// A natural person's name as published: 张三 → 张某某, 欧阳娜娜 → 欧阳某某.
pub fn mask_person_name(name: &str) -> String {
    format!("{}某某", surname(name))
}

/// Labels after which the value up to the next punctuation is personal and hidden whatever it is
/// (a seven-digit local number, an address in words). The longest first where one begins another.
const LABELS: [&str; 23] = [
    "公民身份号码",
    "身份证号码",
    "身份证号",
    "家庭住址",
    "户籍地址",
    "居住地址",
    "联系地址",
    "户籍地",
    "住址",
    "住所地",
    "住所",
    "家住",
    "居住于",
    "联系方式",
    "联系电话",
    "手机号码",
    "手机号",
    "手机",
    "电话",
    "银行账号",
    "银行卡号",
    "账号",
    "电子邮箱",
];

/// Where a labelled value ends.
fn ends_value(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | ',' | ';' | '、' | '\n' | '）' | ')' | '！' | '？'
    )
}

/// Characters that may separate the digits of one number as people write them.
fn joins_digits(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '-' | '－' | '—' | '‐' | '.' | '·' | '\u{a0}'
    )
}

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Units of a street address that follow a house number: 胜利路12号3栋2单元501室 (单 for 单元).
fn address_unit(c: char) -> bool {
    matches!(
        c,
        '号' | '弄' | '栋' | '幢' | '单' | '室' | '楼' | '层' | '座'
    )
}

/// Scrubs personal data from free text and masks the names of the `people` it names (the party if
/// a natural person, others named in the record). Text with nothing personal comes back unchanged.
pub fn scrub(text: &str, people: &[&str]) -> String {
    let mut out = mask_names(text, people);
    out = hide_labelled_values(&out);
    out = hide_emails(&out);
    out = hide_numbers(&out);
    out
}

/// Replaces each person's full name with its masked form, the longest names first so that 欧阳娜娜
/// is not left as 欧阳某某娜 by a shorter 欧阳娜.
fn mask_names(text: &str, people: &[&str]) -> String {
    let mut names: Vec<&str> = people
        .iter()
        .map(|n| n.trim())
        .filter(|n| n.chars().count() >= 2)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
    names.dedup();
    let mut out = text.to_owned();
    for name in names {
        let masked = mask_person_name(name);
        if masked != name {
            out = out.replace(name, &masked);
        }
    }
    out
}

fn hide_labelled_values(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    'scan: while !rest.is_empty() {
        for label in LABELS {
            if let Some(after) = rest.strip_prefix(label) {
                out.push_str(label);
                // Keep the colon or "为"/"是" that introduces the value.
                let value_start = after
                    .char_indices()
                    .find(|&(_, c)| !matches!(c, '：' | ':' | ' ' | '\u{3000}' | '为' | '是'))
                    .map_or(after.len(), |(i, _)| i);
                out.push_str(&after[..value_start]);
                let value = &after[value_start..];
                let end = value
                    .char_indices()
                    .find(|&(_, c)| ends_value(c))
                    .map_or(value.len(), |(i, _)| i);
                if end > 0 {
                    out.push_str(HIDDEN);
                }
                rest = &value[end..];
                continue 'scan;
            }
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        rest = chars.as_str();
    }
    out
}

fn email_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | '%')
}

fn hide_emails(text: &str) -> String {
    if !text.contains('@') && !text.contains('＠') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut hide = vec![false; chars.len()];
    for (at, &c) in chars.iter().enumerate() {
        if c != '@' && c != '＠' {
            continue;
        }
        let mut start = at;
        while start > 0 && email_char(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && email_char(chars[end]) {
            end += 1;
        }
        if start < at && end > at + 1 {
            hide[start..end].iter_mut().for_each(|h| *h = true);
        }
    }
    replace_marked(&chars, &hide)
}

/// Long digit runs (phones, ID numbers, bank accounts) go whole; the digits of a house number go.
fn hide_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut hide = vec![false; chars.len()];
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        // A run: digits joined by separators, ending on a digit (or the X of an ID number).
        let start = i;
        let mut end = i + 1; // one past the last digit
        let mut digits = 1;
        let mut j = i + 1;
        while j < chars.len() {
            if digit(chars[j]).is_some() {
                digits += 1;
                end = j + 1;
                j += 1;
            } else if joins_digits(chars[j]) {
                j += 1;
            } else {
                break;
            }
        }
        if end < chars.len() && matches!(chars[end], 'X' | 'x' | 'Ｘ' | 'ｘ') {
            end += 1;
        }
        let house_number = end < chars.len()
            && address_unit(chars[end])
            && !(start > 0 && matches!(chars[start - 1], '〕' | ']' | '】' | '第' | '）' | ')'));
        if digits >= 11 || house_number {
            hide[start..end].iter_mut().for_each(|h| *h = true);
        }
        i = end.max(i + 1);
    }
    replace_marked(&chars, &hide)
}

/// `chars` with every maximal marked stretch replaced by [`HIDDEN`].
fn replace_marked(chars: &[char], hide: &[bool]) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut i = 0;
    while i < chars.len() {
        if hide[i] {
            out.push_str(HIDDEN);
            while i < chars.len() && hide[i] {
                i += 1;
            }
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Mainland mobile numbers and valid resident ID numbers found in `text`, reading it the way a
/// person would: full-width digits as digits, and spaces, hyphens and dots between digits ignored.
/// What the leak tests look for in every public response; empty for scrubbed text.
pub fn personal_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut run = String::new();
    let mut flush = |run: &mut String| {
        let bytes = run.as_bytes();
        for start in 0..bytes.len() {
            if bytes.len() - start >= 18 {
                let candidate = &run[start..start + 18];
                if crate::codes::is_resident_id(candidate) {
                    found.push(candidate.to_owned());
                }
            }
            if bytes.len() - start >= 11
                && bytes[start] == b'1'
                && (b'3'..=b'9').contains(&bytes[start + 1])
                && bytes[start..start + 11].iter().all(u8::is_ascii_digit)
            {
                found.push(run[start..start + 11].to_owned());
            }
        }
        run.clear();
    };
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = digit(c) {
            run.push(char::from(b'0' + d));
        } else if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') && !run.is_empty() {
            run.push('X');
            flush(&mut run);
        } else if joins_digits(c)
            && !run.is_empty()
            && chars
                .peek()
                .is_some_and(|n| digit(*n).is_some() || joins_digits(*n))
        {
            // still one number
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::resident_id_check;
    use proptest::prelude::*;

    #[test]
    fn names_keep_only_the_surname() {
        let cases = [
            ("张三", "张某某"),
            ("王小明", "王某某"),
            ("欧阳娜娜", "欧阳某某"),
            ("诸葛亮", "诸葛某某"),
            ("司马相如", "司马某某"),
            // Two characters that happen to be a compound surname: a surname and a given name.
            ("欧阳", "欧某某"),
            ("单于飞", "单于某某"),
            ("  李四 ", "李某某"),
        ];
        for (name, masked) in cases {
            assert_eq!(mask_person_name(name), masked, "{name}");
        }
    }

    #[test]
    fn scrubs_what_staff_write_in_facts() {
        let cases = [
            (
                "当事人张三（身份证号：11010519491231002X，联系电话：13812345678）于2024年3月5日在胜利路12号门前占道经营。",
                &["张三"][..],
                "当事人张某某（身份证号：***，联系电话：***）于2024年3月5日在胜利路***号门前占道经营。",
                "labelled ID and phone, house number, the party's name",
            ),
            (
                "经查，李四家住芗城区新华西路8号3栋2单元501室，其手机138 1234 5678。",
                &["李四"][..],
                "经查，李某某家住***，其手机***。",
                "address after 家住, phone with spaces after 手机",
            ),
            (
                "通过转账至账户6222 0212 3456 7890 123支付罚款",
                &[][..],
                "通过转账至账户***支付罚款",
                "bank account with spaces, no label",
            ),
            (
                "证人王五（电话0596-2345678）证实",
                &["王五"][..],
                "证人王某某（电话***）证实",
                "a landline and a witness's name",
            ),
            (
                "邮箱zhang.san@example.com已告知",
                &[][..],
                "邮箱***已告知",
                "e-mail address",
            ),
            (
                "依据漳芗南执罚〔2024〕123号决定书第3号附件，罚款5000元，2024-03-05送达。",
                &[][..],
                "依据漳芗南执罚〔2024〕123号决定书第3号附件，罚款5000元，2024-03-05送达。",
                "decision numbers, amounts and dates stay",
            ),
            (
                "某某公司（统一社会信用代码91350602MA2YXXXX1L）未按规定设置垃圾收集容器",
                &[][..],
                "某某公司（统一社会信用代码91350602MA2YXXXX1L）未按规定设置垃圾收集容器",
                "organisations' codes are public",
            ),
        ];
        for (text, people, expected, why) in cases {
            assert_eq!(scrub(text, people), expected, "{why}");
        }
    }

    #[test]
    fn detector_reads_numbers_as_people_do() {
        assert_eq!(
            personal_numbers("电话１３８ １２３４-５６７８"),
            ["13812345678"]
        );
        assert!(
            personal_numbers("身份证11010519491231002x").contains(&"11010519491231002X".to_owned())
        );
        assert!(personal_numbers("罚款5000元，2024年3月5日").is_empty());
        assert!(
            personal_numbers("12812345678").is_empty(),
            "not a mobile prefix"
        );
        assert!(
            personal_numbers("110105194912310021")
                .iter()
                .all(|n| n.len() == 11),
            "a wrong check digit is no ID number (19491231002 inside it reads as a mobile)"
        );
    }

    /// Pieces of text a clerk might write, including personal numbers in every disguise.
    fn piece() -> impl Strategy<Value = String> {
        let mobile = ("1[3-9][0-9]{9}", 0usize..4).prop_map(|(m, style)| match style {
            0 => m,
            1 => format!("{} {} {}", &m[..3], &m[3..7], &m[7..]),
            2 => format!("+86-{m}"),
            _ => m
                .chars()
                .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c))
                .collect(),
        });
        let id = ("[0-9]{17}", any::<bool>()).prop_map(|(body, lower)| {
            let check = resident_id_check(&body).unwrap_or('0');
            let check = if lower {
                check.to_ascii_lowercase()
            } else {
                check
            };
            format!("{body}{check}")
        });
        prop_oneof![
            Just("当事人".to_owned()),
            Just("于2024年3月5日在".to_owned()),
            Just("胜利路".to_owned()),
            Just("号门前".to_owned()),
            Just("，".to_owned()),
            Just("电话：".to_owned()),
            Just("（".to_owned()),
            Just(" ".to_owned()),
            Just("-".to_owned()),
            "[0-9]{1,6}",
            "[０-９]{1,4}",
            "\\PC{0,6}",
            "[a-zA-Z@.]{0,6}",
            mobile,
            id,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_id_number_or_mobile_survives(pieces in prop::collection::vec(piece(), 0..24)) {
            let text = pieces.concat();
            let scrubbed = scrub(&text, &[]);
            prop_assert!(
                personal_numbers(&scrubbed).is_empty(),
                "{:?} survived in {:?}", personal_numbers(&scrubbed), scrubbed
            );
        }

        #[test]
        fn scrubbing_twice_changes_nothing_more(pieces in prop::collection::vec(piece(), 0..16)) {
            let once = scrub(&pieces.concat(), &[]);
            prop_assert_eq!(scrub(&once, &[]), once.clone());
        }

        #[test]
        fn named_people_never_appear_in_full(
            surname in "[张王李赵陈]|欧阳|诸葛",
            given in "[明华伟芳娜]{1,2}",
            before in "\\PC{0,10}",
            after in "\\PC{0,10}",
        ) {
            let name = format!("{surname}{given}");
            let text = format!("{before}{name}{after}");
            let scrubbed = scrub(&text, &[name.as_str()]);
            // The name can only reappear if the surrounding random text spelled it out again.
            prop_assume!(!before.contains(given.as_str()) && !after.contains(given.as_str()));
            prop_assert!(!scrubbed.contains(name.as_str()), "{} in {}", name, scrubbed);
            let masked = format!("{surname}某某");
            prop_assert!(scrubbed.contains(masked.as_str()));
        }
    }
}
