//! CSV files of observations and cycles, read with the `csv` crate and written with the one
//! CSV writer, [`Sheet`] (never by hand). Files are UTF-8 with a header row; written files start
//! with a byte-order mark so that a spreadsheet opens them as UTF-8, and text cells a
//! spreadsheet would run as formulas carry a leading `'` that reading takes off again
//! (`domain::spreadsheet`). An observations file written here imports back unchanged.

use crate::db::DbConn;
use crate::db::schema::{change_ideas, cycles};
use crate::domain::Violation;
use crate::domain::spreadsheet::{self, Cell, Sheet, SheetError};
use crate::error::AppError;
use crate::models::observation::{Draft, ObservationRow, Origin, RawValue, Ref};
use chrono::NaiveDate;
use diesel::prelude::*;

/// The columns of an observations file, in order.
pub const OBSERVATION_COLUMNS: [&str; 6] =
    ["date", "classroom", "measure", "value", "cycle", "note"];

/// The columns of a cycles file, in order.
pub const CYCLE_COLUMNS: [&str; 7] = [
    "id",
    "change_idea",
    "title",
    "status",
    "planned_start",
    "planned_end",
    "decision",
];

/// The byte-order mark written first, so that spreadsheets read the file as UTF-8.
pub const BOM: &str = spreadsheet::BOM;

/// The drafts of an observations file, each with the row a spreadsheet shows it on (the header
/// is row 1), or every problem with the file's shape: a wrong header, a row with the wrong
/// number of columns. Rows with every cell blank are skipped. The values are checked later,
/// against the team (`observation::import`).
pub fn read_observations(text: &str) -> Result<Vec<(Origin, Draft)>, Vec<Violation>> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(vec![Violation::new("row 1", e.to_string())]),
        None => return Err(vec![header_problem(None)]),
    };
    if !header_ok(&header) {
        return Err(vec![header_problem(Some(&header))]);
    }
    let mut drafts = Vec::new();
    let mut problems = Vec::new();
    for (i, record) in records.enumerate() {
        let row = i + 2;
        match record {
            Ok(r) if r.iter().all(|cell| cell.trim().is_empty()) => {}
            Ok(r) if r.len() != OBSERVATION_COLUMNS.len() => problems.push(Violation::new(
                format!("row {row}"),
                format!(
                    "has {} columns; the header has {}",
                    r.len(),
                    OBSERVATION_COLUMNS.len()
                ),
            )),
            Ok(r) => drafts.push((Origin::Row(row), draft(&r))),
            Err(e) => problems.push(Violation::new(format!("row {row}"), e.to_string())),
        }
    }
    if problems.is_empty() {
        Ok(drafts)
    } else {
        Err(problems)
    }
}

/// The header names the columns exactly, in order (spaces around a name and its case aside).
fn header_ok(header: &csv::StringRecord) -> bool {
    header.len() == OBSERVATION_COLUMNS.len()
        && header
            .iter()
            .zip(OBSERVATION_COLUMNS)
            .all(|(found, want)| found.trim().eq_ignore_ascii_case(want))
}

/// The problem with a missing or wrong header.
fn header_problem(found: Option<&csv::StringRecord>) -> Violation {
    let want = OBSERVATION_COLUMNS.join(",");
    let message = match found {
        None => format!("the file is empty; its first row must be the header {want}"),
        Some(h) => format!(
            "must be the header {want} (found: {})",
            h.iter().collect::<Vec<_>>().join(",")
        ),
    };
    Violation::new("row 1", message)
}

/// One row as a draft: classroom by label, measure by name, cycle by id or empty; each cell
/// without the `'` an export put before a formula character.
fn draft(r: &csv::StringRecord) -> Draft {
    let cell = |i: usize| spreadsheet::restore(r.get(i).unwrap_or("")).to_string();
    Draft {
        date: cell(0),
        classroom: Ref::Name(cell(1)),
        measure: Ref::Name(cell(2)),
        value: RawValue::Text(cell(3)),
        cycle: Some(cell(4)),
        note: cell(5),
    }
}

/// An observations file (the import's columns), the BOM first. Without `notes` the note column
/// is left blank: notes are free text that may name people, and other teams read the file
/// de-identified.
pub fn write_observations(rows: &[ObservationRow], notes: bool) -> Result<Vec<u8>, AppError> {
    let mut sheet = Sheet::new(&OBSERVATION_COLUMNS).map_err(csv_error)?;
    for r in rows {
        let o = &r.observation;
        sheet
            .row(&[
                Cell::Date(o.date),
                Cell::Text(&r.classroom_label),
                Cell::Text(&r.measure_name),
                Cell::Number(o.value),
                o.cycle_id.map_or(Cell::Empty, |c| Cell::Integer(c.into())),
                Cell::Text(if notes { &o.note } else { "" }),
            ])
            .map_err(csv_error)?;
    }
    sheet.finish().map_err(csv_error)
}

