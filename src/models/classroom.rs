//! Classrooms a team observes: a label unique within the team, a school of the team's district,
//! the teacher (a person on the team, or just a name), subject and grade.

use crate::db::DbConn;
use crate::db::schema::{classrooms, observations, people, schools, team_members};
use crate::domain::observation::check_label;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use diesel::prelude::*;
use serde::Serialize;

use super::district::School;
use super::team::Team;

/// A classroom.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = classrooms)]
pub struct Classroom {
    /// Id.
    pub id: i32,
    /// The team observing it.
    pub team_id: i32,
    /// Its school, one of the team's district's.
    pub school_id: Option<i32>,
    /// Label, unique within the team ("Room 12").
    pub label: String,
    /// The teacher, when they are on the team.
    pub teacher_person_id: Option<i32>,
    /// The teacher's name, when they are not.
    pub teacher_name: String,
    /// Subject.
    pub subject: String,
    /// Grade.
    pub grade: String,
}

/// A classroom with the names people read.
#[derive(Debug, Clone)]
pub struct ClassroomRow {
    /// The classroom.
    pub classroom: Classroom,
    /// Its school's name.
    pub school_name: Option<String>,
    /// The teacher's name, from the person when on the team, else the name typed.
    pub teacher: String,
}

/// A classroom as it should be after a create or an edit.
#[derive(Debug, Clone, Default)]
pub struct ClassroomInput {
    /// School.
    pub school_id: Option<i32>,
    /// Label.
    pub label: String,
    /// Teacher on the team.
    pub teacher_person_id: Option<i32>,
    /// Teacher's name otherwise.
    pub teacher_name: String,
    /// Subject.
    pub subject: String,
    /// Grade.
    pub grade: String,
}

/// Why a second classroom with the same label is refused.
const LABEL_TAKEN: &str = "another classroom of this team has this label";

impl Classroom {
    /// One classroom.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Classroom> {
        classrooms::table
            .find(id)
            .select(Classroom::as_select())
            .first(conn)
    }

    /// A team's classrooms by label, in one query.
    pub fn of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<Classroom>> {
        classrooms::table
            .filter(classrooms::team_id.eq(team_id))
            .order((classrooms::label, classrooms::id))
            .select(Classroom::as_select())
            .load(conn)
    }

    /// A team's classrooms by label with school and teacher names, in one query.
    pub fn rows_of_team(conn: &mut DbConn, team_id: i32) -> QueryResult<Vec<ClassroomRow>> {
        let rows = classrooms::table
            .left_join(schools::table)
            .left_join(people::table)
            .filter(classrooms::team_id.eq(team_id))
            .order((classrooms::label, classrooms::id))
            .select((
                Classroom::as_select(),
                schools::name.nullable(),
                people::name.nullable(),
            ))
            .load(conn)?;
        Ok(rows.into_iter().map(ClassroomRow::new).collect())
    }

    /// One classroom with school and teacher names.
    pub fn row(conn: &mut DbConn, id: i32) -> QueryResult<ClassroomRow> {
        classrooms::table
            .left_join(schools::table)
            .left_join(people::table)
            .filter(classrooms::id.eq(id))
            .select((
                Classroom::as_select(),
                schools::name.nullable(),
                people::name.nullable(),
            ))
            .first(conn)
            .map(ClassroomRow::new)
    }

    /// How many observations it has.
    pub fn observation_count(conn: &mut DbConn, id: i32) -> QueryResult<i64> {
        observations::table
            .filter(observations::classroom_id.eq(id))
            .count()
            .get_result(conn)
    }
}

impl ClassroomRow {
    fn new((classroom, school_name, person): (Classroom, Option<String>, Option<String>)) -> Self {
        let teacher = person.unwrap_or_else(|| classroom.teacher_name.clone());
        ClassroomRow {
            classroom,
            school_name,
            teacher,
        }
    }
}

