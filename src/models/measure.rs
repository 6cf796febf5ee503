//! Measures: what teams rate or count in classrooms. A measure belongs to a program year and is
//! either shared by every team that year (`team_id` NULL, managed by directors) or one team's
//! own. A rubric carries one descriptor per level of its scale, in `rubric_levels`.

use crate::db::DbConn;
use crate::db::schema::{measures, observations, rubric_levels};
use crate::domain::Violation;
use crate::domain::audit::EntityKind;
use crate::domain::measure::{self, MeasureKind, Scale};
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use diesel::prelude::*;
use serde::Serialize;

/// A measure.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = measures)]
pub struct Measure {
    /// Id.
    pub id: i32,
    /// The program year it belongs to.
    pub program_year_id: i32,
    /// The owning team; none when shared by every team of the year.
    pub team_id: Option<i32>,
    /// Name, unique among what a team of the year sees.
    pub name: String,
    /// What it looks at and how to rate it.
    pub description: String,
    /// rubric | percent | count | yes_no.
    pub kind: String,
    /// A rubric's lowest level.
    pub scale_min: Option<i32>,
    /// A rubric's highest level.
    pub scale_max: Option<i32>,
    /// Whether a higher value is the better one.
    pub higher_is_better: bool,
    /// Bumped by every save; an edit names the version it was made from.
    pub version: i32,
}

/// A rubric level and what it looks like in a classroom.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = rubric_levels)]
pub struct RubricLevel {
    /// The measure (not repeated in answers, which nest levels under it).
    #[serde(skip)]
    pub measure_id: i32,
    /// The level.
    pub level: i32,
    /// What it looks like ("students build on each other's ideas").
    pub descriptor: String,
}

/// A measure with its rubric levels (none for other kinds).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeasureDetail {
    /// The measure.
    #[serde(flatten)]
    pub measure: Measure,
    /// The rubric's levels, lowest first.
    pub levels: Vec<RubricLevel>,
}

/// Whose a measure is: the year's shared set, or one team's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owner {
    /// The program year.
    pub program_year_id: i32,
    /// The team; none for shared.
    pub team_id: Option<i32>,
}

/// A measure as it should be after a create or an edit.
#[derive(Debug, Clone)]
pub struct MeasureInput {
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Kind and, for a rubric, its scale.
    pub scale: Scale,
    /// Which direction is better.
    pub higher_is_better: bool,
    /// (level, descriptor) pairs of a rubric.
    pub levels: Vec<(i32, String)>,
}

/// Longest description: a paragraph or two of guidance for observers.
const MAX_DESCRIPTION: usize = 4000;

impl Measure {
    /// One measure.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Measure> {
        measures::table
            .find(id)
            .select(Measure::as_select())
            .first(conn)
    }

    /// The kind, typed (the column is CHECK-constrained to the four kinds).
    pub fn measure_kind(&self) -> MeasureKind {
        self.kind.parse().unwrap_or(MeasureKind::Count)
    }

    /// The kind and scale that values are checked against.
    pub fn scale(&self) -> Scale {
        Scale {
            kind: self.measure_kind(),
            min: self.scale_min,
            max: self.scale_max,
        }
    }

    /// Whose it is.
    pub fn owner(&self) -> Owner {
        Owner {
            program_year_id: self.program_year_id,
            team_id: self.team_id,
        }
    }

    /// The year's shared measures, by name, in one query.
    pub fn shared_of_year(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<Measure>> {
        measures::table
            .filter(measures::program_year_id.eq(year_id))
            .filter(measures::team_id.is_null())
            .order((measures::name, measures::id))
            .select(Measure::as_select())
            .load(conn)
    }

    /// What a team may record: the year's shared measures and its own, by name, in one query.
    pub fn for_team(conn: &mut DbConn, year_id: i32, team_id: i32) -> QueryResult<Vec<Measure>> {
        measures::table
            .filter(measures::program_year_id.eq(year_id))
            .filter(
                measures::team_id
                    .is_null()
                    .or(measures::team_id.eq(team_id)),
            )
            .order((measures::name, measures::id))
            .select(Measure::as_select())
            .load(conn)
    }

    /// The measures with their rubric levels: one more query, whatever their number.
    pub fn with_levels(
        conn: &mut DbConn,
        measures: Vec<Measure>,
    ) -> QueryResult<Vec<MeasureDetail>> {
        let ids: Vec<i32> = measures.iter().map(|m| m.id).collect();
        let mut levels: Vec<RubricLevel> = rubric_levels::table
            .filter(rubric_levels::measure_id.eq_any(ids))
            .order((rubric_levels::measure_id, rubric_levels::level))
            .select(RubricLevel::as_select())
            .load(conn)?;
        Ok(measures
            .into_iter()
            .map(|measure| {
                let (mine, rest) = levels.drain(..).partition(|l| l.measure_id == measure.id);
                levels = rest;
                MeasureDetail {
                    measure,
                    levels: mine,
                }
            })
            .collect())
    }

    /// One measure with its levels.
    pub fn detail(conn: &mut DbConn, id: i32) -> QueryResult<MeasureDetail> {
        let measure = Measure::find(conn, id)?;
        let mut all = Measure::with_levels(conn, vec![measure])?;
        all.pop().ok_or(diesel::result::Error::NotFound)
    }

    /// Whether any observation records a value of it (its kind and scale are then fixed).
    pub fn has_observations(conn: &mut DbConn, id: i32) -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            observations::table.filter(observations::measure_id.eq(id)),
        ))
        .get_result(conn)
    }
}

