//! Reading a calculator body by hand, as JSON values, so that every problem — a string or null
//! among the numbers, a missing list, a baseline out of range — is a 422 naming its field
//! (`values[3]`) rather than serde's 400.

use crate::error::AppError;
use serde_json::{Map, Value};

/// The most points one request may chart: enough for any real series, and it keeps the exact
/// binomial sums quick.
pub const MAX_POINTS: usize = 10_000;

/// A numeric series and its baseline, checked.
pub struct Series {
    /// The values, all finite.
    pub values: Vec<f64>,
    /// The baseline length, 1 ≤ k ≤ values.len(), when given.
    pub baseline: Option<usize>,
}

/// Counts out of totals and a baseline, checked (0 ≤ x ≤ n, n > 0, equal lengths).
pub struct Counts {
    /// Numerators.
    pub x: Vec<f64>,
    /// Denominators.
    pub n: Vec<f64>,
    /// The baseline length, when given.
    pub baseline: Option<usize>,
}

/// The body as a JSON object (a 400 when it is not JSON at all, a 422 when not an object or
/// when a number is too large to be finite).
fn object(body: &[u8]) -> Result<Map<String, Value>, AppError> {
    let value = match serde_json::from_slice::<Value>(body) {
        Ok(v) => v,
        Err(e) if e.to_string().starts_with("number out of range") => {
            let field = entry_at(body, e.line(), e.column()).unwrap_or_default();
            return Err(AppError::invalid(field, "must be a finite number"));
        }
        Err(_) => crate::web::form::json::<Value>(body)?,
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(AppError::invalid("", "the body must be a JSON object")),
    }
}

/// The list entry (`values[3]`) at a parser position (1-based line and column): the key before
/// the last `[` and the number of commas since it. `None` when the position is not in a list.
fn entry_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let start: usize = text
        .split('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum();
    let prefix = text.get(..(start + column).min(text.len()))?;
    let open = prefix.rfind('[')?;
    let before = prefix[..open]
        .trim_end()
        .strip_suffix(':')?
        .trim_end()
        .strip_suffix('"')?;
    let key = &before[before.rfind('"')? + 1..];
    let index = prefix[open..].matches(',').count();
    Some(format!("{key}[{index}]"))
}

/// The list `field` of finite numbers, non-empty and at most [`MAX_POINTS`] long.
fn numbers(obj: &Map<String, Value>, field: &str) -> Result<Vec<f64>, AppError> {
    let items = match obj.get(field) {
        None | Some(Value::Null) => {
            return Err(AppError::invalid(field, "is required: a list of numbers"));
        }
        Some(Value::Array(items)) => items,
        Some(_) => return Err(AppError::invalid(field, "must be a list of numbers")),
    };
    if items.is_empty() {
        return Err(AppError::invalid(field, "must not be empty"));
    }
    if items.len() > MAX_POINTS {
        return Err(AppError::invalid(
            field,
            format!("must have at most {MAX_POINTS} entries"),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, v)| number(field, i, v))
        .collect()
}

/// One entry of a list: a finite JSON number.
fn number(field: &str, i: usize, v: &Value) -> Result<f64, AppError> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => Err(AppError::invalid(
            format!("{field}[{i}]"),
            "must be a finite number",
        )),
        None => Err(AppError::invalid(
            format!("{field}[{i}]"),
            "must be a number",
        )),
    }
}

/// The optional `baseline`: a whole number from 1 to `len`.
fn baseline(obj: &Map<String, Value>, len: usize) -> Result<Option<usize>, AppError> {
    let v = match obj.get("baseline") {
        None | Some(Value::Null) => return Ok(None),
        Some(v) => v,
    };
    match v.as_u64().and_then(|k| usize::try_from(k).ok()) {
        Some(k) if (1..=len).contains(&k) => Ok(Some(k)),
        _ => Err(AppError::invalid(
            "baseline",
            format!("must be a whole number from 1 to {len} (the number of points)"),
        )),
    }
}

/// A run or I chart body: `{"values": [...], "baseline": k?}`.
pub fn series(body: &[u8]) -> Result<Series, AppError> {
    let obj = object(body)?;
    let values = numbers(&obj, "values")?;
    let baseline = baseline(&obj, values.len())?;
    Ok(Series { values, baseline })
}

/// A P chart body: `{"x": [...], "n": [...], "baseline": k?}`.
pub fn counts(body: &[u8]) -> Result<Counts, AppError> {
    let obj = object(body)?;
    let x = numbers(&obj, "x")?;
    let n = numbers(&obj, "n")?;
    if x.len() != n.len() {
        return Err(AppError::invalid(
            "n",
            format!(
                "must have as many entries as x ({} against {})",
                n.len(),
                x.len()
            ),
        ));
    }
    check_counts(&x, &n)?;
    let baseline = baseline(&obj, x.len())?;
    Ok(Counts { x, n, baseline })
}

/// Each count: n > 0, 0 ≤ x ≤ n.
fn check_counts(x: &[f64], n: &[f64]) -> Result<(), AppError> {
    for (i, (xi, ni)) in x.iter().zip(n).enumerate() {
        if *ni <= 0.0 {
            return Err(AppError::invalid(
                format!("n[{i}]"),
                "must be greater than 0",
            ));
        }
        if *xi < 0.0 {
            return Err(AppError::invalid(format!("x[{i}]"), "must not be negative"));
        }
        if xi > ni {
            return Err(AppError::invalid(
                format!("x[{i}]"),
                format!("must not exceed n[{i}] ({ni})"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<Series, AppError>) -> String {
        match r {
            Err(e) => e.violations()[0].field.clone(),
            Ok(_) => "accepted".into(),
        }
    }

    #[test]
    fn numbers_too_large_to_be_finite_are_422_at_their_entry() {
        assert!(matches!(
            series(br#"{"values": [1e400]}"#),
            Err(AppError::Invalid(_))
        ));
        assert_eq!(field_of(series(br#"{"values": [1, 1e400]}"#)), "values[1]");
        let multi = b"{\n  \"x\": [1, 2],\n  \"n\" : [3,\n 4, -1e999]\n}";
        let e = counts(multi).err().map(|e| e.violations()[0].clone());
        assert_eq!(e.map(|v| v.field), Some("n[2]".to_string()));
        assert!(matches!(series(b"not json"), Err(AppError::BadRequest(_))));
        assert_eq!(field_of(series(br#"{"values": [1, true]}"#)), "values[1]");
        assert_eq!(
            field_of(series(br#"{"values": [1, 2], "baseline": 2}"#)),
            "accepted"
        );
    }
}
