//! What the worksheet shows beside the cycle's own fields: the observations tied to it — as the
//! evidence API shows them to this caller, so a student or another team's member sees
//! classrooms by label only — and the coaching comments with their authors (de-identified for
//! other teams) and times.

use super::number;
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::cycle::{CommentRow, CycleDetail};
use crate::models::observation::{Filter, Observation};
use crate::web::actor::Actor;
use crate::web::api::evidence::views::ObservationView;
use crate::web::policy::{self, Resource, View};
use crate::web::render;
use serde::Serialize;

/// An observation as the worksheet lists it.
#[derive(Serialize)]
pub(super) struct ObservationLine {
    date: String,
    classroom: String,
    measure: String,
    value: String,
    note: Option<String>,
}

/// A comment as the worksheet lists it.
#[derive(Serialize)]
pub(super) struct CommentLine {
    author: String,
    when: String,
    body: String,
}

/// The observations tied to the cycle, as the caller may see them (one query).
pub(super) fn observations(
    c: &mut DbConn,
    actor: &Actor,
    d: &CycleDetail,
) -> Result<Vec<ObservationLine>, AppError> {
    let view = policy::view(c, actor, d.cycle.team_id, Resource::Observations)?;
    let filter = Filter {
        cycle: Some(d.cycle.id),
        ..Filter::default()
    };
    Ok(Observation::all_of_team(c, d.cycle.team_id, filter)?
        .into_iter()
        .map(|row| {
            let o = ObservationView::new(row, view);
            ObservationLine {
                date: render::date(o.date),
                classroom: o.classroom_label,
                measure: o.measure_name,
                value: number(o.value),
                note: o.note.filter(|n| !n.is_empty()),
            }
        })
        .collect())
}

/// The comments, oldest first, their authors as the caller may see them and their times in the
/// collective's zone (one query).
pub(super) fn comments(
    c: &mut DbConn,
    actor: &Actor,
    d: &CycleDetail,
) -> Result<Vec<CommentLine>, AppError> {
    let view = policy::view(c, actor, d.cycle.team_id, Resource::Comments)?;
    let tz = Collective::get(c)?.tz();
    Ok(CommentRow::page_of_cycle(c, d.cycle.id, None, i64::MAX)?
        .into_iter()
        .map(|r| match view {
            View::Full => r,
            View::DeIdentified => r.de_identified(),
        })
        .map(|r| CommentLine {
            author: r.author_name,
            when: render::local(r.created_at.naive_utc(), tz),
            body: r.body,
        })
        .collect())
}
