//! The order of a copy that every foreign key accepts as it is checked, row by row.
//!
//! Tables go parents first, from the foreign keys the source's own catalogue lists (so a table
//! added later finds its place without a word here). A table that refers to itself
//! (`drivers.parent_id`, `cycles.next_cycle_id`) needs its rows in order too, and id order is
//! not it: a cycle's `next_cycle_id` names the cycle that came after it, a higher id. Neither
//! engine lets us check at commit instead: PostgreSQL defers only constraints declared
//! DEFERRABLE, and ours are not; SQLite's `PRAGMA defer_foreign_keys` would work there alone.
//! So the rows of such a table are inserted referred-to first, on both engines alike, and a
//! row that breaks a key is named where it fails.

use super::tables::CopyTable;
use crate::db::DbConn;
use crate::db::introspect::Table;
use crate::ops::Failure;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use std::collections::{BTreeSet, HashMap};

/// The tables of `described` (the source's catalogue), each matched with its entry in
/// `known`, parents before the tables that refer to them; ties keep `known`'s order.
pub fn tables<'a>(
    described: &[Table],
    known: &[&'a dyn CopyTable],
) -> Result<Vec<(&'a dyn CopyTable, Table)>, Failure> {
    let mut left = matched(described, known)?;
    let mut placed: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let ready = left
            .iter()
            .position(|(_, t)| parents(t).iter().all(|p| placed.contains(p)));
        let Some(i) = ready else {
            let names: Vec<&str> = left.iter().map(|(c, _)| c.name()).collect();
            return Err(Failure(format!(
                "the foreign keys of {} refer to each other in a loop: no order can copy them",
                names.join(", ")
            )));
        };
        let (copy, table) = left.remove(i);
        placed.insert(table.name.clone());
        out.push((copy, table));
    }
    Ok(out)
}

/// Pairs each known table with its description; a table of the database that pdsa does not
/// know would be left behind, so it stops the copy.
fn matched<'a>(
    described: &[Table],
    known: &[&'a dyn CopyTable],
) -> Result<Vec<(&'a dyn CopyTable, Table)>, Failure> {
    if let Some(t) = described
        .iter()
        .find(|t| !known.iter().any(|k| k.name() == t.name))
    {
        return Err(Failure(format!(
            "--from: the table {} is not one pdsa copy knows (add it to copy_tables! in \
             src/db/schema.rs)",
            t.name
        )));
    }
    known
        .iter()
        .map(|k| {
            let table = described.iter().find(|t| t.name == k.name()).cloned();
            table
                .map(|t| (*k, t))
                .ok_or_else(|| Failure(format!("--from: the database has no table {}", k.name())))
        })
        .collect()
}

/// The other tables `t` refers to.
fn parents(t: &Table) -> BTreeSet<String> {
    t.foreign_keys
        .iter()
        .filter(|f| f.table != t.name)
        .map(|f| f.table.clone())
        .collect()
}

/// The column by which `t` refers to its own rows, if it does. Only the shape our schema has
/// is supported (one column naming the `id` primary key); another stops the copy.
pub fn self_reference(t: &Table) -> Result<Option<String>, Failure> {
    let Some(fk) = t.foreign_keys.iter().find(|f| f.table == t.name) else {
        return Ok(None);
    };
    if fk.columns.len() == 1 && fk.references == ["id"] && t.primary_key == ["id"] {
        return Ok(fk.columns.first().cloned());
    }
    Err(Failure(format!(
        "{}: its reference to itself through {} is not one pdsa copy can order",
        t.name,
        fk.columns.join(", ")
    )))
}

#[derive(QueryableByName)]
struct Link {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    parent: Option<i64>,
}

/// For a table that refers to itself through `column`: the order to insert its rows (as
/// indexes into its rows by id) so that each comes after the row it names, or `None` when
/// id order already does.
pub fn rows(conn: &mut DbConn, table: &str, column: &str) -> Result<Option<Vec<usize>>, Failure> {
    let sql = format!(
        "SELECT CAST(id AS BIGINT) AS id, CAST(\"{column}\" AS BIGINT) AS parent \
         FROM \"{table}\" ORDER BY id"
    );
    let links: Vec<Link> = crate::per_backend!(conn, |c| diesel::sql_query(&sql).load(c))
        .map_err(|e| Failure(format!("{table}: cannot read {column}: {e}")))?;
    let index: HashMap<i64, usize> = links.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    let parent: Vec<Option<usize>> = links
        .iter()
        .map(|l| l.parent.and_then(|p| index.get(&p).copied()))
        .collect();
    if parent
        .iter()
        .enumerate()
        .all(|(i, p)| p.is_none_or(|p| p < i))
    {
        return Ok(None);
    }
    referred_first(&parent).map(Some).ok_or_else(|| {
        Failure(format!(
            "{table}: its rows refer to each other in a loop through {column}"
        ))
    })
}

/// Indexes `0..n` ordered so that each comes after its parent; `None` when the parents loop.
/// Each row has one parent at most, so walking up from a row finds every row it waits for.
fn referred_first(parent: &[Option<usize>]) -> Option<Vec<usize>> {
    let mut placed = vec![false; parent.len()];
    let mut walked_from = vec![usize::MAX; parent.len()];
    let mut order = Vec::with_capacity(parent.len());
    for start in 0..parent.len() {
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| !placed[i]) {
            if walked_from[i] == start {
                return None;
            }
            walked_from[i] = start;
            chain.push(i);
            at = parent[i];
        }
        for &i in chain.iter().rev() {
            placed[i] = true;
            order.push(i);
        }
    }
    Some(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_comes_after_the_row_it_names() {
        // 0 -> 2 -> 3, 1 alone: 3 first, then 2, then 0.
        let order = referred_first(&[Some(2), None, Some(3), None]).unwrap();
        let pos = |i| order.iter().position(|&x| x == i).unwrap();
        assert!(pos(3) < pos(2) && pos(2) < pos(0));
        assert_eq!(order.len(), 4);
    }

    #[test]
    fn a_loop_of_rows_has_no_order() {
        assert!(referred_first(&[Some(1), Some(0)]).is_none());
        assert!(referred_first(&[Some(0)]).is_none());
    }
}