impl Measure {
    /// Adds a measure to a year's shared set or to a team; every broken rule comes back at once.
    pub fn create(
        conn: &mut DbConn,
        by: &AuditActor,
        owner: Owner,
        input: &MeasureInput,
    ) -> Result<MeasureDetail, AppError> {
        let input = clean(input);
        conn.write_transaction(|conn| {
            check(conn, owner, None, &input)?;
            let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(measures::table)
                .values((
                    measures::program_year_id.eq(owner.program_year_id),
                    measures::team_id.eq(owner.team_id),
                    fields(&input),
                ))
                .returning(measures::id)
                .get_result(c))?;
            set_levels(conn, id, &input.levels)?;
            let made = Measure::detail(conn, id)?;
            made.log_created(conn, by)?;
            Ok(made)
        })
    }

    /// Saves an edit. Once observations use the measure, its kind and scale stay as they are
    /// (their values were checked against them); names, descriptions and descriptors may change.
    /// A save made from a stale `version` is refused (409).
    pub fn update(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        input: &MeasureInput,
    ) -> Result<MeasureDetail, AppError> {
        let input = clean(input);
        conn.write_transaction(|conn| {
            let before = Measure::detail(conn, id)?;
            let current = before.measure.clone();
            crate::models::versioned::check(&current, current.version, version)?;
            check(conn, current.owner(), Some(id), &input)?;
            if current.scale() != input.scale && Measure::has_observations(conn, id)? {
                return Err(AppError::Invalid(scale_locked(&current, &input.scale)));
            }
            let won = crate::update_versioned!(conn, measures, id, version, fields(&input))?;
            crate::models::versioned::won(won, || Ok(Measure::detail(conn, id)?))?;
            set_levels(conn, id, &input.levels)?;
            let after = Measure::detail(conn, id)?;
            let summary = after.measure.name.clone();
            audit::record(
                conn,
                by,
                Change::updated(EntityKind::Measure, id, summary, &before, &after),
            )?;
            Ok(after)
        })
    }
}

impl MeasureDetail {
    /// Logs this measure, with its levels, as made by `by`.
    fn log_created(&self, conn: &mut DbConn, by: &AuditActor) -> QueryResult<()> {
        let m = &self.measure;
        audit::record(
            conn,
            by,
            Change::created(EntityKind::Measure, m.id, m.name.clone(), self),
        )
    }
}

/// Trimmed text; levels stay in the order given, so that errors name them as the caller did.
fn clean(input: &MeasureInput) -> MeasureInput {
    let levels = input
        .levels
        .iter()
        .map(|(l, d)| (*l, d.trim().to_string()))
        .collect();
    MeasureInput {
        name: input.name.trim().to_string(),
        description: input.description.trim().to_string(),
        scale: input.scale,
        higher_is_better: input.higher_is_better,
        levels,
    }
}

type Fields = (
    diesel::dsl::Eq<measures::name, String>,
    diesel::dsl::Eq<measures::description, String>,
    diesel::dsl::Eq<measures::kind, &'static str>,
    diesel::dsl::Eq<measures::scale_min, Option<i32>>,
    diesel::dsl::Eq<measures::scale_max, Option<i32>>,
    diesel::dsl::Eq<measures::higher_is_better, bool>,
);

fn fields(i: &MeasureInput) -> Fields {
    (
        measures::name.eq(i.name.clone()),
        measures::description.eq(i.description.clone()),
        measures::kind.eq(i.scale.kind.as_str()),
        measures::scale_min.eq(i.scale.min),
        measures::scale_max.eq(i.scale.max),
        measures::higher_is_better.eq(i.higher_is_better),
    )
}

