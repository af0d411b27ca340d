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

/// Excel's grid (1,048,576 rows by 16,384 columns, XFD1048576): calamine reads a cell reference
/// without bounding it, so a reference beyond the grid is a malformed file.
const XLSX_ROWS: u32 = 1 << 20;
const XLSX_COLUMNS: u32 = 1 << 14;

/// The most cells the used range of an import sheet may span, rows by columns (and so the most
/// cells it may hold). An import of 5,000 rows in a layout's 32 columns spans 160,000; the bound
/// keeps a sheet whose cells lie far apart (A1 and XFD1048576) from asking for the space between
/// them.
const MAX_XLSX_AREA: u64 = 1_000_000;

/// The most distinct strings a workbook may announce (`uniqueCount`): calamine reserves room for
/// all of them before reading one, so a workbook announcing billions would end the process.
const MAX_SHARED_STRINGS: u64 = 1_000_000;

/// The rows of an XLSX workbook's first sheet, each with its line number. A file the reader would
/// take the process down with (see [`shared_strings_announced`], [`MAX_XLSX_AREA`]) is unreadable,
/// and so is one it panics on (an overflowing cell reference, where overflow checks are on).
fn xlsx_rows(bytes: &[u8]) -> Result<Rows, FileProblem> {
    if shared_strings_announced(bytes)? > MAX_SHARED_STRINGS {
        return Err(FileProblem::Unreadable);
    }
    std::panic::catch_unwind(|| xlsx_cells(bytes)).unwrap_or(Err(FileProblem::Unreadable))
}

/// The `uniqueCount` a workbook's shared strings announce (0 without shared strings): read from
/// the start of every `sharedStrings.xml` in the ZIP, as calamine finds it whatever its folder
/// and case. A count that is not a plain number, or not found near the start, counts as too many.
fn shared_strings_announced(bytes: &[u8]) -> Result<u64, FileProblem> {
    use quick_xml::events::Event;
    use std::io::Read;
    const HEAD: u64 = 64 * 1024;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| FileProblem::Unreadable)?;
    let shared: Vec<usize> = zip
        .file_names_raw()
        .enumerate()
        .filter(|(_, name)| name.to_ascii_lowercase().ends_with(b"sharedstrings.xml"))
        .map(|(i, _)| i)
        .collect();
    let mut announced = 0;
    for i in shared {
        let entry = zip.by_index(i).map_err(|_| FileProblem::Unreadable)?;
        let mut head = Vec::new();
        if entry.take(HEAD).read_to_end(&mut head).is_err() {
            return Err(FileProblem::Unreadable);
        }
        let mut xml = quick_xml::Reader::from_reader(head.as_slice());
        // Read as calamine reads it.
        xml.config_mut().check_end_names = false;
        xml.config_mut().check_comments = false;
        let mut buf = Vec::new();
        let count = loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"sst" => {
                    let count = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"uniqueCount")
                        .map(|a| a.value.into_owned());
                    break match count {
                        None => 0,
                        Some(v) if !v.is_empty() && v.iter().all(u8::is_ascii_digit) => {
                            std::str::from_utf8(&v)
                                .ok()
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(u64::MAX)
                        }
                        Some(_) => u64::MAX,
                    };
                }
                Ok(Event::Eof) | Err(_) => break u64::MAX,
                Ok(_) => {}
            }
        };
        announced = announced.max(count);
    }
    Ok(announced)
}

