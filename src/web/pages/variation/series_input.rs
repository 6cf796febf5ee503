//! Reading "chart a series": numbers pasted as text (from a spreadsheet: separated by commas,
//! spaces, tabs or new lines) are split into entries here, then judged by the calculator API's
//! own validation (`api::analysis::input`), so the page and the API accept exactly the same
//! series. The API names an entry `values[3]`; the page says `value 4: "abc" is not a number`
//! beside the field it came from.

use crate::domain::Violation;
use crate::error::AppError;
use crate::web::api::analysis::input;
use crate::web::form::FieldErrors;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct SeriesForm {
    /// run | i | p.
    #[serde(default)]
    pub kind: String,
    /// The values (for a P chart, the yes counts).
    #[serde(default)]
    pub values: String,
    /// The totals of a P chart.
    #[serde(default)]
    pub n: String,
    /// How many of the first points make the baseline; blank for all.
    #[serde(default)]
    pub baseline: String,
}

/// The chart asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Run chart: median and the Anhøj rules.
    Run,
    /// I chart: mean and limits from the screened moving ranges.
    I,
    /// P chart: proportions x/n with limits per point.
    P,
}

impl Kind {
    /// The kind from the form ("run" when none was picked).
    pub fn read(s: &str) -> Result<Kind, Violation> {
        match s.trim() {
            "" | "run" => Ok(Kind::Run),
            "i" => Ok(Kind::I),
            "p" => Ok(Kind::P),
            other => Err(Violation::new(
                "kind",
                format!("must be a run, I or P chart, not {other:?}"),
            )),
        }
    }
}

/// A series checked by the calculator's rules.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The chart.
    pub kind: Kind,
    /// Values (P chart: yes counts).
    pub values: Vec<f64>,
    /// Totals (P chart only; empty otherwise).
    pub n: Vec<f64>,
    /// Baseline length, when given.
    pub baseline: Option<usize>,
}

/// One pasted entry: its text, and its value when it is a finite number.
struct Entry {
    text: String,
    value: Option<f64>,
}

/// Splits pasted text on commas, semicolons and white space.
fn entries(text: &str) -> Vec<Entry> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| Entry {
            text: t.to_string(),
            value: t.parse::<f64>().ok().filter(|v| v.is_finite()),
        })
        .collect()
}

/// The entries as the API's JSON list: numbers, and the text of what is not one (which the
/// API refuses at its index).
fn json_list(list: &[Entry]) -> Value {
    list.iter()
        .map(|e| match e.value {
            Some(v) => Value::from(v),
            None => Value::from(e.text.clone()),
        })
        .collect()
}

/// The baseline as the API reads it: null when blank, a number when it is a whole number, else
/// the text (refused with the API's message).
fn json_baseline(text: &str) -> Value {
    match text.trim() {
        "" => Value::Null,
        t => t
            .parse::<u64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(t)),
    }
}

/// Checks the form with the calculator's own rules; the first problem comes back beside its field.
pub fn check(form: &SeriesForm) -> Result<Checked, FieldErrors> {
    let kind = Kind::read(&form.kind).map_err(one)?;
    let (values, n) = (entries(&form.values), entries(&form.n));
    let mut body = serde_json::Map::new();
    let list = if kind == Kind::P { "x" } else { "values" };
    body.insert(list.into(), json_list(&values));
    if kind == Kind::P {
        body.insert("n".into(), json_list(&n));
    }
    body.insert("baseline".into(), json_baseline(&form.baseline));
    let bytes = Value::Object(body).to_string().into_bytes();
    let checked = match kind {
        Kind::P => input::counts(&bytes).map(|c| (c.x, c.n, c.baseline)),
        _ => input::series(&bytes).map(|s| (s.values, Vec::new(), s.baseline)),
    };
    let (values_ok, n_ok, baseline) = checked.map_err(|e| refusal(&e, &values, &n))?;
    Ok(Checked {
        kind,
        values: values_ok,
        n: n_ok,
        baseline,
    })
}

