//! The "plan a new cycle" form of a change idea's page, as typed: the Plan's texts and dates,
//! the measures ticked, and question rows with their predictions (blank rows ignored). Read into
//! the model's `PlanInput` with every problem found in one round.

use super::questions::{self, RawRow};
use crate::domain::Violation;
use crate::error::AppError;
use crate::models::cycle::{PlanInput, QuestionInput};
use crate::web::form::{self, FieldErrors};
use serde::Serialize;

/// Question rows a new plan offers.
pub(super) const PLAN_ROWS: usize = 3;

/// The plan form as typed (question rows are shown from `questions`, with their messages).
#[derive(Debug, Default, Clone, Serialize)]
pub(super) struct PlanForm {
    pub(super) title: String,
    pub(super) objective: String,
    pub(super) plan_who: String,
    pub(super) plan_what: String,
    pub(super) plan_when: String,
    pub(super) plan_where: String,
    pub(super) planned_start: String,
    pub(super) planned_end: String,
    pub(super) measure_ids: Vec<String>,
    #[serde(skip)]
    pub(super) questions: Vec<RawRow>,
}

impl PlanForm {
    /// Reads the posted pairs; `measure_ids` repeat (one per ticked box).
    pub(super) fn from_pairs(pairs: &[(String, String)]) -> PlanForm {
        let mut f = PlanForm {
            questions: questions::posted(pairs).unwrap_or_default(),
            ..PlanForm::default()
        };
        for (key, value) in pairs {
            let slot = match key.as_str() {
                "title" => &mut f.title,
                "objective" => &mut f.objective,
                "plan_who" => &mut f.plan_who,
                "plan_what" => &mut f.plan_what,
                "plan_when" => &mut f.plan_when,
                "plan_where" => &mut f.plan_where,
                "planned_start" => &mut f.planned_start,
                "planned_end" => &mut f.planned_end,
                "measure_ids" => {
                    f.measure_ids.push(value.clone());
                    continue;
                }
                _ => continue,
            };
            *slot = value.clone();
        }
        f
    }

    /// The model's Plan. Dates that cannot be read are reported together with the Plan's own
    /// rules (checked on stand-in dates), so one round shows every problem; messages about
    /// questions name the rows as typed.
    pub(super) fn input(&self) -> Result<PlanInput, AppError> {
        let mut e = FieldErrors::default();
        let start = e.take(form::date("planned_start", &self.planned_start));
        let end = e.take(form::date("planned_end", &self.planned_end));
        let ids = e.take(measure_ids(&self.measure_ids));
        let (rows, at) = questions::kept(&self.questions);
        let plan = PlanInput {
            title: self.title.clone(),
            objective: self.objective.clone(),
            plan_who: self.plan_who.clone(),
            plan_what: self.plan_what.clone(),
            plan_when: self.plan_when.clone(),
            plan_where: self.plan_where.clone(),
            planned_start: start.or(end).unwrap_or_default(),
            planned_end: end.or(start).unwrap_or_default(),
            questions: rows
                .into_iter()
                .map(|r| QuestionInput {
                    question: r.question,
                    prediction: r.prediction,
                    result: String::new(),
                })
                .collect(),
            measure_ids: ids.unwrap_or_default(),
        };
        if e.is_empty() {
            return Ok(plan);
        }
        let mut all = e.list();
        all.extend(plan.problems());
        Err(questions::remap(AppError::Invalid(all), &at))
    }

    /// Where the model's messages about questions land on this form.
    pub(super) fn kept_rows(&self) -> Vec<usize> {
        questions::kept(&self.questions).1
    }
}

/// The ticked measures' ids (field "measure_ids").
pub(super) fn measure_ids(values: &[String]) -> Result<Vec<i32>, Violation> {
    values
        .iter()
        .filter(|v| !v.trim().is_empty())
        .map(|v| form::int("measure_ids", v))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn unreadable_dates_come_with_the_plans_other_problems() {
        let f = PlanForm::from_pairs(&pairs(&[
            ("title", " "),
            ("planned_start", "soon"),
            ("planned_end", "2026-10-20"),
            ("questions[1].prediction", "Half will"),
        ]));
        let e = f.input().unwrap_err();
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert!(fields.contains(&"planned_start"), "{fields:?}");
        assert!(fields.contains(&"title"), "{fields:?}");
        assert!(fields.contains(&"questions[1].question"), "{fields:?}");
        assert!(!fields.contains(&"planned_end"), "{fields:?}");
    }

    #[test]
    fn ticked_measures_repeat() {
        let f = PlanForm::from_pairs(&pairs(&[("measure_ids", "3"), ("measure_ids", "5")]));
        assert_eq!(measure_ids(&f.measure_ids).unwrap(), [3, 5]);
        assert_eq!(
            measure_ids(&["x".to_string()]).unwrap_err().field,
            "measure_ids"
        );
    }
}
