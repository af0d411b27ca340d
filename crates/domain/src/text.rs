//! Human text: names of places, units and people, and longer free text such as addresses.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not a usable name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a name cannot be empty")]
    Empty,
    #[error("a name is at most {max} characters long")]
    TooLong { max: usize },
    #[error("a name cannot contain control characters")]
    ControlCharacter,
}

/// A name (of a place, unit or person): trimmed, non-empty, at most 64 characters (not bytes), no
/// control characters. Chinese first: the length counts characters so 64 Han characters fit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Name(String);

impl Name {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(s: impl AsRef<str>) -> Result<Self, NameError> {
        let s = s.as_ref().trim();
        if s.is_empty() {
            return Err(NameError::Empty);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(NameError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if s.chars().any(char::is_control) {
            return Err(NameError::ControlCharacter);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a string is not usable free text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("this text cannot be empty")]
    Empty,
    #[error("this text is at most {max} characters long")]
    TooLong { max: usize },
    #[error("this text cannot contain control characters other than line breaks")]
    ControlCharacter,
}

/// Free text such as an address or a description of duties: trimmed, non-empty, at most 4,000
/// characters; line breaks allowed, other control characters not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Text(String);

impl Text {
    pub const MAX_CHARS: usize = 4000;

    pub fn parse(s: impl AsRef<str>) -> Result<Self, TextError> {
        let s = s.as_ref().trim();
        if s.is_empty() {
            return Err(TextError::Empty);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(TextError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if s.chars().any(|c| c.is_control() && c != '\n') {
            return Err(TextError::ControlCharacter);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! string_newtype_impls {
    ($ty:ident, $err:ident) => {
        impl TryFrom<String> for $ty {
            type Error = $err;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(s)
            }
        }

        impl From<$ty> for String {
            fn from(v: $ty) -> Self {
                v.0
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl utoipa::PartialSchema for $ty {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .min_length(Some(1))
                    .max_length(Some($ty::MAX_CHARS))
                    .into()
            }
        }

        impl utoipa::ToSchema for $ty {}
    };
}

string_newtype_impls!(Name, NameError);
string_newtype_impls!(Text, TextError);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_counted_in_characters() {
        assert_eq!(
            Name::parse("  芗城区  ").map(String::from),
            Ok("芗城区".to_owned())
        );
        assert!(
            Name::parse("汉".repeat(64)).is_ok(),
            "64 Han characters fit"
        );
        assert_eq!(
            Name::parse("汉".repeat(65)),
            Err(NameError::TooLong { max: 64 })
        );
    }

    #[test]
    fn rejects_with_a_reason() {
        let cases = [
            ("", NameError::Empty, "empty"),
            ("   ", NameError::Empty, "only spaces"),
            ("\u{3000}", NameError::Empty, "only an ideographic space"),
            (
                "南坑\n街道",
                NameError::ControlCharacter,
                "line break in a name",
            ),
            ("南坑\u{7}", NameError::ControlCharacter, "bell"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(Name::parse(input), Err(expected), "{why}");
        }
    }

    #[test]
    fn text_keeps_line_breaks_but_not_other_controls() {
        assert!(Text::parse("第一行\n第二行").is_ok());
        assert_eq!(Text::parse("a\u{0}b"), Err(TextError::ControlCharacter));
        assert_eq!(
            Text::parse("字".repeat(4001)),
            Err(TextError::TooLong { max: 4000 })
        );
    }

    proptest! {
        #[test]
        fn accepted_names_are_trimmed_and_bounded(s in "\\PC{0,80}") {
            if let Ok(name) = Name::parse(&s) {
                prop_assert_eq!(name.as_str(), s.trim());
                prop_assert!(!name.as_str().is_empty());
                prop_assert!(name.as_str().chars().count() <= Name::MAX_CHARS);
                let json = serde_json::to_string(&name).expect("serialises");
                prop_assert_eq!(serde_json::from_str::<Name>(&json).expect("parses"), name);
            }
        }
    }
}
