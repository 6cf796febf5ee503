//! What the worksheet shows beside the cycle's own fields: the observations tied to it — as the
//! evidence API shows them to this caller, so another team's member sees classrooms by label
//! only — and the coaching comments with their authors and times.

use super::number;
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::cycle::{CommentRow, CycleDetail};
use crate::models::observation::{Filter, Observation};
use crate::web::actor::Actor;
use crate::web::api::evidence::access;
use crate::web::api::evidence::views::ObservationView;
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
    let view = access::read_team(c, actor, d.cycle.team_id)?;
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

/// The comments, oldest first, their times in the collective's zone (one query).
pub(super) fn comments(c: &mut DbConn, id: i32) -> Result<Vec<CommentLine>, AppError> {
    let tz = Collective::get(c)?.tz();
    Ok(CommentRow::page_of_cycle(c, id, None, i64::MAX)?
        .into_iter()
        .map(|r| CommentLine {
            author: r.author_name,
            when: render::local(r.created_at.naive_utc(), tz),
            body: r.body,
        })
        .collect())
}
