//! Identifiers. Every entity has its own newtype so a zone id can never be passed where a locality id
//! is expected; all of them share one spelling rule (a URL-safe slug) so they read well in links.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string is not a slug.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlugError {
    #[error("an identifier cannot be empty")]
    Empty,
    #[error("an identifier is at most {max} characters long")]
    TooLong { max: usize },
    #[error("an identifier uses only a-z, 0-9 and single hyphens inside")]
    BadCharacter,
}

/// A URL-safe identifier: 1–64 of `a-z`, `0-9` and `-`, no leading, trailing or doubled hyphen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;

    /// Parses a slug, rejecting anything that would need escaping in a URL path segment.
    pub fn parse(s: impl Into<String>) -> Result<Self, SlugError> {
        let s = s.into();
        if s.is_empty() {
            return Err(SlugError::Empty);
        }
        if s.len() > Self::MAX_LEN {
            return Err(SlugError::TooLong { max: Self::MAX_LEN });
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        if !s.chars().all(allowed) || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(SlugError::BadCharacter);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = SlugError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<Slug> for String {
    fn from(s: Slug) -> Self {
        s.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Slug);

        impl $name {
            /// Parses the identifier (see [`Slug`] for the rule).
            pub fn parse(s: impl Into<String>) -> Result<Self, SlugError> {
                Slug::parse(s).map(Self)
            }

            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = SlugError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
                    .max_length(Some(Slug::MAX_LEN))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

slug_id!(
    /// An officer's record (internal: the public refers to an officer by certificate number).
    OfficerId
);
slug_id!(
    /// An auxiliary's record.
    AuxiliaryId
);
slug_id!(
    /// A joint enforcement zone (片区).
    ZoneId
);
slug_id!(
    /// A subdistrict, town, township or special area (街镇 / 特定区域).
    LocalityId
);
slug_id!(
    /// An enforcing authority (执法主体): a locality office or a district department.
    AuthorityId
);
slug_id!(
    /// A district department (区职能部门).
    DepartmentId
);
slug_id!(
    /// An enforcement team (综合行政执法队 / 中队).
    TeamId
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_what_would_need_escaping() {
        let cases = [
            ("", SlugError::Empty, "empty"),
            ("Nankeng", SlugError::BadCharacter, "upper case"),
            ("nan keng", SlugError::BadCharacter, "space"),
            ("南坑", SlugError::BadCharacter, "not ASCII"),
            ("-nankeng", SlugError::BadCharacter, "leading hyphen"),
            ("nankeng-", SlugError::BadCharacter, "trailing hyphen"),
            ("nan--keng", SlugError::BadCharacter, "doubled hyphen"),
            ("a/b", SlugError::BadCharacter, "path separator"),
        ];
        for (input, expected, why) in cases {
            assert_eq!(Slug::parse(input), Err(expected), "{why}");
        }
        assert_eq!(
            Slug::parse("a".repeat(65)),
            Err(SlugError::TooLong { max: 64 })
        );
    }

    #[test]
    fn deserialising_enforces_the_rule() {
        assert!(serde_json::from_str::<ZoneId>("\"east\"").is_ok());
        assert!(serde_json::from_str::<ZoneId>("\"East Zone\"").is_err());
    }

    proptest! {
        #[test]
        fn valid_slugs_round_trip(s in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,4}") {
            let slug = Slug::parse(s.clone()).expect("matches the rule");
            prop_assert_eq!(slug.as_str(), s.as_str());
            let json = serde_json::to_string(&slug).expect("serialises");
            prop_assert_eq!(serde_json::from_str::<Slug>(&json).expect("parses"), slug);
        }

        #[test]
        fn parse_never_panics_and_accepts_only_the_alphabet(s in "\\PC{0,80}") {
            if let Ok(slug) = Slug::parse(s) {
                prop_assert!(slug.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            }
        }
    }
}
