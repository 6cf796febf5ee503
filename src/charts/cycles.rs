//! PDSA cycles on the time axis: a lightly shaded band from start to end with an edge at
//! each end, and the title in a lane above the plot, so a coach sees which change came
//! before which shift. Titles that would collide go to another row (up to three).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Area, Chart, DrawResult, plot_box, text_style};
use super::format::truncate;
use super::frame::Frame;
use super::layout::{CYCLE, Layout};
use super::spec::CycleSpan;

/// Rows of titles at most; a fourth overlapping title shares the emptiest row.
const MAX_ROWS: usize = 3;
/// Pixels kept free between two titles in a row.
const TITLE_GAP: i32 = 10;
/// Characters of a title shown before it is cut with "…".
const TITLE_CHARS: usize = 24;
/// Pixels from the top of the SVG to the first row of titles.
const LANE_TOP: u32 = 4;

/// A cycle clipped to the chart, with its title placed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Placed {
    /// First day shown, in frame days.
    from: f64,
    /// Day after the last day shown (the end day is covered in full).
    to: f64,
    /// The start is inside the chart (else the band is cut at the left edge, without an edge).
    starts_inside: bool,
    /// The end is inside the chart.
    ends_inside: bool,
    /// The title, absent on compact charts.
    title: Option<Title>,
}

/// A title's text and where it goes.
#[derive(Debug, Clone, PartialEq)]
struct Title {
    text: String,
    /// Left pixel of the text.
    x: i32,
    row: usize,
}

/// Clips `cycles` to the chart (dropping those entirely outside) and places their titles,
/// earliest first so rows fill from the left.
pub(crate) fn place(cycles: &[CycleSpan], frame: &Frame, layout: &Layout) -> Vec<Placed> {
    let mut clipped: Vec<(Placed, &str)> = cycles
        .iter()
        .filter_map(|c| clip(c, frame).map(|p| (p, c.title.as_str())))
        .collect();
    clipped.sort_by(|a, b| a.0.from.total_cmp(&b.0.from));
    let mut row_ends: Vec<i32> = Vec::new();
    let with_title = |(mut cycle, title): (Placed, &str)| {
        if !layout.compact {
            let start_px = frame.px(cycle.from).round() as i32;
            cycle.title = Some(place_title(title, start_px, layout, &mut row_ends));
        }
        cycle
    };
    clipped.into_iter().map(with_title).collect()
}

/// The part of a cycle inside the chart's time range; dates given backwards are swapped.
fn clip(cycle: &CycleSpan, frame: &Frame) -> Option<Placed> {
    let (start, end) = if cycle.end < cycle.start {
        (cycle.end, cycle.start)
    } else {
        (cycle.start, cycle.end)
    };
    let (from, to) = (frame.day(start), frame.day(end) + 1.0);
    if to <= frame.x.0 || from >= frame.x.1 {
        return None;
    }
    Some(Placed {
        from: from.max(frame.x.0),
        to: to.min(frame.x.1),
        starts_inside: from >= frame.x.0,
        ends_inside: to <= frame.x.1,
        title: None,
    })
}

/// Puts a title at its band's start (moved left when it would run off the SVG) in the
/// first row where it clears the titles already there. When every row is taken it goes
/// after the title that ends first, cut to the room left, rather than over another title.
fn place_title(text: &str, start_px: i32, layout: &Layout, row_ends: &mut Vec<i32>) -> Title {
    let full = truncate(text, TITLE_CHARS);
    let edge = layout.width as i32 - 2;
    let wanted = (start_px + 3).min(edge - layout.text_px(&full));
    let row = choose_row(row_ends, wanted);
    let x = wanted.max(row_ends[row].saturating_add(TITLE_GAP));
    let text = truncate(&full, layout.chars_in(edge - x).max(1));
    row_ends[row] = x + layout.text_px(&text);
    Title { text, x, row }
}

/// The first row whose titles end before `left`, a new row while there are fewer than
/// `MAX_ROWS`, else the row that ends first.
fn choose_row(row_ends: &mut Vec<i32>, left: i32) -> usize {
    let free = row_ends
        .iter()
        .position(|end| end.saturating_add(TITLE_GAP) <= left);
    match free {
        Some(row) => row,
        None if row_ends.len() < MAX_ROWS => {
            row_ends.push(i32::MIN);
            row_ends.len() - 1
        }
        None => emptiest(row_ends),
    }
}

/// The row whose last title ends furthest left.
fn emptiest(row_ends: &[i32]) -> usize {
    let best = row_ends.iter().enumerate().min_by_key(|(_, end)| **end);
    best.map(|(row, _)| row).unwrap_or(0)
}

/// Space above the plot: the chart's usual top margin, or enough for the rows of titles.
pub(crate) fn top_margin(placed: &[Placed], layout: &Layout) -> u32 {
    let rows = placed
        .iter()
        .filter_map(|p| p.title.as_ref().map(|t| t.row + 1))
        .max()
        .unwrap_or(0) as u32;
    if rows == 0 {
        layout.top
    } else {
        LANE_TOP + rows * layout.lane_px + 6
    }
}

/// Shades each cycle's span of the plot; drawn before the data so the data stays on top.
pub(crate) fn draw_bands(chart: &mut Chart, placed: &[Placed], frame: &Frame) -> DrawResult {
    let fill = CYCLE.mix(0.09).filled();
    let bands = placed
        .iter()
        .map(|p| Rectangle::new([(p.from, frame.y.1), (p.to, frame.y.0)], fill));
    chart.draw_series(bands)?;
    Ok(())
}

