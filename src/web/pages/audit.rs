//! Pages: the audit log for directors — who changed which record, when, and the values before
//! and after, newest first, narrowed by kind, record, person and dates (a GET form, so a view
//! can be bookmarked), a page of entries at a time. Read only: nothing here edits the log.

use crate::db::DbConn;
use crate::domain::audit::EntityKind;
use crate::error::AppError;
use crate::models::audit::{self, AuditEntry, AuditFilter};
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::audit::AuditParams;
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, SelectOption, render_form_status};
use crate::web::routes::RouteDef;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/audit" => index)]
}

/// Entries per page.
const PAGE: i64 = 100;

#[derive(Serialize)]
struct Line {
    id: i32,
    at: String,
    actor_name: String,
    actor_href: Option<String>,
    action: &'static str,
    kind: &'static str,
    entity_id: i32,
    history_href: String,
    summary: String,
    before: Option<String>,
    after: Option<String>,
}

#[derive(Serialize)]
struct Filters {
    kinds: Vec<SelectOption>,
    actors: Vec<SelectOption>,
    entity_id: String,
    from: String,
    to: String,
    active: bool,
}

#[derive(Serialize)]
struct AuditPage {
    filters: Filters,
    lines: Vec<Line>,
    older_href: Option<String>,
    newest_href: Option<String>,
}

/// GET /audit (directors). Bad filters re-render the form with their messages (422) and list
/// nothing, rather than a list that ignores them.
pub async fn index(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    actor.require_director()?;
    let params = AuditParams::from_query(req.query_string()).unwrap_or_default();
    let after = after(req.query_string());
    let (filter, errors) = match (params.filter(), after) {
        (Ok(f), Ok(a)) => (Some((f, a)), FieldErrors::default()),
        (f, a) => (None, merged(f.err(), a.err())),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let body = state.db(move |c| page_data(c, &params, filter)).await?;
    let chrome = Chrome::new(&session, Some(&actor), "Audit log", "audit");
    render_form_status(&state, "audit", chrome, &body, errors, status)
}

/// `?after=`: the id of the last entry of the page before (older entries follow).
fn after(qs: &str) -> Result<Option<i32>, crate::domain::Violation> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(qs).unwrap_or_default();
    let value = pairs
        .iter()
        .find(|(k, _)| k == "after")
        .map_or("", |(_, v)| v.as_str());
    form::opt_int("after", value)
}

fn merged(filter: Option<FieldErrors>, after: Option<crate::domain::Violation>) -> FieldErrors {
    let mut errors = filter.unwrap_or_default();
    if let Some(v) = after {
        errors.add(v);
    }
    errors
}

/// The form's choices and, when the filters are good, a page of entries: two queries.
fn page_data(
    c: &mut DbConn,
    params: &AuditParams,
    filter: Option<(AuditFilter, Option<i32>)>,
) -> Result<AuditPage, AppError> {
    let people = Person::list(c)?;
    let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let filters = Filters {
        kinds: EntityKind::ALL
            .iter()
            .map(|k| SelectOption::new(k.as_str(), k.label(), &text(&params.kind)))
            .collect(),
        actors: people
            .iter()
            .map(|p| SelectOption::new(p.id, p.name.clone(), &text(&params.actor)))
            .collect(),
        entity_id: text(&params.entity_id),
        from: text(&params.from),
        to: text(&params.to),
        active: !params.query_string().is_empty(),
    };
    let Some((filter, after)) = filter else {
        return Ok(AuditPage {
            filters,
            lines: Vec::new(),
            older_href: None,
            newest_href: None,
        });
    };
    let mut rows = audit::page(c, &filter, after, PAGE + 1)?;
    let more = rows.len() > PAGE as usize;
    rows.truncate(PAGE as usize);
    let link = |extra: String| {
        let qs = [params.query_string(), extra]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("&");
        if qs.is_empty() {
            "/audit".to_string()
        } else {
            format!("/audit?{qs}")
        }
    };
    let older_href = rows
        .last()
        .filter(|_| more)
        .map(|e| link(format!("after={}", e.id)));
    let newest_href = after.map(|_| link(String::new()));
    Ok(AuditPage {
        filters,
        lines: rows.into_iter().map(line).collect(),
        older_href,
        newest_href,
    })
}

fn line(e: AuditEntry) -> Line {
    let pretty =
        |v: Option<serde_json::Value>| v.and_then(|v| serde_json::to_string_pretty(&v).ok());
    let kind = e.kind().map_or("?", |k| k.label());
    Line {
        id: e.id,
        at: e.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        actor_href: e.actor_person_id.map(|id| format!("/audit?actor={id}")),
        action: e.action().map_or("?", |a| a.label()),
        history_href: format!("/audit?kind={}&entity_id={}", e.entity_kind, e.entity_id),
        before: pretty(e.before()),
        after: pretty(e.after()),
        actor_name: e.actor_name,
        kind,
        entity_id: e.entity_id,
        summary: e.summary,
    }
}
