//! What the evidence stands on: the year's shared measures, last year's team (made from this
//! year's roster when the demo has none), and each team's classrooms.

use super::data::{ClassroomSeed, Evidence, MeasureSeed, TeamSeed};
use crate::db::DbConn;
use crate::domain::measure::Scale;
use crate::error::AppError;
use crate::models::classroom::{Classroom, ClassroomInput};
use crate::models::measure::{Measure, MeasureInput, Owner};
use crate::models::team::{NewMember, Team};
use crate::models::year::{Membership, ProgramYear};
use crate::seed::people::{People, SeededDistrict};
use crate::seed::skip_refused;

/// The year's shared measures of the file (natural key year × shared × name, any case), created
/// when missing, with their place in the file; one the rules refuse is left out.
pub fn ensure_measures(
    conn: &mut DbConn,
    year: &ProgramYear,
    ev: &Evidence,
) -> Result<Vec<(usize, Measure)>, AppError> {
    let mut stored = Measure::shared_of_year(conn, year.id)?;
    let mut out = Vec::new();
    for (i, m) in ev.measures.iter().enumerate() {
        let found = stored
            .iter()
            .find(|s| s.name.to_lowercase() == m.name.to_lowercase())
            .cloned();
        let measure = match found {
            Some(s) => Some(s),
            None => {
                let owner = Owner {
                    program_year_id: year.id,
                    team_id: None,
                };
                let made = Measure::create(conn, &crate::seed::actor(), owner, &input(m));
                skip_refused(made, "measure")?.map(|d| d.measure)
            }
        };
        if let Some(measure) = measure {
            stored.push(measure.clone());
            out.push((i, measure));
        }
    }
    Ok(out)
}

/// A measure of the file as the model takes it.
fn input(m: &MeasureSeed) -> MeasureInput {
    MeasureInput {
        name: m.name.clone(),
        description: m.description.clone(),
        scale: Scale {
            kind: m.kind,
            min: m.scale_min,
            max: m.scale_max,
        },
        higher_is_better: m.higher_is_better,
        levels: m.levels.clone(),
    }
}

/// The district's team last year. When the district was a member then and has no team, it is
/// made with this year's roster less those who joined this year, through the team rules (a
/// line they refuse is left out). An existing team is used as it is.
pub fn last_year_team(
    conn: &mut DbConn,
    year: &ProgramYear,
    d: &SeededDistrict,
    team_seed: &TeamSeed,
    people: &People,
) -> Result<Option<Team>, AppError> {
    if let Some(team) = Team::of_district(conn, year.id, d.district.id)? {
        return Ok(Some(team));
    }
    if !Membership::is_member(conn, year.id, d.district.id)? {
        return Ok(None);
    }
    let team = Team::ensure(
        conn,
        &crate::seed::actor(),
        year.id,
        d.district.id,
        &d.seed.team_name,
    )?;
    let returning = d
        .seed
        .members
        .iter()
        .filter(|m| !team_seed.joined_this_year.contains(&m.email));
    for m in returning {
        let new = NewMember {
            person_id: people.get(&m.email)?.id,
            role: m.role,
            school_id: m
                .school
                .as_ref()
                .and_then(|s| d.schools.get(s))
                .map(|s| s.id),
        };
        skip_refused(
            Team::add_member(conn, &crate::seed::actor(), &team, &new),
            "last year's team member",
        )?;
    }
    Ok(Some(team))
}

/// The team's classrooms of the file (natural key team × label, any case), created when
/// missing, with their place in the file; a classroom the rules refuse is left out.
pub fn ensure_classrooms(
    conn: &mut DbConn,
    team: &Team,
    d: &SeededDistrict,
    team_seed: &TeamSeed,
    people: &People,
) -> Result<Vec<(usize, Classroom)>, AppError> {
    let mut stored = Classroom::of_team(conn, team.id)?;
    let roster: Vec<i32> = Team::roster(conn, team.id)?
        .iter()
        .map(|l| l.member.person_id)
        .collect();
    let mut out = Vec::new();
    for (i, c) in team_seed.classrooms.iter().enumerate() {
        let wanted = c.label.to_lowercase();
        if let Some(found) = stored.iter().find(|s| s.label.to_lowercase() == wanted) {
            out.push((i, found.clone()));
            continue;
        }
        let input = classroom_input(c, d, people, &roster);
        if let Some(made) = skip_refused(Classroom::create(conn, team, &input), "classroom")? {
            stored.push(made.clone());
            out.push((i, made));
        }
    }
    Ok(out)
}

/// A classroom of the file in the district's school; a teacher named by address is linked when
/// on the team's roster, else kept by name.
fn classroom_input(
    c: &ClassroomSeed,
    d: &SeededDistrict,
    people: &People,
    roster: &[i32],
) -> ClassroomInput {
    let person = people.by_email.get(&c.teacher);
    let linked = person.filter(|p| roster.contains(&p.id));
    ClassroomInput {
        school_id: d
            .seed
            .schools
            .get(c.school)
            .and_then(|s| d.schools.get(s))
            .map(|s| s.id),
        label: c.label.clone(),
        teacher_person_id: linked.map(|p| p.id),
        teacher_name: match (linked, person) {
            (Some(_), _) => String::new(),
            (None, Some(p)) => p.name.clone(),
            (None, None) => c.teacher.clone(),
        },
        subject: c.subject.clone(),
        grade: c.grade.clone(),
    }
}
