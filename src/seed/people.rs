//! The demo's people (one shared password hash) and this year's district teams.

use super::data::{DistrictSeed, Seed};
use crate::db::DbConn;
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::models::district::{District, School};
use crate::models::person::{NewPerson, Person};
use crate::models::team::{NewMember, Team};
use crate::models::year::ProgramYear;
use chrono::NaiveDate;
use std::collections::HashMap;

/// The demo's people by address, and what loading them found.
pub struct People {
    /// Everyone in the seed file, by address.
    pub by_email: HashMap<String, Person>,
    /// The demo's reference day: the day its people were first made.
    pub anchor: NaiveDate,
    /// How many were made by this run.
    pub added: usize,
}

impl People {
    /// The person with this address (every seed address is loaded before this is asked).
    pub fn get(&self, email: &str) -> Result<&Person, AppError> {
        self.by_email
            .get(email)
            .ok_or(AppError::NotFound("demo person"))
    }
}

/// A district of the seed with its stored row and schools by name.
pub struct SeededDistrict<'a> {
    /// The seed's entry.
    pub seed: &'a DistrictSeed,
    /// The stored district.
    pub district: District,
    /// Its schools, by name.
    pub schools: HashMap<String, School>,
}

/// Creates whoever is missing, with the shared password hashed once; when everyone exists,
/// nothing is hashed at all. The reference day is the director's creation day when the demo
/// exists already, so that a restart on a later day computes the same dates (and adds nothing).
pub fn ensure_people(conn: &mut DbConn, seed: &Seed, today: NaiveDate) -> Result<People, AppError> {
    let emails = seed.emails();
    let existing = Person::find_by_emails(conn, &emails)?;
    let anchor = existing
        .iter()
        .find(|p| p.email == seed.director.email)
        .map_or(today, |p| p.created_at.date());
    let missing: Vec<&String> = emails
        .iter()
        .filter(|e| !existing.iter().any(|p| &p.email == *e))
        .collect();
    if !missing.is_empty() {
        let hash = crate::auth::password::hash(super::DEMO_PASSWORD).map_err(AppError::Internal)?;
        let created_at = anchor.and_time(crate::models::now().time());
        for email in &missing {
            let (name, role) = name_and_role(seed, email);
            let new = NewPerson {
                name,
                email,
                password_hash: Some(&hash),
                role: role.as_str(),
                created_at,
            };
            Person::ensure(conn, &super::actor(), &new)?;
        }
    }
    let by_email = Person::find_by_emails(conn, &emails)?
        .into_iter()
        .map(|p| (p.email.clone(), p))
        .collect();
    Ok(People {
        by_email,
        anchor,
        added: missing.len(),
    })
}

/// The name and global role the seed gives an address.
fn name_and_role<'a>(seed: &'a Seed, email: &str) -> (&'a str, GlobalRole) {
    if seed.director.email == email {
        return (&seed.director.name, GlobalRole::Director);
    }
    if let Some(f) = seed.facilitators.iter().find(|f| f.email == email) {
        return (&f.name, GlobalRole::Facilitator);
    }
    let member = seed
        .districts
        .iter()
        .flat_map(|d| &d.members)
        .find(|m| m.email == email);
    (member.map_or("", |m| m.name.as_str()), GlobalRole::Member)
}

/// Every district of the seed with its schools, created when missing.
pub fn ensure_districts<'a>(
    conn: &mut DbConn,
    seed: &'a Seed,
) -> Result<Vec<SeededDistrict<'a>>, AppError> {
    let mut out = Vec::new();
    for d in &seed.districts {
        let district = District::ensure(conn, &d.name)?;
        let mut schools = HashMap::new();
        for name in &d.schools {
            schools.insert(name.clone(), School::ensure(conn, district.id, name)?);
        }
        out.push(SeededDistrict {
            seed: d,
            district,
            schools,
        });
    }
    Ok(out)
}

/// Each district's team for the year, and on it everyone the seed names who is on no team that
/// year yet (natural key year × person), through the team rules; someone the rules refuse (the
/// director changed the team since) is left out rather than failing the seed.
pub fn ensure_teams(
    conn: &mut DbConn,
    year: &ProgramYear,
    districts: &[SeededDistrict],
    people: &People,
) -> Result<(), AppError> {
    let placed: Vec<i32> = Team::assignments(conn, year.id)?
        .into_iter()
        .map(|(person, _, _)| person)
        .collect();
    for d in districts {
        let team = Team::ensure(
            conn,
            &super::actor(),
            year.id,
            d.district.id,
            &d.seed.team_name,
        )?;
        for m in &d.seed.members {
            let person = people.get(&m.email)?;
            if placed.contains(&person.id) {
                continue;
            }
            let school_id = m
                .school
                .as_ref()
                .and_then(|s| d.schools.get(s))
                .map(|s| s.id);
            let new = NewMember {
                person_id: person.id,
                role: m.role,
                school_id,
            };
            super::skip_refused(
                Team::add_member(conn, &super::actor(), &team, &new),
                "team member",
            )?;
        }
    }
    Ok(())
}