/// The domain's rules, the description's length, and a name nobody else uses: within the same
/// owner, and between a team's own measures and the year's shared ones, so that a name in an
/// import always points at one measure.
fn check(
    conn: &mut DbConn,
    owner: Owner,
    id: Option<i32>,
    input: &MeasureInput,
) -> Result<(), AppError> {
    let mut problems = measure::check_measure(&input.name, &input.scale, &input.levels)
        .err()
        .unwrap_or_default();
    if input.description.chars().count() > MAX_DESCRIPTION {
        let message = format!("must be at most {MAX_DESCRIPTION} characters");
        problems.push(Violation::new("description", message));
    }
    if !problems.iter().any(|v| v.field == "name") {
        problems.extend(name_taken(conn, owner, id, &input.name)?);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(problems))
    }
}

/// Why `name` cannot be used by `owner`, if it cannot (compared without regard to case).
fn name_taken(
    conn: &mut DbConn,
    owner: Owner,
    id: Option<i32>,
    name: &str,
) -> QueryResult<Option<Violation>> {
    let others: Vec<(i32, Option<i32>, String)> = measures::table
        .filter(measures::program_year_id.eq(owner.program_year_id))
        .filter(measures::id.ne(id.unwrap_or(0)))
        .select((measures::id, measures::team_id, measures::name))
        .load(conn)?;
    let wanted = name.to_lowercase();
    let clash = others
        .iter()
        .filter(|(_, _, n)| n.to_lowercase() == wanted)
        .find_map(|(_, team, _)| match (owner.team_id, *team) {
            (a, b) if a == b => Some("a measure with this name exists already"),
            (Some(_), None) => Some("is the name of one of the year's shared measures"),
            (None, Some(_)) => Some("is the name of a team's own measure this year"),
            _ => None,
        });
    Ok(clash.map(|m| Violation::new("name", m)))
}

/// The 422 for a kind or scale change on a measure that has observations.
fn scale_locked(current: &Measure, wanted: &Scale) -> Vec<Violation> {
    let message = "cannot change once observations use this measure";
    let now = current.scale();
    let mut problems = Vec::new();
    if now.kind != wanted.kind {
        problems.push(Violation::new("kind", message));
    }
    if now.min != wanted.min {
        problems.push(Violation::new("scale_min", message));
    }
    if now.max != wanted.max {
        problems.push(Violation::new("scale_max", message));
    }
    problems
}

/// Replaces a measure's rubric levels.
fn set_levels(conn: &mut DbConn, measure_id: i32, levels: &[(i32, String)]) -> QueryResult<()> {
    diesel::delete(rubric_levels::table.filter(rubric_levels::measure_id.eq(measure_id)))
        .execute(conn)?;
    let rows: Vec<_> = levels
        .iter()
        .map(|(level, descriptor)| {
            (
                rubric_levels::measure_id.eq(measure_id),
                rubric_levels::level.eq(*level),
                rubric_levels::descriptor.eq(descriptor.clone()),
            )
        })
        .collect();
    if !rows.is_empty() {
        crate::per_backend!(conn, |c| diesel::insert_into(rubric_levels::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}

impl Measure {
    /// Copies the shared measures of one year, with their levels, into another (the roll-over
    /// to the next year); a name the target year has already is skipped. Returns how many were
    /// copied.
    pub fn copy_shared(
        conn: &mut DbConn,
        by: &AuditActor,
        from_year: i32,
        to_year: i32,
    ) -> QueryResult<usize> {
        let shared = Measure::shared_of_year(conn, from_year)?;
        let source = Measure::with_levels(conn, shared)?;
        let taken: Vec<String> = Measure::shared_of_year(conn, to_year)?
            .into_iter()
            .map(|m| m.name.to_lowercase())
            .collect();
        let mut copied = 0;
        for d in source
            .iter()
            .filter(|d| !taken.contains(&d.measure.name.to_lowercase()))
        {
            let m = &d.measure;
            let input = MeasureInput {
                name: m.name.clone(),
                description: m.description.clone(),
                scale: m.scale(),
                higher_is_better: m.higher_is_better,
                levels: d
                    .levels
                    .iter()
                    .map(|l| (l.level, l.descriptor.clone()))
                    .collect(),
            };
            let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(measures::table)
                .values((
                    measures::program_year_id.eq(to_year),
                    measures::team_id.eq(None::<i32>),
                    fields(&input),
                ))
                .returning(measures::id)
                .get_result(c))?;
            set_levels(conn, id, &input.levels)?;
            Measure::detail(conn, id)?.log_created(conn, by)?;
            copied += 1;
        }
        Ok(copied)
    }
}
