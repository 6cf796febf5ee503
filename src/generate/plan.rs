//! The plan of a generated network, pure and deterministic: which districts, schools and
//! classrooms, which program years, and for every team its year's story (whether its spread
//! between classrooms narrows), its two change ideas, the windows of its cycles, and the days
//! its classrooms are visited. The same flags on the same day give the same network, so
//! benchmarks on two machines measure the same data.
//!
//! Values come from the demo's generator (`seed::evidence::noise`), keyed by the team and the
//! year; a visit is indexed by `k = week × VISIT_DAYS + day`, so every visit draws its own values.

use super::names;
use crate::domain::cycle::CycleStatus;
use crate::domain::year;
use crate::seed::evidence::noise::{Model, NARROW, Series, Shape};
use crate::seed::evidence::{previous_span, visit_day, visit_weeks};
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

/// Most districts a run generates: the names run out beyond, and so does anyone's patience.
pub const MAX_DISTRICTS: u32 = 500;
/// Most program years a run generates.
pub const MAX_YEARS: u32 = 20;
/// Visit days a week: each classroom is seen Tuesday, Wednesday and Thursday of a visit week.
pub const VISIT_DAYS: usize = 3;
/// The generator's seed.
const SEED: u64 = 0x7064_7361_6765_6e31;

/// The checked flags of `pdsa generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Member districts.
    pub districts: usize,
    /// Program years, ending with the current one.
    pub years: usize,
}

impl Options {
    /// The flags checked; a bad one is a message naming it, before anything is opened.
    pub fn new(districts: u32, years: u32) -> Result<Options, String> {
        if !(1..=MAX_DISTRICTS).contains(&districts) {
            return Err(format!(
                "--districts: must be between 1 and {MAX_DISTRICTS} (got {districts})"
            ));
        }
        if !(1..=MAX_YEARS).contains(&years) {
            return Err(format!(
                "--years: must be between 1 and {MAX_YEARS} (got {years})"
            ));
        }
        Ok(Options {
            districts: districts as usize,
            years: years as usize,
        })
    }
}

/// What a team's spread between classrooms does over its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    /// Wide, then narrowing after the first cycle: falling variation.
    Narrows,
    /// Wide all year; the mean rises after the second cycle.
    Rises,
    /// Wide all year.
    Wide,
    /// Narrow all year.
    Narrow,
}

/// A cycle every team runs: its first visit week, its length, and the step of one of the
/// team's two change ideas it tests.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    /// First visit week (0 = the year's first week of visits).
    pub week: i64,
    /// Planned length in weeks.
    pub weeks: i64,
    /// Which of the team's two ideas.
    pub idea: usize,
    /// The step of that idea's ramp.
    pub step: usize,
}

/// The cycles of every team's year: a ramp of three on the first idea, one on the second.
pub const SLOTS: [Slot; 4] = [
    Slot {
        week: 2,
        weeks: 3,
        idea: 0,
        step: 0,
    },
    Slot {
        week: 7,
        weeks: 3,
        idea: 0,
        step: 1,
    },
    Slot {
        week: 12,
        weeks: 4,
        idea: 0,
        step: 2,
    },
    Slot {
        week: 20,
        weeks: 3,
        idea: 1,
        step: 0,
    },
];

/// A district: its key for the generator, its name, schools and classrooms per team.
#[derive(Debug, Clone)]
pub struct DistrictPlan {
    /// Its place in the run.
    pub index: usize,
    /// "d7": keys the generator's draws.
    pub key: String,
    /// Name.
    pub name: String,
    /// One or two schools.
    pub schools: Vec<String>,
    /// Classrooms on each year's team.
    pub rooms: usize,
}

/// A team's year: the draws that make it differ from the others.
#[derive(Debug, Clone, Copy)]
pub struct TeamPlan {
    /// The district, by place in the run.
    pub district: usize,
    /// Varies the year's draws.
    pub salt: u64,
    /// The team's level against the network, in wide spreads.
    pub level: f64,
    /// What its spread does.
    pub story: Story,
    /// Its two change ideas, by place in the evidence library.
    pub ideas: [usize; 2],
}

/// A program year with its teams.
#[derive(Debug, Clone)]
pub struct YearPlan {
    /// The calendar year it starts in.
    pub start_year: i32,
    /// "2026-27".
    pub label: String,
    /// Mondays of its visit weeks.
    pub weeks: Vec<NaiveDate>,
    /// One team per district.
    pub teams: Vec<TeamPlan>,
}

/// The whole network.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The collective's today: nothing is observed after it.
    pub today: NaiveDate,
    /// The districts.
    pub districts: Vec<DistrictPlan>,
    /// The years, oldest first; the last is the current one.
    pub years: Vec<YearPlan>,
}

