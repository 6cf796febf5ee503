//! The demo's classroom values: pure and deterministic. Every value is drawn from a small
//! generator seeded by the team, the year, the classroom, the measure and the week, never from
//! `rand`, so a reload computes the same values and the current year's series is a prefix of the
//! same full-year series whatever the day the demo is loaded.
//!
//! A value is the team's level, plus the classroom's own offset scaled by how far apart the
//! team's classrooms are that week (the *spread*), plus noise. When a team adopts a change that
//! narrows the spread, the offsets shrink over three weeks and classrooms converge on the mean.

use serde::Deserialize;

/// How a measure's values are modelled (from `seeds/evidence.json`).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Model {
    /// The team mean at the start of the year (a rubric level, a percentage, or log-odds).
    pub base: f64,
    /// The between-classroom standard deviation of a team whose spread is wide.
    pub spread: f64,
    /// Week-to-week noise within a classroom (standard deviation).
    pub noise: f64,
    /// How much the mean grows over thirty weeks.
    #[serde(default)]
    pub trend: f64,
}

/// What values a measure takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Values {
    /// Whole levels from min to max.
    Rubric(i32, i32),
    /// A share of the class, to one decimal.
    Percent,
    /// 1 or 0, drawn with a probability (the model is on the log-odds scale).
    YesNo,
    /// A whole number, 0 or more.
    Count,
}

/// How a team's spread between classrooms moves over a year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    /// The same all year: 1.0 is wide, lower is narrow.
    Steady(f64),
    /// Wide until week `at` (index of the first week after the adopted change), then narrowing
    /// over three weeks to a third; the mean rises a little as low classrooms catch up.
    Narrows(usize),
    /// Wide all year; from week `at` the mean rises (a change adopted everywhere) but the
    /// classrooms stay as far apart.
    Rises(usize),
}

/// The narrow spread a narrowing team reaches, as a share of the wide one.
pub const NARROW: f64 = 0.3;

/// One team's year of values.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// The district's short name.
    pub team: &'a str,
    /// "previous" or "current".
    pub year: &'a str,
    /// Varies the draws of the team's year (chosen so the stories hold; see the tests).
    pub salt: u64,
    /// How many classrooms.
    pub rooms: usize,
    /// The team's level against the collective, in units of the wide spread.
    pub level: f64,
    /// The story of its spread.
    pub shape: Shape,
}

impl Series<'_> {
    /// The spread factor and the rise of the mean (in spreads) in week `k`.
    fn at(&self, k: usize) -> (f64, f64) {
        match self.shape {
            Shape::Steady(f) => (f, 0.0),
            Shape::Narrows(at) if k < at => (1.0, 0.0),
            Shape::Narrows(at) => {
                let f = (1.0 - 0.25 * (k - at + 1) as f64).max(NARROW);
                (f, 0.4 * (1.0 - f))
            }
            Shape::Rises(at) => (1.0, if k < at { 0.0 } else { 0.5 }),
        }
    }

    /// A draw keyed by this series and `parts`.
    fn draw(&self, parts: &[&str]) -> u64 {
        let mut h = fnv(self.team) ^ fnv(self.year).rotate_left(17) ^ mix(self.salt);
        for p in parts {
            h = mix(h ^ fnv(p));
        }
        h
    }

    /// Each classroom's fixed offset on `measure` (mean 0, standard deviation about 1): evenly
    /// spaced so the wide spread is what the model says, in an order drawn per team, with a
    /// little of each measure's own.
    fn offset(&self, room: usize, measure: &str) -> f64 {
        let n = self.rooms.max(2);
        let mut order: Vec<(u64, usize)> = (0..n)
            .map(|i| (self.draw(&["order", &i.to_string()]), i))
            .collect();
        order.sort_unstable();
        let rank = order.iter().position(|(_, i)| *i == room).unwrap_or(0);
        let spaced = 2.0 * rank as f64 / (n - 1) as f64 - 1.0;
        let unit = spaced * (3.0 * (n - 1) as f64 / (n + 1) as f64).sqrt();
        let own = normal(self.draw(&["own", &room.to_string(), measure]));
        0.9 * unit + 0.43 * own
    }

    /// Whether classroom `room` was missed in week `k` (teacher away, a test day): about one
    /// visit in fifty, for every measure at once.
    pub fn missed(&self, room: usize, k: usize) -> bool {
        self.draw(&["missed", &room.to_string(), &k.to_string()])
            .is_multiple_of(50)
    }

    /// Which of `n` notes the observer leaves on classroom `room`'s visit in week `k`, if any
    /// (about one visit in twenty-five).
    pub fn note(&self, room: usize, k: usize, n: usize) -> Option<usize> {
        let h = self.draw(&["note", &room.to_string(), &k.to_string()]);
        (n > 0 && h.is_multiple_of(25)).then(|| ((h / 25) % n as u64) as usize)
    }

    /// Classroom `room`'s value of `measure` in week `k`, fitting the measure; none when missed.
    pub fn value(
        &self,
        measure: &str,
        model: &Model,
        values: Values,
        room: usize,
        k: usize,
    ) -> Option<f64> {
        if self.missed(room, k) {
            return None;
        }
        let (f, rise) = self.at(k);
        let trend = model.trend * k as f64 / 30.0;
        let mean = model.base + model.spread * (self.level + rise) + trend;
        let seed = self.draw(&["value", measure, &room.to_string(), &k.to_string()]);
        let x = mean + f * model.spread * self.offset(room, measure) + model.noise * normal(seed);
        Some(match values {
            Values::Rubric(min, max) => x.round().clamp(f64::from(min), f64::from(max)),
            Values::Percent => percent(x, self.class_size(room)),
            Values::YesNo => {
                let p = 1.0 / (1.0 + (-x).exp());
                if unit(mix(seed ^ 0x5bd1_e995)) < p {
                    1.0
                } else {
                    0.0
                }
            }
            Values::Count => x.round().max(0.0),
        })
    }

    /// Students in classroom `room` (22 to 30), so percentages are whole students.
    fn class_size(&self, room: usize) -> u64 {
        22 + self.draw(&["size", &room.to_string()]) % 9
    }
}

/// The share of `size` students nearest to `x` percent, to one decimal.
fn percent(x: f64, size: u64) -> f64 {
    let n = size as f64;
    let students = (x.clamp(0.0, 100.0) / 100.0 * n).round();
    (students / n * 1000.0).round() / 10.0
}

/// FNV-1a of a string: a stable hash (the standard library's is seeded per process).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64's finaliser: spreads every bit of `x` over the result.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform draw in (0, 1).
fn unit(h: u64) -> f64 {
    ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// A standard normal draw (Box–Muller).
fn normal(h: u64) -> f64 {
    let u = unit(h);
    let v = unit(mix(h));
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// The sample standard deviation of `xs` (none with fewer than two).
pub fn sd(xs: &[f64]) -> Option<f64> {
    if xs.len() < 2 {
        return None;
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
    Some((ss / (n - 1.0)).sqrt())
}