/// The cells of the first sheet, read one by one, as the rows of their used range: the range of
/// the cells with a value (a formula's cached value counts), a formula cell coming back as its
/// formula.
fn xlsx_cells(bytes: &[u8]) -> Result<Rows, FileProblem> {
    use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .map_err(|_| FileProblem::Unreadable)?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or(FileProblem::Empty)?;
    let mut reader = match book.worksheet_cells_reader(&name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Err(FileProblem::Empty),
        Err(_) => return Err(FileProblem::Unreadable),
    };
    let mut values: BTreeMap<(u32, u32), String> = BTreeMap::new();
    let mut formulas: BTreeMap<(u32, u32), String> = BTreeMap::new();
    while let Some(cell) = reader
        .next_cell_with_formula()
        .map_err(|_| FileProblem::Unreadable)?
    {
        let (r, c) = cell.pos;
        let cells = (values.len() + formulas.len()) as u64;
        if r >= XLSX_ROWS || c >= XLSX_COLUMNS || cells >= 2 * MAX_XLSX_AREA {
            return Err(FileProblem::Unreadable);
        }
        if let Some(f) = cell.formula.filter(|f| !f.is_empty()) {
            formulas.insert((r, c), f);
        }
        if cell.value != DataRef::Empty {
            values.insert((r, c), cell_text(&Data::from(cell.value)));
        }
    }
    let (Some(&(row0, _)), Some(&(row_end, _))) = (values.keys().next(), values.keys().next_back())
    else {
        return Err(FileProblem::Empty);
    };
    let col0 = values.keys().map(|&(_, c)| c).min().unwrap_or(0);
    let col_end = values.keys().map(|&(_, c)| c).max().unwrap_or(0);
    let area = u64::from(row_end - row0 + 1) * u64::from(col_end - col0 + 1);
    if area > MAX_XLSX_AREA {
        return Err(FileProblem::Unreadable);
    }
    let rows = (row0..=row_end)
        .map(|r| {
            let cells = (col0..=col_end)
                .map(|c| match formulas.get(&(r, c)) {
                    Some(f) => Cell::Formula(f.clone()),
                    None => Cell::Value(values.get(&(r, c)).cloned().unwrap_or_default()),
                })
                .collect();
            (r + 1, cells)
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A workbook of one sheet whose `<sheetData>` is `rows`, with `shared` as its shared strings.
    fn book(rows: &str, shared: Option<&str>) -> Vec<u8> {
        let ns = "http://schemas.openxmlformats.org";
        let mut parts = vec![
            (
                "[Content_Types].xml".to_owned(),
                format!(
                    r#"<Types xmlns="{ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
                ),
            ),
            (
                "_rels/.rels".to_owned(),
                format!(
                    r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/workbook.xml".to_owned(),
                format!(
                    r#"<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#
                ),
            ),
            (
                "xl/_rels/workbook.xml.rels".to_owned(),
                format!(
                    r#"<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                ),
            ),
            (
                "xl/worksheets/sheet1.xml".to_owned(),
                format!(
                    r#"<worksheet xmlns="{ns}/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
                ),
            ),
        ];
        if let Some(s) = shared {
            parts.push(("xl/sharedStrings.xml".to_owned(), s.to_owned()));
        }
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .expect("a part");
            zip.write_all(text.as_bytes()).expect("written");
        }
        zip.finish().expect("a ZIP").into_inner()
    }

    fn cell(at: &str, text: &str) -> String {
        format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
    }

    fn value(s: &str) -> Cell {
        Cell::Value(s.to_owned())
    }

    #[test]
    fn a_sheet_reads_as_the_rows_of_its_used_range_with_formulas_as_formulas() {
        let file = book(
            &format!(
                r#"<row r="2">{}{}</row><row r="4">{}<c r="C4"><f>SUM(1,2)</f><v>3</v></c></row>"#,
                cell("B2", "姓名"),
                cell("C2", "金额"),
                cell("B4", "张三"),
            ),
            None,
        );
        assert_eq!(
            rows(&file),
            Ok(vec![
                (2, vec![value("姓名"), value("金额")]),
                (3, vec![value(""), value("")]),
                (4, vec![value("张三"), Cell::Formula("SUM(1,2)".to_owned())]),
            ])
        );
    }

    /// Found by the `import_penalties` fuzz target: calamine accepts any cell reference, and gave
    /// a sheet with cells far apart (or a reference overflowing its arithmetic) a range as large as
    /// the space between them, which the process could not allocate: it ended. Now unreadable.
    #[test]
    fn a_sheet_whose_cells_lie_far_apart_or_off_the_grid_is_unreadable() {
        for (far, why) in [
            ("XFD1048576", "the last cell of the grid"),
            ("A1048577", "below the grid"),
            ("XFE1", "right of the grid"),
            ("AAAAAAAAAAAA1", "a column overflowing u32"),
            ("A99999999999", "a row overflowing u32"),
        ] {
            let file = book(
                &format!(
                    r#"<row r="1">{}</row><row>{}</row>"#,
                    cell("A1", "x"),
                    cell(far, "y")
                ),
                None,
            );
            assert_eq!(rows(&file), Err(FileProblem::Unreadable), "{far}: {why}");
        }
    }

    /// Found by the same target: calamine reserves room for as many shared strings as the workbook
    /// announces before reading one.
    #[test]
    fn a_workbook_announcing_too_many_shared_strings_is_unreadable() {
        let sst = |count: &str| {
            format!(
                r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="{count}"><si><t>甲</t></si></sst>"#
            )
        };
        let sheet = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
        assert_eq!(
            rows(&book(sheet, Some(&sst("1")))),
            Ok(vec![(1, vec![value("甲")])])
        );
        for count in ["100000000000", "99999999999999999999999", "+5", ""] {
            assert_eq!(
                rows(&book(sheet, Some(&sst(count)))),
                Err(FileProblem::Unreadable),
                "uniqueCount={count:?}"
            );
        }
    }
}
