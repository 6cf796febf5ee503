//! The demo's static content, read from `seeds/demo.json`: names, schools, people, the agenda
//! template, readings and tune-up notes. Dates are not in the file; they are computed from the
//! day the demo is first loaded (see `dates`).

use crate::domain::agenda::AgendaKind;
use crate::domain::roles::TeamRole;
use crate::error::AppError;
use chrono::NaiveTime;
use serde::Deserialize;

/// The demo file, embedded so that the binary loads the demo from any working directory.
const DEMO_JSON: &str = include_str!("../../seeds/demo.json");

/// A seed file: everything the demo collective is made of, except dates.
#[derive(Debug, Clone, Deserialize)]
pub struct Seed {
    /// The collective's name and zone (applied only to a collective nobody has set up yet).
    pub collective: CollectiveSeed,
    /// The director of the facilitation organisation.
    pub director: PersonSeed,
    /// The facilitation team.
    pub facilitators: Vec<PersonSeed>,
    /// Member districts with their schools and teams.
    pub districts: Vec<DistrictSeed>,
    /// The shape of every convening day; titles may name `{new_learning}`, `{planning}`,
    /// `{discussion}` and `{host}`.
    pub agenda: Vec<AgendaSeed>,
    /// Content of convenings 1–4 (the same for every year).
    pub convenings: Vec<ConveningSeed>,
    /// A district's first, second and third tune-up.
    pub tune_ups: Vec<TuneUpSeed>,
}

/// The collective's settings.
#[derive(Debug, Clone, Deserialize)]
pub struct CollectiveSeed {
    /// Display name.
    pub name: String,
    /// IANA zone.
    pub time_zone: String,
}

/// Someone on the facilitation side.
#[derive(Debug, Clone, Deserialize)]
pub struct PersonSeed {
    /// Full name.
    pub name: String,
    /// Sign-in address, lower case.
    pub email: String,
}

/// A district, its schools, its membership terms and its team.
#[derive(Debug, Clone, Deserialize)]
pub struct DistrictSeed {
    /// Name (natural key).
    pub name: String,
    /// Short name for video links.
    pub slug: String,
    /// One or two schools; the first hosts convenings.
    pub schools: Vec<String>,
    /// The team's display name.
    pub team_name: String,
    /// Joined this year: no membership (and so no hosting) last year.
    #[serde(default)]
    pub new_this_year: bool,
    /// Paid so far this year, cents.
    pub paid_cents: i64,
    /// Complimentary workshop seats.
    pub workshop_seats: i32,
    /// Tune-ups this year (two or three).
    pub tune_ups: usize,
    /// This year's team.
    pub members: Vec<MemberSeed>,
}

/// A person on a district team.
#[derive(Debug, Clone, Deserialize)]
pub struct MemberSeed {
    /// Full name.
    pub name: String,
    /// Sign-in address, lower case.
    pub email: String,
    /// Role on the team.
    pub role: TeamRole,
    /// School by name; none for district-wide people (senior leaders).
    #[serde(default)]
    pub school: Option<String>,
}

/// One item of the agenda template.
#[derive(Debug, Clone, Deserialize)]
pub struct AgendaSeed {
    /// Local start ("09:15").
    pub start: NaiveTime,
    /// Length.
    pub minutes: i32,
    /// Title, with placeholders.
    pub title: String,
    /// Kind.
    pub kind: AgendaKind,
}

/// What one convening of the year is about.
#[derive(Debug, Clone, Deserialize)]
pub struct ConveningSeed {
    /// The new-learning topic.
    pub new_learning: String,
    /// What teams plan in the morning block.
    pub planning: String,
    /// The group discussion's question.
    pub discussion: String,
    /// Food cost borne by the host, cents.
    pub food_cost_cents: i64,
    /// Readings to do before it.
    pub readings: Vec<ReadingSeed>,
}

/// A reading: a link, a note, or both.
#[derive(Debug, Clone, Deserialize)]
pub struct ReadingSeed {
    /// Title (natural key within the convening).
    pub title: String,
    /// https link.
    #[serde(default)]
    pub url: Option<String>,
    /// Chapter or handout.
    #[serde(default)]
    pub note: Option<String>,
}

/// A tune-up's content.
#[derive(Debug, Clone, Deserialize)]
pub struct TuneUpSeed {
    /// Title.
    pub title: String,
    /// Notes before it happens (what to bring).
    pub prep: String,
    /// Notes once it has happened.
    pub notes: String,
    /// Action items agreed at it.
    pub actions: Vec<ActionSeed>,
}

