//! The one CSV writer every export goes through, and the rule it applies so that a file opened
//! in a spreadsheet never runs what someone typed into pdsa.
//!
//! A spreadsheet reads a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return as a
//! formula (CSV injection: `=HYPERLINK(...)` in a classroom label would run on the machine of
//! whoever opens another team's de-identified export). Following OWASP, such a text cell is
//! written with a leading `'`, which a spreadsheet shows as text and hides. Numbers and dates are
//! typed cells ([`Cell::Number`], [`Cell::Date`]) and are written as they are, so `-1.5` stays a
//! number.
//!
//! The importers take the `'` off again ([`restore`]), so an export imports back unchanged. To
//! keep that exact for every text, a text that already starts with `'` before a formula
//! character (`'=x`) gets one more `'`: [`restore`] strips exactly one `'` from a cell of
//! `'`s followed by a formula character, and [`neutralise`] adds one to a text of that shape
//! with one fewer, so the two are inverses.
//!
//! The `csv` crate's own writers are disallowed outside this file (`clippy.toml`), so a later
//! export cannot skip the rule.

use chrono::NaiveDate;
use std::borrow::Cow;
use std::fmt;

/// The first characters that make a spreadsheet read a cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The byte-order mark every file starts with, so that spreadsheets read it as UTF-8.
pub const BOM: &str = "\u{feff}";

/// One cell of a row, typed so that only text is neutralised.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    /// Free text (names, labels, notes, statuses): neutralised.
    Text(&'a str),
    /// A number, written in Rust's shortest form (`3`, `-1.5`).
    Number(f64),
    /// An integer (ids).
    Integer(i64),
    /// A date, `YYYY-MM-DD`.
    Date(NaiveDate),
    /// Nothing (a missing optional value).
    Empty,
}

impl Cell<'_> {
    /// What the file holds for the cell.
    fn written(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => neutralise(t),
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Integer(i) => Cow::Owned(i.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

/// The text as written to a file: with a leading `'` when a spreadsheet would otherwise read
/// it as a formula (or when it is such a text with its `'` already, see the module doc).
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if looks_like_formula(text.trim_start_matches('\'')) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A cell as read from a file: one leading `'` taken off a neutralised cell, any other cell
/// as it is (a `'` before a plain word is the person's own).
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest.trim_start_matches('\'')) => rest,
        _ => cell,
    }
}

fn looks_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_STARTS)
}

/// A writing failure; in memory there is none but a row of the wrong length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetError(pub String);

impl fmt::Display for SheetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "csv: {}", self.0)
    }
}

impl From<csv::Error> for SheetError {
    fn from(e: csv::Error) -> Self {
        SheetError(e.to_string())
    }
}

/// A CSV file being written in memory: the BOM, a header row, then rows of the header's length.
pub struct Sheet {
    writer: csv::Writer<Vec<u8>>,
    /// The header's length, which every row must have.
    width: usize,
}

impl Sheet {
    /// A file with this header row (written as text, neutralised like any other).
    #[allow(clippy::disallowed_methods)] // the one place a csv writer is made
    pub fn new(header: &[&str]) -> Result<Sheet, SheetError> {
        let writer = csv::WriterBuilder::new().from_writer(BOM.as_bytes().to_vec());
        let mut sheet = Sheet {
            writer,
            width: header.len(),
        };
        let cells: Vec<Cell> = header.iter().map(|h| Cell::Text(h)).collect();
        sheet.row(&cells)?;
        Ok(sheet)
    }

    /// Appends a row; a row of another length than the header is an error and writes nothing
    /// (the csv crate would have written its first cell already).
    pub fn row(&mut self, cells: &[Cell<'_>]) -> Result<(), SheetError> {
        if cells.len() != self.width {
            return Err(SheetError(format!(
                "a row of {} cells under a header of {}",
                cells.len(),
                self.width
            )));
        }
        let written: Vec<Cow<str>> = cells.iter().map(Cell::written).collect();
        self.writer
            .write_record(written.iter().map(|c| c.as_bytes()))?;
        Ok(())
    }

    /// The file's bytes.
    pub fn finish(self) -> Result<Vec<u8>, SheetError> {
        self.writer
            .into_inner()
            .map_err(|e| SheetError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(sheet: Sheet) -> String {
        String::from_utf8(sheet.finish().unwrap()).unwrap()
    }

    #[test]
    fn text_a_spreadsheet_would_run_gets_a_quote() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'=x", "''=x"),
            ("Room 4", "Room 4"),
            ("'tis fine", "'tis fine"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(neutralise(text), written, "{text:?}");
        }
    }

    #[test]
    fn restore_undoes_neutralise_for_every_text() {
        let texts = [
            "=1+1", "+", "-", "@", "\t", "\r", "'", "''", "'=", "''=", "'''@x", "'tis", "x", "",
            " =a", "''tis",
        ];
        for text in texts {
            assert_eq!(restore(&neutralise(text)), text, "{text:?}");
        }
        // What people type themselves: only a quote before a formula character is taken off.
        assert_eq!(restore("'=x"), "=x");
        assert_eq!(restore("'5"), "'5");
        assert_eq!(restore("-3"), "-3");
    }

    #[test]
    fn numbers_and_dates_stay_numbers_and_text_is_neutralised() {
        let mut sheet = Sheet::new(&["a", "b", "c", "d", "e"]).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        sheet
            .row(&[
                Cell::Number(-1.5),
                Cell::Integer(-7),
                Cell::Date(day),
                Cell::Text("-1.5"),
                Cell::Empty,
            ])
            .unwrap();
        assert_eq!(
            text_of(sheet),
            "\u{feff}a,b,c,d,e\n-1.5,-7,2026-09-14,'-1.5,\n"
        );
    }

    #[test]
    fn cells_are_quoted_by_the_csv_rules_and_rows_keep_their_length() {
        let mut sheet = Sheet::new(&["a", "b"]).unwrap();
        sheet
            .row(&[Cell::Text("=1,2"), Cell::Text("say \"hi\"")])
            .unwrap();
        assert!(sheet.row(&[Cell::Text("short")]).is_err());
        assert_eq!(
            text_of(sheet),
            "\u{feff}a,b\n\"'=1,2\",\"say \"\"hi\"\"\"\n"
        );
    }
}
