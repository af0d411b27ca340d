//! What the import layouts (penalties, the roster) share: a header row read into columns, a data
//! row into the text of each column, and the cell readers every column type needs, each problem
//! named by its column. A layout supplies its columns and its problem types
//! ([`LayoutColumn`], [`CellProblem`]).

use crate::{Name, Text};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use time::Date;

/// A cell as a spreadsheet holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Value(String),
    /// A formula (its text): refused, since what it shows depends on the program that opens it.
    Formula(String),
}

/// Whether a row of a file is blank (skipped, as spreadsheets leave them at the end).
pub fn is_blank(cells: &[Cell]) -> bool {
    cells
        .iter()
        .all(|c| matches!(c, Cell::Value(v) if v.trim().is_empty()))
}

/// A header or typed choice as compared: no spaces, full-width brackets, no BOM, lower case.
pub(crate) fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect::<String>()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
}

/// A unit enum's serde spelling (`party_kind`).
pub(crate) fn wire<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The problems every layout reports in its own words.
pub trait CellProblem: Sized {
    fn required() -> Self;
    fn too_long(max: usize) -> Self;
    fn control_character() -> Self;
    fn formula() -> Self;
    fn bad_date() -> Self;
    fn repeated_column(header: String) -> Self;
    fn missing_column(header: String) -> Self;
    fn empty() -> Self;
    fn unreadable() -> Self;
    fn too_many_rows(max: usize) -> Self;
}

/// A column of an import layout.
pub trait LayoutColumn: Copy + Ord + Serialize + 'static {
    /// What is wrong with a cell.
    type Problem: CellProblem;
    /// A problem at its place (line and column).
    type Placed;
    /// Every column, in the template's order.
    const ALL: &'static [Self];
    /// Headers a sheet may carry that are not read (computed or export-only): not reported as
    /// unknown.
    const IGNORED: &'static [&'static str];

    /// The header the template writes.
    fn header_zh(self) -> &'static str;
    /// Other headers accepted for the column.
    fn aliases(self) -> &'static [&'static str];
    /// Whether every record must give this column.
    fn required(self) -> bool;
    /// `problem` at this column, on `line` (none for a single-record form).
    fn placed(self, line: Option<u32>, problem: Self::Problem) -> Self::Placed;
    /// `problem` of the whole file.
    fn whole(problem: Self::Problem) -> Self::Placed;
}

/// Which column each of a file's columns is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout<C> {
    columns: Vec<Option<C>>,
    /// Headers not read (neither a column nor a known export-only one).
    pub unknown: Vec<String>,
}

impl<C: LayoutColumn> Layout<C> {
    /// Reads a header row: Chinese headers (as the template or common variants write them) or the
    /// snake_case names, in any order. Every required column must be there, none twice.
    pub fn of(header: &[String]) -> Result<Self, Vec<C::Placed>> {
        let mut by_key: BTreeMap<String, C> = BTreeMap::new();
        for &c in C::ALL {
            by_key.insert(header_key(c.header_zh()), c);
            by_key.insert(wire(&c), c);
            for a in c.aliases() {
                by_key.insert(header_key(a), c);
            }
        }
        let ignored: BTreeSet<String> = C::IGNORED.iter().map(|h| header_key(h)).collect();
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        let mut columns = Vec::with_capacity(header.len());
        let mut unknown = Vec::new();
        for h in header {
            let key = header_key(h);
            let column = by_key.get(&key).copied();
            if let Some(c) = column
                && !seen.insert(c)
            {
                let header = h.trim().to_owned();
                problems.push(c.placed(Some(1), C::Problem::repeated_column(header)));
            }
            if column.is_none() && !key.is_empty() && !ignored.contains(&key) {
                unknown.push(h.trim().to_owned());
            }
            columns.push(column);
        }
        for &c in C::ALL {
            if c.required() && !seen.contains(&c) {
                let header = c.header_zh().to_owned();
                problems.push(c.placed(Some(1), C::Problem::missing_column(header)));
            }
        }
        if problems.is_empty() {
            Ok(Self { columns, unknown })
        } else {
            Err(problems)
        }
    }

