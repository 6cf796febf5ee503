//! What the audit log records of a change, decided without a database: the kinds of thing it
//! covers, the actions, and which fields of a record before and after a change are kept. Only
//! the fields that changed are kept (a log of whole records would bury the change), and fields
//! that hold credentials never are, whatever a record's serialisation happens to include.

use serde_json::{Map, Value};

string_enum! {
    /// The kinds of record whose changes are logged.
    pub enum EntityKind {
        /// A person (name, address, role).
        Person => ("person", "Person"),
        /// A district's membership of a program year (fee, paid, seats).
        Membership => ("membership", "Membership"),
        /// A line of a team's roster.
        TeamMember => ("team_member", "Team member"),
        /// A district's team for a year.
        Team => ("team", "Team"),
        /// A quarterly convening.
        Convening => ("convening", "Convening"),
        /// A tune-up or district meeting.
        Meeting => ("meeting", "Meeting"),
        /// A measure (and its rubric levels).
        Measure => ("measure", "Measure"),
        /// One observation of one classroom.
        Observation => ("observation", "Observation"),
    }
}

string_enum! {
    /// What happened to the record.
    pub enum AuditAction {
        /// It was made.
        Created => ("created", "Created"),
        /// Some of its fields changed.
        Updated => ("updated", "Updated"),
        /// It was removed.
        Deleted => ("deleted", "Deleted"),
        /// A convening or meeting was called off (its row stays).
        Cancelled => ("cancelled", "Cancelled"),
        /// A cancelled convening or meeting was put back on.
        Restored => ("restored", "Restored"),
        /// A person's password was set or changed (the log says so, and holds no value).
        PasswordChanged => ("password_changed", "Password changed"),
        /// A person left the collective: sessions ended, tokens revoked, sign-in refused.
        Deactivated => ("deactivated", "Deactivated"),
        /// A deactivation was undone.
        Reactivated => ("reactivated", "Reactivated"),
    }
}

/// Field names never written to the log, at any depth: credentials and what stands for them.
pub const SECRET_FIELDS: &[&str] = &[
    "password",
    "password_hash",
    "token",
    "token_hash",
    "secret",
    "api_token",
];

/// The before and after of a change, as kept: for an update, only the fields whose values
/// differ (a field present on one side only counts as changed); for a creation, the whole
/// record after; for a deletion, the whole record before. Secret fields are dropped first, so a
/// change to a password alone leaves both sides empty. A side that is not a JSON object is kept
/// as it is (after redaction).
pub fn changes(before: Option<Value>, after: Option<Value>) -> (Option<Value>, Option<Value>) {
    let before = before.map(redact);
    let after = after.map(redact);
    match (before, after) {
        (Some(Value::Object(b)), Some(Value::Object(a))) => {
            let (b, a) = differing(b, a);
            (Some(Value::Object(b)), Some(Value::Object(a)))
        }
        other => other,
    }
}

/// The two objects cut down to the keys whose values differ.
fn differing(
    mut before: Map<String, Value>,
    mut after: Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let same: Vec<String> = before
        .iter()
        .filter(|(k, v)| after.get(*k) == Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    for key in same {
        before.remove(&key);
        after.remove(&key);
    }
    (before, after)
}

/// `value` without any secret field, in objects nested at any depth.
pub fn redact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| !is_secret(k))
                .map(|(k, v)| (k, redact(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(redact).collect()),
        other => other,
    }
}

/// Whether a field name is one of [`SECRET_FIELDS`] (compared without case).
fn is_secret(key: &str) -> bool {
    SECRET_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::from_serde;
    use serde_json::json;

    #[test]
    fn kinds_and_actions_round_trip() {
        for k in EntityKind::ALL {
            assert_eq!(k.as_str().parse::<EntityKind>(), Ok(*k));
            assert_eq!(from_serde::<EntityKind>(k.as_str()), Ok(*k));
        }
        for a in AuditAction::ALL {
            assert_eq!(a.as_str().parse::<AuditAction>(), Ok(*a));
            assert_eq!(from_serde::<AuditAction>(a.as_str()), Ok(*a));
        }
    }

    #[test]
    fn an_update_keeps_only_the_changed_fields() {
        let before = json!({"id": 3, "name": "Ann", "email": "a@x.org", "role": "member"});
        let after = json!({"id": 3, "name": "Ann", "email": "a@x.org", "role": "director"});
        let (b, a) = changes(Some(before), Some(after));
        assert_eq!(b, Some(json!({"role": "member"})));
        assert_eq!(a, Some(json!({"role": "director"})));
    }

    #[test]
    fn a_field_on_one_side_only_counts_as_changed() {
        let (b, a) = changes(Some(json!({"x": 1})), Some(json!({"x": 1, "y": null})));
        assert_eq!(b, Some(json!({})));
        assert_eq!(a, Some(json!({"y": null})));
    }

    #[test]
    fn creation_and_deletion_keep_the_whole_record() {
        let rec = json!({"id": 1, "value": 3.5});
        assert_eq!(changes(None, Some(rec.clone())), (None, Some(rec.clone())));
        assert_eq!(changes(Some(rec.clone()), None), (Some(rec), None));
    }

    #[test]
    fn secrets_are_dropped_at_any_depth_and_in_any_case() {
        let rec = json!({
            "name": "Ann",
            "password_hash": "$argon2id$v=19$...",
            "Token_Hash": "abc",
            "links": [{"secret": "s", "kept": 1}],
            "nested": {"password": "hunter2", "api_token": "t"}
        });
        let (_, a) = changes(None, Some(rec));
        let text = a.map(|v| v.to_string()).unwrap_or_default();
        for gone in ["argon2", "password", "abc", "hunter2", "secret", "\"t\""] {
            assert!(!text.to_lowercase().contains(gone), "{gone} leaked: {text}");
        }
        assert!(
            text.contains("\"kept\":1") && text.contains("Ann"),
            "{text}"
        );
    }

    #[test]
    fn a_password_change_alone_leaves_no_values() {
        let before = json!({"name": "Ann", "password_hash": "old"});
        let after = json!({"name": "Ann", "password_hash": "new"});
        assert_eq!(
            changes(Some(before), Some(after)),
            (Some(json!({})), Some(json!({})))
        );
    }
}
