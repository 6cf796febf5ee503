//! What a migrated database holds, read from the engine's own catalogue and put in one form for
//! both engines: tables, columns (type family, nullability, default), indexes and foreign keys.
//! The migration twins are proven equal with it, and `pdsa copy` and the tests count rows of
//! every table with it, so a table added later is never forgotten.

mod postgres;
mod sqlite;

use super::DbConn;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};

/// The bookkeeping table of diesel's migrations: not part of the collective's data.
pub const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

/// A column's type, as a family shared by both engines' spellings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    BigInt,
    /// Text.
    Text,
    /// Boolean.
    Bool,
    /// Floating point.
    Float,
    /// Calendar date.
    Date,
    /// Wall-clock time.
    Time,
    /// Date and time, UTC by convention.
    Timestamp,
    /// A type neither engine's mapping knows (a mistake in a migration).
    Other(String),
}

impl Family {
    /// The family of a declared type on either engine (`DOUBLE` or `double precision`, ...).
    pub fn of(declared: &str) -> Family {
        let t = declared.to_ascii_lowercase();
        match t.split('(').next().unwrap_or("").trim() {
            "integer" | "int" | "int4" => Family::Integer,
            "bigint" | "int8" => Family::BigInt,
            "text" | "character varying" | "varchar" => Family::Text,
            "boolean" | "bool" => Family::Bool,
            "double" | "double precision" | "real" | "float8" => Family::Float,
            "date" => Family::Date,
            "time" | "time without time zone" => Family::Time,
            "timestamp" | "timestamp without time zone" => Family::Timestamp,
            other => Family::Other(other.to_string()),
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Column {
    /// Its name.
    pub name: String,
    /// Its type family.
    pub family: Family,
    /// Whether it may hold NULL.
    pub nullable: bool,
    /// Its default, normalised (`'x'::text` → `'x'`, `true` → `1`); `None` when it has none.
    pub default: Option<String>,
}

/// One index (or a UNIQUE constraint, which both engines keep as an index); the primary key's
/// own index is left out, since only SQLite lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    /// Its columns, in order.
    pub columns: Vec<String>,
    /// Whether it refuses duplicates.
    pub unique: bool,
}

/// One foreign key.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ForeignKey {
    /// The referring columns.
    pub columns: Vec<String>,
    /// The referred table.
    pub table: String,
    /// The referred columns.
    pub references: Vec<String>,
    /// `NO ACTION`, `CASCADE`, `SET NULL`, ...
    pub on_delete: String,
}

/// One table, its parts sorted so that two descriptions compare equal when they mean the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Its name.
    pub name: String,
    /// Its primary key columns.
    pub primary_key: Vec<String>,
    /// Its columns, in declaration order.
    pub columns: Vec<Column>,
    /// Its indexes, sorted.
    pub indexes: Vec<Index>,
    /// Its foreign keys, sorted.
    pub foreign_keys: Vec<ForeignKey>,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The collective's tables (not the migrations' own), by name.
pub fn tables(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    let sql = match conn {
        DbConn::Sqlite(_) => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
             AND name <> '__diesel_schema_migrations' ORDER BY name"
        }
        DbConn::Postgres(_) => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' \
             AND table_name <> '__diesel_schema_migrations' ORDER BY table_name"
        }
    };
    let names: Vec<Name> = crate::per_backend!(conn, |c| diesel::sql_query(sql).load(c))?;
    Ok(names.into_iter().map(|n| n.name).collect())
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many rows each of the collective's tables holds, by name: whether a database is empty
/// (`pdsa copy`'s target, `pdsa restore`'s) and what a copy should have carried.
pub fn row_counts(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    tables(conn)?
        .into_iter()
        .map(|t| {
            let sql = format!("SELECT COUNT(*) AS n FROM \"{t}\"");
            let count: Count =
                crate::per_backend!(conn, |c| diesel::sql_query(&sql).get_result(c))?;
            Ok((t, count.n))
        })
        .collect()
}

