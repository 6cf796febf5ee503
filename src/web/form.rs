//! Reading input: form fields arrive as text and are parsed into typed values with one message
//! per field, so a form comes back with every problem beside its field; JSON bodies are parsed
//! after the caller's rights are checked, so a forbidden caller never learns about shapes.

use crate::domain::Violation;
use crate::error::AppError;
use actix_web::http::StatusCode;
use chrono::{NaiveDate, NaiveTime};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Field errors collected while parsing a form.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct FieldErrors {
    /// field → message.
    pub errors: BTreeMap<String, String>,
}

impl FieldErrors {
    /// Records a problem with a field (the first one per field wins).
    pub fn add(&mut self, v: Violation) {
        self.errors.entry(v.field).or_insert(v.message);
    }

    /// Keeps the value of `r`, noting its error.
    pub fn take<T>(&mut self, r: Result<T, Violation>) -> Option<T> {
        r.map_err(|v| self.add(v)).ok()
    }

    /// No problems.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// As a list, for the errors summary.
    pub fn list(&self) -> Vec<Violation> {
        self.errors
            .iter()
            .map(|(f, m)| Violation::new(f.clone(), m.clone()))
            .collect()
    }

    /// From an error that carries violations (or a general one under the empty field).
    pub fn from_error(e: &AppError) -> FieldErrors {
        let mut f = FieldErrors::default();
        match e.violations() {
            [] => f.add(Violation::new("", e.to_string())),
            vs => vs.iter().cloned().for_each(|v| f.add(v)),
        }
        f
    }
}

/// A whole number.
pub fn int(field: &str, value: &str) -> Result<i32, Violation> {
    value
        .trim()
        .parse()
        .map_err(|_| Violation::new(field, "must be a whole number"))
}

/// An optional whole number (blank is none).
pub fn opt_int(field: &str, value: &str) -> Result<Option<i32>, Violation> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        int(field, value).map(Some)
    }
}

/// A date `YYYY-MM-DD` within the years 2000–2100 (see `validate::date_in_range`).
pub fn date(field: &str, value: &str) -> Result<NaiveDate, Violation> {
    let date = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Violation::new(field, "must be a date (YYYY-MM-DD)"))?;
    crate::domain::validate::date_in_range(field, date)
}

/// A date written exactly `YYYY-MM-DD` (no blank, no spaces, no one-digit month), as the
/// OpenAPI `date` format of a query parameter promises; within the years 2000–2100. A form's
/// date field is read more kindly by [`date`]; this is for callers of the API that say what
/// they mean or leave the parameter out.
pub fn exact_date(field: &str, value: &str) -> Result<NaiveDate, Violation> {
    let shape = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(Violation::new(field, "must be a date (YYYY-MM-DD)"));
    }
    date(field, value)
}

/// An optional date (blank is none).
pub fn opt_date(field: &str, value: &str) -> Result<Option<NaiveDate>, Violation> {
    if value.trim().is_empty() {
        Ok(None)
    } else {
        date(field, value).map(Some)
    }
}

/// A time `HH:MM` (or `HH:MM:SS`).
pub fn time(field: &str, value: &str) -> Result<NaiveTime, Violation> {
    let v = value.trim();
    NaiveTime::parse_from_str(v, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(v, "%H:%M:%S"))
        .map_err(|_| Violation::new(field, "must be a time (HH:MM)"))
}

/// A value of a string enum (`FromStr<Err = String>`), the message naming the allowed values.
pub fn choice<T: std::str::FromStr<Err = String>>(
    field: &str,
    value: &str,
) -> Result<T, Violation> {
    value
        .trim()
        .parse()
        .map_err(|m: String| Violation::new(field, m))
}

/// Parses a JSON body: 400 naming the position and problem when it is not the expected shape;
/// 422 naming the field when a text holds a NUL (`\u0000`), which no field accepts and
/// PostgreSQL cannot store.
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let parsed = parse_json(body)?;
    if body.windows(6).any(|w| w == b"\\u0000") {
        let value: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
        if let Some(field) = nul_in(&value, "") {
            return Err(AppError::invalid(
                field,
                "must not contain the NUL character (U+0000)",
            ));
        }
    }
    Ok(parsed)
}

/// Where the first string holding a NUL is, as the API names fields (`items[3].note`).
fn nul_in(value: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    let join = |key: &str| {
        if at.is_empty() {
            key.to_string()
        } else {
            format!("{at}.{key}")
        }
    };
    match value {
        Value::String(s) => s.contains('\0').then(|| at.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in(v, &format!("{at}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                return Some(join(""));
            }
            nul_in(v, &join(k))
        }),
        _ => None,
    }
}

