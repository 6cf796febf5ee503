//! What a generated network's evidence stands on: districts with their schools and people
//! (eight each, one shared password hash), the program years with every district a member,
//! and each year's team with its roster and classrooms. Everything goes through the models,
//! so the team rules (two schools at most, one team a year) hold for generated data too.

use super::names;
use super::plan::{DistrictPlan, Plan, YearPlan};
use crate::db::DbConn;
use crate::domain::roles::{GlobalRole, TeamRole};
use crate::domain::year;
use crate::error::AppError;
use crate::models::classroom::{Classroom, ClassroomInput};
use crate::models::collective::Collective;
use crate::models::district::{District, School};
use crate::models::person::{NewPerson, Person};
use crate::models::team::{NewMember, Team};
use crate::models::year::{Membership, NewMembership, NewProgramYear, ProgramYear};

/// A stored district with its schools and people.
pub struct Made {
    /// The district.
    pub district: District,
    /// Its schools' ids, in plan order.
    pub schools: Vec<i32>,
    /// Its people with their role and school on its teams.
    pub people: Vec<(i32, TeamRole, Option<i32>)>,
}

impl Made {
    /// Who visits classrooms: the coach and the principals, in turn.
    pub fn observers(&self) -> Vec<i32> {
        self.people
            .iter()
            .filter(|(_, role, _)| matches!(role, TeamRole::Coach | TeamRole::Principal))
            .map(|(id, _, _)| *id)
            .collect()
    }
}

/// The collective's director and a facilitator, so that someone can sign in and see it all.
pub fn staff(conn: &mut DbConn, hash: &str) -> Result<(), AppError> {
    for (name, email, role) in [
        (
            "Generated Director",
            "director@generated.example",
            GlobalRole::Director,
        ),
        (
            "Generated Facilitator",
            "facilitator@generated.example",
            GlobalRole::Facilitator,
        ),
    ] {
        person(conn, name, email, role, hash)?;
    }
    Ok(())
}

/// Every district of the plan, its schools and its people.
pub fn districts(conn: &mut DbConn, plan: &Plan, hash: &str) -> Result<Vec<Made>, AppError> {
    plan.districts
        .iter()
        .map(|d| district(conn, d, hash))
        .collect()
}

/// One district: its schools and its eight people.
fn district(conn: &mut DbConn, d: &DistrictPlan, hash: &str) -> Result<Made, AppError> {
    let district = District::ensure(conn, &d.name)?;
    let mut schools = Vec::new();
    for name in &d.schools {
        schools.push(School::ensure(conn, district.id, name)?.id);
    }
    let mut people = Vec::new();
    for (p, (role, school)) in roster(schools.len()).into_iter().enumerate() {
        let (name, email) = (names::person(d.index, p), names::email(d.index, p));
        let made = person(conn, &name, &email, GlobalRole::Member, hash)?;
        people.push((made.id, role, school.and_then(|s| schools.get(s).copied())));
    }
    Ok(Made {
        district,
        schools,
        people,
    })
}

/// A team of eight: a senior leader, a coach, a principal per school and teachers from both
/// schools (by place among the district's schools).
fn roster(schools: usize) -> Vec<(TeamRole, Option<usize>)> {
    let other = if schools > 1 { 1 } else { 0 };
    let second_principal = if schools > 1 {
        TeamRole::Principal
    } else {
        TeamRole::Teacher
    };
    vec![
        (TeamRole::SeniorLeader, None),
        (TeamRole::Principal, Some(0)),
        (TeamRole::Coach, None),
        (TeamRole::Teacher, Some(0)),
        (TeamRole::Teacher, Some(other)),
        (TeamRole::Teacher, Some(0)),
        (second_principal, Some(other)),
        (TeamRole::Teacher, Some(other)),
    ]
}

/// A person made with the shared hash (or found by address).
fn person(
    conn: &mut DbConn,
    name: &str,
    email: &str,
    role: GlobalRole,
    hash: &str,
) -> Result<Person, AppError> {
    let new = NewPerson {
        name,
        email,
        password_hash: Some(hash),
        role: role.as_str(),
        created_at: crate::models::now(),
    };
    Ok(Person::ensure(conn, &super::actor(), &new)?)
}

/// The year (found by label, or made with the default span) with every district a member:
/// past years paid in full, the current one half paid.
pub fn year(
    conn: &mut DbConn,
    y: &YearPlan,
    current: bool,
    districts: &[Made],
) -> Result<ProgramYear, AppError> {
    let collective = Collective::get(conn)?;
    let (start_date, end_date) = year::default_span(y.start_year);
    let new = NewProgramYear {
        collective_id: collective.id,
        label: y.label.clone(),
        start_date,
        end_date,
    };
    let py = ProgramYear::ensure(conn, &new)?;
    let fee = collective.default_fee_cents;
    for d in districts {
        let new = NewMembership {
            program_year_id: py.id,
            district_id: d.district.id,
            fee_cents: fee,
            paid_cents: if current { fee / 2 } else { fee },
            workshop_seats: 2,
        };
        Membership::ensure(conn, &super::actor(), &new)?;
    }
    Ok(py)
}

/// The district's team for the year with its roster and its classrooms, in plan order.
pub fn team(
    conn: &mut DbConn,
    py: &ProgramYear,
    d: &DistrictPlan,
    made: &Made,
) -> Result<(Team, Vec<Classroom>), AppError> {
    let name = format!("{} team", names::place(d.index));
    let team = Team::ensure(conn, &super::actor(), py.id, made.district.id, &name)?;
    for (person_id, role, school_id) in &made.people {
        let new = NewMember {
            person_id: *person_id,
            role: *role,
            school_id: *school_id,
        };
        Team::add_member(conn, &super::actor(), &team, &new)?;
    }
    let mut classrooms = Vec::with_capacity(d.rooms);
    for room in 0..d.rooms {
        classrooms.push(Classroom::create(conn, &team, &classroom(room, made))?);
    }
    Ok((team, classrooms))
}

/// Classroom `room`: in the district's schools in turn; the first four taught by the team's
/// teachers, the others by name.
fn classroom(room: usize, made: &Made) -> ClassroomInput {
    let (label, subject, grade) = names::classroom(room);
    let teachers: Vec<i32> = made
        .people
        .iter()
        .filter(|(_, role, _)| *role == TeamRole::Teacher)
        .map(|(id, _, _)| *id)
        .collect();
    let teacher = teachers.get(room).copied();
    ClassroomInput {
        school_id: made.schools.get(room % made.schools.len().max(1)).copied(),
        label,
        teacher_person_id: teacher,
        teacher_name: match teacher {
            Some(_) => String::new(),
            None => format!("Teacher {}", room + 1),
        },
        subject,
        grade,
    }
}
