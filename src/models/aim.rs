//! A team's aim: what it wants to improve, by how much and by when. One per team; the target (a
//! measure the team may use, a value that fits it, a date) is optional, but a value or a date
//! means nothing without the measure.

use crate::db::DbConn;
use crate::db::schema::aims;
use crate::domain::{Violation, measure, validate};
use crate::error::AppError;
use crate::models::cycle::measures;
use crate::models::team::Team;
use crate::models::versioned;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

/// Longest aim statement.
const STATEMENT_MAX: usize = 2000;

/// A team's aim as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = aims)]
pub struct Aim {
    /// Id.
    pub id: i32,
    /// The team.
    pub team_id: i32,
    /// What the team aims for.
    pub statement: String,
    /// Target: the measure.
    pub target_measure_id: Option<i32>,
    /// Target: the value to reach.
    pub target_value: Option<f64>,
    /// Target: by when.
    pub target_date: Option<NaiveDate>,
    /// Optimistic-lock version.
    pub version: i32,
}

/// What is set when saving an aim.
#[derive(Debug, Clone, Default)]
pub struct AimInput {
    /// What the team aims for.
    pub statement: String,
    /// Target measure.
    pub target_measure_id: Option<i32>,
    /// Target value.
    pub target_value: Option<f64>,
    /// Target date.
    pub target_date: Option<NaiveDate>,
}

impl Aim {
    /// The team's aim, if it has written one.
    pub fn of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Option<Aim>> {
        aims::table
            .filter(aims::team_id.eq(team_id))
            .select(Aim::as_select())
            .first(conn)
            .optional()
    }

    /// Writes the team's aim from `version` (0 when the team has none yet): a stale version is a
    /// conflict carrying the aim as it stands (null when there is none).
    pub fn save(
        conn: &mut DbConn,
        team: &Team,
        version: i32,
        input: &AimInput,
    ) -> Result<Aim, AppError> {
        conn.write_transaction(|conn| {
            let current = Aim::of_team(conn, team.id)?;
            versioned::check(&current, current.as_ref().map_or(0, |a| a.version), version)?;
            let statement = check(conn, team, input)?;
            let values = values(statement, input);
            let saved = match current {
                Some(aim) => crate::update_versioned!(conn, aims, aim.id, version, values)?,
                // The first save creates the row: a racing first save meets the UNIQUE team_id.
                None => first_save(conn, team.id, values)?,
            };
            versioned::won(saved, || Ok(Aim::of_team(conn, team.id)?))?;
            Aim::of_team(conn, team.id)?.ok_or(AppError::NotFound("aim"))
        })
    }
}

type Values = (
    diesel::dsl::Eq<aims::statement, String>,
    diesel::dsl::Eq<aims::target_measure_id, Option<i32>>,
    diesel::dsl::Eq<aims::target_value, Option<f64>>,
    diesel::dsl::Eq<aims::target_date, Option<NaiveDate>>,
);

fn values(statement: String, input: &AimInput) -> Values {
    (
        aims::statement.eq(statement),
        aims::target_measure_id.eq(input.target_measure_id),
        aims::target_value.eq(input.target_value),
        aims::target_date.eq(input.target_date),
    )
}

/// Inserts a team's first aim; `false` when another first save made it in between (the
/// UNIQUE team_id refuses the second), so that the caller answers with the conflict.
fn first_save(conn: &mut DbConn, team_id: i32, values: Values) -> QueryResult<bool> {
    // A savepoint: on PostgreSQL a failed statement would otherwise end the transaction.
    let inserted = conn.transaction(|c| {
        diesel::insert_into(aims::table)
            .values((aims::team_id.eq(team_id), values))
            .execute(c)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The trimmed statement, once every rule holds: a statement; a value or date only with a
/// measure; a measure the team may use; a value that fits it.
fn check(conn: &mut DbConn, team: &Team, input: &AimInput) -> Result<String, AppError> {
    let mut problems = Vec::new();
    let statement = validate::required("statement", &input.statement, STATEMENT_MAX)
        .map_err(|v| problems.push(v))
        .ok();
    match input.target_measure_id {
        None => {
            let needs = "needs a target measure (target_measure_id)";
            if input.target_value.is_some() {
                problems.push(Violation::new("target_value", needs));
            }
            if input.target_date.is_some() {
                problems.push(Violation::new("target_date", needs));
            }
        }
        Some(id) => match measures::usable_scale(conn, team, id)? {
            None => problems.push(Violation::new(
                "target_measure_id",
                format!("measure {id} is not a measure this team can use"),
            )),
            Some(scale) => {
                let value = input.target_value;
                problems.extend(
                    value.and_then(|v| measure::check_value("target_value", &scale, v).err()),
                );
            }
        },
    }
    match statement {
        Some(s) if problems.is_empty() => Ok(s),
        _ => Err(AppError::Invalid(problems)),
    }
}
