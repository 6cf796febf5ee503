//! The round-of-visits grid: the form as typed (one row per classroom, fields `classroom_3`,
//! `value_3`, `note_3`), the drafts it makes for the bulk save, where each of the save's
//! problems belongs (a cell, the date, the measure, the cycle), and the rows shown again.

use super::value_input::{Cell, ValueInput, value_input};
use crate::domain::Violation;
use crate::models::classroom::ClassroomRow;
use crate::models::measure::MeasureDetail;
use crate::models::observation::{Draft, Observation, Origin, RawValue, Ref};
use crate::web::form::FieldErrors;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The grid as typed: the date and measure it was opened for, the cycle, and the rows by their
/// position on the page.
#[derive(Debug, Default, Clone)]
pub(super) struct VisitForm {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Measure id.
    pub measure: String,
    /// Cycle id or blank.
    pub cycle: String,
    /// Rows by position.
    pub rows: BTreeMap<usize, TypedRow>,
    /// Whether this came from a save (not from opening the grid).
    pub submitted: bool,
}

/// One row as typed.
#[derive(Debug, Default, Clone)]
pub(super) struct TypedRow {
    /// Classroom id.
    pub classroom: String,
    /// Value text.
    pub value: String,
    /// Note.
    pub note: String,
}

impl VisitForm {
    /// Reads the posted fields; unknown ones (the CSRF token) are ignored.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> VisitForm {
        let mut f = VisitForm {
            submitted: true,
            ..VisitForm::default()
        };
        for (key, value) in pairs {
            match key.as_str() {
                "date" => f.date = value,
                "measure" => f.measure = value,
                "cycle" => f.cycle = value,
                _ => f.cell(&key, value),
            }
        }
        f
    }

    fn cell(&mut self, key: &str, value: String) {
        let Some((field, index)) = key.rsplit_once('_') else {
            return;
        };
        let Ok(index) = index.parse::<usize>() else {
            return;
        };
        let row = self.rows.entry(index).or_default();
        match field {
            "classroom" => row.classroom = value,
            "value" => row.value = value,
            "note" => row.note = value,
            _ => {}
        }
    }

    /// The row typed for a classroom.
    fn typed(&self, classroom_id: i32) -> Option<&TypedRow> {
        let id = classroom_id.to_string();
        self.rows.values().find(|r| r.classroom.trim() == id)
    }

    /// One draft per row with a value or a note (a note alone gets "is required" beside its
    /// value); blank rows are skipped. Each is named after its position (`items[3]`).
    pub fn drafts(&self, measure_id: i32) -> Vec<(Origin, Draft)> {
        self.rows
            .iter()
            .filter(|(_, r)| !r.value.trim().is_empty() || !r.note.trim().is_empty())
            .map(|(i, r)| {
                let classroom = r.classroom.trim().parse().map_or(Ref::Missing, Ref::Id);
                let draft = Draft {
                    date: self.date.clone(),
                    classroom,
                    measure: Ref::Id(measure_id),
                    value: RawValue::Text(r.value.clone()),
                    cycle: Some(self.cycle.clone()),
                    note: r.note.clone(),
                };
                (Origin::Item(*i), draft)
            })
            .collect()
    }
}

/// Where a problem of the save is shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Spot {
    /// A classroom's value.
    Value(i32),
    /// A classroom's note.
    Note(i32),
    /// A field of the form: date, measure, cycle, or `grid` for the grid as a whole.
    Field(&'static str),
}

/// Each problem of the save at its spot (`items[3].value` → row 3's classroom's value).
pub(super) fn place(form: &VisitForm, problems: &[Violation]) -> Vec<(Spot, String)> {
    problems
        .iter()
        .map(|v| (spot(form, &v.field), v.message.clone()))
        .collect()
}

fn spot(form: &VisitForm, field: &str) -> Spot {
    let Some((index, key)) = item(field) else {
        return match field {
            "date" => Spot::Field("date"),
            "measure" => Spot::Field("measure"),
            "cycle" => Spot::Field("cycle"),
            _ => Spot::Field("grid"),
        };
    };
    let classroom = form
        .rows
        .get(&index)
        .and_then(|r| r.classroom.trim().parse::<i32>().ok());
    match (key, classroom) {
        ("date", _) => Spot::Field("date"),
        ("measure_id" | "measure", _) => Spot::Field("measure"),
        ("cycle_id", _) => Spot::Field("cycle"),
        ("value", Some(c)) => Spot::Value(c),
        ("note", Some(c)) => Spot::Note(c),
        _ => Spot::Field("grid"),
    }
}