/// An action item agreed at a tune-up.
#[derive(Debug, Clone, Deserialize)]
pub struct ActionSeed {
    /// What (natural key within the meeting).
    pub description: String,
    /// Who: the district team's first member with this role.
    pub owner_role: TeamRole,
    /// Due this many days after the tune-up.
    pub due_days: i64,
}

impl Seed {
    /// The embedded demo collective.
    pub fn demo() -> Result<Seed, AppError> {
        Seed::from_json(DEMO_JSON)
    }

    /// A seed from JSON text; a malformed file is an internal error naming the place.
    pub fn from_json(text: &str) -> Result<Seed, AppError> {
        serde_json::from_str(text).map_err(|e| AppError::Internal(format!("seed file: {e}")))
    }

    /// Every address in the file: the director, facilitators, then team members.
    pub fn emails(&self) -> Vec<String> {
        let staff = std::iter::once(&self.director)
            .chain(&self.facilitators)
            .map(|p| p.email.clone());
        let members = self
            .districts
            .iter()
            .flat_map(|d| d.members.iter().map(|m| m.email.clone()));
        staff.chain(members).collect()
    }
}

impl ConveningSeed {
    /// An agenda title with this convening's topics and host filled in.
    pub fn fill(&self, title: &str, host: &str) -> String {
        title
            .replace("{new_learning}", &self.new_learning)
            .replace("{planning}", &self.planning)
            .replace("{discussion}", &self.discussion)
            .replace("{host}", host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::{AgendaSlot, check_agenda_item};
    use crate::domain::convening::DayTimes;
    use std::collections::BTreeSet;

    fn demo() -> Seed {
        Seed::demo().unwrap()
    }

    #[test]
    fn every_address_is_unique_and_lower_case() {
        let emails = demo().emails();
        let unique: BTreeSet<&String> = emails.iter().collect();
        assert_eq!(unique.len(), emails.len());
        for e in &emails {
            assert_eq!(crate::domain::validate::email(e).as_deref(), Ok(e.as_str()));
        }
    }

    #[test]
    fn the_sign_in_help_names_only_demo_people() {
        let emails = demo().emails();
        let named: Vec<&str> = super::super::SIGN_IN_HELP
            .split_whitespace()
            .filter(|w| w.contains('@'))
            .collect();
        assert!(named.len() >= 7);
        for e in named {
            assert!(emails.iter().any(|x| x == e), "{e} is not in the demo");
        }
    }

    #[test]
    fn every_team_has_every_role_and_at_most_two_schools() {
        for d in demo().districts {
            for role in TeamRole::ALL {
                assert!(
                    d.members.iter().any(|m| m.role == *role),
                    "{} lacks {role:?}",
                    d.name
                );
            }
            assert!((1..=2).contains(&d.schools.len()));
            for m in &d.members {
                assert!(
                    m.school.as_ref().is_none_or(|s| d.schools.contains(s)),
                    "{}",
                    m.name
                );
            }
            assert!((2..=3).contains(&d.tune_ups));
        }
    }

    #[test]
    fn the_agenda_fits_the_default_day_without_overlaps() {
        let day = DayTimes::default();
        let mut placed: Vec<AgendaSlot> = Vec::new();
        for item in demo().agenda {
            let slot = AgendaSlot {
                id: None,
                start: item.start,
                minutes: item.minutes,
            };
            assert_eq!(
                check_agenda_item(&day, &slot, &placed),
                Ok(()),
                "{}",
                item.title
            );
            placed.push(slot);
        }
        let kinds: BTreeSet<&str> = demo().agenda.iter().map(|a| a.kind.as_str()).collect();
        for k in [
            "welcome",
            "new_learning",
            "team_planning",
            "group_discussion",
            "wrap_up",
        ] {
            assert!(kinds.contains(k), "{k}");
        }
    }

    #[test]
    fn four_convenings_with_readings_that_link_or_say_what_to_read() {
        let seed = demo();
        assert_eq!(seed.convenings.len(), 4);
        for r in seed.convenings.iter().flat_map(|c| &c.readings) {
            assert!(
                r.url.as_deref().is_none_or(|u| u.starts_with("https://")),
                "{}",
                r.title
            );
            assert!(r.url.is_some() || r.note.is_some(), "{}", r.title);
        }
        assert!(seed.tune_ups.len() >= 3);
    }

    #[test]
    fn titles_are_filled_in() {
        let c = &demo().convenings[0];
        let t = c.fill("Lunch, hosted by {host}; {planning}", "Eastmere");
        assert!(t.starts_with("Lunch, hosted by Eastmere; draft"));
    }

    #[test]
    fn a_broken_file_is_an_error_not_a_panic() {
        assert!(Seed::from_json("{\"collective\": 3}").is_err());
    }
}
