//! Page: the network view — small multiples of every team's between-classroom SD on one shared
//! measure, teams whose variation falls first, so a facilitator sees at a glance where the
//! collective's aim (less variation across classrooms) is being met. A GET form picks the
//! measure and the period, so a view can be bookmarked. Anyone signed in may look: the
//! figures are team-level.

mod cards;

use crate::db::DbConn;
use crate::error::AppError;
use crate::models::measure::Measure;
use crate::models::observation::rollup;
use crate::models::year::ProgramYear;
use crate::route;
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::api::network::answer::NetworkVariation;
use crate::web::api::network::network;
use crate::web::api::variation::params::{PeriodKind, RawParams};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{Chrome, SelectOption, render_form};
use crate::web::routes::RouteDef;
use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use cards::Card;
use serde::Serialize;

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/network/variation" => variation)]
}

/// The measure and period shown.
#[derive(Serialize)]
struct Chosen {
    measure: String,
    year: String,
    period: &'static str,
}

/// The page's context: the form's choices and the cards.
#[derive(Serialize)]
struct NetworkPage {
    has_measures: bool,
    measures: Vec<SelectOption>,
    periods: Vec<SelectOption>,
    chosen: Option<Chosen>,
    has_data: bool,
    summary: String,
    cards: Vec<Card>,
}

/// The form's values: the measure (none: the default one) and the period (week by default).
struct Query {
    measure: Option<i32>,
    period: PeriodKind,
    errors: FieldErrors,
}

impl Query {
    /// Reads `measure` and `period`; a bad value is a field error, never a 400.
    fn read(qs: &str) -> Query {
        let raw: RawParams = serde_urlencoded::from_str(qs).unwrap_or_default();
        let mut errors = FieldErrors::default();
        let text = raw.measure.as_deref().unwrap_or("");
        let measure = errors.take(form::opt_int("measure", text)).flatten();
        let period = match raw.period.as_deref().map(str::trim) {
            None | Some("") => PeriodKind::Week,
            Some(p) => p.parse().unwrap_or_else(|e: AppError| {
                e.violations().iter().for_each(|v| errors.add(v.clone()));
                PeriodKind::Week
            }),
        };
        Query {
            measure,
            period,
            errors,
        }
    }
}

/// GET /network/variation: the form and the small multiples.
pub async fn variation(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let qs = req.query_string().to_string();
    let (body, errors) = state.db(move |c| page(c, &qs)).await?;
    let chrome = Chrome::new(&session, Some(&actor), "Network variation", "network");
    render_form(&state, "network_variation", chrome, &body, errors)
}

/// The measure shown when none is asked for: this year's first shared measure, else the newest
/// year's.
fn default_measure(measures: &[(Measure, String)], year: Option<&ProgramYear>) -> Option<i32> {
    let this_year = measures
        .iter()
        .find(|(m, _)| year.is_some_and(|y| y.id == m.program_year_id));
    this_year.or(measures.first()).map(|(m, _)| m.id)
}

/// Reads the form, loads the network on the chosen measure, and shapes the page.
fn page(c: &mut DbConn, qs: &str) -> Result<(NetworkPage, FieldErrors), AppError> {
    let Query {
        measure,
        period,
        mut errors,
    } = Query::read(qs);
    let measures = rollup::shared_measures(c)?;
    let year = ProgramYear::this_year(c)?;
    let chosen = measure.or_else(|| default_measure(&measures, year.as_ref()));
    let loaded = match chosen {
        Some(id) if errors.is_empty() => load(c, id, period, &mut errors)?,
        _ => None,
    };
    let current = chosen.map(|id| id.to_string()).unwrap_or_default();
    Ok((view(&measures, &current, period, loaded), errors))
}

/// The network on a measure; a measure that cannot be shown (unknown, a team's own) becomes
/// a field error beside the select rather than an error page.
fn load(
    c: &mut DbConn,
    measure: i32,
    period: PeriodKind,
    errors: &mut FieldErrors,
) -> Result<Option<NetworkVariation>, AppError> {
    match network(c, measure, period, None) {
        Ok(n) => Ok(Some(n)),
        Err(e @ AppError::Invalid(_)) => {
            e.violations().iter().for_each(|v| errors.add(v.clone()));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The period choices.
fn period_options(current: PeriodKind) -> Vec<SelectOption> {
    [
        (PeriodKind::Week, "Week"),
        (PeriodKind::Month, "Month"),
        (PeriodKind::Cycle, "Cycle"),
    ]
    .into_iter()
    .map(|(k, label)| SelectOption::new(k.as_str(), label, current.as_str()))
    .collect()
}

/// "3 of 5 teams show falling variation", with the rising and those without data.
fn summary(n: &NetworkVariation) -> String {
    let count = |t: &str| n.teams.iter().filter(|s| s.trend == t).count();
    let (falling, rising) = (count("falling"), count("rising"));
    let empty = n.teams.iter().filter(|t| t.periods.is_empty()).count();
    let total = n.teams.len();
    let mut s = format!(
        "{falling} of {total} {} falling variation",
        if total == 1 {
            "team shows"
        } else {
            "teams show"
        }
    );
    if rising > 0 {
        s += &format!("; {rising} rising");
    }
    if empty > 0 {
        s += &format!("; {empty} without observations yet");
    }
    s + "."
}

/// The cards, the heading and the summary of a loaded network.
struct Shown {
    chosen: Chosen,
    has_data: bool,
    summary: String,
    cards: Vec<Card>,
}

/// What a loaded network shows; `year` is the measure's year label.
fn shown(n: &NetworkVariation, period: PeriodKind, year: String) -> Shown {
    let ctx = cards::Context {
        measure_id: n.measure.id,
        measure_name: &n.measure.name,
        period: period.as_str(),
        baseline: n.baseline,
    };
    Shown {
        chosen: Chosen {
            measure: n.measure.name.clone(),
            year,
            period: period.as_str(),
        },
        has_data: n.teams.iter().any(|t| !t.periods.is_empty()),
        summary: summary(n),
        cards: n.teams.iter().map(|t| cards::card(t, &ctx)).collect(),
    }
}

/// The page from the measures and the loaded network (if any).
fn view(
    measures: &[(Measure, String)],
    current: &str,
    period: PeriodKind,
    loaded: Option<NetworkVariation>,
) -> NetworkPage {
    let year_of = |id: i32| measures.iter().find(|(m, _)| m.id == id).map(|(_, y)| y);
    let shown = loaded.map(|n| {
        shown(
            &n,
            period,
            year_of(n.measure.id).cloned().unwrap_or_default(),
        )
    });
    let options = measures
        .iter()
        .map(|(m, year)| SelectOption::new(m.id, format!("{} ({year})", m.name), current))
        .collect();
    let (chosen, has_data, summary, cards) = match shown {
        Some(s) => (Some(s.chosen), s.has_data, s.summary, s.cards),
        None => (None, false, String::new(), Vec::new()),
    };
    NetworkPage {
        has_measures: !measures.is_empty(),
        measures: options,
        periods: period_options(period),
        chosen,
        has_data,
        summary,
        cards,
    }
}
