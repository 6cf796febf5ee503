//! Checking observations as people write them — a request body, an item of a bulk request, a
//! row of a CSV file — against what a team may record: its classrooms, the measures of its year
//! (shared or its own), its cycles, and the dates of its program year up to today. Everything a
//! check needs is loaded once into a [`Context`], so a file of any length costs the same queries.

use crate::db::DbConn;
use crate::db::schema::cycles;
use crate::domain::Violation;
use crate::domain::measure::{check_value, parse_value};
use crate::domain::observation::check_date;
use crate::models::classroom::Classroom;
use crate::models::measure::Measure;
use crate::models::team::Team;
use crate::models::year::ProgramYear;
use chrono::NaiveDate;
use diesel::prelude::*;

/// How a draft names a classroom or a measure.
#[derive(Debug, Clone, PartialEq)]
pub enum Ref {
    /// By id (`classroom_id`, `measure_id`).
    Id(i32),
    /// By what people call it: a classroom's label, a measure's name.
    Name(String),
    /// Not named at all.
    Missing,
}

/// A value as given: a JSON number, or text typed into a cell or a JSON string.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    /// A number.
    Number(f64),
    /// Text ("3", "62.5", "yes").
    Text(String),
}

/// One observation as people write it, before it is checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The classroom.
    pub classroom: Ref,
    /// The measure.
    pub measure: Ref,
    /// The value.
    pub value: RawValue,
    /// A cycle id as text; blank or none for no cycle.
    pub cycle: Option<String>,
    /// A note.
    pub note: String,
}

/// Where a draft came from, which decides how its fields are named in errors: `date`,
/// `items[3].date`, `row 4, column date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A single observation's body.
    Body,
    /// Item `i` (from 0) of a bulk request.
    Item(usize),
    /// A row of a CSV file, numbered as a spreadsheet shows it (the header is row 1).
    Row(usize),
}

impl Origin {
    /// The name of a draft's field (a body's key) as this origin's caller knows it.
    pub fn field(self, key: &str) -> String {
        match self {
            Origin::Body => key.to_string(),
            Origin::Item(i) => format!("items[{i}].{key}"),
            Origin::Row(n) => {
                let column = key.strip_suffix("_id").unwrap_or(key);
                format!("row {n}, column {column}")
            }
        }
    }

    /// The draft as a whole, for "repeats row 3".
    pub fn describe(self) -> String {
        match self {
            Origin::Body => "this observation".to_string(),
            Origin::Item(i) => format!("items[{i}]"),
            Origin::Row(n) => format!("row {n}"),
        }
    }
}

/// A checked observation, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservationInput {
    /// Classroom.
    pub classroom_id: i32,
    /// Measure.
    pub measure_id: i32,
    /// Date.
    pub date: NaiveDate,
    /// Value, fitting the measure.
    pub value: f64,
    /// Cycle of the same team.
    pub cycle_id: Option<i32>,
    /// Note.
    pub note: String,
}

impl ObservationInput {
    /// The natural key: one value per classroom, measure and date.
    pub fn key(&self) -> (i32, i32, NaiveDate) {
        (self.classroom_id, self.measure_id, self.date)
    }
}

/// Longest note on an observation.
const MAX_NOTE: usize = 2000;

/// What a team's observations are checked against.
#[derive(Debug, Clone)]
pub struct Context {
    /// The team.
    pub team: Team,
    /// Its program year.
    pub year: ProgramYear,
    /// Today in the collective's zone.
    pub today: NaiveDate,
    /// Its classrooms.
    pub classrooms: Vec<Classroom>,
    /// The measures it may record.
    pub measures: Vec<Measure>,
    cycle_ids: Vec<i32>,
}

impl Context {
    /// Loads what a team's observations are checked against, in four queries.
    pub fn load(conn: &mut DbConn, team: Team, today: NaiveDate) -> QueryResult<Context> {
        let year = ProgramYear::find(conn, team.program_year_id)?;
        let classrooms = Classroom::of_team(conn, team.id)?;
        let measures = Measure::for_team(conn, year.id, team.id)?;
        let cycle_ids = cycles::table
            .filter(cycles::team_id.eq(team.id))
            .select(cycles::id)
            .load(conn)?;
        Ok(Context {
            team,
            year,
            today,
            classrooms,
            measures,
            cycle_ids,
        })
    }

    /// The draft as a checked observation, or every problem with it, named after `origin`.
    pub fn check(&self, d: &Draft, origin: Origin) -> Result<ObservationInput, Vec<Violation>> {
        let mut problems = Vec::new();
        let p = &mut problems;
        let date = keep(p, self.date(&d.date, origin));
        let classroom = keep(p, self.classroom(&d.classroom, origin));
        let measure = keep(p, self.measure(&d.measure, origin));
        let value = measure.and_then(|m| keep(p, value(m, &d.value, origin)));
        let cycle_id = keep(p, self.cycle(d.cycle.as_deref(), origin));
        let note = keep(p, note(&d.note, origin));
        match (date, classroom, measure, value, cycle_id, note) {
            (Some(date), Some(c), Some(m), Some(value), Some(cycle_id), Some(note)) => {
                Ok(ObservationInput {
                    classroom_id: c.id,
                    measure_id: m.id,
                    date,
                    value,
                    cycle_id,
                    note,
                })
            }
            _ => Err(problems),
        }
    }