impl Plan {
    /// The plan for `options` on `today`, with `ideas` change ideas in the library to draw from.
    pub fn new(options: Options, today: NaiveDate, ideas: usize) -> Plan {
        let mut rng = StdRng::seed_from_u64(SEED);
        let districts: Vec<DistrictPlan> = (0..options.districts)
            .map(|i| district(i, &mut rng))
            .collect();
        let last = year::start_year_for(today);
        let first = last - (options.years as i32 - 1);
        let years = (first..=last)
            .map(|y| year_plan(y, options.districts, ideas, &mut rng))
            .collect();
        Plan {
            today,
            districts,
            years,
        }
    }

    /// How many observations the run writes for `measures` shared measures: every visit up to
    /// today of every classroom the generator does not mark as missed.
    pub fn observation_count(&self, measures: usize) -> usize {
        let mut n = 0;
        for y in &self.years {
            let visits = y.visits(self.today);
            for t in &y.teams {
                let d = &self.districts[t.district];
                let series = y.series(d, t);
                n += visits
                    .iter()
                    .map(|(k, _)| (0..d.rooms).filter(|r| !series.missed(*r, *k)).count())
                    .sum::<usize>();
            }
        }
        n * measures
    }
}

/// District `i` with one or two schools and 20 to 30 classrooms.
fn district(i: usize, rng: &mut StdRng) -> DistrictPlan {
    let schools = rng.random_range(1..=2);
    DistrictPlan {
        index: i,
        key: format!("d{}", i + 1),
        name: names::district(i),
        schools: names::schools(i, schools),
        rooms: rng.random_range(20..=30),
    }
}

/// The year starting in `start_year`: a third of its teams (rounded up) narrow their spread,
/// the rest are wide, narrow, or rise without narrowing.
fn year_plan(start_year: i32, districts: usize, ideas: usize, rng: &mut StdRng) -> YearPlan {
    let mut order: Vec<usize> = (0..districts).collect();
    order.shuffle(rng);
    let narrowing = districts.div_ceil(3);
    let mut teams: Vec<TeamPlan> = (0..districts)
        .map(|district| team(district, ideas, rng))
        .collect();
    for (rank, i) in order.into_iter().enumerate() {
        teams[i].story = match (rank < narrowing, rank % 3) {
            (true, _) => Story::Narrows,
            (false, 0) => Story::Rises,
            (false, 1) => Story::Wide,
            (false, _) => Story::Narrow,
        };
    }
    YearPlan {
        start_year,
        label: year::label_for(start_year),
        weeks: visit_weeks(start_year),
        teams,
    }
}

/// A team's draws (its story is set by the year).
fn team(district: usize, ideas: usize, rng: &mut StdRng) -> TeamPlan {
    let first = rng.random_range(0..ideas.max(1));
    let second = (first + rng.random_range(1..ideas.max(2))) % ideas.max(1);
    TeamPlan {
        district,
        salt: rng.random(),
        level: rng.random_range(-0.6..0.6),
        story: Story::Wide,
        ideas: [first, second],
    }
}

impl YearPlan {
    /// Every visit of the year up to `today`: its index `k` and its date.
    pub fn visits(&self, today: NaiveDate) -> Vec<(usize, NaiveDate)> {
        let mut out = Vec::new();
        for (w, monday) in self.weeks.iter().enumerate() {
            for day in 0..VISIT_DAYS {
                let date = visit_day(*monday, day as u32 + 1, &[]);
                if date <= today {
                    out.push((w * VISIT_DAYS + day, date));
                }
            }
        }
        out
    }

    /// A cycle's planned first and last day.
    pub fn span(&self, slot: &Slot) -> Option<(NaiveDate, NaiveDate)> {
        previous_span(&self.weeks, slot.week, slot.weeks)
    }

    /// The generator of a team's values this year.
    pub fn series<'a>(&'a self, d: &'a DistrictPlan, t: &TeamPlan) -> Series<'a> {
        Series {
            team: &d.key,
            year: &self.label,
            salt: t.salt,
            rooms: d.rooms,
            level: t.level,
            shape: shape(t.story),
        }
    }
}

/// The visit index after a slot's last week: where a change adopted in it shows.
fn after(slot: &Slot) -> usize {
    usize::try_from(slot.week + slot.weeks).unwrap_or(0) * VISIT_DAYS
}

/// The generator's shape of a story, in visits.
fn shape(story: Story) -> Shape {
    match story {
        Story::Narrows => Shape::Narrows(after(&SLOTS[0])),
        Story::Rises => Shape::Rises(after(&SLOTS[1])),
        Story::Wide => Shape::Steady(1.0),
        Story::Narrow => Shape::Steady(NARROW),
    }
}

/// A measure's model for visits rather than weeks: the generator grows the mean by `trend`
/// over thirty steps, and a week here has `VISIT_DAYS` of them.
pub fn per_visit(model: Model) -> Model {
    Model {
        trend: model.trend / VISIT_DAYS as f64,
        ..model
    }
}

