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

/// A date `YYYY-MM-DD`.
pub fn date(field: &str, value: &str) -> Result<NaiveDate, Violation> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| Violation::new(field, "must be a date (YYYY-MM-DD)"))
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

/// Parses a JSON body: 400 naming the position and problem when it is not the expected shape.
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        let message = e.to_string();
        let field = message
            .split('`')
            .nth(1)
            .filter(|_| {
                message.starts_with("missing field") || message.starts_with("unknown field")
            })
            .unwrap_or("")
            .to_string();
        AppError::BadRequest(vec![Violation::new(field, message)])
    })
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
    fn field_errors_keep_the_first_message_per_field() {
        let mut f = FieldErrors::default();
        assert_eq!(f.take(int("a", "1")), Some(1));
        f.add(Violation::new("a", "first"));
        f.add(Violation::new("a", "second"));
        assert_eq!(f.errors["a"], "first");
        assert!(finish(f).is_err());
    }
}
