//! Measures: what teams rate or count in classrooms, and which values fit.
//!
//! A value that does not fit its measure would make the spread between
//! classrooms meaningless, so every observation passes through
//! [`check_value`] (or [`parse_value`] for what a person typed).

use std::collections::BTreeSet;

use super::{Violation, validate};

string_enum! {
    /// The kinds of measure; each decides which values fit.
    pub enum MeasureKind {
        /// Whole-number levels on a scale, each with a descriptor.
        Rubric => ("rubric", "Rubric"),
        /// A share from 0 to 100, decimals allowed.
        Percent => ("percent", "Percent"),
        /// A whole number of something, 0 or more.
        Count => ("count", "Count"),
        /// 1 for yes, 0 for no.
        YesNo => ("yes_no", "Yes / no"),
    }
}

/// A measure's kind and, for a rubric, its integer scale.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Scale {
    /// Which values fit.
    pub kind: MeasureKind,
    /// A rubric's lowest level; `None` for every other kind.
    pub min: Option<i32>,
    /// A rubric's highest level; `None` for every other kind.
    pub max: Option<i32>,
}

/// Longest measure name: it heads columns and charts.
const MAX_NAME: usize = 200;

/// Most levels on a rubric: observers cannot tell more levels apart reliably.
const MAX_LEVELS: i64 = 10;

/// Validates a measure definition, returning every problem: name required, ≤ 200 chars (field
/// "name"); a rubric needs scale_min < scale_max, both present, span at most 10 levels (fields
/// "scale_min"/"scale_max"); other kinds must have no scale (field "scale_min"); a rubric needs
/// exactly one non-blank descriptor per level min..=max (missing level L → field "levels",
/// message naming L; blank → "levels[i].descriptor"; a level outside the scale or described
/// twice → "levels[i].level"); non-rubric measures take no levels (field "levels").
pub fn check_measure(
    name: &str,
    scale: &Scale,
    levels: &[(i32, String)],
) -> Result<(), Vec<Violation>> {
    let mut problems: Vec<Violation> = validate::name("name", name, MAX_NAME)
        .err()
        .into_iter()
        .collect();
    if scale.kind == MeasureKind::Rubric {
        let span = rubric_span(scale).map_err(|v| problems.extend(v)).ok();
        problems.extend(level_problems(span, levels));
    } else {
        problems.extend(plain_problems(scale, levels));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A percent, count or yes/no measure has a fixed range: a scale or level
/// descriptors would only mislead the people entering values.
fn plain_problems(scale: &Scale, levels: &[(i32, String)]) -> Vec<Violation> {
    let mut problems = Vec::new();
    if scale.min.is_some() || scale.max.is_some() {
        problems.push(Violation::new(
            "scale_min",
            format!(
                "only a rubric has a scale, not a {} measure",
                scale.kind.as_str()
            ),
        ));
    }
    if !levels.is_empty() {
        problems.push(Violation::new(
            "levels",
            "only a rubric has level descriptors",
        ));
    }
    problems
}

/// The rubric's (min, max), or what is wrong with them.
fn rubric_span(scale: &Scale) -> Result<(i32, i32), Vec<Violation>> {
    let (Some(min), Some(max)) = (scale.min, scale.max) else {
        let missing = [("scale_min", scale.min), ("scale_max", scale.max)];
        return Err(missing
            .iter()
            .filter(|(_, bound)| bound.is_none())
            .map(|(field, _)| Violation::new(*field, "is needed for a rubric"))
            .collect());
    };
    if min >= max {
        let message = format!("must be greater than the scale minimum ({min})");
        return Err(vec![Violation::new("scale_max", message)]);
    }
    let count = i64::from(max) - i64::from(min) + 1;
    if count > MAX_LEVELS {
        let message = format!("gives {count} levels: a rubric has at most {MAX_LEVELS}");
        return Err(vec![Violation::new("scale_max", message)]);
    }
    Ok((min, max))
}

/// Each pair in order (level on the scale and not repeated, descriptor not
/// blank), then every level of the scale nobody described. Without a valid
/// span only repeats and blanks can be judged.
fn level_problems(span: Option<(i32, i32)>, levels: &[(i32, String)]) -> Vec<Violation> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, (level, descriptor)) in levels.iter().enumerate() {
        problems.extend(level_problem(i, *level, span, &mut seen));
        if descriptor.trim().is_empty() {
            problems.push(Violation::new(
                format!("levels[{i}].descriptor"),
                "must not be empty",
            ));
        }
    }
    if let Some((min, max)) = span {
        let missing = (min..=max).filter(|l| !seen.contains(l));
        problems.extend(
            missing.map(|l| Violation::new("levels", format!("level {l} needs a descriptor"))),
        );
    }
    problems
}

