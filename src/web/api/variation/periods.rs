//! Cutting a team's observations of one measure into periods — ISO weeks, calendar months or
//! cycles — each with the (classroom, value) pairs the statistics read.

use super::params::PeriodKind;
use crate::models::cycle::Cycle;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::{BTreeMap, HashMap};

/// One observation as the charts need it: classroom, date, value, cycle.
pub type Row = crate::models::observation::ValueRow;

/// A calendar period's sort key, label and first day.
type Key = ((i32, u32), String, NaiveDate);

/// One period's observations.
#[derive(Debug, Clone)]
pub struct Period {
    /// `2026-W47`, `2026-11` or the cycle's title.
    pub label: String,
    /// Its first day (a Monday, the 1st, or the cycle's planned start).
    pub start: NaiveDate,
    /// (classroom id, value) of every observation in it.
    pub pairs: Vec<(i32, f64)>,
}

/// The periods in time order; only periods with observations appear.
pub fn group(kind: PeriodKind, rows: &[Row], cycles: &[Cycle]) -> Vec<Period> {
    match kind {
        PeriodKind::Week => by_key(rows, week_of),
        PeriodKind::Month => by_key(rows, month_of),
        PeriodKind::Cycle => by_cycle(rows, cycles),
    }
}

/// The ISO week of a date: its sort key, label and Monday.
fn week_of(d: NaiveDate) -> Key {
    let w = d.iso_week();
    let monday = NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap_or(d);
    (
        (w.year(), w.week()),
        format!("{}-W{:02}", w.year(), w.week()),
        monday,
    )
}

/// The calendar month of a date: its sort key, label and first day.
fn month_of(d: NaiveDate) -> Key {
    let first = d.with_day(1).unwrap_or(d);
    (
        (d.year(), d.month()),
        format!("{}-{:02}", d.year(), d.month()),
        first,
    )
}

/// Groups rows by a calendar key, in key order.
fn by_key(rows: &[Row], key: fn(NaiveDate) -> Key) -> Vec<Period> {
    let mut out: BTreeMap<(i32, u32), Period> = BTreeMap::new();
    for (classroom, date, value, _) in rows {
        let (k, label, start) = key(*date);
        out.entry(k)
            .or_insert_with(|| Period {
                label,
                start,
                pairs: Vec::new(),
            })
            .pairs
            .push((*classroom, *value));
    }
    out.into_values().collect()
}

/// Groups rows by their cycle, in the cycles' order; rows of no cycle are left out.
fn by_cycle(rows: &[Row], cycles: &[Cycle]) -> Vec<Period> {
    let position: HashMap<i32, usize> = cycles.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let mut out: BTreeMap<usize, Period> = BTreeMap::new();
    for (classroom, _, value, cycle) in rows {
        let Some(&i) = cycle.as_ref().and_then(|id| position.get(id)) else {
            continue;
        };
        out.entry(i)
            .or_insert_with(|| Period {
                label: cycles[i].title.clone(),
                start: cycles[i].planned_start,
                pairs: Vec::new(),
            })
            .pairs
            .push((*classroom, *value));
    }
    out.into_values().collect()
}
