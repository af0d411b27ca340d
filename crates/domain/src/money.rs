//! Amounts of money in integer fen (分): fines and confiscations are exact, summed exactly, and shown
//! in 元 to the public or in 万元 in the 双公示 layout without a float anywhere.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::Add;

/// An amount in fen (1 元 = 100 分; 1 万元 = 1,000,000 分). Never negative.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Fen(pub u64);

impl Fen {
    pub const ZERO: Self = Self(0);

    pub fn from_yuan(yuan: u64) -> Self {
        Self(yuan * 100)
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// In 元 with two decimals and no grouping: `5000.00`.
    pub fn yuan(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// In 万元, exact (six decimals, trailing zeros dropped, at least four): `0.5000`, `1.234567`.
    pub fn wan_yuan(self) -> String {
        let mut decimals = format!("{:06}", self.0 % 1_000_000);
        while decimals.len() > 4 && decimals.ends_with('0') {
            decimals.pop();
        }
        format!("{}.{decimals}", self.0 / 1_000_000)
    }

    /// Parses an amount in 元 as typed: `5000`, `5000.5`, `5,000.50`, `５０００元`. At most two
    /// decimals; no sign.
    pub fn parse_yuan(s: &str) -> Result<Self, MoneyError> {
        let s: String = crate::search::normalise_text(s.trim())
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | ' '))
            .collect();
        let s = s.strip_suffix('元').unwrap_or(&s);
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(MoneyError::NotAnAmount);
        }
        if fraction.len() > 2 {
            return Err(MoneyError::TooPrecise);
        }
        let whole: u64 = whole.parse().map_err(|_| MoneyError::TooLarge)?;
        let fen: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(fen))
            .map(Self)
            .ok_or(MoneyError::TooLarge)
    }
}

/// Why a string is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("an amount in yuan uses digits and at most one decimal point")]
    NotAnAmount,
    #[error("an amount in yuan has at most two decimals (fen)")]
    TooPrecise,
    #[error("this amount is too large")]
    TooLarge,
}

impl Add for Fen {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        Self(self.0.saturating_add(other.0))
    }
}

impl Sum for Fen {
    fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
        iter.fold(Self::ZERO, Add::add)
    }
}

impl fmt::Display for Fen {
    /// `¥5,000.00`, grouped for reading.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = (self.0 / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "¥{grouped}.{:02}", self.0 % 100)
    }
}

impl utoipa::PartialSchema for Fen {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .minimum(Some(0))
            .description(Some("an amount in fen (1 yuan = 100 fen)"))
            .into()
    }
}

impl utoipa::ToSchema for Fen {}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shown_in_yuan_and_wan_yuan() {
        assert_eq!(Fen(500_000).yuan(), "5000.00");
        assert_eq!(Fen(500_000).wan_yuan(), "0.5000");
        assert_eq!(Fen(24_470_000).wan_yuan(), "24.4700", "蛟川's 24.47 万元");
        assert_eq!(Fen(1).wan_yuan(), "0.000001");
        assert_eq!(Fen(0).wan_yuan(), "0.0000");
        assert_eq!(Fen(123_456_789).to_string(), "¥1,234,567.89");
        assert_eq!(Fen(5).to_string(), "¥0.05");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(Fen::parse_yuan("5000"), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_yuan("5,000.5"), Ok(Fen(500_050)));
        assert_eq!(Fen::parse_yuan("５０００元"), Ok(Fen(500_000)));
        assert_eq!(Fen::parse_yuan("0.05"), Ok(Fen(5)));
        assert_eq!(Fen::parse_yuan("1.005"), Err(MoneyError::TooPrecise));
        assert_eq!(Fen::parse_yuan("-5"), Err(MoneyError::NotAnAmount));
        assert_eq!(Fen::parse_yuan(""), Err(MoneyError::NotAnAmount));
        assert_eq!(
            Fen::parse_yuan("999999999999999999999"),
            Err(MoneyError::TooLarge)
        );
    }

    proptest! {
        #[test]
        fn yuan_round_trips(fen in 0u64..10_000_000_000_000) {
            prop_assert_eq!(Fen::parse_yuan(&Fen(fen).yuan()), Ok(Fen(fen)));
            let wan = Fen(fen).wan_yuan();
            let (whole, decimals) = wan.split_once('.').expect("a point");
            let back = whole.parse::<u64>().expect("digits") * 1_000_000
                + format!("{decimals:0<6}").parse::<u64>().expect("digits");
            prop_assert_eq!(back, fen);
        }
    }
}
