//! Page: a team's coach dashboard, `GET /teams/{id}/variation?measure=&period=&baseline=` — is
//! the spread between classrooms falling, and is a change a signal or noise?
//!
//! Who may read it is checked on every request, first (the team and the API's read rule: the
//! team, the facilitation team, directors, and other teams while the collective shares); only
//! then is the main content taken from the cache or built. The layout (name, CSRF token,
//! flash messages) is rendered around it per request, so the cached part holds nobody's data.
//! `X-Cache: hit | miss` says which, for the benchmark and the tests.

use super::content::{self, Content};
use super::query::DashQuery;
use crate::db::DbConn;
use crate::error::AppError;
use crate::models::team::Team;
use crate::web::AppState;
use crate::web::actor::Actor;
use crate::web::policy::{self, Action, Resource};
use crate::web::render::{Chrome, Page};
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use std::sync::Arc;

/// The reader's standing with the team, settled before anything is served.
struct Reader {
    team: Team,
    can_write: bool,
    can_see_team: bool,
}

impl Reader {
    /// The signed-in person (401, a sign-in redirect, when the session is not live) and their
    /// standing with team `id`, as `PageActor` and [`Reader::load`] would find them.
    fn of_session(
        c: &mut DbConn,
        gate: &session::Gate,
        id: i32,
    ) -> Result<(session::SignedIn, Reader), AppError> {
        let signed_in = gate.resolve(c)?.ok_or(AppError::Unauthorized)?;
        let reader = Reader::load(c, &signed_in.actor, id)?;
        Ok((signed_in, reader))
    }

    /// The team (404) and the API's read rule (403): cheap, so it runs on every request.
    fn load(c: &mut DbConn, actor: &Actor, id: i32) -> Result<Reader, AppError> {
        let team = policy::team(c, id)?;
        policy::require(c, actor, team.id, (Resource::Observations, Action::Read))?;
        Ok(Reader {
            can_write: policy::shows(actor, team.id, crate::web::pages::evidence::IMPORT),
            can_see_team: policy::shows(actor, team.id, (Resource::Roster, Action::Read)),
            team,
        })
    }
}

/// The page around the content (`templates/variation_dashboard.hbs`).
#[derive(Serialize)]
struct Shell<'a> {
    team_id: i32,
    team_name: &'a str,
    can_see_team: bool,
    content: &'a str,
}

/// The main content as HTML, the status it is served with, and whether it came from the cache.
struct Served {
    html: Arc<str>,
    status: StatusCode,
    hit: bool,
}

impl Served {
    /// Freshly built content: a dashboard (200), or the form refusing its query (422).
    fn built(html: Arc<str>, refused: bool) -> Served {
        let status = if refused {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        Served {
            html,
            status,
            hit: false,
        }
    }
}

/// GET /teams/{id}/variation: the dashboard (422 with the form's messages for a bad query).
///
/// The reader is loaded here rather than by the `PageActor` extractor so that who they are and
/// what they may read take one trip to the database, not two: on a cache hit that trip is the
/// whole cost of the page, and the benchmark measures it.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    path: web::Path<i32>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (id, query) = (path.into_inner(), DashQuery::read(req.query_string()));
    let gate = session::Gate::of(&req, &state.config).ok_or(AppError::Unauthorized)?;
    let (signed_in, reader, generation) = state
        .db(move |c| {
            let (signed_in, reader) = Reader::of_session(c, &gate, id)?;
            Ok((signed_in, reader, crate::models::shared::generation(c)?))
        })
        .await?;
    signed_in.apply(&session);
    let actor = signed_in.actor;
    // Writes through other instances (or the command line) show at once, not after the TTL.
    state.cache.observe(generation);
    let key = query.cache_key(reader.team.id, reader.can_write);
    let served = match key.as_deref().and_then(|k| state.cache.get(k)) {
        Some(html) => Served {
            html,
            status: StatusCode::OK,
            hit: true,
        },
        None => build(&state, &actor, &reader, query, key).await?,
    };
    respond(&state, &session, &actor, &reader, served)
}

/// Builds the content from the data, and keeps it when it is a dashboard (not a refused query).
async fn build(
    state: &AppState,
    actor: &Actor,
    reader: &Reader,
    query: DashQuery,
    key: Option<String>,
) -> Result<Served, AppError> {
    let stamp = state.cache.stamp();
    let (who, team, can_write) = (actor.clone(), reader.team.clone(), reader.can_write);
    let content: Content = state
        .db(move |c| content::build(c, &who, &team, &query, can_write))
        .await?;
    let html: Arc<str> = state
        .templates
        .render("variation_content", &content)?
        .into();
    if let Some(key) = key.filter(|_| !content.refused()) {
        state.cache.put(key, html.clone(), stamp);
    }
    Ok(Served::built(html, content.refused()))
}

/// Where the content goes in the rendered shell: an HTML comment no escaped value can produce.
const SLOT: &str = "<!--variation-content-->";

/// Renders the layout around the content for this reader. The shell is rendered with a marker
/// and the content spliced in, rather than handed to handlebars: the content is most of the
/// page (tens of kilobytes of SVG), and copying it through a template context and a growing
/// output buffer was most of the cost of a cached page.
fn respond(
    state: &AppState,
    session: &Session,
    actor: &Actor,
    reader: &Reader,
    served: Served,
) -> Result<HttpResponse, AppError> {
    let title = format!("Variation · {}", reader.team.name);
    let chrome = Chrome::new(session, Some(actor), title, "districts");
    let shell = Shell {
        team_id: reader.team.id,
        team_name: &reader.team.name,
        can_see_team: reader.can_see_team,
        content: SLOT,
    };
    let page = state.templates.render(
        "variation_dashboard",
        &Page {
            chrome,
            body: &shell,
        },
    )?;
    let (head, tail) = page.split_once(SLOT).unwrap_or((&page, ""));
    let mut html = String::with_capacity(page.len() + served.html.len());
    for part in [head, &served.html, tail] {
        html.push_str(part);
    }
    Ok(HttpResponse::build(served.status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("X-Cache", if served.hit { "hit" } else { "miss" }))
        .body(html))
}
