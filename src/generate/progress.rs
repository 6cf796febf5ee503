//! A progress bar on standard error, written by hand: a generate run takes long enough that a
//! silent terminal looks hung. On a terminal one line is redrawn at most ten times a second; when
//! standard error is a file or a pipe (a CI log), a plain line is written at every tenth.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Characters in the bar.
const WIDTH: usize = 20;
/// Shortest time between two redraws on a terminal.
const REDRAW: Duration = Duration::from_millis(100);

/// Observations written against the total planned.
pub struct Progress {
    total: usize,
    done: usize,
    started: Instant,
    drawn: Option<Instant>,
    tty: bool,
    tenths: usize,
}

impl Progress {
    /// A bar for `total` observations, started now.
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            done: 0,
            started: Instant::now(),
            drawn: None,
            tty: std::io::stderr().is_terminal(),
            tenths: 0,
        }
    }

    /// Counts `n` more written, redrawing when it is time.
    pub fn add(&mut self, n: usize) {
        self.done += n;
        if self.tty {
            if self.drawn.is_none_or(|t| t.elapsed() >= REDRAW) {
                self.draw("\r", "");
            }
        } else {
            let tenths = (self.done * 10).checked_div(self.total).unwrap_or(10);
            if tenths > self.tenths {
                self.tenths = tenths;
                self.draw("", "\n");
            }
        }
    }

    /// The last state, ending the line on a terminal.
    pub fn finish(&mut self) {
        if self.tty {
            self.draw("\r", "\n");
        }
    }

    /// Writes the line; a failed write to stderr is not worth stopping the run for.
    fn draw(&mut self, before: &str, after: &str) {
        self.drawn = Some(Instant::now());
        let line = line(self.done, self.total, self.started.elapsed());
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{before}{line}{after}");
        let _ = err.flush();
    }
}

/// `[#########...........]  47%  940,000 / 2,000,000 observations  12.3 s`
pub fn line(done: usize, total: usize, elapsed: Duration) -> String {
    let share = if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).min(1.0)
    };
    let filled = (share * WIDTH as f64).round() as usize;
    format!(
        "[{}{}] {:3}%  {} / {} observations  {:.1} s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        (share * 100.0).floor() as usize,
        thousands(done),
        thousands(total),
        elapsed.as_secs_f64()
    )
}

/// 1234567 → "1,234,567": totals this large are read, not counted.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_987_654), "1,987,654");
    }

    #[test]
    fn the_line_shows_the_share_done() {
        let l = line(940_000, 2_000_000, Duration::from_millis(12_345));
        assert_eq!(
            l,
            "[#########...........]  47%  940,000 / 2,000,000 observations  12.3 s"
        );
        assert!(line(5, 0, Duration::ZERO).contains("100%"));
    }
}
