//! Question rows of a cycle's Plan as forms post them: `questions[i].question`,
//! `questions[i].prediction` and (once the Study is open) `questions[i].result`. Blank rows are
//! dropped before the model sees them, and its messages are moved back onto the rows typed, so
//! each problem shows beside the row it is about.

use super::renamed;
use crate::error::AppError;
use crate::web::form::FieldErrors;
use serde::Serialize;

/// More rows than any plan needs: a posted index beyond this is ignored.
const MAX_ROWS: usize = 50;

/// One row as posted; the result is absent when the form did not show it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RawRow {
    pub(super) question: String,
    pub(super) prediction: String,
    pub(super) result: Option<String>,
}

impl RawRow {
    fn is_blank(&self) -> bool {
        self.question.trim().is_empty()
            && self.prediction.trim().is_empty()
            && self.result.as_deref().is_none_or(|r| r.trim().is_empty())
    }
}

/// A row as the form shows it, with the messages about it.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct QuestionRow {
    index: usize,
    number: usize,
    question: String,
    prediction: String,
    result: String,
    question_error: Option<String>,
    prediction_error: Option<String>,
    result_error: Option<String>,
}

/// `questions[i].part` split into `i` and `part`.
fn split(field: &str) -> Option<(usize, &str)> {
    let rest = field.strip_prefix("questions[")?;
    let (i, part) = rest.split_once("].")?;
    Some((i.parse().ok()?, part))
}

/// The rows posted, by index (gaps blank), or none when the form carried no question field.
pub(super) fn posted(pairs: &[(String, String)]) -> Option<Vec<RawRow>> {
    let mut rows: Vec<RawRow> = Vec::new();
    let mut any = false;
    for (name, value) in pairs {
        let Some((i, part)) = split(name).filter(|(i, _)| *i < MAX_ROWS) else {
            continue;
        };
        if rows.len() <= i {
            rows.resize(i + 1, RawRow::default());
        }
        let row = &mut rows[i];
        match part {
            "question" => row.question = value.clone(),
            "prediction" => row.prediction = value.clone(),
            "result" => row.result = Some(value.clone()),
            _ => continue,
        }
        any = true;
    }
    any.then_some(rows)
}

/// The rows that say something, and the index each had on the form.
pub(super) fn kept(rows: &[RawRow]) -> (Vec<RawRow>, Vec<usize>) {
    rows.iter()
        .enumerate()
        .filter(|(_, r)| !r.is_blank())
        .map(|(i, r)| (r.clone(), i))
        .unzip()
}

/// The model's messages about `questions[k]` moved onto the form's row `kept[k]`.
pub(super) fn remap(e: AppError, kept: &[usize]) -> AppError {
    renamed(e, |field| {
        let (k, part) = split(field)?;
        let row = kept.get(k)?;
        Some(format!("questions[{row}].{part}"))
    })
}

/// The form's rows (at least `min`, blank ones added) with their messages from `errors`.
pub(super) fn rows(raw: &[RawRow], min: usize, errors: &FieldErrors) -> Vec<QuestionRow> {
    let count = raw.len().max(min);
    (0..count)
        .map(|i| {
            let r = raw.get(i).cloned().unwrap_or_default();
            let error = |part: &str| {
                errors
                    .errors
                    .get(&format!("questions[{i}].{part}"))
                    .cloned()
            };
            QuestionRow {
                index: i,
                number: i + 1,
                question_error: error("question"),
                prediction_error: error("prediction"),
                result_error: error("result"),
                question: r.question,
                prediction: r.prediction,
                result: r.result.unwrap_or_default(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Violation;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn blank_rows_are_dropped_and_messages_go_back_to_their_rows() {
        let posted = posted(&pairs(&[
            ("questions[0].question", "Will they talk?"),
            ("questions[0].prediction", "Half"),
            ("questions[1].question", " "),
            ("questions[1].prediction", ""),
            ("questions[2].question", ""),
            ("questions[2].prediction", "Most"),
            ("title", "x"),
        ]))
        .unwrap();
        let (kept, at) = kept(&posted);
        assert_eq!(kept.len(), 2);
        assert_eq!(at, [0, 2]);
        let e = AppError::Invalid(vec![
            Violation::new("questions[1].question", "is required"),
            Violation::new("objective", "blank"),
        ]);
        let fields: Vec<String> = remap(e, &at)
            .violations()
            .iter()
            .map(|v| v.field.clone())
            .collect();
        assert_eq!(fields, ["questions[2].question", "objective"]);
    }

    #[test]
    fn no_question_fields_means_the_questions_were_not_on_the_form() {
        assert!(posted(&pairs(&[("title", "x")])).is_none());
        assert!(posted(&pairs(&[("questions[9999].question", "x")])).is_none());
    }

    #[test]
    fn rows_are_padded_and_carry_their_messages() {
        let mut errors = FieldErrors::default();
        errors.add(Violation::new("questions[1].prediction", "must say"));
        let raw = vec![RawRow::default(); 2];
        let shown = rows(&raw, 3, &errors);
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[1].prediction_error.as_deref(), Some("must say"));
        assert!(shown[0].prediction_error.is_none());
    }
}
