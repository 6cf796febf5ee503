//! How one value of a measure is typed on a page: radio buttons for a rubric (each level's
//! descriptor on its label) and for yes/no, a text box with a number keyboard for a percent or a
//! count. A text box rather than `type=number`, because browsers send an empty value for text a
//! number box cannot read, and a wrong value must come back with its message, not vanish.
//! Rendered by `templates/evidence_value.hbs`.

use crate::domain::measure::MeasureKind;
use crate::models::measure::MeasureDetail;
use serde::Serialize;

/// One value's control, as the template reads it.
#[derive(Debug, Serialize)]
pub(super) struct ValueInput {
    /// Form field name (`value_3`, `value`).
    name: String,
    /// Element id of the control (the first radio of a group).
    id: String,
    /// A text box (percent, count) rather than radios.
    text: bool,
    /// The phone keyboard to offer.
    inputmode: &'static str,
    /// What the text box holds.
    value: String,
    /// The radios.
    choices: Vec<Choice>,
    /// Accessible name ("Value for Room 4").
    label: String,
    /// The problem with what was typed.
    error: Option<String>,
    /// Focus lands here when the page opens.
    autofocus: bool,
}

/// One radio button.
#[derive(Debug, Serialize)]
struct Choice {
    id: String,
    value: String,
    label: String,
    title: String,
    checked: bool,
    autofocus: bool,
}

/// What a cell needs to know: the field's name and accessible label, what was typed (or saved),
/// its error, and whether focus starts there.
pub(super) struct Cell<'a> {
    /// Field name.
    pub name: String,
    /// Accessible label.
    pub label: String,
    /// Typed or saved text.
    pub typed: &'a str,
    /// The message beside it.
    pub error: Option<String>,
    /// Focus starts here.
    pub autofocus: bool,
}

/// The control for a value of `m`.
pub(super) fn value_input(m: &MeasureDetail, cell: Cell<'_>) -> ValueInput {
    let id = format!("f-{}", cell.name);
    let kind = m.measure.measure_kind();
    let choices = match kind {
        MeasureKind::Rubric => rubric_choices(m, &id, cell.typed),
        MeasureKind::YesNo => yes_no_choices(&id, cell.typed),
        MeasureKind::Percent | MeasureKind::Count => vec![],
    };
    let choices = focus(choices, cell.autofocus);
    ValueInput {
        text: choices.is_empty(),
        inputmode: if kind == MeasureKind::Percent {
            "decimal"
        } else {
            "numeric"
        },
        value: cell.typed.trim().to_string(),
        name: cell.name,
        id,
        choices,
        label: cell.label,
        error: cell.error,
        autofocus: cell.autofocus,
    }
}

/// "—" (no value) and one radio per level, each titled with its descriptor; a typed value that
/// is not a level (sent by hand) gets its own checked radio, so it is shown with its message.
fn rubric_choices(m: &MeasureDetail, id: &str, typed: &str) -> Vec<Choice> {
    let (min, max) = (
        m.measure.scale_min.unwrap_or(1),
        m.measure.scale_max.unwrap_or(0),
    );
    let mut values: Vec<(String, String, String)> = (min..=max)
        .map(|level| {
            let descriptor = m
                .levels
                .iter()
                .find(|l| l.level == level)
                .map_or(String::new(), |l| l.descriptor.clone());
            (level.to_string(), level.to_string(), descriptor)
        })
        .collect();
    let typed = normal(typed, MeasureKind::Rubric);
    if !typed.is_empty() && !values.iter().any(|(v, _, _)| *v == typed) {
        values.push((
            typed.clone(),
            typed.clone(),
            "not a level of this rubric".into(),
        ));
    }
    choices(id, &typed, values)
}

/// "—", Yes (1) and No (0).
fn yes_no_choices(id: &str, typed: &str) -> Vec<Choice> {
    let typed = normal(typed, MeasureKind::YesNo);
    let mut values = vec![
        ("1".to_string(), "Yes".to_string(), String::new()),
        ("0".to_string(), "No".to_string(), String::new()),
    ];
    if !typed.is_empty() && typed != "1" && typed != "0" {
        values.push((typed.clone(), typed.clone(), "not yes or no".into()));
    }
    choices(id, &typed, values)
}

/// The radios, "—" first; the first radio carries the group's id.
fn choices(id: &str, typed: &str, values: Vec<(String, String, String)>) -> Vec<Choice> {
    let blank = (String::new(), "—".to_string(), "no value".to_string());
    std::iter::once(blank)
        .chain(values)
        .enumerate()
        .map(|(k, (value, label, title))| Choice {
            id: if k == 0 {
                id.to_string()
            } else {
                format!("{id}-{k}")
            },
            checked: value == typed,
            value,
            label,
            title,
            autofocus: false,
        })
        .collect()
}

/// Focus goes to the checked radio of a group (a group is entered at its checked radio).
fn focus(mut choices: Vec<Choice>, autofocus: bool) -> Vec<Choice> {
    if autofocus {
        let at = choices.iter().position(|c| c.checked).unwrap_or(0);
        if let Some(c) = choices.get_mut(at) {
            c.autofocus = true;
        }
    }
    choices
}

/// What was typed as a radio's value: "3.0" is level "3", "yes" is "1".
fn normal(typed: &str, kind: MeasureKind) -> String {
    let t = typed.trim();
    if kind == MeasureKind::YesNo {
        match t.to_lowercase().as_str() {
            "yes" | "y" | "true" => return "1".into(),
            "no" | "n" | "false" => return "0".into(),
            _ => {}
        }
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v.fract() == 0.0 => super::number(v),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::measure::{Measure, RubricLevel};

    fn rubric() -> MeasureDetail {
        let measure = Measure {
            id: 1,
            program_year_id: 1,
            team_id: None,
            name: "Discourse".into(),
            description: String::new(),
            kind: "rubric".into(),
            scale_min: Some(1),
            scale_max: Some(3),
            higher_is_better: true,
            version: 1,
        };
        let levels = (1..=3)
            .map(|level| RubricLevel {
                measure_id: 1,
                level,
                descriptor: format!("level {level}"),
            })
            .collect();
        MeasureDetail { measure, levels }
    }

    fn cell(typed: &str) -> Cell<'_> {
        Cell {
            name: "value_0".into(),
            label: "Value for Room 1".into(),
            typed,
            error: None,
            autofocus: true,
        }
    }

    #[test]
    fn a_rubric_gets_a_blank_radio_and_one_per_level() {
        let input = value_input(&rubric(), cell("2.0"));
        assert!(!input.text);
        let values: Vec<&str> = input.choices.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(values, ["", "1", "2", "3"]);
        assert!(input.choices[2].checked && input.choices[2].autofocus);
        assert_eq!(input.choices[0].id, "f-value_0");
        assert_eq!(input.choices[3].title, "level 3");
    }

    #[test]
    fn a_value_off_the_scale_is_kept_as_its_own_radio() {
        let input = value_input(&rubric(), cell("7"));
        let last = input.choices.last().unwrap();
        assert_eq!((last.value.as_str(), last.checked), ("7", true));
    }
}
