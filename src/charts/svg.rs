//! Turns plotters' SVG into an accessible, responsive one, and writes the small SVGs shown
//! instead of a chart (no data yet, or a drawing that failed). Plotters cannot add a
//! `<title>`, `<desc>`, `role` or class, so they are spliced into its root element here.

use plotters::prelude::*;

use super::axes::{Area, DrawResult};
use super::compact::compact;
use super::format::escape;
use super::frame::Frame;
use super::layout::{FONT, Layout};

/// Shown when there is nothing to chart yet (a new team, a measure not yet observed).
const NO_DATA: &str = "No data yet";
/// Shown when plotters reports an error: the page still gets a valid, labelled image.
const FAILED: &str = "The chart could not be drawn";

/// The strings a chart's root element and first children are built from.
pub(crate) struct Labels<'a> {
    /// The spec's id (sanitised here before use).
    pub id: &'a str,
    /// Accessible name.
    pub title: &'a str,
    /// Accessible description.
    pub description: &'a str,
    /// A small multiple (adds the `chart-compact` class).
    pub compact: bool,
}

/// Draws a chart with `draw` on a white canvas and finishes it, or returns the "no data"
/// SVG when there is no frame (nothing to chart) and the "could not be drawn" one when
/// plotters fails: callers always get a labelled `<svg>` and never an error.
pub(crate) fn render<F>(labels: &Labels, layout: &Layout, frame: Option<Frame>, draw: F) -> String
where
    F: FnOnce(&Area, &Frame) -> DrawResult,
{
    let Some(frame) = frame else {
        return message(labels, layout, NO_DATA);
    };
    let mut raw = String::new();
    let drawn = draw_into(&mut raw, layout, &frame, draw);
    let finished = drawn.ok().and_then(|()| finish(&raw, labels));
    finished.unwrap_or_else(|| message(labels, layout, FAILED))
}

/// Runs `draw` on an SVG backend writing into `raw`; the backend is gone when this returns.
fn draw_into<F>(raw: &mut String, layout: &Layout, frame: &Frame, draw: F) -> DrawResult
where
    F: FnOnce(&Area, &Frame) -> DrawResult,
{
    let root = SVGBackend::with_string(raw, (layout.width, layout.height)).into_drawing_area();
    root.fill(&WHITE)?;
    draw(&root, frame)?;
    root.present()?;
    Ok(())
}

/// Adds the class, role, labelling attributes, `<title>` and `<desc>` to plotters' output,
/// and drops the line breaks plotters writes around every tag (inside a `<text>` they are
/// whitespace that can nudge an end-anchored label).
/// `None` when the output does not start with an `<svg …>` tag, so the caller can fall back.
pub(crate) fn finish(raw: &str, labels: &Labels) -> Option<String> {
    if !raw.starts_with("<svg") {
        return None;
    }
    let close = raw.find('>')?;
    let (open, rest) = raw.split_at(close);
    let open = open.trim_end_matches('/');
    let body = rest.get(1..)?;
    let mut out = String::with_capacity(raw.len() + 256);
    out.push_str(open);
    out.push_str(&root_attrs(labels));
    out.push('>');
    out.push_str(&head(labels));
    out.push_str(&compact(&body.replace(">\n", ">").replace("\n<", "<")));
    Some(out.trim_end().to_string())
}

/// A chart-sized SVG with only a centred message, e.g. "No data yet", keeping the title and
/// description so the page reads the same to a screen reader.
pub(crate) fn message(labels: &Labels, layout: &Layout, text: &str) -> String {
    let (w, h) = (layout.width, layout.height);
    let size = if layout.compact { 10 } else { 14 };
    format!(
        concat!(
            r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg"{attrs}>"#,
            "{head}",
            r##"<rect x="0.5" y="0.5" width="{rw}" height="{rh}" fill="#FFFFFF" stroke="#D1D5DB"/>"##,
            r##"<text x="{cx}" y="{cy}" text-anchor="middle" dominant-baseline="middle" font-family="{font}" font-size="{size}" fill="#4B5563">{text}</text>"##,
            "</svg>"
        ),
        w = w,
        h = h,
        attrs = root_attrs(labels),
        head = head(labels),
        rw = w - 1,
        rh = h - 1,
        cx = w / 2,
        cy = h / 2,
        font = FONT,
        size = size,
        text = escape(text),
    )
}

/// The attributes added to the root: a class for the stylesheet and the labelling that makes
/// assistive technology read the chart as one image with a name and a description.
fn root_attrs(labels: &Labels) -> String {
    let id = sanitize_id(labels.id);
    let class = if labels.compact {
        "chart chart-compact"
    } else {
        "chart"
    };
    format!(r#" class="{class}" role="img" aria-labelledby="{id}-title {id}-desc""#)
}

/// The `<title>` and `<desc>` that must be the root's first children.
fn head(labels: &Labels) -> String {
    let id = sanitize_id(labels.id);
    format!(
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(labels.title),
        escape(labels.description)
    )
}

/// Keeps letters, digits, `-` and `_`, so an odd id cannot break `aria-labelledby` (a space
/// would split it into two references) or the markup.
pub(crate) fn sanitize_id(id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.is_empty() {
        "chart".to_string()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels<'a>(id: &'a str, title: &'a str) -> Labels<'a> {
        Labels {
            id,
            title,
            description: "Mean & spread",
            compact: false,
        }
    }

    #[test]
    fn finish_splices_attributes_and_head_into_the_root() {
        let raw = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let out = finish(raw, &labels("c1", "A <b>")).unwrap_or_default();
        assert!(out.starts_with("<svg width=\"10\""));
        assert!(out.contains(r#" class="chart" role="img" aria-labelledby="c1-title c1-desc">"#));
        assert!(out.contains(r#"><title id="c1-title">A &lt;b&gt;</title><desc id="c1-desc">Mean &amp; spread</desc><rect/>"#));
        assert!(out.ends_with("</svg>"));
        assert_eq!(finish("oops", &labels("c1", "t")), None);
    }

    #[test]
    fn message_is_a_labelled_svg() {
        let out = message(&labels("x y", "T"), &Layout::normal(), "No <data>");
        assert!(out.starts_with("<svg "));
        assert!(out.contains(r#"aria-labelledby="x-y-title x-y-desc""#));
        assert!(out.contains(">No &lt;data&gt;</text>"));
        assert!(out.ends_with("</svg>"));
    }

    #[test]
    fn render_falls_back_when_drawing_fails_or_there_is_no_frame() {
        let layout = Layout::normal();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let frame = Frame::new(&layout, &[(date, "W2")], &[1.0], None);
        let failed = render(&labels("c", "T"), &layout, frame, |_, _| Err("boom".into()));
        assert!(failed.contains(">The chart could not be drawn</text>"));
        assert!(failed.contains(r#"<title id="c-title">T</title>"#));
        let empty = render(&labels("c", "T"), &layout, None, |_, _| Ok(()));
        assert!(empty.contains(">No data yet</text>"));
    }

    #[test]
    fn ids_are_sanitised() {
        assert_eq!(sanitize_id("team-3_sd"), "team-3_sd");
        assert_eq!(sanitize_id("a b\"c"), "a-b-c");
        assert_eq!(sanitize_id(""), "chart");
    }
}
