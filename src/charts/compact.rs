//! Slims plotters' SVG before it is sent. A strip chart is hundreds of dots, and plotters
//! writes every one with its full style (`<circle cx cy r opacity fill stroke stroke-width/>`):
//! most of a dashboard's bytes. Runs of dots with the same style become one `<g>` carrying the
//! style, with bare `<circle cx cy r/>` inside, and the default `opacity="1"` is dropped.

/// The attributes that place a circle; everything else is style, shared by a group.
const GEOMETRY: [&str; 3] = ["cx", "cy", "r"];

/// The SVG body with default opacities dropped and same-style circles grouped.
pub(crate) fn compact(body: &str) -> String {
    let body = body.replace(r#" opacity="1""#, "");
    let mut out = String::with_capacity(body.len());
    let mut group: Option<String> = None;
    let mut rest = body.as_str();
    while let Some((before, tag, after)) = next_circle(rest) {
        if !before.is_empty() {
            close(&mut out, &mut group);
            out.push_str(before);
        }
        match split(tag) {
            Some((geometry, style)) => {
                if group.as_deref() != Some(style.as_str()) {
                    close(&mut out, &mut group);
                    out.push_str(&format!("<g{}>", group_style(&style)));
                    group = Some(style);
                }
                out.push_str(&format!("<circle{geometry}/>"));
            }
            None => {
                close(&mut out, &mut group);
                out.push_str(tag);
            }
        }
        rest = after;
    }
    close(&mut out, &mut group);
    out.push_str(rest);
    out
}

/// The text before the next `<circle …>` tag, the tag, and the text after it.
fn next_circle(s: &str) -> Option<(&str, &str, &str)> {
    let start = s.find("<circle ")?;
    let end = start + s[start..].find('>')? + 1;
    Some((&s[..start], &s[start..end], &s[end..]))
}

/// Ends the open group, if any.
fn close(out: &mut String, group: &mut Option<String>) {
    if group.take().is_some() {
        out.push_str("</g>");
    }
}

/// A circle tag's geometry and style attributes (each ` name="value"`, in order), or `None`
/// when it is not in the simple form plotters writes.
fn split(tag: &str) -> Option<(String, String)> {
    let mut inner = tag.strip_prefix("<circle")?.strip_suffix("/>")?.trim();
    let (mut geometry, mut style) = (String::new(), String::new());
    while !inner.is_empty() {
        let (name, value_and_rest) = inner.split_once("=\"")?;
        let (value, rest) = value_and_rest.split_once('"')?;
        let name = name.trim();
        let target = if GEOMETRY.contains(&name) {
            &mut geometry
        } else {
            &mut style
        };
        target.push_str(&format!(" {name}=\"{value}\""));
        inner = rest.trim_start();
    }
    Some((geometry, style))
}

/// A circle's style as a group's: `opacity` is not inherited (on a group it would fade the
/// group as one, hiding overlaps), so it becomes fill and stroke opacity, which are inherited
/// and apply to each dot, so overlapping dots still darken.
fn group_style(style: &str) -> String {
    match style.split_once(" opacity=\"") {
        Some((head, tail)) => match tail.split_once('"') {
            Some((value, rest)) => {
                format!("{head} fill-opacity=\"{value}\" stroke-opacity=\"{value}\"{rest}")
            }
            None => style.to_string(),
        },
        None => style.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOT: &str = r##"<circle cx="88" cy="132" r="3" opacity="0.45" fill="#1F4E79" stroke="none" stroke-width="1"/>"##;

    #[test]
    fn same_style_dots_share_one_group() {
        let other = DOT.replace("88", "90").replace("132", "140");
        let body = format!(r#"<rect opacity="1" x="0"/>{DOT}{other}<text>a</text>"#);
        assert_eq!(
            compact(&body),
            concat!(
                r#"<rect x="0"/>"#,
                r##"<g fill-opacity="0.45" stroke-opacity="0.45" fill="#1F4E79" stroke="none" stroke-width="1">"##,
                r#"<circle cx="88" cy="132" r="3"/><circle cx="90" cy="140" r="3"/></g><text>a</text>"#
            )
        );
    }

    #[test]
    fn a_change_of_style_or_other_markup_starts_a_new_group() {
        let red = DOT.replace("#1F4E79", "#C2410C");
        let body = format!("{DOT}{red}<line/>{DOT}");
        let out = compact(&body);
        assert_eq!(out.matches("<g ").count(), 3);
        assert_eq!(out.matches("</g>").count(), 3);
        assert_eq!(out.matches("<circle ").count(), 3);
    }

    #[test]
    fn text_without_circles_is_only_stripped_of_default_opacity() {
        let body = r#"<text opacity="1" x="1">"a"</text><circle oops/>"#;
        assert_eq!(compact(body), r#"<text x="1">"a"</text><circle oops/>"#);
    }
}
