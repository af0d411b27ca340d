//! Query-string conventions shared by every list: `limit` and the opaque keyset `cursor`.
//!
//! A cursor is the last item's key, base64url-encoded so clients treat it as opaque and we stay free
//! to change what is inside. Paging is keyset, never OFFSET: page 1,000 costs what page 1 costs and
//! a row inserted meanwhile neither repeats nor skips an item.

use crate::error::ApiError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub(crate) const DEFAULT_LIMIT: u32 = 50;
pub(crate) const MAX_LIMIT: u32 = 200;

/// Parses `limit` (1 to [`MAX_LIMIT`], default [`DEFAULT_LIMIT`]).
pub(crate) fn limit(raw: Option<&str>) -> Result<u32, ApiError> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(s) => match s.parse::<u32>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
            _ => Err(ApiError::invalid(
                "limit",
                format!("must be a whole number from 1 to {MAX_LIMIT}"),
            )),
        },
    }
}

pub(crate) fn encode_cursor(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(key.as_bytes())
}

/// Decodes a cursor into the key type of the list; anything we did not issue is a clear 400.
pub(crate) fn decode_cursor<T, E>(
    raw: Option<&str>,
    parse: impl FnOnce(String) -> Result<T, E>,
) -> Result<Option<T>, ApiError> {
    let Some(raw) = raw else { return Ok(None) };
    let bad = || {
        ApiError::invalid(
            "cursor",
            "not a cursor this API issued; pass `next` from a previous page",
        )
    };
    let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| bad())?;
    let key = String::from_utf8(bytes).map_err(|_| bad())?;
    parse(key).map(Some).map_err(|_| bad())
}

/// Fetches one more than asked to learn whether a next page exists, and returns the page's items
/// with the cursor for the next one.
pub(crate) fn split_page<T>(
    mut items: Vec<T>,
    limit: u32,
    key: impl Fn(&T) -> String,
) -> (Vec<T>, Option<String>) {
    let limit = limit as usize;
    if items.len() > limit {
        items.truncate(limit);
        let next = items.last().map(|last| encode_cursor(&key(last)));
        (items, next)
    } else {
        (items, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_forgeries() {
        let c = encode_cursor("xc-nankeng");
        assert_eq!(
            decode_cursor(Some(&c), Ok::<_, ()>).ok().flatten(),
            Some("xc-nankeng".to_owned())
        );
        assert!(decode_cursor(Some("%%%"), Ok::<_, ()>).is_err());
        assert!(decode_cursor(Some(&encode_cursor("x")), |_| Err::<String, _>(())).is_err());
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(limit(None).ok(), Some(DEFAULT_LIMIT));
        assert_eq!(limit(Some("200")).ok(), Some(200));
        for bad in ["0", "201", "-1", "ten", ""] {
            assert!(limit(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn split_page_knows_when_there_is_more() {
        let (items, next) = split_page(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(items, vec![1, 2]);
        assert_eq!(next, Some(encode_cursor("2")));
        let (items, next) = split_page(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(items, vec![1, 2]);
        assert_eq!(next, None);
    }
}
