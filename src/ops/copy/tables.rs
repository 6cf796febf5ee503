//! Copying one table, typed through diesel. `copy_tables!` (invoked once, in `db/schema.rs`,
//! with every table's name) writes for each table the two statements that need its concrete
//! types, reading its rows in primary-key order and inserting a batch of them, on either
//! engine; everything else here is the same for every table.

use super::checksum::{Summer, TableSum};
use super::progress::Progress;
use super::row::Canonical;
use crate::db::DbConn;
use crate::ops::Failure;

/// The two typed statements of one table, written by `copy_tables!`.
pub trait TypedTable {
    /// The table's name in the database.
    const NAME: &'static str;
    /// How many columns it has.
    const COLUMNS: usize;
    /// One row as Rust values.
    type Row: Canonical;
    /// Reads every row in primary-key order and hands each to `each` as it arrives (row by
    /// row on PostgreSQL too, so a table of millions is never held whole).
    fn stream(
        conn: &mut DbConn,
        each: &mut dyn FnMut(Self::Row) -> Result<(), Failure>,
    ) -> Result<(), Failure>;
    /// Inserts `rows` in one multi-row INSERT, ids and all.
    fn insert(conn: &mut DbConn, rows: Vec<Self::Row>) -> diesel::QueryResult<usize>;
}

/// A table `pdsa copy` carries, whatever its row type: what the copy loop works with.
pub trait CopyTable: Sync {
    /// The table's name.
    fn name(&self) -> &'static str;
    /// Copies every row from `src` to `dst` (inserting in `order`, an order of the rows by
    /// primary key, when one is given), and returns the fingerprint of the rows read.
    fn copy(
        &self,
        src: &mut DbConn,
        dst: &mut DbConn,
        order: Option<&[usize]>,
        progress: &mut dyn Progress,
    ) -> Result<TableSum, Failure>;
    /// Reads the table back and fingerprints it.
    fn sum(&self, conn: &mut DbConn, progress: &mut dyn Progress) -> Result<TableSum, Failure>;
}

/// Rows per INSERT: several hundred, and never more bound parameters than SQLite's limit
/// (32,766) or PostgreSQL's (65,535) allow, whatever the width of the table.
pub fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns.max(1)).clamp(1, 500)
}

impl<T: TypedTable + Sync> CopyTable for T {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn copy(
        &self,
        src: &mut DbConn,
        dst: &mut DbConn,
        order: Option<&[usize]>,
        progress: &mut dyn Progress,
    ) -> Result<TableSum, Failure> {
        let per = rows_per_insert(T::COLUMNS);
        let mut sum = Summer::default();
        let mut batch: Vec<T::Row> = Vec::with_capacity(per);
        T::stream(src, &mut |row| {
            sum.add(&row);
            batch.push(row);
            if order.is_none() && batch.len() >= per {
                insert::<T>(dst, std::mem::take(&mut batch), progress)?;
            }
            Ok(())
        })?;
        let rows = match order {
            Some(order) => permute(batch, order, T::NAME)?,
            None => batch,
        };
        let mut rows = rows.into_iter();
        loop {
            let chunk: Vec<T::Row> = rows.by_ref().take(per).collect();
            if chunk.is_empty() {
                return Ok(sum.finish());
            }
            insert::<T>(dst, chunk, progress)?;
        }
    }

    fn sum(&self, conn: &mut DbConn, progress: &mut dyn Progress) -> Result<TableSum, Failure> {
        let mut sum = Summer::default();
        let mut seen = 0;
        T::stream(conn, &mut |row| {
            sum.add(&row);
            seen += 1;
            if seen % 500 == 0 {
                progress.rows(500);
            }
            Ok(())
        })?;
        progress.rows(seen % 500);
        Ok(sum.finish())
    }
}

/// Inserts one batch, naming the table when the target refuses it.
fn insert<T: TypedTable>(
    dst: &mut DbConn,
    rows: Vec<T::Row>,
    progress: &mut dyn Progress,
) -> Result<(), Failure> {
    let n = rows.len() as u64;
    T::insert(dst, rows)
        .map_err(|e| Failure(format!("{}: the target refused a row: {e}", T::NAME)))?;
    progress.rows(n);
    Ok(())
}

