//! Importing many observations at once — a bulk request, a CSV file, the command line — all or
//! nothing: every draft is checked first and one bad draft imports nothing, with every problem
//! named after where it came from. An observation that exists already (same classroom, measure
//! and date) is an error unless the caller asks to replace it, which keeps its id and bumps its
//! version. A fixed number of queries loads what the checks need, whatever the number of drafts.

use super::Observation;
use super::check::{Context, Draft, ObservationInput, Origin};
use crate::db::DbConn;
use crate::db::schema::observations;
use crate::domain::Violation;
use crate::domain::audit::EntityKind;
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use crate::models::team::Team;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::collections::HashMap;
use std::fmt;

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Observations imported in all (new and replaced).
    pub imported: usize,
    /// Of those, how many replaced an existing value.
    pub replaced: usize,
}

impl fmt::Display for ImportReport {
    /// "imported 42 observations (3 replaced)", as the command line prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.imported == 1 {
            "observation"
        } else {
            "observations"
        };
        write!(
            f,
            "imported {} {noun} ({} replaced)",
            self.imported, self.replaced
        )
    }
}

/// The natural key of an observation.
type Key = (i32, i32, NaiveDate);

/// An observation there already: id and observer.
type Existing = HashMap<Key, (i32, Option<i32>)>;

/// A draft that passed its checks: its position among the drafts, where it came from, and the
/// observation it makes.
type Checked = (usize, Origin, ObservationInput);

/// A problem with the position of the draft it belongs to.
type Problem = (usize, Violation);

/// One checked draft and what storing it does.
struct Planned {
    input: ObservationInput,
    /// The observation it replaces (its id and observer).
    replaces: Option<(i32, Option<i32>)>,
}

/// Imports `drafts` for `team` by `observer` (none from the command line), all or nothing, in
/// one transaction that also logs each observation made or replaced as done by `by`. `today` is
/// the collective's today, the latest date an observation may have.
pub fn import(
    conn: &mut DbConn,
    by: &AuditActor,
    team: &Team,
    drafts: &[(Origin, Draft)],
    replace: bool,
    observer: Option<i32>,
    today: NaiveDate,
) -> Result<ImportReport, AppError> {
    // On PostgreSQL another save may insert one of these observations between our read of
    // what exists and our insert: the unique key refuses ours, and a fresh try sees theirs
    // (replacing it, or naming it as a duplicate). SQLite's single writer never gets here.
    for _ in 1..RACE_TRIES {
        match attempt(conn, by, team, drafts, replace, observer, today) {
            Err(Raced) => continue,
            Ok(result) => return result,
        }
    }
    match attempt(conn, by, team, drafts, replace, observer, today) {
        Ok(result) => result,
        Err(Raced) => Err(AppError::Internal(
            "observations kept being saved by others meanwhile".into(),
        )),
    }
}

/// How often an import that lost a race for the unique key is tried.
const RACE_TRIES: usize = 3;

/// An import whose insert met a row another save had just made.
struct Raced;

/// One try of `import`, in one write transaction.
fn attempt(
    conn: &mut DbConn,
    by: &AuditActor,
    team: &Team,
    drafts: &[(Origin, Draft)],
    replace: bool,
    observer: Option<i32>,
    today: NaiveDate,
) -> Result<Result<ImportReport, AppError>, Raced> {
    let result = conn.write_transaction(|conn| {
        let ctx = Context::load(conn, team.clone(), today)?;
        let (checked, mut problems) = check_all(&ctx, drafts);
        let existing = existing(conn, &ctx, &checked)?;
        let plan = plan(&ctx, checked, &existing, replace, &mut problems);
        if !problems.is_empty() {
            problems.sort_by_key(|(i, _)| *i);
            return Err(AppError::Invalid(
                problems.into_iter().map(|(_, v)| v).collect(),
            ));
        }
        let before = replaced(conn, &plan)?;
        let report = write(conn, &plan, observer)?;
        log(conn, by, &ctx, &plan, before)?;
        Ok(report)
    });
    match result {
        Err(AppError::Conflict(_)) => Err(Raced),
        other => Ok(other),
    }
}

/// Each draft checked: the good ones with their position and origin, and every problem with the
/// position of the draft it belongs to (so the answer lists them in file order).
fn check_all(ctx: &Context, drafts: &[(Origin, Draft)]) -> (Vec<Checked>, Vec<Problem>) {
    let mut good = Vec::with_capacity(drafts.len());
    let mut problems = Vec::new();
    for (i, (origin, draft)) in drafts.iter().enumerate() {
        match ctx.check(draft, *origin) {
            Ok(input) => good.push((i, *origin, input)),
            Err(vs) => problems.extend(vs.into_iter().map(|v| (i, v))),
        }
    }
    (good, problems)
}

/// The team's observations on the dates the drafts span, by natural key: one query.
fn existing(conn: &mut DbConn, ctx: &Context, checked: &[Checked]) -> QueryResult<Existing> {
    let dates = checked.iter().map(|(_, _, c)| c.date);
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return Ok(HashMap::new());
    };
    let classroom_ids: Vec<i32> = ctx.classrooms.iter().map(|c| c.id).collect();
    let rows: Vec<(i32, i32, i32, NaiveDate, Option<i32>)> = observations::table
        .filter(observations::classroom_id.eq_any(classroom_ids))
        .filter(observations::date.between(first, last))
        .select((
            observations::id,
            observations::classroom_id,
            observations::measure_id,
            observations::date,
            observations::observer_person_id,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, c, m, d, observer)| ((c, m, d), (id, observer)))
        .collect())
}

