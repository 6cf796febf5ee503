//! Pages: tune-ups and district meetings. Staff schedule and edit them (`edit`); staff and the
//! district's team that year read them, with their facilitators, notes and action items.

pub(super) mod cancel;
mod edit;
mod input;
mod show;

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::meeting::{Meeting, MeetingRow};
use crate::route;
use crate::web::render;
use crate::web::routes::RouteDef;
use serde::Serialize;

/// This area's routes (fixed paths before the `{id}` patterns).
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/meetings/new" => edit::new_form),
        route!(POST "/meetings" => edit::create),
        route!(GET "/meetings/{id}" => show::show),
        route!(POST "/meetings/{id}" => edit::update),
        route!(GET "/meetings/{id}/edit" => edit::edit_form),
        route!(POST "/meetings/{id}/cancel" => cancel::cancel),
        route!(POST "/meetings/{id}/restore" => cancel::restore),
        route!(POST "/meetings/{id}/actions" => show::add_action),
        route!(POST "/meetings/{id}/actions/{item_id}" => show::toggle_action),
    ]
}

/// A meeting as a line in a list (district and team pages): when, in the collective's zone.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingLine {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Kind label.
    pub kind: &'static str,
    /// District name.
    pub district: String,
    /// Local start with the zone's abbreviation.
    pub when: String,
    /// Modality value (a badge class).
    pub modality: String,
    /// Modality label.
    pub modality_label: &'static str,
    /// Cancelled: listed struck through and labelled, never as on.
    pub cancelled: bool,
}

impl MeetingLine {
    /// The line for a listed meeting.
    pub fn new(row: MeetingRow, tz: chrono_tz::Tz) -> MeetingLine {
        let m = row.meeting;
        MeetingLine {
            id: m.id,
            kind: kind_label(&m.kind),
            modality_label: modality_label(&m.modality),
            when: render::local(m.starts_at, tz),
            cancelled: m.cancelled_at.is_some(),
            title: m.title,
            district: row.district_name,
            modality: m.modality,
        }
    }

    /// A district's meetings in a year, by start, for the district and team pages.
    pub fn of_district(
        c: &mut DbConn,
        year_id: i32,
        district_id: i32,
    ) -> Result<Vec<MeetingLine>, AppError> {
        let tz = Collective::get(c)?.tz();
        Ok(Meeting::list(c, Some(year_id), Some(district_id))?
            .into_iter()
            .map(|m| MeetingLine::new(m, tz))
            .collect())
    }
}

/// The label of a stored kind value.
fn kind_label(kind: &str) -> &'static str {
    kind.parse::<crate::domain::meeting::MeetingKind>()
        .map_or("Meeting", |k| k.label())
}

/// The label of a stored modality value.
fn modality_label(modality: &str) -> &'static str {
    modality
        .parse::<crate::domain::meeting::Modality>()
        .map_or("", |m| m.label())
}
