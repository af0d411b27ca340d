//! The two national codes a penalty disclosure meets: the unified social credit code (统一社会信用代码,
//! GB 32100-2015), published for organisations and individual businesses, and the resident ID number
//! (居民身份证号码, GB 11643-1999), which is never published and must be found in free text to be
//! scrubbed (see [`crate::mask`]).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The 31 characters a credit code is written in (no I, O, Z, S, V), in check-value order.
const CREDIT_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters (3^i mod 31).
const CREDIT_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Why a string is not a unified social credit code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("a unified social credit code has 18 characters")]
    Length,
    #[error("a unified social credit code uses digits and the letters A–Y except I, O, S, V and Z")]
    BadCharacter,
    #[error("the last character of this credit code does not match the others (check character)")]
    CheckCharacter,
}

/// 统一社会信用代码: 18 characters — registering authority, kind, the 6-digit division code, the
/// organisation code and a check character (GB 32100-2015). Stored in upper case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CreditCode(String);

impl CreditCode {
    /// Parses a code as typed: surrounding spaces, lower case and full-width characters are accepted.
    pub fn parse(s: impl AsRef<str>) -> Result<Self, CreditCodeError> {
        let s: String = crate::search::normalise_text(s.as_ref().trim());
        if s.chars().count() != 18 {
            return Err(CreditCodeError::Length);
        }
        let values: Vec<u32> = s
            .bytes()
            .map(credit_value)
            .collect::<Option<_>>()
            .ok_or(CreditCodeError::BadCharacter)?;
        if values[17] != credit_check_value(&values[..17]) {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(Self(s))
    }

    /// Completes 17 characters with their check character: what a generator of test and demo codes
    /// needs. `None` when a character is outside the alphabet or the length is not 17.
    pub fn complete(first17: &str) -> Option<Self> {
        let values: Vec<u32> = first17.bytes().map(credit_value).collect::<Option<_>>()?;
        if values.len() != 17 {
            return None;
        }
        let check = CREDIT_ALPHABET[credit_check_value(&values) as usize] as char;
        Some(Self(format!("{first17}{check}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn credit_value(b: u8) -> Option<u32> {
    CREDIT_ALPHABET
        .iter()
        .position(|&c| c == b)
        .map(|p| p as u32)
}

fn credit_check_value(values: &[u32]) -> u32 {
    let sum: u32 = values.iter().zip(CREDIT_WEIGHTS).map(|(v, w)| v * w).sum();
    (31 - sum % 31) % 31
}

/// Weights of the first 17 digits of a resident ID number (2^(17-i) mod 11).
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder mod 11.
const ID_CHECK: &[u8; 11] = b"10X98765432";

/// The check character (0–9 or X) of a resident ID number's first 17 digits; `None` unless given
/// exactly 17 ASCII digits.
pub fn resident_id_check(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(ID_WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(ID_CHECK[(sum % 11) as usize] as char)
}

/// Whether `s` is an 18-character resident ID number with a valid check character (upper or lower
/// case X). Only the shape and the check are tested, not the birth date or the division code: a text
/// scrubber must err on the side of hiding.
pub fn is_resident_id(s: &str) -> bool {
    s.len() == 18
        && s.is_char_boundary(17)
        && resident_id_check(&s[..17]) == s[17..].chars().next().map(|c| c.to_ascii_uppercase())
}

/// Why a string is not a resident ID number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResidentIdError {
    #[error("a resident ID number has 17 digits and a check digit or X")]
    Shape,
    #[error("the last character of this ID number does not match the others (check digit)")]
    CheckDigit,
}

/// A resident ID number (居民身份证号码). Private: it has no `Serialize`, so no response can carry
/// one; it is kept only where the law needs the authority to know whom it decided against.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct ResidentId(String);

impl ResidentId {
    pub fn parse(s: impl AsRef<str>) -> Result<Self, ResidentIdError> {
        let s = crate::search::normalise_text(s.as_ref().trim());
        if s.len() != 18 || !s.is_char_boundary(17) || !s[..17].bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ResidentIdError::Shape);
        }
        if !is_resident_id(&s) {
            return Err(ResidentIdError::CheckDigit);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ResidentId {
    /// Logs never carry the number either.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResidentId(…)")
    }
}

impl TryFrom<String> for ResidentId {
    type Error = ResidentIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<CreditCode> for String {
    fn from(c: CreditCode) -> Self {
        c.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for CreditCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9A-HJ-NPQRTUWXY]{18}$"))
            .into()
    }
}

impl utoipa::ToSchema for CreditCode {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn known_credit_codes() {
        // Published codes of public bodies (their check characters are part of the test).
        for code in [
            "91350100M000100Y43",
            "11100000000013127D",
            "91110000802100433B",
        ] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(
            CreditCode::parse("91350100m000100y43").map(String::from),
            Ok("91350100M000100Y43".to_owned()),
            "lower case as typed"
        );
    }

    #[test]
    fn credit_codes_are_refused_with_a_reason() {
        let cases = [
            ("", CreditCodeError::Length, "empty"),
            (
                "91350100M000100Y4",
                CreditCodeError::Length,
                "17 characters",
            ),
            (
                "91350100M000100Y4I",
                CreditCodeError::BadCharacter,
                "I is not used",
            ),
            (
                "91350100M000100Y42",
                CreditCodeError::CheckCharacter,
                "wrong check",
            ),
            (
                "91350100M0001中Y43",
                CreditCodeError::Length,
                "Han character",
            ),
        ];
        for (input, expected, why) in cases {
            assert_eq!(CreditCode::parse(input), Err(expected), "{why}");
        }
    }

    #[test]
    fn resident_ids() {
        // The worked example of GB 11643-1999.
        assert_eq!(resident_id_check("11010519491231002"), Some('X'));
        assert!(is_resident_id("11010519491231002X"));
        assert!(is_resident_id("11010519491231002x"));
        assert!(!is_resident_id("110105194912310021"));
        assert!(ResidentId::parse("１１０１０５１９４９１２３１００２Ｘ").is_ok());
        assert_eq!(
            ResidentId::parse("110105194912310021"),
            Err(ResidentIdError::CheckDigit)
        );
        assert_eq!(ResidentId::parse("1101051949"), Err(ResidentIdError::Shape));
        assert_eq!(
            format!(
                "{:?}",
                ResidentId::parse("11010519491231002X").expect("valid")
            ),
            "ResidentId(…)"
        );
    }

    proptest! {
        #[test]
        fn completed_codes_parse_and_one_changed_character_does_not(
            body in "[0-9A-HJ-NPQRTUWXY]{17}",
            at in 0usize..17,
            shift in 1u32..31,
        ) {
            let code = CreditCode::complete(&body).expect("17 characters of the alphabet");
            prop_assert_eq!(CreditCode::parse(code.as_str()), Ok(code.clone()));
            // A single substitution always changes the weighted sum mod 31 (weights are units).
            let mut bytes = code.as_str().as_bytes().to_vec();
            let v = credit_value(bytes[at]).expect("in the alphabet");
            bytes[at] = CREDIT_ALPHABET[((v + shift) % 31) as usize];
            let changed = String::from_utf8(bytes).expect("ASCII");
            prop_assert_eq!(CreditCode::parse(changed), Err(CreditCodeError::CheckCharacter));
        }

        #[test]
        fn resident_id_check_is_what_is_resident_id_accepts(body in "[0-9]{17}") {
            let check = resident_id_check(&body).expect("17 digits");
            let id = format!("{body}{check}");
            prop_assert!(is_resident_id(&id));
            prop_assert!(ResidentId::parse(&id).is_ok());
        }
    }
}