/// `items[3].value` → (3, "value").
fn item(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("items[")?;
    let (index, key) = rest.split_once("].")?;
    Some((index.parse().ok()?, key))
}

/// One row of the grid as shown.
#[derive(Debug, Serialize)]
pub(super) struct GridRow {
    index: usize,
    classroom_id: i32,
    label: String,
    teacher: String,
    input: ValueInput,
    note: String,
    note_error: Option<String>,
    saved: Option<String>,
}

/// What the rows are made from.
pub(super) struct RowsOf<'a> {
    /// The measure.
    pub measure: &'a MeasureDetail,
    /// The team's classrooms.
    pub classrooms: Vec<ClassroomRow>,
    /// Saved values for the date, by classroom.
    pub existing: &'a HashMap<i32, Observation>,
    /// The form as typed, when it comes back from a save.
    pub form: &'a VisitForm,
    /// The save's problems.
    pub placed: &'a [(Spot, String)],
}

/// The rows, typed values first, else saved ones; with each problem beside its cell and in the
/// summary (`errors`); focus on the first bad cell, else the first cell.
pub(super) fn rows(of: RowsOf<'_>, errors: &mut FieldErrors) -> Vec<GridRow> {
    let first_bad = of
        .classrooms
        .iter()
        .position(|r| message(of.placed, Spot::Value(r.classroom.id)).is_some())
        .unwrap_or(0);
    of.classrooms
        .iter()
        .enumerate()
        .map(|(index, row)| grid_row(&of, index, row, index == first_bad, errors))
        .collect()
}

/// The message placed at `spot`, if any.
fn message(placed: &[(Spot, String)], spot: Spot) -> Option<String> {
    placed
        .iter()
        .find(|(s, _)| *s == spot)
        .map(|(_, m)| m.clone())
}

/// One classroom's row; its problems also go to the summary, named after the classroom.
fn grid_row(
    of: &RowsOf<'_>,
    index: usize,
    row: &ClassroomRow,
    autofocus: bool,
    errors: &mut FieldErrors,
) -> GridRow {
    let (id, label) = (row.classroom.id, row.classroom.label.clone());
    let saved = of.existing.get(&id);
    let (value, note) = match (of.form.submitted, of.form.typed(id), saved) {
        (true, Some(t), _) => (t.value.clone(), t.note.clone()),
        (_, _, Some(o)) => (super::number(o.value), o.note.clone()),
        _ => (String::new(), String::new()),
    };
    let value_error = message(of.placed, Spot::Value(id));
    let note_error = message(of.placed, Spot::Note(id));
    for (field, m) in [("value", &value_error), ("note", &note_error)] {
        if let Some(m) = m {
            let summary = format!("{label}: {m}");
            errors.add(Violation::new(format!("{field}_{index}"), summary));
        }
    }
    let cell = Cell {
        name: format!("value_{index}"),
        label: format!("Value for {label}"),
        typed: &value,
        error: value_error,
        autofocus,
    };
    GridRow {
        input: value_input(of.measure, cell),
        index,
        classroom_id: id,
        teacher: row.teacher.clone(),
        note,
        note_error,
        saved: saved.map(|o| super::number(o.value)),
        label,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> VisitForm {
        let pairs = [
            ("csrf_token", "x"),
            ("date", "2026-10-14"),
            ("measure", "5"),
            ("classroom_0", "11"),
            ("value_0", "3"),
            ("note_0", ""),
            ("classroom_1", "12"),
            ("value_1", ""),
            ("note_1", ""),
            ("classroom_2", "13"),
            ("value_2", ""),
            ("note_2", "absent"),
        ];
        VisitForm::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn blank_rows_are_skipped_and_a_note_alone_is_kept() {
        let drafts = form().drafts(5);
        let origins: Vec<Origin> = drafts.iter().map(|(o, _)| *o).collect();
        assert_eq!(origins, [Origin::Item(0), Origin::Item(2)]);
        assert_eq!(drafts[0].1.classroom, Ref::Id(11));
        assert_eq!(drafts[0].1.date, "2026-10-14");
    }

    #[test]
    fn problems_land_on_their_classroom_or_field() {
        let f = form();
        let problems = [
            Violation::new("items[2].value", "is required"),
            Violation::new("items[0].date", "cannot be in the future"),
            Violation::new("items[0].cycle_id", "9 is not a cycle of this team"),
            Violation::new("grid", "enter a value"),
        ];
        let spots: Vec<Spot> = place(&f, &problems).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            spots,
            [
                Spot::Value(13),
                Spot::Field("date"),
                Spot::Field("cycle"),
                Spot::Field("grid")
            ]
        );
    }
}