    /// A data row's fields; a formula in a read column is a problem. A leading apostrophe that a
    /// spreadsheet export put before `=`, `+`, `-` or `@` to keep it text is taken off.
    pub fn fields(&self, line: u32, cells: &[Cell]) -> Result<BTreeMap<C, String>, Vec<C::Placed>> {
        let mut fields = BTreeMap::new();
        let mut problems = Vec::new();
        for (column, cell) in self.columns.iter().zip(cells) {
            let Some(column) = column else { continue };
            match cell {
                Cell::Formula(_) => {
                    problems.push(column.placed(Some(line), C::Problem::formula()));
                }
                Cell::Value(v) => {
                    let v = v.trim();
                    let v = match v.strip_prefix('\'') {
                        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                        _ => v,
                    };
                    if !v.is_empty() {
                        fields.insert(*column, v.to_owned());
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(fields)
        } else {
            Err(problems)
        }
    }
}

/// Collects the problems of one record while reading it; each layout adds its own readers.
pub(crate) struct Reader<'f, C: LayoutColumn> {
    fields: &'f BTreeMap<C, String>,
    pub(crate) problems: Vec<C::Placed>,
}

impl<'f, C: LayoutColumn> Reader<'f, C> {
    pub(crate) fn new(fields: &'f BTreeMap<C, String>) -> Self {
        Self {
            fields,
            problems: Vec::new(),
        }
    }

    pub(crate) fn problem(&mut self, column: C, problem: C::Problem) {
        self.problems.push(column.placed(None, problem));
    }

    pub(crate) fn text(&self, column: C) -> Option<&'f str> {
        self.fields
            .get(&column)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
    }

    /// A required cell's text, or a problem.
    pub(crate) fn required(&mut self, column: C) -> Option<String> {
        let t = self.text(column).map(str::to_owned);
        if t.is_none() {
            self.problem(column, C::Problem::required());
        }
        t
    }

    /// Notes a problem when a required cell is blank (the reader that follows reads it).
    fn need(&mut self, column: C) {
        if self.text(column).is_none() {
            self.problem(column, C::Problem::required());
        }
    }

    pub(crate) fn parse<T, E>(
        &mut self,
        column: C,
        parse: impl FnOnce(&str) -> Result<T, E>,
        problem: impl FnOnce(E) -> C::Problem,
    ) -> Option<T> {
        let t = self.text(column)?;
        match parse(t) {
            Ok(v) => Some(v),
            Err(e) => {
                let p = problem(e);
                self.problem(column, p);
                None
            }
        }
    }

    pub(crate) fn name(&mut self, column: C) -> Option<Name> {
        self.parse(
            column,
            |s| Name::parse(s),
            |e| match e {
                crate::text::NameError::TooLong { max } => C::Problem::too_long(max),
                crate::text::NameError::ControlCharacter => C::Problem::control_character(),
                crate::text::NameError::Empty => C::Problem::required(),
            },
        )
    }

    pub(crate) fn required_name(&mut self, column: C) -> Option<Name> {
        self.need(column);
        self.name(column)
    }

    pub(crate) fn long_text(&mut self, column: C) -> Option<Text> {
        self.parse(
            column,
            |s| Text::parse(s),
            |e| match e {
                crate::text::TextError::TooLong { max } => C::Problem::too_long(max),
                crate::text::TextError::ControlCharacter => C::Problem::control_character(),
                crate::text::TextError::Empty => C::Problem::required(),
            },
        )
    }

    pub(crate) fn required_text(&mut self, column: C) -> Option<Text> {
        self.need(column);
        self.long_text(column)
    }

    pub(crate) fn date(&mut self, column: C) -> Option<Date> {
        self.parse(
            column,
            |s| crate::penalty_import::parse_date(s).ok_or(()),
            |()| C::Problem::bad_date(),
        )
    }

    pub(crate) fn required_date(&mut self, column: C) -> Option<Date> {
        self.need(column);
        self.date(column)
    }
}