    /// A date of the team's program year, not after today.
    fn date(&self, text: &str, origin: Origin) -> Result<NaiveDate, Violation> {
        let field = origin.field("date");
        let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| Violation::new(&field, "must be a date (YYYY-MM-DD)"))?;
        let span = (self.year.start_date, self.year.end_date);
        check_date(&field, date, self.today, span)?;
        Ok(date)
    }

    /// One of the team's classrooms, by id or label (any case).
    fn classroom(&self, r: &Ref, origin: Origin) -> Result<&Classroom, Violation> {
        let found = match r {
            Ref::Id(id) => self.classrooms.iter().find(|c| c.id == *id),
            Ref::Name(label) => {
                let wanted = label.trim().to_lowercase();
                self.classrooms
                    .iter()
                    .find(|c| c.label.to_lowercase() == wanted)
            }
            Ref::Missing => None,
        };
        found.ok_or_else(|| unknown(r, origin, "classroom", "label", "classroom of this team"))
    }

    /// A measure the team may record, by id or name (any case).
    fn measure(&self, r: &Ref, origin: Origin) -> Result<&Measure, Violation> {
        let found = match r {
            Ref::Id(id) => self.measures.iter().find(|m| m.id == *id),
            Ref::Name(name) => {
                let wanted = name.trim().to_lowercase();
                self.measures
                    .iter()
                    .find(|m| m.name.to_lowercase() == wanted)
            }
            Ref::Missing => None,
        };
        let what = format!("measure of this team or shared in {}", self.year.label);
        found.ok_or_else(|| unknown(r, origin, "measure", "name", &what))
    }

    /// One of the team's cycles, by id; blank is none.
    fn cycle(&self, text: Option<&str>, origin: Origin) -> Result<Option<i32>, Violation> {
        let text = text.map(str::trim).unwrap_or("");
        if text.is_empty() {
            return Ok(None);
        }
        let field = origin.field("cycle_id");
        let id: i32 = text
            .trim_start_matches('#')
            .parse()
            .map_err(|_| Violation::new(&field, "must be a cycle id (a whole number) or empty"))?;
        if self.cycle_ids.contains(&id) {
            Ok(Some(id))
        } else {
            Err(Violation::new(
                field,
                format!("{id} is not a cycle of this team"),
            ))
        }
    }
}

/// The value of `r`, or none with its violation noted.
fn keep<T>(problems: &mut Vec<Violation>, r: Result<T, Violation>) -> Option<T> {
    r.map_err(|v| problems.push(v)).ok()
}

/// The violation for a classroom or measure that names nothing the team has.
fn unknown(r: &Ref, origin: Origin, what: &str, name_key: &str, of: &str) -> Violation {
    match r {
        Ref::Id(id) => Violation::new(
            origin.field(&format!("{what}_id")),
            format!("{id} is not a {of}"),
        ),
        Ref::Name(name) if name.trim().is_empty() => {
            Violation::new(origin.field(what), "is required")
        }
        Ref::Name(name) => Violation::new(
            origin.field(what),
            format!("\"{}\" is not the {name_key} of a {of}", name.trim()),
        ),
        Ref::Missing => Violation::new(
            origin.field(&format!("{what}_id")),
            format!("is required (or give `{what}`, the {name_key})"),
        ),
    }
}

/// The value, fitting the measure.
fn value(m: &Measure, raw: &RawValue, origin: Origin) -> Result<f64, Violation> {
    let field = origin.field("value");
    match raw {
        RawValue::Number(n) => check_value(&field, &m.scale(), *n).map(|()| *n),
        RawValue::Text(t) => parse_value(&field, &m.scale(), t),
    }
}

/// The note, trimmed, at most [`MAX_NOTE`] characters.
fn note(text: &str, origin: Origin) -> Result<String, Violation> {
    let note = text.trim();
    if note.chars().count() > MAX_NOTE {
        let message = format!("must be at most {MAX_NOTE} characters");
        return Err(Violation::new(origin.field("note"), message));
    }
    Ok(note.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_name_fields_as_their_callers_do() {
        assert_eq!(Origin::Body.field("value"), "value");
        assert_eq!(Origin::Item(3).field("value"), "items[3].value");
        assert_eq!(Origin::Row(4).field("value"), "row 4, column value");
        assert_eq!(Origin::Row(4).field("cycle_id"), "row 4, column cycle");
        assert_eq!(Origin::Row(2).describe(), "row 2");
    }
}
