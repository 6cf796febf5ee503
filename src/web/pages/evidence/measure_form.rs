//! The measure form: name, description, kind, a rubric's scale and its level descriptors (a
//! textarea, one descriptor per line from the lowest level up), and which direction is better.
//! The model's rules (`Measure::create`/`update`, `domain::measure::check_measure`) decide; this
//! only reads the form, and puts the rules' level problems beside the textarea by line.

use super::Level;
use crate::domain::Violation;
use crate::domain::measure::{MeasureKind, Scale};
use crate::models::measure::{MeasureDetail, MeasureInput};
use crate::web::form::{self, FieldErrors};
use crate::web::render::SelectOption;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The form as typed.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MeasureForm {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Kind value.
    #[serde(default)]
    pub kind: String,
    /// A rubric's lowest level.
    #[serde(default)]
    pub scale_min: String,
    /// A rubric's highest level.
    #[serde(default)]
    pub scale_max: String,
    /// `higher` or `lower`.
    #[serde(default)]
    pub direction: String,
    /// One descriptor per line, lowest level first.
    #[serde(default)]
    pub levels: String,
    /// The version the form was read at (an edit; empty for a new measure).
    #[serde(default)]
    pub version: String,
}

impl Default for MeasureForm {
    /// A new measure: a 1–4 rubric where higher is better, the commonest kind in the collective.
    fn default() -> Self {
        MeasureForm {
            name: String::new(),
            description: String::new(),
            kind: MeasureKind::Rubric.as_str().into(),
            scale_min: "1".into(),
            scale_max: "4".into(),
            direction: "higher".into(),
            levels: String::new(),
            version: String::new(),
        }
    }
}

impl MeasureForm {
    /// The form holding a saved measure.
    pub fn of(d: &MeasureDetail) -> MeasureForm {
        let m = &d.measure;
        let bound = |b: Option<i32>| b.map(|v| v.to_string()).unwrap_or_default();
        MeasureForm {
            name: m.name.clone(),
            description: m.description.clone(),
            kind: m.kind.clone(),
            scale_min: bound(m.scale_min),
            scale_max: bound(m.scale_max),
            direction: if m.higher_is_better {
                "higher"
            } else {
                "lower"
            }
            .into(),
            levels: d
                .levels
                .iter()
                .map(|l| l.descriptor.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            version: m.version.to_string(),
        }
    }

    /// The version an edit was made from (a 422 on `version` when the form lost it).
    pub fn version(&self) -> Result<i32, FieldErrors> {
        let mut errors = FieldErrors::default();
        errors
            .take(form::int("version", &self.version))
            .ok_or(errors)
    }

    /// The model's input, or what cannot be read. A scale and levels typed for a kind that is
    /// not a rubric are left out (the form shows them for rubrics only).
    pub fn input(&self) -> Result<MeasureInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let kind = errors.take(form::choice::<MeasureKind>("kind", &self.kind));
        let rubric = kind == Some(MeasureKind::Rubric);
        let mut bound = |field: &str, text: &str| match rubric {
            true => errors.take(form::opt_int(field, text)).flatten(),
            false => None,
        };
        let (min, max) = (
            bound("scale_min", &self.scale_min),
            bound("scale_max", &self.scale_max),
        );
        let higher = errors.take(direction(&self.direction));
        let levels = match rubric {
            true => lines(&self.levels, min.unwrap_or(1)),
            false => vec![],
        };
        match (kind, higher) {
            (Some(kind), Some(higher_is_better)) if errors.is_empty() => Ok(MeasureInput {
                name: self.name.clone(),
                description: self.description.clone(),
                scale: Scale { kind, min, max },
                higher_is_better,
                levels,
            }),
            _ => Err(errors),
        }
    }
}

fn direction(text: &str) -> Result<bool, Violation> {
    match text.trim() {
        "higher" => Ok(true),
        "lower" => Ok(false),
        _ => Err(Violation::new(
            "higher_is_better",
            "choose whether higher or lower is better",
        )),
    }
}

/// Line k (from 0) describes level `first + k`; blank lines at the end are not levels.
fn lines(text: &str, first: i32) -> Vec<(i32, String)> {
    let mut lines: Vec<&str> = text.lines().collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    (first..)
        .zip(lines)
        .map(|(level, line)| (level, line.trim().to_string()))
        .collect()
}

