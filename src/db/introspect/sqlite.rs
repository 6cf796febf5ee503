//! The SQLite catalogue: `pragma_table_info`, `pragma_index_list`/`pragma_index_info` and
//! `pragma_foreign_key_list`, read as table-valued functions.

use super::{Column, Family, KeyPart, Table, foreign_keys, indexes, normalise_default};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Integer, Nullable, Text};
use diesel::sqlite::SqliteConnection;

#[derive(QueryableByName)]
pub(super) struct ColumnRow {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub declared: String,
    #[diesel(sql_type = Bool)]
    pub not_null: bool,
    #[diesel(sql_type = Nullable<Text>)]
    pub default_value: Option<String>,
    #[diesel(sql_type = Integer)]
    pub pk: i32,
}

const COLUMNS: &str = "SELECT name, type AS declared, \"notnull\" AS not_null, \
     dflt_value AS default_value, pk FROM pragma_table_info(?) ORDER BY cid";

const INDEXES: &str = "SELECT il.name AS \"group\", ii.seqno AS position, ii.name AS \"column\", \
     NULL AS target_table, NULL AS target_column, NULL AS on_delete, il.\"unique\" AS \"unique\" \
     FROM pragma_index_list(?) AS il, pragma_index_info(il.name) AS ii WHERE il.origin <> 'pk'";

const FOREIGN_KEYS: &str = "SELECT CAST(id AS TEXT) AS \"group\", seq AS position, \"from\" AS \"column\", \
     \"table\" AS target_table, \"to\" AS target_column, on_delete, 0 AS \"unique\" \
     FROM pragma_foreign_key_list(?)";

/// Describes one table.
pub(super) fn table(c: &mut SqliteConnection, name: String) -> QueryResult<Table> {
    let rows: Vec<ColumnRow> = diesel::sql_query(COLUMNS).bind::<Text, _>(&name).load(c)?;
    let parts = |sql: &str, c: &mut SqliteConnection| -> QueryResult<Vec<KeyPart>> {
        diesel::sql_query(sql).bind::<Text, _>(&name).load(c)
    };
    let indexes = indexes(parts(INDEXES, c)?);
    let foreign_keys = foreign_keys(parts(FOREIGN_KEYS, c)?);
    Ok(assemble(name, rows, indexes, foreign_keys))
}

/// Puts catalogue rows together as a `Table` (shared with the PostgreSQL side).
pub(super) fn assemble(
    name: String,
    rows: Vec<ColumnRow>,
    indexes: Vec<super::Index>,
    foreign_keys: Vec<super::ForeignKey>,
) -> Table {
    let mut pk: Vec<(i32, String)> = rows
        .iter()
        .filter(|r| r.pk > 0)
        .map(|r| (r.pk, r.name.clone()))
        .collect();
    pk.sort();
    let columns = rows
        .into_iter()
        .map(|r| Column {
            family: Family::of(&r.declared),
            nullable: !r.not_null && r.pk == 0,
            default: normalise_default(r.default_value.as_deref()),
            name: r.name,
        })
        .collect();
    Table {
        name,
        primary_key: pk.into_iter().map(|(_, n)| n).collect(),
        columns,
        indexes,
        foreign_keys,
    }
}
