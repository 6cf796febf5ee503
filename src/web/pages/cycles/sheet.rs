//! The worksheet form: the cycle's fields as the page shows them (stored, or as typed over the
//! stored ones), read into the model's `CycleEdit` — a field the form did not carry (a part not
//! open yet) is left out, so the model keeps it — and compared field by field with the saved
//! cycle after a conflict.

use super::plan::measure_ids;
use super::questions::{self, RawRow};
use crate::domain::cycle::Decision;
use crate::error::AppError;
use crate::models::cycle::{CycleDetail, CycleEdit, QuestionEdit};
use crate::web::form::{self, FieldErrors};
use chrono::NaiveDate;
use serde::Serialize;

/// Posted alongside the measure checkboxes, so that ticking none is told from not showing them.
pub(super) const MEASURES_SHOWN: &str = "measures_shown";

/// The worksheet's fields as text.
#[derive(Debug, Default, Clone, Serialize)]
pub(super) struct SheetForm {
    pub(super) version: String,
    pub(super) title: String,
    pub(super) objective: String,
    pub(super) plan_who: String,
    pub(super) plan_what: String,
    pub(super) plan_when: String,
    pub(super) plan_where: String,
    pub(super) planned_start: String,
    pub(super) planned_end: String,
    pub(super) measure_ids: Vec<String>,
    pub(super) do_happened: String,
    pub(super) do_deviations: String,
    pub(super) study_learned: String,
    pub(super) act_decision: String,
    pub(super) act_reason: String,
    #[serde(skip)]
    pub(super) questions: Vec<RawRow>,
}

/// A field whose saved value differs from the one typed.
#[derive(Debug, Serialize)]
pub(super) struct Diff {
    label: String,
    theirs: String,
    yours: String,
}

/// An edit read from the form: the version it was made from, the edit, and where each question
/// the model sees sat on the form.
pub(super) struct Posted {
    pub(super) version: i32,
    pub(super) edit: CycleEdit,
    pub(super) kept: Vec<usize>,
}

impl SheetForm {
    /// The saved cycle as the form shows it.
    pub(super) fn of(d: &CycleDetail) -> SheetForm {
        let c = &d.cycle;
        SheetForm {
            version: c.version.to_string(),
            title: c.title.clone(),
            objective: c.objective.clone(),
            plan_who: c.plan_who.clone(),
            plan_what: c.plan_what.clone(),
            plan_when: c.plan_when.clone(),
            plan_where: c.plan_where.clone(),
            planned_start: c.planned_start.to_string(),
            planned_end: c.planned_end.to_string(),
            measure_ids: d.measures.iter().map(|m| m.id.to_string()).collect(),
            do_happened: c.do_happened.clone(),
            do_deviations: c.do_deviations.clone(),
            study_learned: c.study_learned.clone(),
            act_decision: c.act_decision.clone().unwrap_or_default(),
            act_reason: c.act_reason.clone(),
            questions: d
                .questions
                .iter()
                .map(|q| RawRow {
                    question: q.question.clone(),
                    prediction: q.prediction.clone(),
                    result: Some(q.result.clone()),
                })
                .collect(),
        }
    }

    /// Puts what was typed over the saved values.
    pub(super) fn overlay(&mut self, pairs: &[(String, String)]) {
        if let Some(rows) = questions::posted(pairs) {
            self.questions = rows;
        }
        if pairs.iter().any(|(k, _)| k == MEASURES_SHOWN) {
            self.measure_ids = values(pairs, "measure_ids");
        }
        for (key, value) in pairs {
            if let Some(slot) = self.text_mut(key) {
                *slot = value.clone();
            }
        }
    }

    fn text_mut(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "version" => &mut self.version,
            "title" => &mut self.title,
            "objective" => &mut self.objective,
            "plan_who" => &mut self.plan_who,
            "plan_what" => &mut self.plan_what,
            "plan_when" => &mut self.plan_when,
            "plan_where" => &mut self.plan_where,
            "planned_start" => &mut self.planned_start,
            "planned_end" => &mut self.planned_end,
            "do_happened" => &mut self.do_happened,
            "do_deviations" => &mut self.do_deviations,
            "study_learned" => &mut self.study_learned,
            "act_decision" => &mut self.act_decision,
            "act_reason" => &mut self.act_reason,
            _ => return None,
        })
    }

    /// Every field as (label, text), measures by name from `names` (id, name).
    fn facts(&self, names: &[(i32, String)]) -> Vec<(String, String)> {
        let decision = self
            .act_decision
            .parse::<Decision>()
            .map_or("", |d| d.label());
        let pairs = |list: &[(&str, &String)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(l, v)| (l.to_string(), v.trim().to_string()))
                .collect()
        };
        let mut out = pairs(&[
            ("Title", &self.title),
            ("Objective", &self.objective),
            ("Who", &self.plan_who),
            ("What", &self.plan_what),
            ("When", &self.plan_when),
            ("Where", &self.plan_where),
            ("Planned start", &self.planned_start),
            ("Planned end", &self.planned_end),
        ]);
        out.push(("Measures to collect".into(), self.measure_names(names)));
        out.extend(self.question_facts());
        out.extend(pairs(&[
            ("What happened", &self.do_happened),
            ("What did not go to plan", &self.do_deviations),
            ("What was learned", &self.study_learned),
            ("Decision", &decision.to_string()),
            ("Reason", &self.act_reason),
        ]));
        out
    }

    /// The ticked measures by name, in name order.
    fn measure_names(&self, names: &[(i32, String)]) -> String {
        let mut list: Vec<&str> = self
            .measure_ids
            .iter()
            .filter_map(|v| names.iter().find(|(id, _)| v.trim() == id.to_string()))
            .map(|(_, n)| n.as_str())
            .collect();
        list.sort();
        list.join(", ")
    }

    /// Each question that says something, with its prediction and result, as one line.
    fn question_facts(&self) -> Vec<(String, String)> {
        let (kept, _) = questions::kept(&self.questions);
        kept.iter()
            .enumerate()
            .map(|(n, q)| {
                let found = q
                    .result
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(|r| format!(" — found: {r}"))
                    .unwrap_or_default();
                let text = format!(
                    "{} — predicted: {}{found}",
                    q.question.trim(),
                    q.prediction.trim()
                );
                (format!("Question {}", n + 1), text)
            })
            .collect()
    }

    /// The fields where the saved cycle (`theirs`) and this form differ.
    pub(super) fn differences(&self, theirs: &SheetForm, names: &[(i32, String)]) -> Vec<Diff> {
        let (mine, saved) = (self.facts(names), theirs.facts(names));
        let mut labels: Vec<&String> = saved.iter().map(|(l, _)| l).collect();
        for (l, _) in &mine {
            if !labels.contains(&l) {
                labels.push(l);
            }
        }
        let find = |list: &[(String, String)], label: &str| {
            list.iter()
                .find(|(l, _)| l == label)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        labels
            .into_iter()
            .map(|l| Diff {
                label: l.clone(),
                theirs: find(&saved, l),
                yours: find(&mine, l),
            })
            .filter(|d| d.theirs != d.yours)
            .collect()
    }
}