/// The rows (read in primary-key order) rearranged in `order`.
fn permute<R>(rows: Vec<R>, order: &[usize], table: &str) -> Result<Vec<R>, Failure> {
    let changed = || {
        Failure(format!(
            "{table}: its rows changed while they were being ordered"
        ))
    };
    if order.len() != rows.len() {
        return Err(changed());
    }
    let mut slots: Vec<Option<R>> = rows.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&i| slots.get_mut(i).and_then(Option::take).ok_or_else(changed))
        .collect()
}

/// The failure of reading a table, with its name.
pub fn read_failed(table: &str, e: diesel::result::Error) -> Failure {
    Failure(format!("{table}: cannot read its rows: {e}"))
}

/// Lists the tables `pdsa copy` carries: for each, implements `TypedTable` from the table's
/// own diesel types, and makes `COPIED_TABLES`, every table in the order given. Invoked once,
/// beside the `table!` definitions, so that a table added there is added here too (a test
/// fails while a table of the migrated database is missing from the list).
#[macro_export]
macro_rules! copy_tables {
    ($($t:ident),+ $(,)?) => {
        $(impl $crate::ops::copy::tables::TypedTable for $t::table {
            const NAME: &'static str = stringify!($t);
            const COLUMNS: usize = <<$t::table as diesel::Table>::AllColumns
                as $crate::ops::copy::row::Columns>::COUNT;
            type Row = <<$t::table as diesel::Table>::AllColumns
                as $crate::ops::copy::row::Columns>::Row;

            fn stream(
                conn: &mut $crate::db::DbConn,
                each: &mut dyn FnMut(Self::Row) -> Result<(), $crate::ops::Failure>,
            ) -> Result<(), $crate::ops::Failure> {
                use diesel::prelude::*;
                let failed = |e| $crate::ops::copy::tables::read_failed(stringify!($t), e);
                let query = $t::table
                    .select($t::all_columns)
                    .order(diesel::Table::primary_key(&$t::table));
                match conn {
                    $crate::db::DbConn::Postgres(c) => {
                        let mode = query
                            .load_iter::<Self::Row, diesel::pg::PgRowByRowLoadingMode>(c);
                        for row in mode.map_err(failed)? {
                            each(row.map_err(failed)?)?;
                        }
                    }
                    $crate::db::DbConn::Sqlite(c) => {
                        let mode = query
                            .load_iter::<Self::Row, diesel::connection::DefaultLoadingMode>(c);
                        for row in mode.map_err(failed)? {
                            each(row.map_err(failed)?)?;
                        }
                    }
                }
                Ok(())
            }

            fn insert(
                conn: &mut $crate::db::DbConn,
                rows: Vec<Self::Row>,
            ) -> diesel::QueryResult<usize> {
                use diesel::prelude::*;
                use $crate::ops::copy::row::Columns;
                let values: Vec<_> = rows
                    .into_iter()
                    .map(<<$t::table as diesel::Table>::AllColumns as Columns>::values)
                    .collect();
                let query = diesel::insert_into($t::table).values(values);
                $crate::per_backend!(conn, |c| query.execute(c))
            }
        })+

        /// Every table `pdsa copy` carries, as listed to `copy_tables!`.
        pub const COPIED_TABLES: &[&dyn $crate::ops::copy::tables::CopyTable] = &[$(&$t::table),+];
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_stay_under_both_engines_parameter_limits() {
        assert_eq!(rows_per_insert(2), 500);
        assert!(rows_per_insert(32) * 32 <= 32_766);
        assert!(rows_per_insert(200) * 200 <= 32_766);
        assert_eq!(rows_per_insert(0), 500);
    }

    #[test]
    fn permute_follows_the_order_and_notices_a_mismatch() {
        let rows = vec!["a", "b", "c"];
        assert_eq!(
            permute(rows.clone(), &[2, 0, 1], "t").unwrap(),
            ["c", "a", "b"]
        );
        assert!(permute(rows.clone(), &[0, 0, 1], "t").is_err());
        assert!(permute(rows, &[0, 1], "t").is_err());
    }
}