/// A cycle as the cycles file shows it.
#[derive(Debug, Clone, Queryable)]
pub struct CycleLine {
    /// Id.
    pub id: i32,
    /// The change idea it tests.
    pub change_idea: String,
    /// Title.
    pub title: String,
    /// planning | doing | studying | acting | closed.
    pub status: String,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// adopt | adapt | abandon, once decided.
    pub decision: Option<String>,
}

impl CycleLine {
    /// A team's cycles with their change ideas, by planned start, in one query.
    pub fn of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<CycleLine>> {
        cycles::table
            .inner_join(change_ideas::table)
            .filter(cycles::team_id.eq(team_id))
            .order((cycles::planned_start, cycles::id))
            .select((
                cycles::id,
                change_ideas::title,
                cycles::title,
                cycles::status,
                cycles::planned_start,
                cycles::planned_end,
                cycles::act_decision,
            ))
            .load(conn)
    }
}

/// A cycles file, the BOM first.
pub fn write_cycles(lines: &[CycleLine]) -> Result<Vec<u8>, AppError> {
    let mut sheet = Sheet::new(&CYCLE_COLUMNS).map_err(csv_error)?;
    for l in lines {
        sheet
            .row(&[
                Cell::Integer(l.id.into()),
                Cell::Text(&l.change_idea),
                Cell::Text(&l.title),
                Cell::Text(&l.status),
                Cell::Date(l.planned_start),
                Cell::Date(l.planned_end),
                l.decision.as_deref().map_or(Cell::Empty, Cell::Text),
            ])
            .map_err(csv_error)?;
    }
    sheet.finish().map_err(csv_error)
}

fn csv_error(e: SheetError) -> AppError {
    AppError::Internal(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_file_reads_with_spreadsheet_row_numbers() {
        let text = "\u{feff}date,classroom,measure,value,cycle,note\n\
                    2026-09-14,Room 4,Discourse,3,,\"fine, really\"\n\
                    ,,,,,\n\
                    2026-09-15,Room 5,Discourse,2,7,\n";
        let drafts = read_observations(text).unwrap();
        assert_eq!(drafts.len(), 2);
        assert_eq!(drafts[0].0, Origin::Row(2));
        assert_eq!(drafts[0].1.note, "fine, really");
        assert_eq!(drafts[1].0, Origin::Row(4));
        assert_eq!(drafts[1].1.cycle.as_deref(), Some("7"));
    }

    #[test]
    fn a_wrong_header_or_row_length_is_named() {
        let e = read_observations("date,room,measure,value,cycle,note\n").unwrap_err();
        assert_eq!(e[0].field, "row 1");
        assert_eq!(read_observations("").unwrap_err()[0].field, "row 1");
        let e = read_observations("date,classroom,measure,value,cycle,note\na,b\n").unwrap_err();
        assert_eq!(e[0].field, "row 2");
    }

    /// A row whose every text starts like a formula.
    fn risky_row(note: &str) -> ObservationRow {
        let day = NaiveDate::from_ymd_opt(2026, 9, 14).unwrap();
        let at = day.and_hms_opt(8, 0, 0).unwrap();
        ObservationRow {
            observation: crate::models::observation::Observation {
                id: 1,
                classroom_id: 2,
                measure_id: 3,
                date: day,
                value: -1.5,
                observer_person_id: None,
                cycle_id: Some(7),
                note: note.into(),
                version: 1,
                created_at: at,
                updated_at: at,
            },
            team_id: 4,
            classroom_label: "=HYPERLINK(\"http://x\")".into(),
            measure_name: "@Minutes".into(),
            observer_name: None,
        }
    }

    #[test]
    fn a_written_file_is_neutralised_and_reads_back_as_it_was() {
        for note in [
            "+1 joined",
            "-",
            "\tindented",
            "\rback",
            "'=quoted",
            "'tis",
            "plain",
        ] {
            let row = risky_row(note);
            let text =
                String::from_utf8(write_observations(std::slice::from_ref(&row), true).unwrap())
                    .unwrap();
            let line = text.lines().nth(1).unwrap();
            assert!(line.starts_with("2026-09-14,\"'=HYPERLINK("), "{line}");
            assert!(line.contains(",'@Minutes,-1.5,7,"), "{line}");
            let drafts = read_observations(&text).unwrap();
            let d = &drafts[0].1;
            assert_eq!(d.date, "2026-09-14");
            assert!(matches!(&d.classroom, Ref::Name(n) if *n == row.classroom_label));
            assert!(matches!(&d.measure, Ref::Name(n) if *n == row.measure_name));
            assert!(
                matches!(&d.value, RawValue::Text(v) if v == "-1.5"),
                "{:?}",
                d.value
            );
            assert_eq!(d.cycle.as_deref(), Some("7"));
            assert_eq!(d.note, note);
        }
    }

    #[test]
    fn written_files_start_with_the_bom_and_the_header() {
        let bytes = write_cycles(&[]).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("\u{feff}id,change_idea,title,status,"));
    }
}
