//! Diesel structs and queries, one file per aggregate. Every function is synchronous, takes
//! `&mut DbConn`, and is called from inside `web::block` (or from the command line).

pub mod account_link;
pub mod aim;
pub mod audit;
pub mod calendar_feed;
pub mod classroom;
pub mod collective;
pub mod convening;
pub mod csv_files;
pub mod cycle;
pub mod district;
pub mod driver;
pub mod mail_prefs;
pub mod measure;
pub mod meeting;
pub mod observation;
pub mod outbox;
pub mod person;
pub mod plan;
pub mod rollover;
pub mod saved_form;
pub mod session;
pub mod shared;
pub mod sign_in_failure;
pub mod team;
pub mod token;
pub mod versioned;
pub mod withdrawal;
pub mod year;

use crate::error::AppError;

/// Maps a unique-constraint failure to a field error people can act on; any other database
/// error stays an internal one.
pub fn unique_as(field: &str, message: &str) -> impl Fn(diesel::result::Error) -> AppError {
    let (field, message) = (field.to_string(), message.to_string());
    move |e| match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => AppError::invalid(field.clone(), message.clone()),
        other => other.into(),
    }
}

/// Maps diesel's "no row" to a 404 naming the thing, so a caller reads "team not found"; any
/// other database error stays an internal one.
pub fn not_found(what: &'static str) -> impl Fn(diesel::result::Error) -> AppError {
    move |e| match e {
        diesel::result::Error::NotFound => AppError::NotFound(what),
        other => other.into(),
    }
}

/// Maps diesel's "no row" to a 422 on `field`: an id in a body that names nothing is bad input,
/// not a missing page.
pub fn unknown(
    field: &'static str,
    message: &'static str,
) -> impl Fn(diesel::result::Error) -> AppError {
    move |e| match e {
        diesel::result::Error::NotFound => AppError::invalid(field, message),
        other => other.into(),
    }
}

/// Refuses a change to an event that is cancelled (422 on `cancelled` with `message`) or that
/// changed since the editor read it at `version` (409 with `record`, the event as it is now).
/// Meetings and convenings both keep their cancelled rows, so both ask this before any edit.
pub fn check_editable<T: serde::Serialize>(
    record: &T,
    cancelled: bool,
    current_version: i32,
    version: i32,
    message: &str,
) -> Result<(), AppError> {
    if cancelled {
        return Err(AppError::invalid("cancelled", message));
    }
    versioned::check(record, current_version, version)
}

/// Refuses to restore an event that is not cancelled, or has begun (422 on `cancelled`).
pub fn check_restorable(
    cancelled_at: Option<chrono::NaiveDateTime>,
    begun: bool,
) -> Result<(), AppError> {
    if cancelled_at.is_none() {
        return Err(AppError::invalid("cancelled", "is not cancelled"));
    }
    if begun {
        return Err(AppError::invalid(
            "cancelled",
            "cannot be restored: its time has come",
        ));
    }
    Ok(())
}

/// Current instant in UTC, as stored: to the microsecond, the finest a PostgreSQL `TIMESTAMP`
/// keeps, so that a value written and read back is the same on both engines.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::DurationRound::duration_trunc(now, chrono::TimeDelta::microseconds(1)).unwrap_or(now)
}
