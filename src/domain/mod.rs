//! Pure business rules of the collective: no I/O, no database, no clock reads.
//!
//! The web layer gathers the facts (rosters, convenings, dates) and asks these
//! functions whether a change is allowed. Hard rules answer with a [`Violation`]
//! (the change is refused, HTTP 422 or the form re-rendered); soft rules answer
//! with [`Warning`]s that are shown but never block.

#![warn(missing_docs)]

use std::fmt;

/// Defines a string enum: the enum itself (with the serde derives, values in
/// lower snake case), `ALL`, `as_str`, `label` and `FromStr`.
///
/// Every variant is written as `Variant => ("snake_value", "Human label")`.
/// The snake value must be what serde's `rename_all = "snake_case"` gives the
/// variant name; each enum's tests check that the two agree.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($value:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in the order forms and lists show them.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The stored and wire value (lower snake case).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $value),+
                }
            }

            /// The label shown to people.
            pub fn label(self) -> &'static str {
                match self {
                    $(Self::$variant => $label),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            /// Parses the snake_case value; the error lists the allowed values.
            fn from_str(s: &str) -> Result<Self, String> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| {
                        let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.as_str()).collect();
                        format!("must be one of: {}", allowed.join(", "))
                    })
            }
        }
    };
}

pub mod agenda;
pub mod attendance;
pub mod audit;
pub mod convening;
pub mod cycle;
pub mod instant;
pub mod measure;
pub mod meeting;
pub mod observation;
pub mod permissions;
pub mod plan;
pub mod reminder;
pub mod roles;
pub mod spreadsheet;
pub mod stats;
pub mod team;
pub mod validate;
pub mod year;

/// A broken hard rule: names the input field and says what is wrong (shown
/// beside the form field / in API 422 errors).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Violation {
    /// The input field at fault, as the form and the JSON body name it.
    pub field: String,
    /// What is wrong, phrased to follow the field name.
    pub message: String,
}

impl Violation {
    /// A violation of `field` with `message`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    /// "field: message", for logs and the command line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Violation {}

/// A soft rule that was not met: shown as a visible warning, never blocks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning(pub String);

impl fmt::Display for Warning {
    /// The warning text as it is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Formats a time of day as "HH:MM", the way people read convening times.
fn hhmm(t: chrono::NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// Test helper: reads `value` through serde, as a JSON body or form would,
/// so that each enum's tests can check `as_str` against the serde name.
#[cfg(test)]
fn from_serde<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, serde::de::value::Error> {
    use serde::de::IntoDeserializer;
    T::deserialize(value.into_deserializer())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violation_displays_field_then_message() {
        let v = Violation::new("email", "is not a valid email address");
        assert_eq!(v.to_string(), "email: is not a valid email address");
        assert_eq!(v.field, "email");
    }

    #[test]
    fn warning_displays_its_text() {
        assert_eq!(Warning("team of 4".into()).to_string(), "team of 4");
    }

    #[test]
    fn hhmm_drops_seconds() {
        let t = chrono::NaiveTime::from_hms_opt(9, 5, 59);
        assert_eq!(t.map(hhmm).as_deref(), Some("09:05"));
    }

    #[test]
    fn from_serde_rejects_unknown_values() {
        let r: Result<roles::GlobalRole, _> = from_serde("admin");
        assert!(r.is_err());
    }
}
