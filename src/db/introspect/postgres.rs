//! The PostgreSQL catalogue: `information_schema.columns` for columns, `pg_index` and
//! `pg_constraint` for indexes and foreign keys, all in the connection's current schema.

use super::sqlite::{ColumnRow, assemble};
use super::{KeyPart, Table, foreign_keys, indexes};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;

const COLUMNS: &str = "SELECT c.column_name::text AS name, c.data_type::text AS declared, \
     (c.is_nullable = 'NO') AS not_null, c.column_default::text AS default_value, \
     COALESCE((SELECT k.ordinal_position::int FROM information_schema.table_constraints tc \
       JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name \
        AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name \
       WHERE tc.table_schema = c.table_schema AND tc.table_name = c.table_name \
        AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name), 0) AS pk \
     FROM information_schema.columns c \
     WHERE c.table_schema = current_schema() AND c.table_name = $1 ORDER BY c.ordinal_position";

const INDEXES: &str = "SELECT ci.relname::text AS \"group\", k.ord::int AS position, \
     a.attname::text AS \"column\", NULL::text AS target_table, NULL::text AS target_column, \
     NULL::text AS on_delete, ix.indisunique AS \"unique\" \
     FROM pg_index ix JOIN pg_class ct ON ct.oid = ix.indrelid \
     JOIN pg_class ci ON ci.oid = ix.indexrelid JOIN pg_namespace n ON n.oid = ct.relnamespace \
     CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
     JOIN pg_attribute a ON a.attrelid = ct.oid AND a.attnum = k.attnum \
     WHERE n.nspname = current_schema() AND ct.relname = $1 AND NOT ix.indisprimary";

const FOREIGN_KEYS: &str = "SELECT con.conname::text AS \"group\", k.ord::int AS position, \
     a.attname::text AS \"column\", ft.relname::text AS target_table, \
     fa.attname::text AS target_column, \
     CASE con.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT' \
       WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' WHEN 'd' THEN 'SET DEFAULT' END AS on_delete, \
     false AS \"unique\" \
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class ft ON ft.oid = con.confrelid \
     CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) \
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
     JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = k.fattnum \
     WHERE con.contype = 'f' AND n.nspname = current_schema() AND t.relname = $1";

/// Describes one table.
pub(super) fn table(c: &mut PgConnection, name: String) -> QueryResult<Table> {
    let rows: Vec<ColumnRow> = diesel::sql_query(COLUMNS).bind::<Text, _>(&name).load(c)?;
    let parts = |sql: &str, c: &mut PgConnection| -> QueryResult<Vec<KeyPart>> {
        diesel::sql_query(sql).bind::<Text, _>(&name).load(c)
    };
    let indexes = indexes(parts(INDEXES, c)?);
    let foreign_keys = foreign_keys(parts(FOREIGN_KEYS, c)?);
    Ok(assemble(name, rows, indexes, foreign_keys))
}
