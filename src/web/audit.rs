//! The audit log's filters as a reader gives them, read the same way for the page (a GET form)
//! and the API (query parameters), so that a filtered page and an API call mean the same. Sits
//! below both, which must not import from each other.

use crate::domain::Violation;
use crate::domain::audit::EntityKind;
use crate::models::audit::AuditFilter;
use crate::web::form::{self, FieldErrors};
use serde::Deserialize;

/// `?kind=&entity_id=&actor=&from=&to=`: every filter optional; on the page blank counts as
/// absent, in the API a parameter given must hold a value (see [`AuditParams::api_filter`]).
#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// Only this kind of record: person, membership, team_member, team, convening, meeting,
    /// measure or observation.
    #[param(value_type = Option<String>, example = "observation")]
    pub kind: Option<String>,
    /// Only the record with this id (with `kind`, one record's history).
    #[param(value_type = Option<i32>)]
    pub entity_id: Option<String>,
    /// Only changes made by the person with this id.
    #[param(value_type = Option<i32>)]
    pub actor: Option<String>,
    /// Only from this day on (`YYYY-MM-DD`, UTC, inclusive).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Only up to this day (`YYYY-MM-DD`, UTC, inclusive).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

impl AuditParams {
    /// Reads the filters from a query string; other keys (`limit`, `after`) are left to paging.
    pub fn from_query(qs: &str) -> Result<AuditParams, Violation> {
        serde_urlencoded::from_str(qs).map_err(|e| Violation::new("", format!("query string: {e}")))
    }

    /// The filter for the model, or every problem at once, each naming its parameter.
    pub fn filter(&self) -> Result<AuditFilter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let text = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
        let kind = match text(&self.kind).as_str() {
            "" => None,
            k => errors.take(form::choice::<EntityKind>("kind", k)),
        };
        let filter = AuditFilter {
            kind,
            entity_id: errors
                .take(form::opt_int("entity_id", &text(&self.entity_id)))
                .flatten(),
            actor_person_id: errors
                .take(form::opt_int("actor", &text(&self.actor)))
                .flatten(),
            from: errors
                .take(form::opt_date("from", &text(&self.from)))
                .flatten(),
            to: errors.take(form::opt_date("to", &text(&self.to))).flatten(),
        };
        if let (Some(from), Some(to)) = (filter.from, filter.to)
            && to < from
        {
            errors.add(Violation::new("to", "must not be before from"));
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    /// The filter for the API: as [`AuditParams::filter`], except that a parameter given is
    /// read as the document types it — an id a whole number, a date exactly `YYYY-MM-DD` — so a
    /// blank one is a 422 rather than a filter dropped. The page's GET form sends every field,
    /// the empty ones blank, so it reads them with [`AuditParams::filter`].
    pub fn api_filter(&self) -> Result<AuditFilter, FieldErrors> {
        let mut errors = FieldErrors::default();
        for (field, value) in [("entity_id", &self.entity_id), ("actor", &self.actor)] {
            if let Some(v) = value {
                errors.take(form::int(field, v));
            }
        }
        for (field, value) in [("from", &self.from), ("to", &self.to)] {
            if let Some(v) = value {
                errors.take(form::exact_date(field, v));
            }
        }
        match self.filter() {
            Ok(filter) if errors.is_empty() => Ok(filter),
            Ok(_) => Err(errors),
            Err(more) => {
                more.list().into_iter().for_each(|v| errors.add(v));
                Err(errors)
            }
        }
    }

    /// The filters given, as a query string without blanks (for the page's links).
    pub fn query_string(&self) -> String {
        let given: Vec<(&str, String)> = [
            ("kind", &self.kind),
            ("entity_id", &self.entity_id),
            ("actor", &self.actor),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.as_deref().unwrap_or("").trim().to_string()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(&given).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn filters_are_read_with_blanks_as_absent() {
        let p = AuditParams::from_query("kind=person&entity_id=4&actor=&from=2026-12-01&limit=5")
            .unwrap();
        let f = p.filter().unwrap();
        assert_eq!(f.kind, Some(EntityKind::Person));
        assert_eq!(f.entity_id, Some(4));
        assert_eq!(f.actor_person_id, None);
        assert_eq!(f.from, NaiveDate::from_ymd_opt(2026, 12, 1));
        assert_eq!(p.query_string(), "kind=person&entity_id=4&from=2026-12-01");
    }

    #[test]
    fn every_bad_filter_is_named_at_once() {
        let p =
            AuditParams::from_query("kind=cycle&entity_id=x&actor=y&from=2026-12-05&to=2026-12-01")
                .unwrap();
        let fields: Vec<String> = p
            .filter()
            .unwrap_err()
            .list()
            .into_iter()
            .map(|v| v.field)
            .collect();
        assert_eq!(fields, ["actor", "entity_id", "kind", "to"]);
    }
}
