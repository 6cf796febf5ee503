//! The evidence file's shape, and the stories its values tell: computed here from the pure
//! generator for every length of year the calendar can give (and every week of this year), so
//! that whatever day the demo is loaded, the narrowing teams show falling variation on the
//! run chart of the weekly between-classroom SD and the others show no signal.

use super::data::{Evidence, YearSeed};
use super::noise::{Series, Shape, sd};
use crate::domain::cycle::{CycleStatus, Decision};
use crate::domain::measure::check_measure;
use crate::domain::observation::check_label;
use std::collections::{BTreeSet, HashSet};

fn ev() -> Evidence {
    Evidence::demo().unwrap()
}

/// Every (district slug, year, plan) of the file.
fn years(ev: &Evidence) -> Vec<(String, &'static str, &YearSeed, usize)> {
    let demo = crate::seed::Seed::demo().unwrap();
    let mut out = Vec::new();
    for t in &ev.teams {
        let d = demo
            .districts
            .iter()
            .find(|d| d.name == t.district)
            .unwrap();
        if let Some(p) = &t.previous {
            out.push((d.slug.clone(), "previous", p, t.classrooms.len()));
        }
        out.push((d.slug.clone(), "current", &t.current, t.classrooms.len()));
    }
    out
}

#[test]
fn every_team_year_has_ideas_cycles_in_every_status_and_classrooms() {
    let ev = ev();
    let mut decisions = HashSet::new();
    for t in &ev.teams {
        assert!((8..=12).contains(&t.classrooms.len()), "{}", t.district);
        let labels: BTreeSet<String> = t
            .classrooms
            .iter()
            .map(|c| c.label.to_lowercase())
            .collect();
        assert_eq!(labels.len(), t.classrooms.len());
        for c in &t.classrooms {
            assert_eq!(check_label(&c.label).as_deref(), Ok(c.label.as_str()));
        }
        for y in t.previous.iter().chain([&t.current]) {
            assert!((2..=3).contains(&y.ideas.len()), "{}", t.district);
            assert!((6..=10).contains(&y.cycles.len()), "{}", t.district);
            let statuses: HashSet<CycleStatus> = y.cycles.iter().map(|c| c.status).collect();
            assert_eq!(statuses.len(), CycleStatus::ALL.len(), "{}", t.district);
            let mut titles = BTreeSet::new();
            for c in &y.cycles {
                assert!(y.ideas.iter().any(|i| i.idea == c.idea), "{}", c.idea);
                let (_, step) = ev.step(c).unwrap();
                assert!(titles.insert(&step.title), "{} twice", step.title);
                assert!((1..=8).contains(&c.weeks));
                if c.status == CycleStatus::Closed {
                    decisions.insert(step.decision);
                }
            }
            assert!(ev.shape(y).is_ok(), "{}", y.story.variation_story);
        }
    }
    assert_eq!(decisions.len(), Decision::ALL.len());
}

#[test]
fn the_measures_are_valid_and_the_story_measures_exist() {
    let ev = ev();
    for m in &ev.measures {
        let scale = crate::domain::measure::Scale {
            kind: m.kind,
            min: m.scale_min,
            max: m.scale_max,
        };
        assert_eq!(
            check_measure(&m.name, &scale, &m.levels),
            Ok(()),
            "{}",
            m.name
        );
    }
    for name in ev.story_measures.iter().chain([&ev.aim_measure]) {
        assert!(ev.measures.iter().any(|m| &m.name == name), "{name}");
    }
    assert!((2..=3).contains(&ev.measures.len()));
}

#[test]
fn some_teams_narrow_and_the_others_do_not() {
    let ev = ev();
    let narrowing: Vec<&str> = ev
        .teams
        .iter()
        .filter(|t| t.previous.as_ref().is_some_and(|p| p.story.narrows))
        .map(|t| t.district.as_str())
        .collect();
    assert_eq!(narrowing.len(), 2, "{narrowing:?}");
    assert!(ev.teams.iter().all(|t| !t.current.story.narrows));
    for y in ev.teams.iter().filter_map(|t| t.previous.as_ref()) {
        assert_eq!(y.story.narrows, y.story.shape == "narrows");
    }
}

/// Run-chart analysis as issue 4 defines it (Anhøj): centre the median of the first `base`
/// points; useful points are off the centre. Returns (longest run below, longest run above,
/// signal).
fn runs(v: &[f64], base: usize) -> (usize, usize, bool) {
    let mut b: Vec<f64> = v[..base].to_vec();
    b.sort_by(f64::total_cmp);
    let n = b.len();
    let centre = if n % 2 == 1 {
        b[n / 2]
    } else {
        (b[n / 2 - 1] + b[n / 2]) / 2.0
    };
    let signs: Vec<bool> = v
        .iter()
        .filter(|x| **x != centre)
        .map(|x| *x > centre)
        .collect();
    let (mut below, mut above, mut run, mut crossings) = (0, 0, 0, 0);
    for (i, s) in signs.iter().enumerate() {
        if i > 0 && signs[i - 1] == *s {
            run += 1;
        } else {
            crossings += usize::from(i > 0);
            run = 1;
        }
        if *s {
            above = above.max(run)
        } else {
            below = below.max(run)
        }
    }
    let useful = signs.len();
    if useful == 0 {
        return (0, 0, false);
    }
    let longest_max = (useful as f64).log2().round() as usize + 3;
    let crossings_min = (0..useful)
        .find(|c| binomial_cdf(useful - 1, *c) >= 0.05)
        .unwrap_or(0);
    (
        below,
        above,
        below.max(above) > longest_max || crossings < crossings_min,
    )
}