/// What to store for each checked draft; a key repeated within the drafts, or one that exists
/// already when not replacing, is a problem on the draft's date.
fn plan(
    ctx: &Context,
    checked: Vec<Checked>,
    existing: &Existing,
    replace: bool,
    problems: &mut Vec<Problem>,
) -> Vec<Planned> {
    let mut seen: HashMap<Key, Origin> = HashMap::new();
    let mut plan = Vec::with_capacity(checked.len());
    for (i, origin, input) in checked {
        let field = origin.field("date");
        if let Some(first) = seen.get(&input.key()) {
            let message = format!(
                "repeats {} (same classroom, measure and date)",
                first.describe()
            );
            problems.push((i, Violation::new(field, message)));
            continue;
        }
        seen.insert(input.key(), origin);
        let replaces = existing.get(&input.key()).copied();
        if replaces.is_some() && !replace {
            problems.push((i, Violation::new(field, exists_message(ctx, &input))));
            continue;
        }
        plan.push(Planned { input, replaces });
    }
    plan
}

/// "Room 12 already has a value of Discourse on 2026-09-14 (…)".
fn exists_message(ctx: &Context, input: &ObservationInput) -> String {
    let classroom = ctx
        .classrooms
        .iter()
        .find(|c| c.id == input.classroom_id)
        .map_or("the classroom", |c| c.label.as_str());
    let measure = ctx
        .measures
        .iter()
        .find(|m| m.id == input.measure_id)
        .map_or("the measure", |m| m.name.as_str());
    format!(
        "{classroom} already has a value of {measure} on {}; import with replace to overwrite it",
        input.date
    )
}

/// Rows inserted per statement: well below SQLite's limit on bound values.
const CHUNK: usize = 400;

/// Stores the plan: new observations in multi-row inserts, replacements one update each.
fn write(
    conn: &mut DbConn,
    plan: &[Planned],
    observer: Option<i32>,
) -> Result<ImportReport, AppError> {
    let now = crate::models::now();
    let new: Vec<_> = plan
        .iter()
        .filter(|p| p.replaces.is_none())
        .map(|p| {
            (
                super::fields(&p.input, observer, now),
                observations::created_at.eq(now),
            )
        })
        .collect();
    for chunk in new.chunks(CHUNK) {
        crate::per_backend!(conn, |c| diesel::insert_into(observations::table)
            .values(chunk)
            .execute(c))
        .map_err(raced)?;
    }
    let mut replaced = 0;
    for p in plan {
        if let Some((id, was)) = p.replaces {
            replace_one(conn, id, &p.input, observer.or(was), now)?;
            replaced += 1;
        }
    }
    Ok(ImportReport {
        imported: plan.len(),
        replaced,
    })
}

/// The observations the plan replaces, as they are before it runs (for the log).
fn replaced(conn: &mut DbConn, plan: &[Planned]) -> QueryResult<HashMap<i32, Observation>> {
    let ids: Vec<i32> = plan
        .iter()
        .filter_map(|p| p.replaces.map(|(id, _)| id))
        .collect();
    let mut found = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let rows: Vec<Observation> = observations::table
            .filter(observations::id.eq_any(chunk))
            .select(Observation::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|o| (o.id, o)));
    }
    Ok(found)
}

/// Logs each observation the plan made or replaced: the rows written are read back in one query
/// (the team's, on the dates the plan spans, by their keys), so each entry carries its id.
fn log(
    conn: &mut DbConn,
    by: &AuditActor,
    ctx: &Context,
    plan: &[Planned],
    before: HashMap<i32, Observation>,
) -> QueryResult<()> {
    let keys: std::collections::HashSet<Key> = plan.iter().map(|p| p.input.key()).collect();
    let dates = plan.iter().map(|p| p.input.date);
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return Ok(());
    };
    let classroom_ids: Vec<i32> = ctx.classrooms.iter().map(|c| c.id).collect();
    let written: Vec<Observation> = observations::table
        .filter(observations::classroom_id.eq_any(classroom_ids))
        .filter(observations::date.between(first, last))
        .order(observations::id)
        .select(Observation::as_select())
        .load(conn)?;
    let changes = written
        .iter()
        .filter(|o| keys.contains(&(o.classroom_id, o.measure_id, o.date)))
        .map(|o| {
            let summary = ctx.describe(o);
            match before.get(&o.id) {
                Some(b) => Change::updated(EntityKind::Observation, o.id, summary, b, o),
                None => Change::created(EntityKind::Observation, o.id, summary, o),
            }
        })
        .collect();
    audit::record_all(conn, by, changes)
}

/// A unique-key refusal of the insert: another save made one of these rows meanwhile (a
/// conflict, so that `import` tries again); any other error stays what it is.
fn raced(e: diesel::result::Error) -> AppError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::Conflict(serde_json::Value::Null),
        other => other.into(),
    }
}

/// Overwrites an observation in place: same id, next version.
fn replace_one(
    conn: &mut DbConn,
    id: i32,
    input: &ObservationInput,
    observer: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(observations::table.find(id))
        .set((
            super::fields(input, observer, now),
            observations::version.eq(observations::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