impl Classroom {
    /// Adds a classroom to a team; every broken rule comes back at once.
    pub fn create(
        conn: &mut DbConn,
        team: &Team,
        input: &ClassroomInput,
    ) -> Result<Classroom, AppError> {
        conn.write_transaction(|conn| {
            let input = check(conn, team, None, input)?;
            let id: i32 = crate::per_backend!(conn, |c| diesel::insert_into(classrooms::table)
                .values((classrooms::team_id.eq(team.id), fields(&input)))
                .returning(classrooms::id)
                .get_result(c))
            .map_err(super::unique_as("label", LABEL_TAKEN))?;
            Ok(Classroom::find(conn, id)?)
        })
    }

    /// Saves an edit.
    pub fn update(
        conn: &mut DbConn,
        team: &Team,
        id: i32,
        input: &ClassroomInput,
    ) -> Result<Classroom, AppError> {
        conn.write_transaction(|conn| {
            let input = check(conn, team, Some(id), input)?;
            diesel::update(classrooms::table.find(id))
                .set(fields(&input))
                .execute(conn)
                .map_err(super::unique_as("label", LABEL_TAKEN))?;
            Ok(Classroom::find(conn, id)?)
        })
    }

    /// Deletes a classroom that has no observations; one with observations is kept (a 422), so
    /// that deleting never loses recorded evidence.
    pub fn delete(conn: &mut DbConn, id: i32) -> Result<(), AppError> {
        conn.write_transaction(|conn| {
            let n = Classroom::observation_count(conn, id)?;
            if n > 0 {
                let message = format!("has {n} observation(s); it cannot be deleted");
                return Err(AppError::invalid("id", message));
            }
            diesel::delete(classrooms::table.find(id)).execute(conn)?;
            Ok(())
        })
    }
}

type Fields = (
    diesel::dsl::Eq<classrooms::school_id, Option<i32>>,
    diesel::dsl::Eq<classrooms::label, String>,
    diesel::dsl::Eq<classrooms::teacher_person_id, Option<i32>>,
    diesel::dsl::Eq<classrooms::teacher_name, String>,
    diesel::dsl::Eq<classrooms::subject, String>,
    diesel::dsl::Eq<classrooms::grade, String>,
);

fn fields(i: &ClassroomInput) -> Fields {
    (
        classrooms::school_id.eq(i.school_id),
        classrooms::label.eq(i.label.clone()),
        classrooms::teacher_person_id.eq(i.teacher_person_id),
        classrooms::teacher_name.eq(i.teacher_name.clone()),
        classrooms::subject.eq(i.subject.clone()),
        classrooms::grade.eq(i.grade.clone()),
    )
}

/// The input cleaned, or every problem with it.
fn check(
    conn: &mut DbConn,
    team: &Team,
    id: Option<i32>,
    input: &ClassroomInput,
) -> Result<ClassroomInput, AppError> {
    let mut problems = Vec::new();
    let mut keep = |r: Result<String, Violation>| r.map_err(|v| problems.push(v)).ok();
    let label = keep(check_label(&input.label));
    let teacher_name = keep(optional("teacher_name", &input.teacher_name, 200));
    let subject = keep(optional("subject", &input.subject, 100));
    let grade = keep(optional("grade", &input.grade, 40));
    if let Some(l) = &label {
        problems.extend(label_taken(conn, team.id, id, l)?);
    }
    problems.extend(school_problem(conn, team, input.school_id)?);
    problems.extend(teacher_problem(conn, team, input)?);
    match (label, teacher_name, subject, grade) {
        (Some(label), Some(teacher_name), Some(subject), Some(grade)) if problems.is_empty() => {
            Ok(ClassroomInput {
                school_id: input.school_id,
                label,
                teacher_person_id: input.teacher_person_id,
                teacher_name,
                subject,
                grade,
            })
        }
        _ => Err(AppError::Invalid(problems)),
    }
}

/// Trimmed text that may be blank, at most `max` characters.
fn optional(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    if value.trim().is_empty() {
        Ok(String::new())
    } else {
        validate::name(field, value, max)
    }
}

