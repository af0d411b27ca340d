//! Administrative division codes (GB/T 2260): a district's public identity.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The two-digit prefixes GB/T 2260 assigns to provinces, autonomous regions, municipalities and the
/// special administrative regions.
const PROVINCE_PREFIXES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

/// Why a string is not a county-level division code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DistrictCodeError {
    #[error("a district code has exactly 6 digits")]
    NotSixDigits,
    #[error("{0} is not a province prefix of GB/T 2260")]
    UnknownProvince(String),
    #[error("a code ending in 00 names a province or city, not a district or county")]
    NotCountyLevel,
}

/// A county-level (区 / 县) division code such as `350602` (芗城区).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DistrictCode(String);

impl DistrictCode {
    pub fn parse(s: impl Into<String>) -> Result<Self, DistrictCodeError> {
        let s = s.into();
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DistrictCodeError::NotSixDigits);
        }
        if !PROVINCE_PREFIXES.contains(&&s[..2]) {
            return Err(DistrictCodeError::UnknownProvince(s[..2].to_owned()));
        }
        if &s[4..] == "00" {
            return Err(DistrictCodeError::NotCountyLevel);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DistrictCode {
    type Error = DistrictCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<DistrictCode> for String {
    fn from(c: DistrictCode) -> Self {
        c.0
    }
}

impl std::str::FromStr for DistrictCode {
    type Err = DistrictCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for DistrictCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for DistrictCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{6}$"))
            .examples(["350602"])
            .into()
    }
}

impl utoipa::ToSchema for DistrictCode {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_real_district_codes() {
        for code in ["350602", "310105", "310104", "330211", "420106"] {
            assert!(DistrictCode::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn rejects_with_a_reason() {
        let cases = [
            ("35060", DistrictCodeError::NotSixDigits, "five digits"),
            ("3506021", DistrictCodeError::NotSixDigits, "seven digits"),
            ("35o602", DistrictCodeError::NotSixDigits, "a letter"),
            (
                "３５０６０２",
                DistrictCodeError::NotSixDigits,
                "full-width digits",
            ),
            (
                "990602",
                DistrictCodeError::UnknownProvince("99".into()),
                "no such province",
            ),
            (
                "350600",
                DistrictCodeError::NotCountyLevel,
                "a city (漳州市)",
            ),
            ("350000", DistrictCodeError::NotCountyLevel, "a province"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(DistrictCode::parse(input), Err(expected), "{why}");
        }
    }

    proptest! {
        #[test]
        fn anything_accepted_is_six_digits_of_a_known_province(s in "[0-9]{0,8}") {
            if let Ok(code) = DistrictCode::parse(s.clone()) {
                prop_assert_eq!(code.as_str().len(), 6);
                prop_assert!(PROVINCE_PREFIXES.contains(&&s[..2]));
                prop_assert_ne!(&s[4..], "00");
            }
        }
    }
}
