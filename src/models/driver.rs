//! A team's driver diagram: primary drivers (no parent), secondary drivers under a primary of the
//! same team (two levels, no deeper), and the change ideas attached to a driver, each with the
//! stage it has reached. A change idea's stage is the team's decision; cycles never change it.

use crate::db::DbConn;
use crate::db::schema::{change_ideas, drivers};
use crate::domain::cycle::Stage;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::models::versioned;
use diesel::prelude::*;
use serde::Serialize;

/// Longest driver or change idea title.
const TITLE_MAX: usize = 200;
/// Longest change idea description.
const DESCRIPTION_MAX: usize = 5000;

/// A driver: primary when `parent_id` is none, else secondary under that primary.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = drivers)]
pub struct Driver {
    /// Id.
    pub id: i32,
    /// The team.
    pub team_id: i32,
    /// The primary driver it sits under; none for a primary.
    pub parent_id: Option<i32>,
    /// What drives the aim.
    pub title: String,
    /// Order among its siblings.
    pub position: i32,
    /// Bumped by every save; an edit names the version it was made from.
    pub version: i32,
}

/// What is set when adding or editing a driver.
#[derive(Debug, Clone, Default)]
pub struct DriverInput {
    /// Title.
    pub title: String,
    /// The primary it sits under; none makes it a primary.
    pub parent_id: Option<i32>,
    /// Order among siblings; after the last when none.
    pub position: Option<i32>,
}

impl Driver {
    /// One driver.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Driver> {
        drivers::table
            .find(id)
            .select(Driver::as_select())
            .first(conn)
    }

    /// A team's drivers in diagram order (position, then id): one query.
    pub fn of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Driver>> {
        drivers::table
            .filter(drivers::team_id.eq(team_id))
            .order((drivers::position, drivers::id))
            .select(Driver::as_select())
            .load(conn)
    }

    /// Adds a driver to team `team_id`.
    pub fn create(
        conn: &mut DbConn,
        team_id: i32,
        input: &DriverInput,
    ) -> Result<Driver, AppError> {
        let title = check_driver(conn, team_id, None, input)?;
        let position = match input.position {
            Some(p) => p,
            None => siblings(conn, team_id, input.parent_id)?,
        };
        let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(drivers::table)
            .values((
                drivers::team_id.eq(team_id),
                drivers::parent_id.eq(input.parent_id),
                drivers::title.eq(&title),
                drivers::position.eq(position),
            ))
            .returning(drivers::id)
            .get_result(c))?;
        Ok(Driver::find(conn, id)?)
    }

    /// Renames, reorders or moves a driver read at `version` (409 when stale), keeping the
    /// diagram two levels deep.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        input: &DriverInput,
    ) -> Result<Driver, AppError> {
        conn.write_transaction(|conn| {
            let current = Driver::find(conn, id)?;
            versioned::check(&current, current.version, version)?;
            let title = check_driver(conn, current.team_id, Some(id), input)?;
            let changes = (
                drivers::title.eq(&title),
                drivers::parent_id.eq(input.parent_id),
                drivers::position.eq(input.position.unwrap_or(current.position)),
            );
            let won = crate::update_versioned!(conn, drivers, id, version, changes)?;
            versioned::won(won, || Ok(Driver::find(conn, id)?))?;
            Ok(Driver::find(conn, id)?)
        })
    }

    /// Removes a driver that has neither secondary drivers nor change ideas (422 otherwise, so
    /// that removing a driver never takes a team's cycles with it).
    pub fn delete(conn: &mut DbConn, id: i32) -> Result<(), AppError> {
        let children: i64 = drivers::table
            .filter(drivers::parent_id.eq(id))
            .count()
            .get_result(conn)?;
        let ideas: i64 = change_ideas::table
            .filter(change_ideas::driver_id.eq(id))
            .count()
            .get_result(conn)?;
        let mut problems = Vec::new();
        if children > 0 {
            problems.push(Violation::new(
                "id",
                format!("has {children} secondary driver(s) under it; remove or move them first"),
            ));
        }
        if ideas > 0 {
            problems.push(Violation::new(
                "id",
                format!("has {ideas} change idea(s); move them to another driver first"),
            ));
        }
        if !problems.is_empty() {
            return Err(AppError::Invalid(problems));
        }
        diesel::delete(drivers::table.find(id)).execute(conn)?;
        Ok(())
    }
}

/// Drivers under the same parent, for placing a new one last.
fn siblings(conn: &mut DbConn, team_id: i32, parent: Option<i32>) -> QueryResult<i32> {
    let q = drivers::table.filter(drivers::team_id.eq(team_id));
    let n: i64 = match parent {
        Some(p) => q
            .filter(drivers::parent_id.eq(p))
            .count()
            .get_result(conn)?,
        None => q
            .filter(drivers::parent_id.is_null())
            .count()
            .get_result(conn)?,
    };
    Ok(i32::try_from(n).unwrap_or(i32::MAX))
}

/// The title, and the parent: a primary driver of the same team, not the driver itself, and
/// never under a driver that has secondaries of its own. Every problem at once.
fn check_driver(
    conn: &mut DbConn,
    team_id: i32,
    id: Option<i32>,
    input: &DriverInput,
) -> Result<String, AppError> {
    let mut problems = Vec::new();
    let title = validate::name("title", &input.title, TITLE_MAX)
        .map_err(|v| problems.push(v))
        .ok();
    if let Some(parent_id) = input.parent_id {
        problems.extend(check_parent(conn, team_id, id, parent_id)?);
    }
    match title {
        Some(t) if problems.is_empty() => Ok(t),
        _ => Err(AppError::Invalid(problems)),
    }
}