/// Another classroom of the team with this label (compared without regard to case, since
/// imports find classrooms that way).
fn label_taken(
    conn: &mut DbConn,
    team_id: i32,
    id: Option<i32>,
    label: &str,
) -> QueryResult<Option<Violation>> {
    let labels: Vec<String> = classrooms::table
        .filter(classrooms::team_id.eq(team_id))
        .filter(classrooms::id.ne(id.unwrap_or(0)))
        .select(classrooms::label)
        .load(conn)?;
    let wanted = label.to_lowercase();
    Ok(labels
        .iter()
        .any(|l| l.to_lowercase() == wanted)
        .then(|| Violation::new("label", LABEL_TAKEN)))
}

/// The school, when given, must be one of the team's district's.
fn school_problem(
    conn: &mut DbConn,
    team: &Team,
    school_id: Option<i32>,
) -> QueryResult<Option<Violation>> {
    let Some(school_id) = school_id else {
        return Ok(None);
    };
    let school = School::find(conn, school_id).optional()?;
    Ok(school
        .filter(|s| s.district_id == team.district_id)
        .is_none()
        .then(|| Violation::new("school_id", "is not a school of the team's district")))
}

/// The teacher is a person on the team, or a name, not both.
fn teacher_problem(
    conn: &mut DbConn,
    team: &Team,
    input: &ClassroomInput,
) -> QueryResult<Option<Violation>> {
    let Some(person_id) = input.teacher_person_id else {
        return Ok(None);
    };
    if !input.teacher_name.trim().is_empty() {
        return Ok(Some(Violation::new(
            "teacher_name",
            "give either a team member (teacher_person_id) or a name, not both",
        )));
    }
    let on_team: bool = diesel::select(diesel::dsl::exists(
        team_members::table
            .filter(team_members::team_id.eq(team.id))
            .filter(team_members::person_id.eq(person_id)),
    ))
    .get_result(conn)?;
    Ok((!on_team).then(|| Violation::new("teacher_person_id", "is not on this team")))
}

impl Classroom {
    /// Copies a team's classrooms to another team (the roll-over to the next year); a label the
    /// target has already is skipped, and a teacher who is not on the target team is kept by
    /// name. Returns how many were copied.
    pub fn copy_to_team(conn: &mut DbConn, from_team: i32, to_team: i32) -> QueryResult<usize> {
        let source = Classroom::rows_of_team(conn, from_team)?;
        let taken: Vec<String> = Classroom::of_team(conn, to_team)?
            .into_iter()
            .map(|c| c.label.to_lowercase())
            .collect();
        let members: Vec<i32> = team_members::table
            .filter(team_members::team_id.eq(to_team))
            .select(team_members::person_id)
            .load(conn)?;
        let rows: Vec<_> = source
            .iter()
            .filter(|r| !taken.contains(&r.classroom.label.to_lowercase()))
            .map(|r| copied(r, to_team, &members))
            .collect();
        if !rows.is_empty() {
            crate::per_backend!(conn, |c| diesel::insert_into(classrooms::table)
                .values(&rows)
                .execute(c))?;
        }
        Ok(rows.len())
    }
}

type CopyRow = (diesel::dsl::Eq<classrooms::team_id, i32>, Fields);

/// A classroom's row for the copied team: the teacher stays linked when on that team's roster.
fn copied(row: &ClassroomRow, to_team: i32, members: &[i32]) -> CopyRow {
    let c = &row.classroom;
    let linked = c.teacher_person_id.filter(|p| members.contains(p));
    let input = ClassroomInput {
        school_id: c.school_id,
        label: c.label.clone(),
        teacher_person_id: linked,
        teacher_name: if linked.is_some() {
            String::new()
        } else {
            row.teacher.clone()
        },
        subject: c.subject.clone(),
        grade: c.grade.clone(),
    };
    (classrooms::team_id.eq(to_team), fields(&input))
}
