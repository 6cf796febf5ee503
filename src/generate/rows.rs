//! A generated team's observations for a year: every classroom on every visit up to today, one
//! value per shared measure from the demo's generator, tied to the cycle running in the
//! classroom that collects the measure, with the observer's occasional note. Written in large
//! multi-row INSERTs (the web's checked import path costs a parse and a check per value,
//! which two million generated values do not need: they fit their measures by construction).

use super::plan::{self, VISIT_DAYS};
use crate::db::DbConn;
use crate::db::schema::observations;
use crate::error::AppError;
use crate::models::classroom::Classroom;
use crate::seed::evidence::Tie;
use crate::seed::evidence::data::MeasureSeed;
use crate::seed::evidence::noise::{Model, Series, Values};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// Rows per INSERT: 9 bound values each stays under SQLite's 32,766 and PostgreSQL's 65,535.
const BATCH: usize = 3_000;

/// One observation to insert; `None` is NULL (not the column default), which lets SQLite take
/// many rows in one statement.
#[derive(Insertable)]
#[diesel(table_name = observations, treat_none_as_default_value = false)]
struct NewRow<'a> {
    classroom_id: i32,
    measure_id: i32,
    date: NaiveDate,
    value: f64,
    observer_person_id: Option<i32>,
    cycle_id: Option<i32>,
    note: &'a str,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

/// A shared measure as the generator draws it.
pub struct Drawn<'a> {
    /// Its id.
    pub id: i32,
    /// Its name (keys the draws).
    pub name: &'a str,
    /// Its model, per visit.
    pub model: Model,
    /// The values it takes.
    pub values: Values,
}

impl<'a> Drawn<'a> {
    /// A stored measure with its entry in the evidence file.
    pub fn new(id: i32, seed: &'a MeasureSeed) -> Drawn<'a> {
        Drawn {
            id,
            name: &seed.name,
            model: plan::per_visit(seed.model),
            values: seed.values(),
        }
    }
}

/// Everything one team's year of visits needs.
pub struct Round<'a> {
    /// The team's generator.
    pub series: Series<'a>,
    /// The visits up to today: index and date.
    pub visits: &'a [(usize, NaiveDate)],
    /// The classrooms, in plan order.
    pub classrooms: &'a [Classroom],
    /// The shared measures.
    pub measures: &'a [Drawn<'a>],
    /// The started cycles' windows.
    pub ties: &'a [Tie],
    /// Who visits, in turn by week.
    pub observers: &'a [i32],
    /// Notes an observer sometimes leaves.
    pub notes: &'a [String],
}

impl Round<'_> {
    /// The rows of the year, visit by visit.
    fn rows(&self, now: NaiveDateTime) -> Vec<NewRow<'_>> {
        let per_visit = self.classrooms.len() * self.measures.len();
        let mut out = Vec::with_capacity(self.visits.len() * per_visit);
        for (k, date) in self.visits {
            let observer = self.observer(*k);
            for (room, classroom) in self.classrooms.iter().enumerate() {
                for (i, m) in self.measures.iter().enumerate() {
                    let Some(value) = self.series.value(m.name, &m.model, m.values, room, *k)
                    else {
                        continue;
                    };
                    out.push(NewRow {
                        classroom_id: classroom.id,
                        measure_id: m.id,
                        date: *date,
                        value,
                        observer_person_id: observer,
                        cycle_id: self.cycle(classroom.id, m.id, *date),
                        note: if i == 0 { self.note(room, *k) } else { "" },
                        created_at: now,
                        updated_at: now,
                    });
                }
            }
        }
        out
    }

    /// The observer of visit `k`: the same one all week, the next one the next week.
    fn observer(&self, k: usize) -> Option<i32> {
        let week = k / VISIT_DAYS;
        self.observers
            .get(week % self.observers.len().max(1))
            .copied()
    }

    /// The cycle running in the classroom on `date` that collects the measure, if any.
    fn cycle(&self, classroom: i32, measure: i32, date: NaiveDate) -> Option<i32> {
        self.ties
            .iter()
            .find(|t| t.covers(classroom, measure, date))
            .map(|t| t.cycle_id)
    }

    /// The observer's occasional note on a visit, kept with the visit's first measure.
    fn note(&self, room: usize, k: usize) -> &str {
        self.series
            .note(room, k, self.notes.len())
            .and_then(|n| self.notes.get(n))
            .map_or("", String::as_str)
    }
}

/// Writes the team's year of observations; returns how many, calling `done` after each batch.
pub fn insert(
    conn: &mut DbConn,
    round: &Round,
    done: &mut dyn FnMut(usize),
) -> Result<usize, AppError> {
    let rows = round.rows(crate::models::now());
    let mut written = 0;
    for batch in rows.chunks(BATCH) {
        let n = crate::per_backend!(conn, |c| diesel::insert_into(observations::table)
            .values(batch)
            .execute(c))?;
        written += n;
        done(n);
    }
    Ok(written)
}