/// Every value posted under `key`, in order.
fn values(pairs: &[(String, String)], key: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.clone())
        .collect()
}

/// The edit the form carries: only the fields it posted.
pub(super) fn posted(pairs: &[(String, String)]) -> Result<Posted, AppError> {
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let mut e = FieldErrors::default();
    let version = e.take(form::int("version", &get("version").unwrap_or_default()));
    let mut date = |field: &str| -> Option<NaiveDate> {
        get(field).and_then(|v| e.take(form::date(field, &v)))
    };
    let (planned_start, planned_end) = (date("planned_start"), date("planned_end"));
    let act_decision = match get("act_decision") {
        None => None,
        Some(v) if v.trim().is_empty() => Some(None),
        Some(v) => e
            .take(form::choice::<Decision>("act_decision", &v))
            .map(Some),
    };
    let measures = match get(MEASURES_SHOWN) {
        Some(_) => e.take(measure_ids(&values(pairs, "measure_ids"))),
        None => None,
    };
    let rows = questions::posted(pairs).map(|rows| questions::kept(&rows));
    let Some(version) = version.filter(|_| e.is_empty()) else {
        return Err(AppError::Invalid(e.list()));
    };
    let kept = rows.as_ref().map(|(_, at)| at.clone()).unwrap_or_default();
    let edit = CycleEdit {
        title: get("title"),
        objective: get("objective"),
        plan_who: get("plan_who"),
        plan_what: get("plan_what"),
        plan_when: get("plan_when"),
        plan_where: get("plan_where"),
        planned_start,
        planned_end,
        questions: rows.map(|(rows, _)| rows.into_iter().map(question_edit).collect()),
        measure_ids: measures,
        do_happened: get("do_happened"),
        do_deviations: get("do_deviations"),
        study_learned: get("study_learned"),
        act_decision,
        act_reason: get("act_reason"),
        next_cycle_id: None,
    };
    Ok(Posted {
        version,
        edit,
        kept,
    })
}

fn question_edit(r: RawRow) -> QuestionEdit {
    QuestionEdit {
        question: r.question,
        prediction: r.prediction,
        result: r.result,
    }
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
    fn fields_the_form_did_not_carry_are_left_out() {
        let p = posted(&pairs(&[("version", "3"), ("do_happened", "Ran it")])).unwrap();
        assert_eq!(p.version, 3);
        assert_eq!(p.edit.do_happened.as_deref(), Some("Ran it"));
        assert!(p.edit.title.is_none());
        assert!(p.edit.questions.is_none());
        assert!(p.edit.measure_ids.is_none());
        assert!(p.edit.act_decision.is_none());
    }

    #[test]
    fn a_blank_decision_clears_it_and_no_ticked_measure_clears_them() {
        let p = posted(&pairs(&[
            ("version", "1"),
            ("act_decision", ""),
            (MEASURES_SHOWN, "1"),
        ]))
        .unwrap();
        assert_eq!(p.edit.act_decision, Some(None));
        assert_eq!(p.edit.measure_ids, Some(vec![]));
    }

    #[test]
    fn unreadable_values_are_named() {
        let e = posted(&pairs(&[
            ("version", "x"),
            ("planned_end", "later"),
            ("act_decision", "maybe"),
        ]))
        .err()
        .unwrap();
        let fields: Vec<&str> = e.violations().iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["act_decision", "planned_end", "version"]);
    }

    #[test]
    fn differences_list_only_what_differs() {
        let theirs = SheetForm {
            title: "Turn and talk".into(),
            objective: "More talk".into(),
            ..SheetForm::default()
        };
        let mut mine = theirs.clone();
        mine.overlay(&pairs(&[("objective", "Better talk")]));
        let d = mine.differences(&theirs, &[]);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].label, "Objective");
        assert_eq!(
            (d[0].theirs.as_str(), d[0].yours.as_str()),
            ("More talk", "Better talk")
        );
    }
}
