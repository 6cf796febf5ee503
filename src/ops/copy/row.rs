//! A table's row as plain Rust values, taken from diesel's own column types: the SQL type of
//! each column names the Rust type it is read into, and each column turns its value back into
//! an `column.eq(value)` for the insert. So a table is copied through diesel, typed, on both
//! engines, from nothing more than its name in `schema.rs`.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::expression::{AsExpression, Expression};
use diesel::sql_types::{
    BigInt, Bool, Date, Double, Integer, Nullable, SingleValue, SqlType, Text, Time, Timestamp,
};
use diesel::{Column, ExpressionMethods};
use std::fmt::Write;

/// The Rust type a column of this SQL type is read into, for the SQL types `schema.rs` uses.
/// A new SQL type in the schema fails to compile here until it gets a line (and its
/// canonical text), rather than being copied in some lossy form.
pub trait RustType {
    /// The value read from and written to such a column.
    type Value: Canonical;
}

macro_rules! rust_type {
    ($($sql:ty => $rust:ty),* $(,)?) => {
        $(impl RustType for $sql {
            type Value = $rust;
        })*
    };
}

rust_type! {
    Integer => i32,
    BigInt => i64,
    Text => String,
    Bool => bool,
    Double => f64,
    Date => NaiveDate,
    Time => NaiveTime,
    Timestamp => NaiveDateTime,
}

impl<S: RustType + SqlType + SingleValue> RustType for Nullable<S> {
    type Value = Option<S::Value>;
}

/// A value written as text the same way whichever engine it was read from, for the checksum
/// that compares the two sides of a copy: made in Rust from the typed value, so that neither
/// engine's own text form of a float, a boolean or a time plays a part.
pub trait Canonical {
    /// Appends this value's canonical text to `out`.
    fn canonical(&self, out: &mut String);
}

impl Canonical for String {
    /// Length first, so that no text can imitate a separator.
    fn canonical(&self, out: &mut String) {
        let _ = write!(out, "{}:{self}", self.len());
    }
}

impl Canonical for f64 {
    /// The shortest text that reads back as the same double (and tells -0.0 from 0.0).
    fn canonical(&self, out: &mut String) {
        let _ = write!(out, "{self:?}");
    }
}

macro_rules! canonical_display {
    ($($t:ty),*) => {
        $(impl Canonical for $t {
            fn canonical(&self, out: &mut String) {
                let _ = write!(out, "{self}");
            }
        })*
    };
}

canonical_display!(i32, i64, bool, NaiveDate, NaiveTime, NaiveDateTime);

impl<T: Canonical> Canonical for Option<T> {
    fn canonical(&self, out: &mut String) {
        match self {
            None => out.push('~'),
            Some(v) => {
                out.push('=');
                v.canonical(out);
            }
        }
    }
}

/// A table's columns (diesel's `AllColumns` tuple): the row they are read into and how a row
/// becomes the values of an INSERT.
pub trait Columns {
    /// How many columns: an INSERT binds this many parameters per row.
    const COUNT: usize;
    /// One row, a tuple of the columns' Rust values in declaration order.
    type Row: Canonical;
    /// The row as `(column.eq(value), ...)`, insertable into the table.
    type Values;
    /// Pairs each value with its column.
    fn values(row: Self::Row) -> Self::Values;
}

macro_rules! tuples {
    ($($c:ident $v:ident),+) => {
        impl<$($c),+> Columns for ($($c,)+)
        where
            $($c: Column + Default,
            <$c as Expression>::SqlType: RustType + SingleValue,
            <<$c as Expression>::SqlType as RustType>::Value: AsExpression<<$c as Expression>::SqlType>,)+
        {
            const COUNT: usize = [$(stringify!($c)),+].len();
            type Row = ($(<<$c as Expression>::SqlType as RustType>::Value,)+);
            type Values = ($(diesel::dsl::Eq<$c, <<$c as Expression>::SqlType as RustType>::Value>,)+);

            fn values(row: Self::Row) -> Self::Values {
                let ($($v,)+) = row;
                ($($c::default().eq($v),)+)
            }
        }

        impl<$($c: Canonical),+> Canonical for ($($c,)+) {
            /// The values in order, each followed by `|`.
            fn canonical(&self, out: &mut String) {
                let ($($v,)+) = self;
                $($v.canonical(out); out.push('|');)+
            }
        }
    };
}

/// Implements `Columns` and `Canonical` for every tuple up to the length given (diesel's
/// `32-column-tables` limit), shortest first.
macro_rules! all_tuples {
    ($c:ident $v:ident $(, $cs:ident $vs:ident)*) => {
        all_tuples!(@ [$c $v] $($cs $vs),*);
    };
    (@ [$($done:ident $dv:ident)+]) => {
        tuples!($($done $dv),+);
    };
    (@ [$($done:ident $dv:ident)+] $c:ident $v:ident $(, $cs:ident $vs:ident)*) => {
        tuples!($($done $dv),+);
        all_tuples!(@ [$($done $dv)+ $c $v] $($cs $vs),*);
    };
}

all_tuples!(
    C1 v1, C2 v2, C3 v3, C4 v4, C5 v5, C6 v6, C7 v7, C8 v8, C9 v9, C10 v10, C11 v11, C12 v12,
    C13 v13, C14 v14, C15 v15, C16 v16, C17 v17, C18 v18, C19 v19, C20 v20, C21 v21, C22 v22,
    C23 v23, C24 v24, C25 v25, C26 v26, C27 v27, C28 v28, C29 v29, C30 v30, C31 v31, C32 v32
);

#[cfg(test)]
mod tests {
    use super::*;

    fn text<T: Canonical>(v: &T) -> String {
        let mut out = String::new();
        v.canonical(&mut out);
        out
    }

    #[test]
    fn canonical_text_tells_apart_what_a_plain_join_would_not() {
        let a = (String::from("a|b"), String::from("c"));
        let b = (String::from("a"), String::from("b|c"));
        assert_ne!(text(&a), text(&b));
        assert_ne!(text(&Some(String::new())), text(&None::<String>));
        assert_ne!(text(&0.0_f64), text(&-0.0_f64));
        assert_eq!(text(&(1_i32, 0.1_f64, true)), "1|0.1|true|");
    }

    #[test]
    fn times_keep_their_fraction() {
        let t = NaiveTime::from_hms_micro_opt(8, 30, 0, 250).unwrap();
        assert_eq!(text(&t), "08:30:00.000250");
        assert_eq!(
            text(&NaiveTime::from_hms_opt(8, 30, 0).unwrap()),
            "08:30:00"
        );
    }
}
