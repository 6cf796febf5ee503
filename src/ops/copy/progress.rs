//! How a copy shows that it is moving: a progress bar on a terminal, a plain line per table
//! in a log or a pipe (where a redrawn bar would be noise), nothing in tests.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

/// What the copy reports as it goes.
pub trait Progress {
    /// A phase begins ("copying", "verifying") over `rows` rows in all.
    fn phase(&mut self, what: &str, rows: u64);
    /// A table begins, with this many rows.
    fn table(&mut self, name: &str, rows: u64);
    /// `n` more rows are done.
    fn rows(&mut self, n: u64);
    /// The phase is over.
    fn finish(&mut self);
}

/// The progress display for this process: a bar when stderr is a terminal, lines otherwise.
pub fn for_stderr() -> Box<dyn Progress> {
    if std::io::stderr().is_terminal() {
        Box::new(Bar::new())
    } else {
        Box::new(Lines::default())
    }
}

/// Reports nothing (for tests and callers with their own display).
pub struct Silent;

impl Progress for Silent {
    fn phase(&mut self, _: &str, _: u64) {}
    fn table(&mut self, _: &str, _: u64) {}
    fn rows(&mut self, _: u64) {}
    fn finish(&mut self) {}
}

/// Plain lines on stderr: one per table copied (its rows and how long it took), then one for
/// the whole check.
#[derive(Default)]
pub struct Lines {
    phase: String,
    tables: usize,
    started: Option<Instant>,
    current: Option<(String, u64, Instant)>,
}

impl Lines {
    fn end_table(&mut self) {
        if let Some((name, rows, started)) = self.current.take() {
            let secs = started.elapsed().as_secs_f64();
            eprintln!("{} {name}: {rows} rows ({secs:.2} s)", self.phase);
        }
    }
}

impl Progress for Lines {
    fn phase(&mut self, what: &str, _: u64) {
        self.phase = what.to_string();
        self.tables = 0;
        self.started = Some(Instant::now());
    }
    fn table(&mut self, name: &str, rows: u64) {
        self.end_table();
        self.tables += 1;
        if self.phase == "copying" {
            self.current = Some((name.to_string(), rows, Instant::now()));
        }
    }
    fn rows(&mut self, _: u64) {}
    fn finish(&mut self) {
        self.end_table();
        if let Some(started) = self.started.take().filter(|_| self.phase != "copying") {
            let secs = started.elapsed().as_secs_f64();
            eprintln!("{} {} tables: done ({secs:.2} s)", self.phase, self.tables);
        }
    }
}

/// An indicatif bar over all the rows of a phase, naming the table at hand.
pub struct Bar {
    bar: Option<ProgressBar>,
}

impl Bar {
    fn new() -> Bar {
        Bar { bar: None }
    }
}

const BAR_TEMPLATE: &str = "{prefix:>9} [{bar:30}] {pos}/{len} rows {msg}";

impl Progress for Bar {
    fn phase(&mut self, what: &str, rows: u64) {
        self.finish();
        let bar = ProgressBar::with_draw_target(Some(rows), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(BAR_TEMPLATE) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(what.to_string());
        self.bar = Some(bar);
    }
    fn table(&mut self, name: &str, _: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }
    fn rows(&mut self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_with_message("done");
        }
    }
}
