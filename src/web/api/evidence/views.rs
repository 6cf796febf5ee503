//! How classrooms and observations are shown, in full or de-identified. Each has one
//! constructor that takes the caller's [`View`], so no answer can carry a teacher, an observer
//! or a note to a caller who may not see them.

use super::access::View;
use crate::models::classroom::ClassroomRow;
use crate::models::observation::ObservationRow;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A classroom. Teacher, subject and grade are absent for members of other teams.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ClassroomView {
    /// Id.
    pub id: i32,
    /// The team.
    pub team_id: i32,
    /// Label, unique within the team.
    pub label: String,
    /// Its school.
    pub school_id: Option<i32>,
    /// The school's name.
    pub school_name: Option<String>,
    /// The teacher, when on the team (absent otherwise, or when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teacher_person_id: Option<i32>,
    /// The teacher's name ("" when none is recorded; absent when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teacher_name: Option<String>,
    /// Subject (absent when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Grade (absent when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
}

impl ClassroomView {
    /// The classroom as `view` allows.
    pub fn new(row: ClassroomRow, view: View) -> ClassroomView {
        let c = row.classroom;
        let full = view == View::Full;
        ClassroomView {
            id: c.id,
            team_id: c.team_id,
            label: c.label,
            school_id: c.school_id,
            school_name: row.school_name,
            teacher_person_id: c.teacher_person_id.filter(|_| full),
            teacher_name: full.then_some(row.teacher),
            subject: full.then_some(c.subject),
            grade: full.then_some(c.grade),
        }
    }
}

/// An observation. Observer and note are absent for members of other teams.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ObservationView {
    /// Id.
    pub id: i32,
    /// The classroom's team.
    pub team_id: i32,
    /// Classroom.
    pub classroom_id: i32,
    /// Its label.
    pub classroom_label: String,
    /// Measure.
    pub measure_id: i32,
    /// Its name.
    pub measure_name: String,
    /// The day it was seen.
    pub date: NaiveDate,
    /// The value (yes/no as 1 or 0).
    pub value: f64,
    /// The cycle it is evidence for.
    pub cycle_id: Option<i32>,
    /// Send it back with an edit.
    pub version: i32,
    /// Recorded, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: DateTime<Utc>,
    /// Last changed, UTC.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub updated_at: DateTime<Utc>,
    /// Note (absent when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who recorded it (absent for an import from the command line, or when not shown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observer_person_id: Option<i32>,
    /// Their name (absent likewise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observer_name: Option<String>,
}

impl ObservationView {
    /// The observation as `view` allows.
    pub fn new(row: ObservationRow, view: View) -> ObservationView {
        let o = row.observation;
        let full = view == View::Full;
        ObservationView {
            id: o.id,
            team_id: row.team_id,
            classroom_id: o.classroom_id,
            classroom_label: row.classroom_label,
            measure_id: o.measure_id,
            measure_name: row.measure_name,
            date: o.date,
            value: o.value,
            cycle_id: o.cycle_id,
            version: o.version,
            created_at: o.created_at.and_utc(),
            updated_at: o.updated_at.and_utc(),
            note: full.then_some(o.note),
            observer_person_id: o.observer_person_id.filter(|_| full),
            observer_name: row.observer_name.filter(|_| full),
        }
    }
}
