//! What the fuzz targets (`fuzz/` at the repository root) call: the parsing a request goes through
//! before its handler reaches the store. An import file read through its layout, the list routes'
//! query strings read as their handlers read them, and the shared query-parameter readers. Not an
//! API: hidden from the docs, and free to change with the handlers it follows.

use super::{import_file, localities, matters, officers, penalties};
use crate::error::ApiError;
use crate::paging;
use crate::store::{LocalityFilter, MatterFilter, PenaltyCursor, PenaltyFilter, PenaltySort};
use gongshi_domain::catalog::MatterCode;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::import_layout::LayoutColumn;
use gongshi_domain::officer::RosterFilter;
use gongshi_domain::{DistrictCode, LocalityId};
use std::collections::BTreeMap;

/// An import file as the penalty and roster imports read it, before each record is parsed.
#[derive(Debug)]
pub struct FileRead<C: LayoutColumn> {
    /// `false`: the file cannot be read on (unreadable, no header, a required column missing, too
    /// many rows); its problems stand alone and no record is read.
    pub read_on: bool,
    /// Data rows (blank ones skipped).
    pub rows: u32,
    pub unknown_columns: Vec<String>,
    /// Each data row's fields, by line.
    pub records: Vec<(u32, BTreeMap<C, String>)>,
    pub problems: Vec<C::Placed>,
}

/// Reads `bytes` (a CSV in UTF-8 or GB18030, or an XLSX workbook) through `C`'s layout, at most
/// `max` data rows: what `POST /staff/penalties/import` and `POST /staff/officers/import` do first.
pub fn read_file<C: LayoutColumn>(bytes: &[u8], max: usize) -> FileRead<C> {
    let (read_on, sheet) = match import_file::sheet::<C>(bytes, max) {
        Ok(sheet) => (true, sheet),
        Err(sheet) => (false, sheet),
    };
    FileRead {
        read_on,
        rows: sheet.rows,
        unknown_columns: sheet.unknown_columns,
        records: sheet.records,
        problems: sheet.problems,
    }
}

/// A list route's query: its filter, page size and where the page starts.
#[derive(Debug)]
pub struct ListQuery<F, K> {
    pub filter: F,
    pub limit: u32,
    pub after: Option<K>,
}

/// A query string as `axum::extract::Query` deserialises it, refused as the handlers refuse it.
fn query<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, ApiError> {
    serde_urlencoded::from_str(raw).map_err(|e| ApiError::invalid("query", e.to_string()))
}

/// `GET /penalties` (and, but for `format`, its exports): the filter, the sort and the page.
pub fn penalty_list(
    raw: &str,
) -> Result<(ListQuery<PenaltyFilter, PenaltyCursor>, PenaltySort), ApiError> {
    let params: penalties::FilterParams = query(raw)?;
    let page: penalties::PageParams = query(raw)?;
    let filter = params.filter()?;
    let sort = params.sort()?;
    let limit = paging::limit(page.limit.as_deref())?;
    let after = paging::decode_cursor(page.cursor.as_deref(), penalties::parse_cursor)?;
    Ok((
        ListQuery {
            filter,
            limit,
            after,
        },
        sort,
    ))
}

/// The `next` of a penalty page that ends at `c`.
pub fn penalty_cursor(c: PenaltyCursor) -> String {
    paging::encode_cursor(&penalties::cursor_key(c))
}

/// `GET /officers`.
pub fn officer_list(raw: &str) -> Result<ListQuery<RosterFilter, CertificateNumber>, ApiError> {
    let params: officers::ListParams = query(raw)?;
    let page: penalties::PageParams = query(raw)?;
    Ok(ListQuery {
        filter: params.filter()?,
        limit: paging::limit(page.limit.as_deref())?,
        after: paging::decode_cursor(page.cursor.as_deref(), CertificateNumber::parse)?,
    })
}

/// `GET /localities`.
pub fn locality_list(raw: &str) -> Result<ListQuery<LocalityFilter, LocalityId>, ApiError> {
    let params: localities::ListParams = query(raw)?;
    let page: penalties::PageParams = query(raw)?;
    Ok(ListQuery {
        filter: params.filter()?,
        limit: paging::limit(page.limit.as_deref())?,
        after: paging::decode_cursor(page.cursor.as_deref(), LocalityId::parse)?,
    })
}

/// `GET /matters`.
pub fn matter_list(raw: &str) -> Result<ListQuery<MatterFilter, MatterCode>, ApiError> {
    let params: matters::ListParams = query(raw)?;
    let page: penalties::PageParams = query(raw)?;
    Ok(ListQuery {
        filter: params.filter()?,
        limit: paging::limit(page.limit.as_deref())?,
        after: paging::decode_cursor(page.cursor.as_deref(), MatterCode::parse)?,
    })
}

/// `GET /districts`.
pub fn district_list(raw: &str) -> Result<ListQuery<(), DistrictCode>, ApiError> {
    let page: penalties::PageParams = query(raw)?;
    Ok(ListQuery {
        filter: (),
        limit: paging::limit(page.limit.as_deref())?,
        after: paging::decode_cursor(page.cursor.as_deref(), DistrictCode::parse)?,
    })
}

/// The shared readers (`crate::params`, `crate::paging`) every other route calls on its values.
pub mod shared {
    use crate::error::ApiError;
    use crate::{paging, params};
    use gongshi_domain::{DistrictCode, SlugError};
    use time::Date;

    pub fn date(raw: Option<&str>) -> Result<Option<Date>, ApiError> {
        params::date("date", raw)
    }

    pub fn year(raw: Option<&str>) -> Result<Option<i32>, ApiError> {
        params::year("year", raw)
    }

    pub fn boolean(raw: Option<&str>) -> Result<Option<bool>, ApiError> {
        params::boolean("flag", raw)
    }

    pub fn unit_enum<T: serde::de::DeserializeOwned>(
        raw: Option<&str>,
    ) -> Result<Option<T>, ApiError> {
        params::unit_enum("enum", raw, "a value")
    }

    pub fn spelling<T: serde::Serialize>(v: &T) -> String {
        params::spelling(v)
    }

    pub fn id<T: std::str::FromStr<Err = SlugError>>(
        raw: Option<&str>,
    ) -> Result<Option<T>, ApiError> {
        params::id("id", raw)
    }

    pub fn district(raw: Option<&str>) -> Result<Option<DistrictCode>, ApiError> {
        params::district(raw)
    }

    pub fn limit(raw: Option<&str>) -> Result<u32, ApiError> {
        paging::limit(raw)
    }

    pub fn encode_cursor(key: &str) -> String {
        paging::encode_cursor(key)
    }

    pub fn decode_cursor<T, E>(
        raw: Option<&str>,
        parse: impl FnOnce(String) -> Result<T, E>,
    ) -> Result<Option<T>, ApiError> {
        paging::decode_cursor(raw, parse)
    }
}
