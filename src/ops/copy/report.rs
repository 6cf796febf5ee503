//! What a copy prints: each table's rows on both sides and whether their fingerprints agree.

use super::checksum::TableSum;
use std::fmt;

/// One table of a copy.
#[derive(Debug, Clone)]
pub struct Line {
    /// The table.
    pub table: &'static str,
    /// What was read from the source.
    pub from: TableSum,
    /// What was read back from the target.
    pub to: TableSum,
}

impl Line {
    /// Whether both sides hold the same rows.
    pub fn same(&self) -> bool {
        self.from == self.to
    }
}

/// Every table of a copy, in the order copied.
#[derive(Debug, Clone)]
pub struct Report {
    /// One line per table.
    pub lines: Vec<Line>,
    /// How long the copy took, start to commit.
    pub seconds: f64,
}

impl Report {
    /// Whether every table agrees.
    pub fn all_same(&self) -> bool {
        self.lines.iter().all(Line::same)
    }

    /// Rows copied in all.
    pub fn rows(&self) -> u64 {
        self.lines.iter().map(|l| l.to.rows).sum()
    }

    /// The line of `table`, if it was copied.
    pub fn line(&self, table: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.table == table)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<22} {:>10} {:>10}  checksum", "table", "from", "to")?;
        for l in &self.lines {
            let verdict = if l.same() {
                format!("same {}", l.to.short())
            } else {
                format!("DIFFERENT {} / {}", l.from.short(), l.to.short())
            };
            writeln!(
                f,
                "{:<22} {:>10} {:>10}  {verdict}",
                l.table, l.from.rows, l.to.rows
            )?;
        }
        write!(f, "{} tables, {} rows", self.lines.len(), self.rows())?;
        if self.seconds > 0.0 {
            write!(f, ", copied and verified in {:.2} s", self.seconds)?;
        }
        Ok(())
    }
}