/// Draws each cycle's start and end edges and its title.
pub(crate) fn draw_marks(
    root: &Area,
    chart: &Chart,
    placed: &[Placed],
    frame: &Frame,
    layout: &Layout,
) -> DrawResult {
    for cycle in placed {
        draw_edges(root, chart, cycle, frame, layout)?;
        if let Some(title) = &cycle.title {
            draw_title(root, title, layout)?;
        }
    }
    Ok(())
}

/// A thin line at each end that lies inside the chart; the start edge reaches up to the
/// title so the two read as one.
fn draw_edges(
    root: &Area,
    chart: &Chart,
    cycle: &Placed,
    frame: &Frame,
    layout: &Layout,
) -> DrawResult {
    let (_, top, _, bottom) = plot_box(chart);
    let style = CYCLE.mix(0.55).stroke_width(1);
    let x_of = |day: f64| chart.backend_coord(&(day, frame.y.0)).0;
    let title_top = cycle.title.as_ref().map(|t| row_top(t.row, layout));
    let mut edges = Vec::new();
    if cycle.starts_inside {
        edges.push((x_of(cycle.from), title_top.unwrap_or(top)));
    }
    if cycle.ends_inside {
        edges.push((x_of(cycle.to), top));
    }
    for (x, from_top) in edges {
        root.draw(&PathElement::new(vec![(x, from_top), (x, bottom)], style))?;
    }
    Ok(())
}

/// The top pixel of a row of titles.
fn row_top(row: usize, layout: &Layout) -> i32 {
    (LANE_TOP + row as u32 * layout.lane_px) as i32
}

/// Writes one title in its row (plotters escapes the text).
fn draw_title(root: &Area, title: &Title, layout: &Layout) -> DrawResult {
    let style = text_style(layout.font_px, CYCLE).pos(Pos::new(HPos::Left, VPos::Top));
    let at = (title.x, row_top(title.row, layout));
    root.draw(&Text::new(title.text.clone(), at, style))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap_or_default()
    }

    fn frame(layout: &Layout) -> Frame {
        let stops = [(day(2), "a"), (day(30), "b")];
        Frame::new(layout, &stops, &[1.0, 2.0], None).unwrap_or_else(|| panic!("frame"))
    }

    fn cycle(title: &str, start: u32, end: u32) -> CycleSpan {
        CycleSpan {
            title: title.to_string(),
            start: day(start),
            end: day(end),
        }
    }

    #[test]
    fn cycles_are_clipped_and_outside_ones_dropped() {
        let layout = Layout::normal();
        let f = frame(&layout);
        let outside = CycleSpan {
            title: "Later".into(),
            start: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2026, 6, 9).unwrap_or_default(),
        };
        let early = CycleSpan {
            start: NaiveDate::from_ymd_opt(2026, 2, 20).unwrap_or_default(),
            ..cycle("Early", 1, 10)
        };
        let placed = place(&[early, outside], &f, &layout);
        assert_eq!(placed.len(), 1);
        assert_eq!(placed[0].from, f.x.0);
        assert!(!placed[0].starts_inside && placed[0].ends_inside);
    }

    #[test]
    fn overlapping_titles_are_staggered() {
        let layout = Layout::normal();
        let f = frame(&layout);
        let cycles = [cycle("Turn and talk", 3, 20), cycle("Cold call", 5, 12)];
        let placed = place(&cycles, &f, &layout);
        let rows: Vec<usize> = placed
            .iter()
            .filter_map(|p| p.title.as_ref().map(|t| t.row))
            .collect();
        assert_eq!(rows, vec![0, 1]);
        assert_eq!(
            top_margin(&placed, &layout),
            LANE_TOP + 2 * layout.lane_px + 6
        );
    }

    #[test]
    fn crowded_titles_never_overlap_in_a_row() {
        let layout = Layout::normal();
        let f = frame(&layout);
        let cycles: Vec<CycleSpan> = (0..6)
            .map(|i| cycle("Think, pair, share", 3 + i, 20))
            .collect();
        let placed = place(&cycles, &f, &layout);
        let titles: Vec<&Title> = placed.iter().filter_map(|p| p.title.as_ref()).collect();
        assert!(titles.iter().all(|t| t.row < MAX_ROWS));
        for (i, a) in titles.iter().enumerate() {
            for b in &titles[i + 1..] {
                let apart =
                    a.x + layout.text_px(&a.text) <= b.x || b.x + layout.text_px(&b.text) <= a.x;
                assert!(a.row != b.row || apart, "{a:?} overlaps {b:?}");
            }
        }
        let late = place(&[cycle("A title near the right edge", 28, 29)], &f, &layout);
        let title = late[0].title.as_ref().unwrap_or_else(|| panic!("title"));
        assert!(title.x + layout.text_px(&title.text) <= layout.width as i32 - 2);
    }

    #[test]
    fn compact_charts_have_no_titles() {
        let layout = Layout::compact();
        let placed = place(&[cycle("Cold call", 5, 12)], &frame(&layout), &layout);
        assert!(placed[0].title.is_none());
        assert_eq!(top_margin(&placed, &layout), layout.top);
    }
}