/// Every table, described.
pub fn describe(conn: &mut DbConn) -> QueryResult<Vec<Table>> {
    tables(conn)?
        .into_iter()
        .map(|t| match conn {
            DbConn::Sqlite(c) => sqlite::table(c, t),
            DbConn::Postgres(c) => postgres::table(c, t),
        })
        .collect()
}

/// A default as both engines would print it: casts dropped, booleans as 1/0, NULL as none.
pub fn normalise_default(raw: Option<&str>) -> Option<String> {
    let raw = raw?.trim();
    let bare = match raw.find("::") {
        Some(i) if raw.starts_with('\'') || raw.starts_with('(') || !raw.contains('\'') => {
            &raw[..i]
        }
        _ => raw,
    };
    let bare = bare.trim_start_matches('(').trim_end_matches(')');
    match bare.to_ascii_lowercase().as_str() {
        "null" => None,
        "true" => Some("1".into()),
        "false" => Some("0".into()),
        _ => Some(bare.to_string()),
    }
}

/// One row of a catalogue query that lists an index or a foreign key column by column.
#[derive(QueryableByName)]
pub(super) struct KeyPart {
    #[diesel(sql_type = Text)]
    pub group: String,
    #[diesel(sql_type = Integer)]
    pub position: i32,
    #[diesel(sql_type = Text)]
    pub column: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub target_table: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub target_column: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub on_delete: Option<String>,
    #[diesel(sql_type = Bool)]
    pub unique: bool,
}

/// Groups key parts into indexes.
pub(super) fn indexes(parts: Vec<KeyPart>) -> Vec<Index> {
    let mut out: Vec<Index> = grouped(parts)
        .into_values()
        .map(|p| Index {
            unique: p[0].unique,
            columns: p.iter().map(|k| k.column.clone()).collect(),
        })
        .collect();
    out.sort();
    out
}

/// Groups key parts into foreign keys.
pub(super) fn foreign_keys(parts: Vec<KeyPart>) -> Vec<ForeignKey> {
    let mut out: Vec<ForeignKey> = grouped(parts)
        .into_values()
        .map(|p| ForeignKey {
            columns: p.iter().map(|k| k.column.clone()).collect(),
            table: p[0].target_table.clone().unwrap_or_default(),
            references: p
                .iter()
                .map(|k| k.target_column.clone().unwrap_or_default())
                .collect(),
            on_delete: p[0].on_delete.clone().unwrap_or_default().to_uppercase(),
        })
        .collect();
    out.sort();
    out
}

fn grouped(parts: Vec<KeyPart>) -> std::collections::BTreeMap<String, Vec<KeyPart>> {
    let mut groups: std::collections::BTreeMap<String, Vec<KeyPart>> = Default::default();
    for p in parts {
        groups.entry(p.group.clone()).or_default().push(p);
    }
    for g in groups.values_mut() {
        g.sort_by_key(|k| k.position);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_read_the_same_from_both_catalogues() {
        let same = [
            (Some("'America/New_York'::text"), Some("'America/New_York'")),
            (
                Some("'08:30:00'::time without time zone"),
                Some("'08:30:00'"),
            ),
            (Some("true"), Some("1")),
            (Some("false"), Some("0")),
            (Some("''::text"), Some("''")),
            (Some("1500000"), Some("1500000")),
            (Some("NULL"), None),
            (None, None),
        ];
        for (raw, want) in same {
            assert_eq!(normalise_default(raw).as_deref(), want, "{raw:?}");
        }
    }

    #[test]
    fn type_families_join_both_spellings() {
        assert_eq!(Family::of("DOUBLE"), Family::of("double precision"));
        assert_eq!(
            Family::of("TIMESTAMP"),
            Family::of("timestamp without time zone")
        );
        assert_eq!(Family::of("BOOLEAN"), Family::Bool);
        assert_ne!(Family::of("INTEGER"), Family::of("BIGINT"));
        assert_eq!(Family::of("money"), Family::Other("money".into()));
    }
}