/// Parses `body` into `T`. A number written with a fraction of zero (`3.0`) is an integer in
/// JSON Schema, and clients (JavaScript above all) send them so; serde refuses one for an
/// integer field, so such numbers are read as the integers they are. Only a body holding a
/// `.0` or an exponent pays for the detour through `Value`.
fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let maybe_integral_float = body.windows(2).any(|w| {
        (w[0] == b'.' && w[1] == b'0') || (w[0].is_ascii_digit() && matches!(w[1], b'e' | b'E'))
    });
    let value = maybe_integral_float
        .then(|| serde_json::from_slice::<serde_json::Value>(body).ok())
        .flatten();
    if let Some(mut value) = value {
        integral_floats(&mut value);
        return serde_json::from_value(value).map_err(|e| unreadable(e.to_string()));
    }
    serde_json::from_slice(body).map_err(|e| unreadable(e.to_string()))
}

/// Numbers like `3.0` or `1e3` become the integers they equal (within ±2^53, where a float is
/// exact).
fn integral_floats(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_floats),
        Value::Object(map) => map.values_mut().for_each(integral_floats),
        _ => {}
    }
}

/// The 400 of a body that is not the expected shape, naming the field when serde does.
fn unreadable(message: String) -> AppError {
    let field = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("missing field") || message.starts_with("unknown field"))
        .unwrap_or("")
        .to_string();
    AppError::BadRequest(vec![Violation::new(field, message)])
}

/// The field errors of a refused save, so the form comes back with each problem beside its
/// field; any other error (a 404, a 403, a fault) is passed on.
pub fn refused(e: AppError) -> Result<FieldErrors, AppError> {
    if e.violations().is_empty() {
        Err(e)
    } else {
        Ok(FieldErrors::from_error(&e))
    }
}

/// A refused save as a page answers it: a stale version is a 409 with no field errors (the page
/// shows what is saved now beside what was typed), a broken rule a 422 with each problem beside
/// its field; any other error (a 404, a 403, a fault) is passed on.
pub fn refusal(e: AppError) -> Result<(FieldErrors, StatusCode), AppError> {
    match e {
        AppError::Conflict(_) => Ok((FieldErrors::default(), StatusCode::CONFLICT)),
        other => Ok((refused(other)?, StatusCode::UNPROCESSABLE_ENTITY)),
    }
}

/// Fails with all the collected violations when there are any.
pub fn finish(errors: FieldErrors) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors.list()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsers_name_the_field() {
        assert_eq!(int("number", "x").unwrap_err().field, "number");
        assert_eq!(date("date", "2026-13-01").unwrap_err().field, "date");
        assert_eq!(time("start", "9am").unwrap_err().field, "start");
        assert_eq!(
            time("start", "09:00").unwrap(),
            NaiveTime::from_hms_opt(9, 0, 0).unwrap()
        );
        assert_eq!(opt_int("school_id", " ").unwrap(), None);
    }

    #[test]
    fn json_errors_are_400_with_the_missing_field() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            name: String,
        }
        let e = json::<T>(b"{}").unwrap_err();
        assert_eq!(e.violations()[0].field, "name");
        assert!(matches!(
            json::<T>(b"not json").unwrap_err(),
            AppError::BadRequest(_)
        ));
    }

    #[test]
    fn integral_floats_are_read_as_integers() {
        #[derive(serde::Deserialize, Debug)]
        struct T {
            id: i32,
            value: f64,
        }
        let t: T = json(br#"{"id": 3.0, "value": 2.5}"#).unwrap();
        assert_eq!((t.id, t.value), (3, 2.5));
        let t: T = json(br#"{"id": 1e1, "value": 4.0}"#).unwrap();
        assert_eq!((t.id, t.value), (10, 4.0));
        assert!(matches!(
            json::<T>(br#"{"id": 3.5, "value": 1}"#),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn a_nul_in_any_text_is_a_422_naming_its_field() {
        let e = json::<serde_json::Value>(br#"{"items": [{"note": "ok"}, {"note": "a\u0000b"}]}"#)
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)));
        assert_eq!(e.violations()[0].field, "items[1].note");
        assert!(
            json::<serde_json::Value>(br#"{"note": "a\\u0000b"}"#).is_ok(),
            "an escaped backslash"
        );
    }

    #[test]
    fn field_errors_keep_the_first_message_per_field() {
        let mut f = FieldErrors::default();
        assert_eq!(f.take(int("a", "1")), Some(1));
        f.add(Violation::new("a", "first"));
        f.add(Violation::new("a", "second"));
        assert_eq!(f.errors["a"], "first");
        assert!(finish(f).is_err());
    }
}
