//! Importing a CSV file of observations by pasting it (the team's members, directors): the same
//! reading (`csv_files::read_observations`) and all-or-nothing import (`observation::import`)
//! as the API and the command line. A refused file imports nothing and comes back with every
//! bad row and column listed (422); "replace existing" overwrites values already saved.

use super::{IMPORT, Nav, Seen};
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::csv_files::{self, OBSERVATION_COLUMNS};
use crate::models::observation::{self, ImportReport, local_today};
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::FieldErrors;
use crate::web::limits;
use crate::web::render::{Chrome, render_form, see_other};
use crate::web::session;
use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The import form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ImportForm {
    /// The file's text.
    #[serde(default)]
    pub csv: String,
    /// Present when existing values are to be overwritten.
    #[serde(default)]
    pub replace: String,
}

impl ImportForm {
    fn replace(&self) -> bool {
        !self.replace.trim().is_empty() && self.replace.trim() != "false"
    }
}

#[derive(Serialize)]
struct ImportPage {
    nav: Nav,
    csv: String,
    replace: bool,
    header: String,
    example: String,
    problems: Vec<Violation>,
}

/// GET /teams/{id}/observations/import: the form.
pub async fn form(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    page(&state, &session, actor, id, ImportForm::default(), vec![]).await
}

/// POST /teams/{id}/observations/import: imports the pasted file, all or nothing.
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
    body: web::Form<ImportForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (a, form, by) = (actor.clone(), body.into_inner(), actor.audit());
    if let Some(v) = too_large(&form.csv) {
        return page(&state, &session, actor, id, form, vec![v]).await;
    }
    let typed = form.clone();
    let done = state
        .db(move |c| {
            let team = Seen::writable(c, &a, id, IMPORT)?.team;
            let drafts = csv_files::read_observations(&typed.csv).map_err(AppError::Invalid)?;
            let today = local_today(c)?;
            observation::import(
                c,
                &by,
                &team,
                &drafts,
                typed.replace(),
                Some(a.person.id),
                today,
            )
        })
        .await;
    match done {
        Ok(report) => {
            session::flash(&session, "ok", sentence(report));
            Ok(see_other(&format!("/teams/{id}/observations")))
        }
        Err(e) if !e.violations().is_empty() => {
            let problems = e.violations().to_vec();
            page(&state, &session, actor, id, form, problems).await
        }
        Err(e) => Err(e),
    }
}

/// Text over what the page promises to take is refused with the paste kept in the form (the
/// form's own limit, `limits::FORM`, leaves room above this for percent-encoding).
fn too_large(csv: &str) -> Option<Violation> {
    (csv.len() > limits::PASTED_CSV).then(|| {
        let mib = csv.len() as f64 / f64::from(1 << 20);
        Violation::new(
            "",
            format!(
                "is {mib:.1} MiB; at most {} MiB can be imported at once, so split it into parts",
                limits::PASTED_CSV >> 20
            ),
        )
    })
}

/// "Imported 42 observations (3 replaced)."
fn sentence(report: ImportReport) -> String {
    let text = report.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => text,
    }
}

/// The form, with the file as pasted and every problem (422 when there are any).
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    team_id: i32,
    form: ImportForm,
    problems: Vec<Violation>,
) -> Result<HttpResponse, AppError> {
    let a = actor.clone();
    let seen = state
        .db(move |c| Seen::writable(c, &a, team_id, IMPORT))
        .await?;
    let mut errors = FieldErrors::default();
    if !problems.is_empty() {
        let message = format!(
            "{} problem(s), listed below: nothing was imported",
            problems.len()
        );
        errors.add(Violation::new("csv", message));
    }
    let body = ImportPage {
        nav: seen.nav("import"),
        replace: form.replace(),
        csv: form.csv,
        header: OBSERVATION_COLUMNS.join(","),
        example: "2026-10-14,Room 12,Student discourse,3,,Groups of four".into(),
        problems,
    };
    let chrome = Chrome::new(session, Some(&actor), "Import observations", "districts");
    render_form(state, "observations_import", chrome, &body, errors)
}
