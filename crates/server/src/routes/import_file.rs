//! Reading an import file (penalties, the roster): a CSV in UTF-8 (with or without a BOM) or
//! GB18030 as Excel on Chinese Windows saves it, or an XLSX workbook's first sheet, as rows of
//! cells with their line numbers. Formula cells come back as formulas, for the importer to refuse.

use gongshi_domain::import_layout::{Cell, CellProblem, Layout, LayoutColumn, is_blank};
use std::collections::BTreeMap;

/// Why a file gives no rows at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FileProblem {
    /// Neither a CSV in a known encoding nor an XLSX workbook.
    Unreadable,
    /// A workbook without a sheet or with an empty one.
    Empty,
}

/// A file's rows, each with its line number (1 is the first).
pub(super) type Rows = Vec<(u32, Vec<Cell>)>;

/// An import file read through a layout: how many data rows it has, the headers not read, each
/// data row's fields by line, and the problems found so far (by line and column).
#[derive(Debug)]
pub(super) struct Sheet<C: LayoutColumn> {
    pub(super) rows: u32,
    pub(super) unknown_columns: Vec<String>,
    pub(super) records: Vec<(u32, BTreeMap<C, String>)>,
    pub(super) problems: Vec<C::Placed>,
}

/// Reads `bytes` through `C`'s layout, blank rows skipped. `Err` is a file that cannot be read on
/// (unreadable, no header, a header without a required column, more than `max` rows): its
/// problems stand alone, and no record is read.
pub(super) fn sheet<C: LayoutColumn>(bytes: &[u8], max: usize) -> Result<Sheet<C>, Sheet<C>> {
    let mut sheet = Sheet {
        rows: 0,
        unknown_columns: Vec::new(),
        records: Vec::new(),
        problems: Vec::new(),
    };
    let stop = |mut sheet: Sheet<C>, problems: Vec<C::Placed>| {
        sheet.problems = problems;
        sheet.records.clear();
        Err(sheet)
    };
    let mut rows = match rows(bytes) {
        Ok(rows) => rows.into_iter(),
        Err(p) => {
            let problem = match p {
                FileProblem::Unreadable => C::Problem::unreadable(),
                FileProblem::Empty => C::Problem::empty(),
            };
            return stop(sheet, vec![C::whole(problem)]);
        }
    };
    let Some((_, header)) = rows.next() else {
        return stop(sheet, vec![C::whole(C::Problem::empty())]);
    };
    let header: Vec<String> = header
        .into_iter()
        .map(|c| match c {
            Cell::Value(v) | Cell::Formula(v) => v,
        })
        .collect();
    let layout = match Layout::<C>::of(&header) {
        Ok(l) => l,
        Err(problems) => return stop(sheet, problems),
    };
    sheet.unknown_columns = layout.unknown.clone();
    for (line, cells) in rows.filter(|(_, cells)| !is_blank(cells)) {
        sheet.rows += 1;
        if sheet.rows as usize > max {
            return stop(sheet, vec![C::whole(C::Problem::too_many_rows(max))]);
        }
        match layout.fields(line, &cells) {
            Ok(fields) => sheet.records.push((line, fields)),
            Err(problems) => sheet.problems.extend(problems),
        }
    }
    if sheet.rows == 0 {
        sheet.problems.push(C::whole(C::Problem::empty()));
    }
    Ok(sheet)
}

/// The rows of an import file: an XLSX workbook (a ZIP) by its signature, else a CSV.
fn rows(bytes: &[u8]) -> Result<Rows, FileProblem> {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx_rows(bytes)
    } else {
        csv_rows(bytes)
    }
}

/// A spreadsheet cell as text: numbers as typed, dates as YYYY-MM-DD.
fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// The rows of an XLSX workbook's first sheet, each with its line number.
fn xlsx_rows(bytes: &[u8]) -> Result<Rows, FileProblem> {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| FileProblem::Unreadable)?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileProblem::Empty)?;
    let values = book
        .worksheet_range(&name)
        .map_err(|_| FileProblem::Unreadable)?;
    let formulas = book
        .worksheet_formula(&name)
        .map_err(|_| FileProblem::Unreadable)?;
    let Some((row0, col0)) = values.start() else {
        return Err(FileProblem::Empty);
    };
    let mut rows = Vec::new();
    for (i, row) in values.rows().enumerate() {
        let r = row0 + i as u32;
        let cells = row
            .iter()
            .enumerate()
            .map(|(j, d)| {
                let at = (r, col0 + j as u32);
                match formulas.get_value(at).filter(|f| !f.is_empty()) {
                    Some(f) => Cell::Formula(f.clone()),
                    None => Cell::Value(cell_text(d)),
                }
            })
            .collect();
        rows.push((r + 1, cells));
    }
    Ok(rows)
}

/// The rows of a CSV file (UTF-8, with or without a BOM, or GB18030 as Excel on Chinese Windows
/// saves it). A cell starting with `=` is a formula a spreadsheet would run.
fn csv_rows(bytes: &[u8]) -> Result<Rows, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(FileProblem::Unreadable)?,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| FileProblem::Unreadable)?;
        let line = record
            .position()
            .map_or(rows.len() as u32 + 1, |p| p.line() as u32);
        let cells = record
            .iter()
            .map(|c| {
                if c.trim_start().starts_with('=') {
                    Cell::Formula(c.to_owned())
                } else {
                    Cell::Value(c.to_owned())
                }
            })
            .collect();
        rows.push((line, cells));
    }
    Ok(rows)
}
