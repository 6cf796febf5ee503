//! The query of a variation request: which measure, how to cut time into periods, and how
//! many of the first periods make the baseline. Every problem is a 422 naming its parameter.

use crate::error::AppError;
use serde::Deserialize;
use std::str::FromStr;

/// How observations are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    /// ISO weeks, labelled `2026-W47`.
    Week,
    /// Calendar months, labelled `2026-11`.
    Month,
    /// The observations tied to each cycle, in cycle start order.
    Cycle,
}

impl PeriodKind {
    /// The kind's name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Cycle => "cycle",
        }
    }
}

impl FromStr for PeriodKind {
    type Err = AppError;

    fn from_str(s: &str) -> Result<PeriodKind, AppError> {
        match s {
            "week" => Ok(PeriodKind::Week),
            "month" => Ok(PeriodKind::Month),
            "cycle" => Ok(PeriodKind::Cycle),
            _ => Err(AppError::invalid(
                "period",
                format!("must be week, month or cycle, not {s:?}"),
            )),
        }
    }
}

/// The query as sent: strings, so that a bad value is a 422 rather than a 400.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RawParams {
    /// The measure's id (required).
    pub measure: Option<String>,
    /// week (default) | month | cycle.
    pub period: Option<String>,
    /// The first k periods make the centre lines (1 ≤ k ≤ number of periods); all when absent.
    pub baseline: Option<String>,
}

/// The query, parsed (the baseline's upper bound is checked once the periods are known).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// The measure's id.
    pub measure: i32,
    /// How time is cut.
    pub period: PeriodKind,
    /// The baseline, at least 1.
    pub baseline: Option<usize>,
}

/// Parses the query string; problems are 422s on `measure`, `period`, `baseline`.
pub fn parse(query: &str) -> Result<Params, AppError> {
    let raw: RawParams = serde_urlencoded::from_str(query)
        .map_err(|e| AppError::invalid("query", format!("cannot be read: {e}")))?;
    let measure = match raw.measure.as_deref().map(str::trim) {
        None | Some("") => return Err(AppError::invalid("measure", "is required")),
        Some(s) => s.parse::<i32>().map_err(|_| {
            AppError::invalid("measure", format!("must be a measure id, not {s:?}"))
        })?,
    };
    let period = raw.period.as_deref().unwrap_or("week").parse()?;
    let baseline = match raw.baseline.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(s) => match s.parse::<usize>() {
            Ok(k) if k >= 1 => Some(k),
            _ => {
                return Err(AppError::invalid(
                    "baseline",
                    "must be a whole number of periods, at least 1",
                ));
            }
        },
    };
    Ok(Params {
        measure,
        period,
        baseline,
    })
}

/// The baseline against the number of periods: k ≤ periods.
pub fn check_baseline(baseline: Option<usize>, periods: usize) -> Result<(), AppError> {
    match baseline {
        Some(k) if k > periods => Err(AppError::invalid(
            "baseline",
            format!("must be at most the number of periods ({periods})"),
        )),
        _ => Ok(()),
    }
}
