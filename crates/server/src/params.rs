//! Query-parameter parsers shared by routes: dates and "today" in China Standard Time.

use crate::error::ApiError;
use time::macros::{format_description, offset};
use time::{Date, OffsetDateTime};

/// Today in China Standard Time (UTC+8), the date the public means by "today".
pub(crate) fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(offset!(+8)).date()
}

/// A `YYYY-MM-DD` parameter; `None` when absent.
pub(crate) fn date(field: &'static str, raw: Option<&str>) -> Result<Option<Date>, ApiError> {
    raw.map(|s| {
        Date::parse(s, format_description!("[year]-[month]-[day]"))
            .map_err(|_| ApiError::invalid(field, "a real date as YYYY-MM-DD"))
    })
    .transpose()
}

/// A calendar year parameter (2000–2100); `None` when absent.
pub(crate) fn year(field: &'static str, raw: Option<&str>) -> Result<Option<i32>, ApiError> {
    raw.map(|y| {
        y.parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| ApiError::invalid(field, "a year such as 2025"))
    })
    .transpose()
}

/// A `true` / `false` parameter; `None` when absent.
pub(crate) fn boolean(field: &'static str, raw: Option<&str>) -> Result<Option<bool>, ApiError> {
    match raw {
        None => Ok(None),
        Some("true") => Ok(Some(true)),
        Some("false") => Ok(Some(false)),
        Some(_) => Err(ApiError::invalid(field, "true or false")),
    }
}

/// A unit enum parameter spelled as on the wire (`urban_management`, `A`).
pub(crate) fn unit_enum<T: serde::de::DeserializeOwned>(
    field: &'static str,
    raw: Option<&str>,
    expected: &'static str,
) -> Result<Option<T>, ApiError> {
    raw.map(|s| {
        serde_json::from_value(serde_json::Value::String(s.to_owned()))
            .map_err(|_| ApiError::invalid(field, expected))
    })
    .transpose()
}

/// The wire spelling of a unit enum (`urban_management`, `A`), which is also how it is stored.
pub(crate) fn spelling<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// An identifier parameter (`xc-nankeng`); `None` when absent.
pub(crate) fn id<T: std::str::FromStr<Err = gongshi_domain::SlugError>>(
    field: &'static str,
    raw: Option<&str>,
) -> Result<Option<T>, ApiError> {
    raw.map(|s| s.parse().map_err(|e| ApiError::invalid(field, e)))
        .transpose()
}

/// A 6-digit district code parameter; `None` when absent.
pub(crate) fn district(
    raw: Option<&str>,
) -> Result<Option<gongshi_domain::DistrictCode>, ApiError> {
    raw.map(gongshi_domain::DistrictCode::parse)
        .transpose()
        .map_err(|e| ApiError::invalid("district", e))
}
