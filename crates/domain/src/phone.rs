//! Mainland China telephone numbers, as published for supervision lines and offices (监督电话).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Area codes with two digits after the trunk prefix (010 Beijing, 02x large cities); all others
/// have three (0596 漳州). Local numbers are 8 digits after a short code, 7 or 8 after a long one.
const SHORT_AREA_CODES: [&str; 10] = [
    "010", "020", "021", "022", "023", "024", "025", "027", "028", "029",
];

/// Why a string is not a telephone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneNumberError {
    #[error("a telephone number cannot be empty")]
    Empty,
    #[error("a telephone number uses only digits, spaces, hyphens and an optional +86")]
    BadCharacter,
    #[error("not a mainland mobile, landline (with area code) or public service number")]
    BadShape,
}

/// A telephone number in its canonical form: `13812345678` (mobile), `0596-2345678` or
/// `021-62345678-801` (landline with area code and optional extension), `12345` (public service line).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses what people type: full-width digits, spaces, hyphens, brackets round the area code and
    /// a `+86` prefix are accepted, and the result is the canonical form.
    pub fn parse(s: impl AsRef<str>) -> Result<Self, PhoneNumberError> {
        let s = s.as_ref().trim();
        if s.is_empty() {
            return Err(PhoneNumberError::Empty);
        }
        // Keep the hyphens for a moment: they are the only way to see where an extension starts.
        let mut groups: Vec<String> = vec![String::new()];
        for c in s.chars() {
            let c = match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '－' | '—' => '-',
                other => other,
            };
            match c {
                '0'..='9' => groups.last_mut().map_or((), |g| g.push(c)),
                '-' => groups.push(String::new()),
                ' ' | '(' | ')' | '（' | '）' | '+' => {}
                _ => return Err(PhoneNumberError::BadCharacter),
            }
        }
        groups.retain(|g| !g.is_empty());
        let mut digits: String = groups.concat();
        if s.starts_with('+') {
            digits = digits
                .strip_prefix("86")
                .ok_or(PhoneNumberError::BadShape)?
                .to_owned();
            groups = vec![digits.clone()];
        }

        let is_mobile =
            |d: &str| d.len() == 11 && d.starts_with('1') && matches!(d.as_bytes()[1], b'3'..=b'9');
        if is_mobile(&digits) {
            return Ok(Self(digits));
        }
        // Public service lines: 110, 119, 120, 12345, 12315, 12319...
        if digits.starts_with('1') && (3..=5).contains(&digits.len()) && groups.len() == 1 {
            return Ok(Self(digits));
        }
        if digits.starts_with('0') {
            let area_len = if SHORT_AREA_CODES.contains(&&digits[..3.min(digits.len())]) {
                3
            } else {
                4
            };
            let (area, rest) = digits.split_at(area_len.min(digits.len()));
            // An extension is whatever follows a third hyphen group, or a second one after an
            // unbroken "area+local" run.
            let (local, ext): (String, Option<String>) = match groups.as_slice() {
                [_, local, ext] => (local.clone(), Some(ext.clone())),
                [first, ext] if first.len() > area_len => {
                    (first[area_len..].to_owned(), Some(ext.clone()))
                }
                _ => (rest.to_owned(), None),
            };
            let local_ok = match area_len {
                3 => local.len() == 8,
                _ => local.len() == 7 || local.len() == 8,
            };
            let ext_ok = ext.as_ref().is_none_or(|e| (1..=6).contains(&e.len()));
            if local_ok && ext_ok && !local.starts_with('0') {
                let mut out = format!("{area}-{local}");
                if let Some(e) = ext {
                    out.push('-');
                    out.push_str(&e);
                }
                return Ok(Self(out));
            }
        }
        Err(PhoneNumberError::BadShape)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as a `tel:` URI, so a phone can dial it from the page.
    pub fn tel_uri(&self) -> String {
        let digits: String = self.0.split('-').take(2).collect();
        format!("tel:{digits}")
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = PhoneNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<PhoneNumber> for String {
    fn from(p: PhoneNumber) -> Self {
        p.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for PhoneNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .examples(["0596-2345678", "12345"])
            .into()
    }
}

impl utoipa::ToSchema for PhoneNumber {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn canonicalises_what_people_type() {
        let cases = [
            ("0596-2345678", "0596-2345678", "long area code, 7 digits"),
            ("(0596) 2345 678", "0596-2345678", "brackets and spaces"),
            ("05962345678", "0596-2345678", "no separator"),
            ("021-62345678", "021-62345678", "Shanghai"),
            ("02162345678", "021-62345678", "Shanghai, no separator"),
            ("021-62345678-801", "021-62345678-801", "extension"),
            ("０２１－６２３４５６７８", "021-62345678", "full-width"),
            ("138 1234 5678", "13812345678", "mobile with spaces"),
            ("+86 138-1234-5678", "13812345678", "international mobile"),
            ("12345", "12345", "citizen hotline"),
            ("12319", "12319", "urban management hotline"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(
                PhoneNumber::parse(input).map(String::from),
                Ok(expected.to_owned()),
                "{why}"
            );
        }
    }

    #[test]
    fn rejects_with_a_reason() {
        let cases = [
            ("", PhoneNumberError::Empty, "empty"),
            ("0596-234567a", PhoneNumberError::BadCharacter, "a letter"),
            (
                "12812345678",
                PhoneNumberError::BadShape,
                "mobile prefix 12",
            ),
            ("1381234567", PhoneNumberError::BadShape, "ten-digit mobile"),
            (
                "021-6234567",
                PhoneNumberError::BadShape,
                "seven digits after a short code",
            ),
            (
                "0596-02345678",
                PhoneNumberError::BadShape,
                "local part starts with 0",
            ),
            ("2345678", PhoneNumberError::BadShape, "no area code"),
            ("+1 2025550123", PhoneNumberError::BadShape, "not mainland"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(PhoneNumber::parse(input), Err(expected), "{why}");
        }
    }

    #[test]
    fn tel_uri_drops_separators_and_extension() {
        let p = PhoneNumber::parse("021-62345678-801").expect("valid");
        assert_eq!(p.tel_uri(), "tel:02162345678");
    }

    proptest! {
        #[test]
        fn canonical_form_is_a_fixed_point(s in "[0-9 ()+-]{0,20}") {
            if let Ok(p) = PhoneNumber::parse(&s) {
                prop_assert_eq!(PhoneNumber::parse(p.as_str()), Ok(p.clone()));
            }
        }

        #[test]
        fn every_mobile_number_parses(rest in "[3-9][0-9]{9}") {
            let n = format!("1{rest}");
            prop_assert_eq!(PhoneNumber::parse(&n).map(String::from), Ok(n));
        }
    }
}