/// Why `parent_id` cannot be the parent of driver `id` (none for a new driver) of `team_id`.
fn check_parent(
    conn: &mut DbConn,
    team_id: i32,
    id: Option<i32>,
    parent_id: i32,
) -> Result<Option<Violation>, AppError> {
    let parent = Driver::find(conn, parent_id).optional()?;
    let has_children = match id {
        Some(id) => {
            drivers::table
                .filter(drivers::parent_id.eq(id))
                .count()
                .get_result::<i64>(conn)?
                > 0
        }
        None => false,
    };
    let message = match parent {
        Some(p) if p.team_id != team_id => "is not a driver of this team",
        Some(p) if Some(p.id) == id => "cannot be the driver itself",
        Some(p) if p.parent_id.is_some() => {
            "is a secondary driver; a secondary driver cannot have drivers under it"
        }
        Some(_) if has_children => {
            "cannot be set: this driver has secondary drivers, so it must stay a primary driver"
        }
        Some(_) => return Ok(None),
        None => "is not a driver of this team",
    };
    Ok(Some(Violation::new("parent_id", message)))
}

/// A change idea: what the team will try, attached to a driver of its diagram.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = change_ideas)]
pub struct ChangeIdea {
    /// Id.
    pub id: i32,
    /// The team.
    pub team_id: i32,
    /// The driver it acts on.
    pub driver_id: i32,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// testing | implementing | spreading | abandoned.
    #[schema(example = "testing")]
    pub stage: String,
    /// Send it back with an edit; a stale one is refused with 409.
    pub version: i32,
}

/// What is set when adding or editing a change idea.
#[derive(Debug, Clone)]
pub struct ChangeIdeaInput {
    /// The driver, of the same team.
    pub driver_id: i32,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Stage.
    pub stage: Stage,
}

impl ChangeIdea {
    /// One change idea.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<ChangeIdea> {
        change_ideas::table
            .find(id)
            .select(ChangeIdea::as_select())
            .first(conn)
    }

    /// A team's change ideas in id order, after `after` (one query; all with `i64::MAX`).
    pub fn page_of_team(
        conn: &mut DbConn,
        team_id: i32,
        after: Option<i32>,
        limit: i64,
    ) -> QueryResult<Vec<ChangeIdea>> {
        change_ideas::table
            .filter(change_ideas::team_id.eq(team_id))
            .filter(change_ideas::id.gt(after.unwrap_or(i32::MIN)))
            .order(change_ideas::id)
            .limit(limit)
            .select(ChangeIdea::as_select())
            .load(conn)
    }

    /// Adds a change idea to team `team_id`.
    pub fn create(
        conn: &mut DbConn,
        team_id: i32,
        input: &ChangeIdeaInput,
    ) -> Result<ChangeIdea, AppError> {
        let (title, description) = check_idea(conn, team_id, input)?;
        let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(change_ideas::table)
            .values((
                change_ideas::team_id.eq(team_id),
                change_ideas::driver_id.eq(input.driver_id),
                change_ideas::title.eq(&title),
                change_ideas::description.eq(&description),
                change_ideas::stage.eq(input.stage.as_str()),
            ))
            .returning(change_ideas::id)
            .get_result(c))?;
        Ok(ChangeIdea::find(conn, id)?)
    }

    /// Saves an edit made from `version`; a stale one is a conflict with the current record.
    pub fn update(
        conn: &mut DbConn,
        id: i32,
        version: i32,
        input: &ChangeIdeaInput,
    ) -> Result<ChangeIdea, AppError> {
        conn.write_transaction(|conn| {
            let current = ChangeIdea::find(conn, id)?;
            versioned::check(&current, current.version, version)?;
            let (title, description) = check_idea(conn, current.team_id, input)?;
            let changes = (
                change_ideas::driver_id.eq(input.driver_id),
                change_ideas::title.eq(&title),
                change_ideas::description.eq(&description),
                change_ideas::stage.eq(input.stage.as_str()),
            );
            let saved = crate::update_versioned!(conn, change_ideas, id, version, changes)?;
            versioned::won(saved, || Ok(ChangeIdea::find(conn, id)?))?;
            Ok(ChangeIdea::find(conn, id)?)
        })
    }
}

/// The trimmed title and description, and the driver of the same team; every problem at once.
fn check_idea(
    conn: &mut DbConn,
    team_id: i32,
    input: &ChangeIdeaInput,
) -> Result<(String, String), AppError> {
    let mut problems = Vec::new();
    let title = validate::name("title", &input.title, TITLE_MAX)
        .map_err(|v| problems.push(v))
        .ok();
    let description = input.description.trim().to_string();
    if description.chars().count() > DESCRIPTION_MAX {
        let message = format!("must be at most {DESCRIPTION_MAX} characters");
        problems.push(Violation::new("description", message));
    }
    let driver = Driver::find(conn, input.driver_id).optional()?;
    if driver.is_none_or(|d| d.team_id != team_id) {
        problems.push(Violation::new("driver_id", "is not a driver of this team"));
    }
    match title {
        Some(t) if problems.is_empty() => Ok((t, description)),
        _ => Err(AppError::Invalid(problems)),
    }
}