/// P(X ≤ c) for X ~ Binomial(n, ½).
fn binomial_cdf(n: usize, c: usize) -> f64 {
    let mut coef = 1.0_f64;
    let mut sum = 1.0;
    for k in 1..=c.min(n) {
        coef = coef * (n - k + 1) as f64 / k as f64;
        sum += coef;
    }
    sum / 2f64.powi(n as i32)
}

/// Points outside the I chart's limits (centre the mean of the first `base` points, screened
/// moving ranges within them): (below, above).
fn outside(v: &[f64], base: usize) -> (usize, usize) {
    let b = &v[..base];
    let centre = b.iter().sum::<f64>() / b.len() as f64;
    let mr: Vec<f64> = b.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    if mr.is_empty() {
        return (0, 0);
    }
    let avg = mr.iter().sum::<f64>() / mr.len() as f64;
    let kept: Vec<f64> = mr.iter().copied().filter(|m| *m < 3.267 * avg).collect();
    let sigma = kept.iter().sum::<f64>() / kept.len().max(1) as f64 / 1.128;
    let (lcl, ucl) = (centre - 3.0 * sigma, centre + 3.0 * sigma);
    (
        v.iter().filter(|x| **x < lcl).count(),
        v.iter().filter(|x| **x > ucl).count(),
    )
}

/// The weekly between-classroom SD of one measure over `weeks` weeks.
fn sds(ev: &Evidence, s: &Series, measure: &str, weeks: usize) -> Vec<f64> {
    let m = ev.measures.iter().find(|m| m.name == measure).unwrap();
    (0..weeks)
        .filter_map(|k| {
            let xs: Vec<f64> = (0..s.rooms)
                .filter_map(|r| s.value(&m.name, &m.model, m.values(), r, k))
                .collect();
            sd(&xs)
        })
        .collect()
}

#[test]
fn narrowing_teams_show_falling_variation_whatever_the_length_of_the_year() {
    let ev = ev();
    for (slug, year, plan, rooms) in years(&ev) {
        let shape = ev.shape(plan).unwrap();
        let Shape::Narrows(at) = shape else { continue };
        assert_eq!(year, "previous");
        let s = Series {
            team: &slug,
            year,
            salt: plan.salt,
            rooms,
            level: plan.level,
            shape,
        };
        for measure in &ev.story_measures {
            for weeks in 29..=33 {
                let v = sds(&ev, &s, measure, weeks);
                let (below, above, signal) = runs(&v, v.len());
                assert!(
                    signal && below >= above + 3,
                    "{slug} {measure} {weeks}: {below}/{above}"
                );
                assert_eq!(outside(&v, v.len()).1, 0, "{slug} {measure}: nothing rises");
                let (below, above, signal) = runs(&v, at);
                assert!(signal && below > above + 3, "{slug} {measure} baseline");
                let (low, high) = outside(&v, at);
                assert!(
                    low > 0 && high == 0,
                    "{slug} {measure}: I chart {low}/{high}"
                );
                let first = v[..8].iter().sum::<f64>() / 8.0;
                let last = v[v.len() - 8..].iter().sum::<f64>() / 8.0;
                assert!(last < 0.65 * first, "{slug} {measure}: {first} → {last}");
            }
        }
    }
}

#[test]
fn other_teams_show_no_signal_in_any_week_of_either_year() {
    let ev = ev();
    for (slug, year, plan, rooms) in years(&ev) {
        let shape = ev.shape(plan).unwrap();
        if matches!(shape, Shape::Narrows(_)) {
            continue;
        }
        let s = Series {
            team: &slug,
            year,
            salt: plan.salt,
            rooms,
            level: plan.level,
            shape,
        };
        let lengths = if year == "current" { 1..=33 } else { 29..=33 };
        for measure in &ev.story_measures {
            let all = sds(&ev, &s, measure, 33);
            for n in lengths.clone() {
                let v = &all[..n];
                let (below, above, signal) = runs(v, n);
                assert!(!signal, "{slug} {year} {measure} {n}: runs {below}/{above}");
                assert_eq!(
                    outside(v, n),
                    (0, 0),
                    "{slug} {year} {measure} {n}: I chart"
                );
            }
            let first = all[..8].iter().sum::<f64>() / 8.0;
            let last = all[all.len() - 8..].iter().sum::<f64>() / 8.0;
            assert!(
                last > 0.85 * first,
                "{slug} {year} {measure}: {first} → {last}"
            );
        }
    }
}

#[test]
fn values_fit_their_measures_and_repeat_exactly() {
    let ev = ev();
    for (slug, year, plan, rooms) in years(&ev) {
        let shape = ev.shape(plan).unwrap();
        let s = Series {
            team: &slug,
            year,
            salt: plan.salt,
            rooms,
            level: plan.level,
            shape,
        };
        for m in &ev.measures {
            let scale = crate::domain::measure::Scale {
                kind: m.kind,
                min: m.scale_min,
                max: m.scale_max,
            };
            for room in 0..rooms {
                for k in 0..33 {
                    let v = s.value(&m.name, &m.model, m.values(), room, k);
                    assert_eq!(v, s.value(&m.name, &m.model, m.values(), room, k));
                    if let Some(v) = v {
                        assert_eq!(
                            crate::domain::measure::check_value("value", &scale, v),
                            Ok(())
                        );
                    }
                }
            }
        }
    }
}