/// One problem as the form's errors.
fn one(v: Violation) -> FieldErrors {
    let mut errors = FieldErrors::default();
    errors.add(v);
    errors
}

/// The API's refusal in the page's words, beside the page's field.
fn refusal(e: &AppError, values: &[Entry], n: &[Entry]) -> FieldErrors {
    let mut errors = FieldErrors::default();
    for v in e.violations() {
        errors.add(translate(v, values, n));
    }
    if errors.is_empty() {
        errors.add(Violation::new("values", e.to_string()));
    }
    errors
}

/// `x[3]` → ("x", Some(3)); `baseline` → ("baseline", None).
fn split_field(field: &str) -> (&str, Option<usize>) {
    match field.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
        None => (field, None),
    }
}

/// One API violation as the page says it.
fn translate(v: &Violation, values: &[Entry], n: &[Entry]) -> Violation {
    let (list, index) = split_field(&v.field);
    let (field, entries, name) = match list {
        "n" => ("n", n, "n"),
        "values" | "x" => ("values", values, "value"),
        other => (other, values, "value"),
    };
    let message = match index.map(|i| (i, entries.get(i))) {
        Some((i, Some(e))) => entry_message(name, i, e, &v.message),
        _ => v.message.replace("as x (", "as the values ("),
    };
    Violation::new(field, message)
}

/// `value 4: "abc" is not a number`, or `n 3 (0): must be greater than 0`.
fn entry_message(name: &str, i: usize, e: &Entry, message: &str) -> String {
    let at = i + 1;
    match e.value {
        None if e.text.parse::<f64>().is_ok() => {
            format!("{name} {at}: \"{}\" is not a finite number", e.text)
        }
        None => format!("{name} {at}: \"{}\" is not a number", e.text),
        Some(_) => format!("{name} {at} ({}): {}", e.text, renumber(message)),
    }
}

/// The API's 0-based `n[2]` in a message as the page counts, `n 3`.
fn renumber(message: &str) -> String {
    let Some(open) = message.find("n[") else {
        return message.to_string();
    };
    let rest = &message[open + 2..];
    let Some(close) = rest.find(']') else {
        return message.to_string();
    };
    match rest[..close].parse::<usize>() {
        Ok(i) => format!("{}n {}{}", &message[..open], i + 1, &rest[close + 1..]),
        Err(_) => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: &str, values: &str, n: &str, baseline: &str) -> SeriesForm {
        SeriesForm {
            kind: kind.into(),
            values: values.into(),
            n: n.into(),
            baseline: baseline.into(),
        }
    }

    fn error(f: SeriesForm) -> (String, String) {
        let e = check(&f).unwrap_err();
        let (field, message) = e.errors.into_iter().next().unwrap();
        (field, message)
    }

    #[test]
    fn pasted_numbers_are_split_on_any_separator() {
        let c = check(&form("run", "1, 2\t3\n4;5  6\r\n", "", "3")).unwrap();
        assert_eq!(c.values, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(c.baseline, Some(3));
    }

    #[test]
    fn problems_name_the_entry_and_its_field() {
        let (field, message) = error(form("run", "1 2 3 abc", "", ""));
        assert_eq!(
            (field.as_str(), message.as_str()),
            ("values", "value 4: \"abc\" is not a number")
        );
        assert_eq!(
            error(form("i", "1 1e400", "", "")).1,
            "value 2: \"1e400\" is not a finite number"
        );
        assert_eq!(error(form("run", "", "", "")).0, "values");
        assert_eq!(error(form("run", "1 2", "", "5")).0, "baseline");
        assert_eq!(
            error(form("p", "1 7", "5 5", "")).1,
            "value 2 (7): must not exceed n 2 (5)"
        );
        assert_eq!(
            error(form("p", "1 2", "5 0", "")).1,
            "n 2 (0): must be greater than 0"
        );
        assert_eq!(error(form("p", "1 2", "5", "")).0, "n");
        assert_eq!(error(form("x", "1", "", "")).0, "kind");
    }
}
