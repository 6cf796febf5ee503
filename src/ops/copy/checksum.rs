//! A table's fingerprint: its row count and a SHA-256 over its rows in primary-key order, each
//! row in the canonical text of `row::Canonical`. Both sides of a copy are read back through
//! diesel and fingerprinted the same way, so equal fingerprints mean equal typed values.

use super::row::Canonical;
use sha2::{Digest, Sha256};

/// What a table holds, in brief.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    /// Rows seen.
    pub rows: u64,
    /// SHA-256 of the rows' canonical text, in primary-key order.
    pub digest: [u8; 32],
}

impl TableSum {
    /// The first bytes of the digest in hex, enough for a person comparing two lines.
    pub fn short(&self) -> String {
        self.digest[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// Builds a `TableSum` row by row.
#[derive(Default)]
pub struct Summer {
    rows: u64,
    hasher: Sha256,
    line: String,
}

impl Summer {
    /// Adds one row (rows must come in primary-key order).
    pub fn add<R: Canonical>(&mut self, row: &R) {
        self.line.clear();
        row.canonical(&mut self.line);
        self.line.push('\n');
        self.hasher.update(self.line.as_bytes());
        self.rows += 1;
    }

    /// The fingerprint of the rows added.
    pub fn finish(self) -> TableSum {
        TableSum {
            rows: self.rows,
            digest: self.hasher.finalize().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(rows: &[(i32, String)]) -> TableSum {
        let mut s = Summer::default();
        rows.iter().for_each(|r| s.add(r));
        s.finish()
    }

    #[test]
    fn order_and_content_change_the_sum() {
        let a = vec![(1, "x".to_string()), (2, "y".to_string())];
        let b = vec![(2, "y".to_string()), (1, "x".to_string())];
        assert_eq!(sum(&a), sum(&a.clone()));
        assert_ne!(sum(&a).digest, sum(&b).digest);
        assert_eq!(sum(&a).rows, 2);
        assert_eq!(sum(&[]).short().len(), 12);
    }
}