/// What is wrong with the level of pair `i`, if anything; records it in `seen`.
fn level_problem(
    i: usize,
    level: i32,
    span: Option<(i32, i32)>,
    seen: &mut BTreeSet<i32>,
) -> Option<Violation> {
    let field = format!("levels[{i}].level");
    match span {
        Some((min, max)) if !(min..=max).contains(&level) => Some(Violation::new(
            field,
            format!("must be on the scale, from {min} to {max}"),
        )),
        _ if !seen.insert(level) => Some(Violation::new(
            field,
            format!("level {level} is described twice"),
        )),
        _ => None,
    }
}

/// Whether a value fits the measure: finite; rubric → a whole number within [min, max];
/// percent → 0..=100 (decimals allowed); count → a whole number ≥ 0; yes_no → exactly 1 or 0.
/// The message says what fits ("must be a whole number from 1 to 4").
pub fn check_value(field: &str, scale: &Scale, value: f64) -> Result<(), Violation> {
    if value.is_finite() && fits(scale, value) {
        Ok(())
    } else {
        Err(Violation::new(field, what_fits(scale)))
    }
}

/// The kind's range test, for a finite value.
fn fits(scale: &Scale, value: f64) -> bool {
    let whole = value.fract() == 0.0;
    match scale.kind {
        MeasureKind::Rubric => {
            whole
                && scale.min.is_none_or(|min| value >= f64::from(min))
                && scale.max.is_none_or(|max| value <= f64::from(max))
        }
        MeasureKind::Percent => (0.0..=100.0).contains(&value),
        MeasureKind::Count => whole && value >= 0.0,
        MeasureKind::YesNo => value == 0.0 || value == 1.0,
    }
}

/// The message telling a person which values fit.
fn what_fits(scale: &Scale) -> String {
    match (scale.kind, scale.min, scale.max) {
        (MeasureKind::Rubric, Some(min), Some(max)) => {
            format!("must be a whole number from {min} to {max}")
        }
        (MeasureKind::Rubric, _, _) => "must be a whole number on the rubric's scale".into(),
        (MeasureKind::Percent, _, _) => "must be a percentage from 0 to 100".into(),
        (MeasureKind::Count, _, _) => "must be a whole number, 0 or more".into(),
        (MeasureKind::YesNo, _, _) => "must be 1 (yes) or 0 (no)".into(),
    }
}

/// Parses what a person typed, then [`check_value`]: "3", " 62.5 "; "62,5" is refused (not a
/// number); for yes_no also "yes"/"no"/"y"/"n"/"true"/"false" (any case) → 1/0. Empty → "is
/// required". Non-numbers (including "1e3", "NaN", "inf") → "must be a number".
pub fn parse_value(field: &str, scale: &Scale, text: &str) -> Result<f64, Violation> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Violation::new(field, "is required"));
    }
    let word = match scale.kind {
        MeasureKind::YesNo => yes_no_word(text),
        _ => None,
    };
    let value = word
        .or_else(|| plain_number(text))
        .ok_or_else(|| Violation::new(field, "must be a number"))?;
    check_value(field, scale, value)?;
    Ok(value)
}

/// 1 or 0 for the words people type in a yes/no cell.
fn yes_no_word(text: &str) -> Option<f64> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" => Some(1.0),
        "no" | "n" | "false" => Some(0.0),
        _ => None,
    }
}

/// A decimal number as people write it: an optional sign, digits and at
/// most one point. Exponents and the words Rust's parser knows ("inf",
/// "NaN") are refused, since nobody enters an observation that way.
fn plain_number(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = unsigned.bytes().any(|b| b.is_ascii_digit());
    let plain = unsigned.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if digits && plain {
        text.parse().ok()
    } else {
        None
    }
}

/// At or above the target when higher is better, at or below when lower is
/// better; reaching the target exactly counts as meeting it.
pub fn meets_target(value: f64, target: f64, higher_is_better: bool) -> bool {
    if higher_is_better {
        value >= target
    } else {
        value <= target
    }
}

#[cfg(test)]
#[path = "measure_tests.rs"]
mod tests;
