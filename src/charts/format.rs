//! Numbers and words as the charts print them: short enough to sit beside a line, the same
//! everywhere (axis, centre-line label, the page's table), and safe to put inside SVG markup.

/// Formats a value to three significant figures without trailing zeros or scientific notation,
/// so "UCL 2.35" on a chart reads like the number a coach sees in the table beside it.
/// Values of 100 and more keep all their integer digits; a non-finite value prints as "–".
pub fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return "–".to_string();
    }
    let text = trim_zeros(format!("{:.*}", decimals_for(value), value));
    if text == "-0" { "0".to_string() } else { text }
}

/// Decimals that give three significant figures, capped so tiny values do not print as
/// a long run of zeros.
fn decimals_for(value: f64) -> usize {
    let size = value.abs();
    if size == 0.0 || size >= 100.0 {
        return 0;
    }
    let magnitude = size.log10().floor() as i32;
    (2 - magnitude).clamp(0, 6) as usize
}

/// Drops the zeros (and a bare point) a fixed-decimal format leaves at the end.
fn trim_zeros(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Shortens `text` to at most `max` characters, ending in "…" when cut, so a long cycle
/// title does not run across its neighbours.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Escapes the five XML special characters: the text we inject ourselves (title,
/// description, messages) is not escaped by plotters.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_significant_figures_trimmed() {
        assert_eq!(format_value(2.345678), "2.35");
        assert_eq!(format_value(0.123456), "0.123");
        assert_eq!(format_value(0.0012345), "0.00123");
        assert_eq!(format_value(12.3456), "12.3");
        assert_eq!(format_value(3.0), "3");
        assert_eq!(format_value(2.5), "2.5");
        assert_eq!(format_value(0.1 + 0.2), "0.3");
    }

    #[test]
    fn large_zero_negative_and_odd_values() {
        assert_eq!(format_value(1234.4), "1234");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(-0.0), "0");
        assert_eq!(format_value(-0.0001), "-0.0001");
        assert_eq!(format_value(-1.23456), "-1.23");
        assert_eq!(format_value(1e-9), "0");
        assert_eq!(format_value(99.96), "100");
        assert_eq!(format_value(f64::NAN), "–");
        assert_eq!(format_value(f64::INFINITY), "–");
    }

    #[test]
    fn truncate_adds_an_ellipsis_only_when_cut() {
        assert_eq!(truncate("Short", 24), "Short");
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
        assert_eq!(truncate("abc defgh", 5), "abc…");
        assert_eq!(truncate("ééééééé", 4).chars().count(), 4);
    }

    #[test]
    fn escape_covers_all_five() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
    }
}
