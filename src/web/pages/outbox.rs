//! Pages: the directors' view of the outbox — how much mail is pending, sent, failed or expired,
//! the newest rows with their reasons, a Retry for a failed or expired one and a Send now for a
//! pending one (both `admin::send_now`, as the API's retry).

use crate::db::DbConn;
use crate::domain::reminder::OutboxStatus;
use crate::error::AppError;
use crate::models::collective::Collective;
use crate::models::outbox::admin::{self, AdminLine};
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form;
use crate::web::render::{self, Chrome, render, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/outbox" => index),
        route!(POST "/outbox/{id}/retry" => retry),
    ]
}

/// Rows shown at most; the counts above the list tell how many there are in all.
pub const SHOWN: i64 = 200;

/// `?status=` narrows the list.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    status: String,
}

#[derive(Serialize)]
struct Tab {
    label: String,
    href: String,
    count: i64,
    current: bool,
}

#[derive(Serialize)]
struct Line {
    id: i32,
    kind: &'static str,
    status: &'static str,
    status_label: &'static str,
    person_name: String,
    person_email: String,
    subject_title: String,
    subject_href: Option<String>,
    due: String,
    sent: Option<String>,
    attempts: i32,
    last_error: String,
    /// Why the roster took it away, when it did.
    reason: String,
    /// The button's label: "Retry" (failed, expired), "Send now" (pending), none otherwise.
    action: Option<&'static str>,
}

#[derive(Serialize)]
struct OutboxPage {
    tabs: Vec<Tab>,
    lines: Vec<Line>,
    total: i64,
    limited: bool,
    shown: i64,
    refusal: Option<String>,
}

/// GET /outbox (directors).
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    q: web::Query<Filter>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let status = match q.status.trim() {
        "" => None,
        s => Some(form::choice::<OutboxStatus>("status", s)?),
    };
    page(&state, &session, &actor, status, None).await
}

/// POST /outbox/{id}/retry (directors), the Retry and Send now buttons: a failed or expired row
/// back to pending, a pending one due now ([`admin::send_now`]), and the worker nudged; a row no
/// longer worth sending is refused with the reason and what to do instead.
pub async fn retry(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let (id, now) = (path.into_inner(), crate::models::now());
    match state.db(move |c| admin::send_now(c, id, now)).await {
        Ok(row) => {
            state.mail_wake.notify();
            session::flash(
                &session,
                "ok",
                format!("Message {} is queued again and goes out shortly.", row.id),
            );
            Ok(see_other("/outbox?status=pending"))
        }
        Err(e) if !e.violations().is_empty() => {
            let message = e.violations().iter().map(|v| v.message.clone()).collect();
            page(&state, &session, &actor, None, Some(message)).await
        }
        Err(e) => Err(e),
    }
}

/// Renders the page: 200, or 422 beside a refused retry.
async fn page(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    status: Option<OutboxStatus>,
    refusal: Option<String>,
) -> Result<HttpResponse, AppError> {
    let code = if refusal.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut body = state.db(move |c| outbox_data(c, status)).await?;
    body.refusal = refusal;
    let chrome = Chrome::new(session, Some(actor), "Outbox", "outbox");
    render(state, "outbox", chrome, &body, code)
}

/// The counts and the newest rows, in the collective's zone.
fn outbox_data(c: &mut DbConn, status: Option<OutboxStatus>) -> Result<OutboxPage, AppError> {
    let tz = Collective::get(c)?.tz();
    let counts = admin::counts(c)?;
    let count = |s: OutboxStatus| counts.get(s.as_str()).copied().unwrap_or(0);
    let all: i64 = counts.values().sum();
    let total = status.map_or(all, count);
    let filter = admin::OutboxFilter::status(status);
    let lines: Vec<Line> = admin::newest(c, &filter, None, SHOWN)?
        .into_iter()
        .map(|l| line(l, tz))
        .collect();
    Ok(OutboxPage {
        tabs: tabs(&counts, all, status),
        limited: total > lines.len() as i64,
        shown: lines.len() as i64,
        lines,
        total,
        refusal: None,
    })
}

/// "All" and one tab per status, with counts.
fn tabs(counts: &HashMap<String, i64>, all: i64, status: Option<OutboxStatus>) -> Vec<Tab> {
    let mut tabs = vec![Tab {
        label: "All".into(),
        href: "/outbox".into(),
        count: all,
        current: status.is_none(),
    }];
    tabs.extend(OutboxStatus::ALL.iter().map(|s| Tab {
        label: s.label().into(),
        href: format!("/outbox?status={}", s.as_str()),
        count: counts.get(s.as_str()).copied().unwrap_or(0),
        current: status == Some(*s),
    }));
    tabs
}

fn line(l: AdminLine, tz: chrono_tz::Tz) -> Line {
    let status = l.row.outbox_status();
    Line {
        id: l.row.id,
        kind: l.row.mail_kind().label(),
        status: status.as_str(),
        status_label: status.label(),
        person_name: l.person_name,
        person_email: l.person_email,
        subject_title: l.subject_title,
        subject_href: l.subject_href,
        due: render::local(l.row.due_at, tz),
        sent: l.row.sent_at.map(|t| render::local(t, tz)),
        attempts: l.row.attempts,
        last_error: l.row.last_error,
        reason: l.row.reason,
        action: match status {
            OutboxStatus::Failed | OutboxStatus::Expired => Some("Retry"),
            OutboxStatus::Pending => Some("Send now"),
            _ => None,
        },
    }
}