/// The model's problems as the form shows them: a level's problem beside the textarea, naming
/// its line (`levels[2].descriptor` → "line 3: must not be empty"), all of them together.
pub fn errors_of(problems: &[Violation]) -> FieldErrors {
    let mut by_field: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for v in problems {
        let (field, message) = match level_index(&v.field) {
            Some(i) => (
                "levels".to_string(),
                format!("line {}: {}", i + 1, v.message),
            ),
            None if v.field == "higher_is_better" => ("direction".into(), v.message.clone()),
            None => (v.field.clone(), v.message.clone()),
        };
        by_field.entry(field).or_default().push(message);
    }
    let mut errors = FieldErrors::default();
    for (field, messages) in by_field {
        errors.add(Violation::new(field, messages.join("; ")));
    }
    errors
}

/// `levels[2].descriptor` → 2.
fn level_index(field: &str) -> Option<usize> {
    let rest = field.strip_prefix("levels[")?;
    rest.split_once(']')?.0.parse().ok()
}

/// The kind and direction choices, with the typed ones selected.
pub fn choices(f: &MeasureForm) -> (Vec<SelectOption>, Vec<SelectOption>) {
    let kinds = MeasureKind::ALL
        .iter()
        .map(|k| SelectOption::new(k.as_str(), k.label(), &f.kind))
        .collect();
    let directions = vec![
        SelectOption::new("higher", "Higher is better", &f.direction),
        SelectOption::new("lower", "Lower is better", &f.direction),
    ];
    (kinds, directions)
}

/// A measure as the lists show it.
#[derive(Debug, Serialize)]
pub struct Card {
    id: i32,
    name: String,
    description: String,
    kind: &'static str,
    scale: String,
    direction: &'static str,
    levels: Vec<Level>,
    edit_href: Option<String>,
}

impl Card {
    /// The card, with an edit link when the caller may change it.
    pub fn new(d: &MeasureDetail, edit_href: Option<String>) -> Card {
        let m = &d.measure;
        let kind = m.measure_kind();
        let scale = match (kind, m.scale_min, m.scale_max) {
            (MeasureKind::Rubric, Some(lo), Some(hi)) => format!("levels {lo}–{hi}"),
            (MeasureKind::Percent, _, _) => "0–100".into(),
            (MeasureKind::Count, _, _) => "0 or more".into(),
            (MeasureKind::YesNo, _, _) => "1 (yes) or 0 (no)".into(),
            _ => String::new(),
        };
        Card {
            id: m.id,
            name: m.name.clone(),
            description: m.description.clone(),
            kind: kind.label(),
            scale,
            direction: if m.higher_is_better {
                "higher is better"
            } else {
                "lower is better"
            },
            levels: Level::of(d),
            edit_href,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_describes_the_next_level_up() {
        let f = MeasureForm {
            name: "Discourse".into(),
            levels: "teacher talk only\n IRE \nstudents talk\n\n".into(),
            scale_min: "0".into(),
            scale_max: "2".into(),
            ..MeasureForm::default()
        };
        let input = f.input().unwrap();
        assert_eq!(
            input.levels,
            vec![
                (0, "teacher talk only".into()),
                (1, "IRE".into()),
                (2, "students talk".into())
            ]
        );
    }

    #[test]
    fn a_percent_measure_drops_the_rubric_fields() {
        let f = MeasureForm {
            name: "On task".into(),
            kind: "percent".into(),
            levels: "a\nb".into(),
            ..MeasureForm::default()
        };
        let input = f.input().unwrap();
        assert_eq!((input.scale.min, input.levels.len()), (None, 0));
    }

    #[test]
    fn level_problems_are_named_by_line_beside_the_textarea() {
        let errors = errors_of(&[
            Violation::new("levels[1].descriptor", "must not be empty"),
            Violation::new("levels", "level 4 needs a descriptor"),
            Violation::new("name", "is required"),
        ]);
        assert_eq!(
            errors.errors["levels"],
            "line 2: must not be empty; level 4 needs a descriptor"
        );
        assert_eq!(errors.errors["name"], "is required");
    }
}