/// Where a cycle planned over `span` stands on `today`: closed once over, doing while it runs,
/// planning before it starts.
pub fn status((first, last): (NaiveDate, NaiveDate), today: NaiveDate) -> CycleStatus {
    if last < today {
        CycleStatus::Closed
    } else if first <= today {
        CycleStatus::Doing
    } else {
        CycleStatus::Planning
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::evidence::noise::Values;
    use crate::seed::evidence::noise::sd;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn plan(districts: u32, years: u32) -> Plan {
        Plan::new(Options::new(districts, years).unwrap(), d(2026, 11, 22), 8)
    }

    #[test]
    fn flags_out_of_range_are_named() {
        assert!(Options::new(0, 5).unwrap_err().starts_with("--districts:"));
        assert!(
            Options::new(501, 5)
                .unwrap_err()
                .starts_with("--districts:")
        );
        assert!(Options::new(50, 0).unwrap_err().starts_with("--years:"));
        assert!(Options::new(50, 21).unwrap_err().starts_with("--years:"));
        assert_eq!(
            Options::new(500, 20),
            Ok(Options {
                districts: 500,
                years: 20
            })
        );
    }

    #[test]
    fn years_end_with_the_current_one() {
        let p = plan(3, 5);
        let labels: Vec<&str> = p.years.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2022-23", "2023-24", "2024-25", "2025-26", "2026-27"]
        );
        assert!(p.years.iter().all(|y| y.teams.len() == 3));
    }

    #[test]
    fn the_same_flags_give_the_same_network() {
        let (a, b) = (plan(50, 5), plan(50, 5));
        assert_eq!(a.observation_count(4), b.observation_count(4));
        let salts = |p: &Plan| -> Vec<u64> {
            p.years
                .iter()
                .flat_map(|y| y.teams.iter().map(|t| t.salt))
                .collect()
        };
        assert_eq!(salts(&a), salts(&b));
    }

    #[test]
    fn a_third_of_the_teams_narrow_each_year() {
        for y in &plan(50, 5).years {
            let narrowing = y.teams.iter().filter(|t| t.story == Story::Narrows).count();
            assert_eq!(narrowing, 17, "{}", y.label);
            assert!(y.teams.iter().all(|t| t.ideas[0] != t.ideas[1]));
        }
        let two = plan(2, 1);
        let narrowing = two.years[0]
            .teams
            .iter()
            .filter(|t| t.story == Story::Narrows);
        assert_eq!(narrowing.count(), 1);
    }

    #[test]
    fn about_two_million_observations_for_fifty_districts_and_five_years() {
        let n = plan(50, 5).observation_count(4);
        assert!((1_700_000..2_300_000).contains(&n), "{n}");
    }

    #[test]
    fn visits_stop_at_today_and_stay_in_the_year() {
        let p = plan(1, 2);
        let current = &p.years[1];
        let visits = current.visits(p.today);
        assert!(visits.iter().all(|(_, date)| *date <= p.today));
        assert_eq!(visits.first().map(|v| v.1), Some(d(2026, 9, 15)));
        let past = p.years[0].visits(p.today);
        assert_eq!(past.len(), p.years[0].weeks.len() * VISIT_DAYS);
        let (start, end) = year::default_span(2025);
        assert!(past.iter().all(|(_, day)| start <= *day && *day <= end));
        let ks: std::collections::HashSet<usize> = past.iter().map(|v| v.0).collect();
        assert_eq!(ks.len(), past.len(), "every visit draws its own values");
    }

    #[test]
    fn cycles_close_run_or_wait_by_today() {
        let span = (d(2026, 11, 9), d(2026, 11, 27));
        assert_eq!(status(span, d(2026, 11, 28)), CycleStatus::Closed);
        assert_eq!(status(span, d(2026, 11, 22)), CycleStatus::Doing);
        assert_eq!(status(span, d(2026, 11, 8)), CycleStatus::Planning);
    }

    /// The weekly between-classroom SD of the rubric, first and last five weeks of a full year.
    fn spread(y: &YearPlan, dp: &DistrictPlan, t: &TeamPlan) -> (f64, f64) {
        let series = y.series(dp, t);
        let model = per_visit(Model {
            base: 2.4,
            spread: 0.8,
            noise: 0.35,
            trend: 0.15,
        });
        let week_sd = |w: usize| {
            let k = w * VISIT_DAYS + 1;
            let xs: Vec<f64> = (0..dp.rooms)
                .filter_map(|r| series.value("x", &model, Values::Rubric(1, 4), r, k))
                .collect();
            sd(&xs).unwrap()
        };
        let mean = |ws: std::ops::Range<usize>| ws.clone().map(week_sd).sum::<f64>() / 5.0;
        (mean(0..5), mean(y.weeks.len() - 5..y.weeks.len()))
    }

    #[test]
    fn narrowing_teams_end_the_year_narrower_and_the_others_do_not() {
        let p = plan(12, 2);
        let y = &p.years[0];
        for t in &y.teams {
            let (early, late) = spread(y, &p.districts[t.district], t);
            match t.story {
                Story::Narrows => assert!(late < 0.7 * early, "{early} → {late}"),
                _ => assert!(late > 0.7 * early, "{:?}: {early} → {late}", t.story),
            }
        }
    }
}
