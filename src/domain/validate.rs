//! Checks for values people type: names, email addresses, links, money and dates.
//! Each returns the cleaned value, or a [`Violation`] naming the field.

use super::Violation;
use chrono::{Datelike, NaiveDate};

/// Trimmed, non-empty, at most `max` characters (counted as characters, not
/// bytes, so accented names are not cut short), and free of control characters
/// other than line breaks and tabs (which a paragraph may hold). Returns the
/// trimmed value.
pub fn required(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Violation::new(field, "must not be empty"));
    }
    if trimmed.chars().count() > max {
        return Err(Violation::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    text(field, trimmed)?;
    Ok(trimmed.to_string())
}

/// A name, title or label: as [`required`], on one line — no control character at all (a tab
/// or a line break in a name breaks lists, mail headers and CSV cells).
pub fn name(field: &str, value: &str, max: usize) -> Result<String, Violation> {
    let name = required(field, value, max)?;
    if name.chars().any(char::is_control) {
        return Err(Violation::new(
            field,
            "must be on one line, without tabs or control characters",
        ));
    }
    Ok(name)
}

/// Free text may break lines and hold tabs, but no other control character: a NUL is refused
/// by PostgreSQL and the rest are invisible, never typed, and unsafe in mail and CSV.
pub fn text(field: &str, value: &str) -> Result<(), Violation> {
    let stray = |c: &char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    match value.chars().find(stray) {
        None => Ok(()),
        Some(c) => Err(Violation::new(
            field,
            format!(
                "must not contain control characters (found U+{:04X})",
                u32::from(c)
            ),
        )),
    }
}

/// The first day a date may name: nothing in a collective's records lies before it.
pub const FIRST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("2000-01-01 is a date"),
};

/// The last day a date may name.
pub const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("2100-12-31 is a date"),
};

/// A date within [`FIRST_DATE`]..=[`LAST_DATE`]: a year 0, −1 or 9999 is a typing slip that
/// would otherwise be stored, sorted first or last, and break charts and calendar feeds.
pub fn date_in_range(field: &str, date: NaiveDate) -> Result<NaiveDate, Violation> {
    if (FIRST_DATE..=LAST_DATE).contains(&date) {
        return Ok(date);
    }
    Err(Violation::new(
        field,
        format!(
            "must be between {FIRST_DATE} and {LAST_DATE} (the year {} is out of range)",
            date.year()
        ),
    ))
}

/// A plausible email: one '@', non-empty local part, a dot in the domain, no
/// spaces; returned lower-cased and trimmed (field "email"). Only the mail
/// server can say whether it really exists, so this stays deliberately loose.
pub fn email(value: &str) -> Result<String, Violation> {
    let address = value.trim().to_lowercase();
    if address.is_empty() {
        return Err(Violation::new("email", "must not be empty"));
    }
    if plausible_email(&address) {
        Ok(address)
    } else {
        Err(Violation::new(
            "email",
            "is not a valid email address (like name@district.org)",
        ))
    }
}

/// One '@' between a non-empty local part and a dotted domain, no whitespace.
fn plausible_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    let dotted = domain.contains('.') && domain.split('.').all(|label| !label.is_empty());
    address.len() <= 254
        && !address.chars().any(char::is_whitespace)
        && !local.is_empty()
        && !domain.contains('@')
        && dotted
}

/// An https link with a host (field given); returned trimmed.
pub fn https_url(field: &str, value: &str) -> Result<String, Violation> {
    let url = value.trim();
    if url.is_empty() {
        return Err(Violation::new(field, "must not be empty"));
    }
    if url.chars().any(char::is_whitespace) {
        return Err(Violation::new(field, "must not contain spaces"));
    }
    let Some(rest) = strip_prefix_ignore_case(url, "https://") else {
        return Err(Violation::new(field, "must start with https://"));
    };
    if url_host(rest).is_empty() {
        return Err(Violation::new(
            field,
            "must name a host, like https://meet.example.org/…",
        ));
    }
    Ok(url.to_string())
}

/// `text` without `prefix`, compared without regard to ASCII case ("HTTPS://" is fine).
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then_some(())?;
    text.get(prefix.len()..)
}

/// The host of what follows "https://": up to the path, query or fragment,
/// without user information and port.
fn url_host(rest: &str) -> &str {
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    }
}

/// Money typed by people ("15000", "15,000.00", "$15,000.50") → cents ≥ 0 (field given).
pub fn money_cents(field: &str, value: &str) -> Result<i64, Violation> {
    parse_money(value).map_err(|message| Violation::new(field, message))
}

/// The message for text that is not an amount at all.
const UNREADABLE: &str = "is not an amount of money (like 15,000.00)";

/// Parses an amount into cents, or says what is wrong with it.
fn parse_money(value: &str) -> Result<i64, &'static str> {
    let text = value.trim();
    if text.is_empty() {
        return Err("must not be empty");
    }
    let text = text.strip_prefix('$').unwrap_or(text).trim_start();
    if text.starts_with('-') {
        return Err("must not be negative");
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() {
        return Err(UNREADABLE);
    }
    let dollars = whole_dollars(whole)?;
    let cents = fraction_cents(fraction).ok_or(UNREADABLE)?;
    dollars
        .checked_mul(100)
        .and_then(|c| c.checked_add(cents))
        .ok_or("is too large")
}

/// Dollars with optional thousands separators, which must group by three
/// ("15,000" yes, "1,50" no) so that a mistyped decimal comma is not misread.
fn whole_dollars(whole: &str) -> Result<i64, &'static str> {
    if whole.is_empty() {
        return Ok(0);
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let digits_only = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    let (first, rest) = groups.split_first().ok_or(UNREADABLE)?;
    let grouped = rest.is_empty() || (first.len() <= 3 && rest.iter().all(|g| g.len() == 3));
    if !groups.iter().all(|g| digits_only(g)) || !grouped {
        return Err(UNREADABLE);
    }
    groups.concat().parse().map_err(|_| "is too large")
}

/// Cents from zero, one or two digits after the point ("5" is 50 cents).
fn fraction_cents(fraction: &str) -> Option<i64> {
    if fraction.len() > 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = format!("{fraction:0<2}");
    padded.parse().ok()
}

/// Cents → "$15,000.00" (negative amounts, such as refunds, get a leading "-").
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}${}.{:02}", group_thousands(abs / 100), abs % 100)
}

/// A whole number with a comma between each group of three digits.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_accepts_up_to_max_chars() {
        assert_eq!(
            required("name", "  Elm District ", 12),
            Ok("Elm District".into())
        );
        assert_eq!(required("name", "Åsa Öberg", 9), Ok("Åsa Öberg".into()));
    }

    #[test]
    fn required_refuses_blank_and_too_long() {
        assert_eq!(
            required("name", " \t ", 10),
            Err(Violation::new("name", "must not be empty"))
        );
        let v = required("name", "abcdef", 5).unwrap_err();
        assert_eq!(v, Violation::new("name", "must be at most 5 characters"));
    }

    #[test]
    fn control_characters_are_refused_in_names_and_text() {
        for bad in ["Elm\u{0}", "a\u{1b}[31mred", "Elm\u{7f}", "x\u{85}y"] {
            let v = required("body", bad, 50).unwrap_err();
            assert_eq!(v.field, "body", "{bad:?}");
            assert!(v.message.contains("control characters"), "{bad:?}");
            assert_eq!(name("name", bad, 50).unwrap_err().field, "name");
        }
        assert_eq!(
            required("body", "two\nlines\tand a tab", 50),
            Ok("two\nlines\tand a tab".into())
        );
        for bad in ["Elm\nDistrict", "Elm\tDistrict", "Elm\rDistrict"] {
            let v = name("name", bad, 50).unwrap_err();
            assert_eq!(v.field, "name");
            assert!(v.message.contains("one line"), "{bad:?}");
        }
        assert_eq!(name("name", "  Åsa Öberg ", 20), Ok("Åsa Öberg".into()));
    }

    #[test]
    fn dates_outside_2000_to_2100_are_refused_naming_the_field() {
        let ok = NaiveDate::from_ymd_opt(2026, 10, 14).unwrap();
        assert_eq!(date_in_range("planned_start", ok), Ok(ok));
        assert_eq!(date_in_range("d", FIRST_DATE), Ok(FIRST_DATE));
        assert_eq!(date_in_range("d", LAST_DATE), Ok(LAST_DATE));
        for year in [0, -1, 1999, 2101, 9999] {
            let d = NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
            let v = date_in_range("planned_end", d).unwrap_err();
            assert_eq!(v.field, "planned_end");
            assert!(
                v.message.contains("between 2000-01-01 and 2100-12-31"),
                "{v:?}"
            );
        }
    }

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            email("  Ana.Diaz@District.ORG "),
            Ok("ana.diaz@district.org".into())
        );
        assert_eq!(email("a+b@x.co"), Ok("a+b@x.co".into()));
    }

    #[test]
    fn implausible_emails_are_refused() {
        for bad in [
            "ana",
            "@district.org",
            "ana@district",
            "ana@@district.org",
            "a@b@c.org",
            "ana diaz@district.org",
            "ana@.org",
            "ana@district.",
            "ana@district..org",
        ] {
            let v = email(bad).unwrap_err();
            assert_eq!(v.field, "email", "{bad}");
        }
        assert_eq!(email("").unwrap_err().message, "must not be empty");
    }

    #[test]
    fn https_links_with_a_host_are_accepted() {
        for ok in [
            "https://meet.example.org/abc",
            "HTTPS://Meet.example.org",
            "https://host:8443/x?y#z",
            "https://user@host.org/room",
        ] {
            assert_eq!(https_url("link", ok), Ok(ok.to_string()));
        }
        assert_eq!(
            https_url("link", " https://a.org "),
            Ok("https://a.org".into())
        );
    }

    #[test]
    fn other_links_are_refused_with_the_field_named() {
        let cases = [
            ("http://meet.example.org", "must start with https://"),
            ("meet.example.org", "must start with https://"),
            (
                "https://",
                "must name a host, like https://meet.example.org/…",
            ),
            (
                "https://:443/x",
                "must name a host, like https://meet.example.org/…",
            ),
            ("https://a b.org", "must not contain spaces"),
            ("", "must not be empty"),
        ];
        for (bad, message) in cases {
            assert_eq!(
                https_url("video_url", bad),
                Err(Violation::new("video_url", message)),
                "{bad}"
            );
        }
    }

    #[test]
    fn money_accepts_what_people_type() {
        let cases = [
            ("15000", 1_500_000),
            ("15,000.00", 1_500_000),
            ("$15,000.50", 1_500_050),
            ("$ 15000.5", 1_500_050),
            ("0", 0),
            (".75", 75),
            ("1,234,567", 123_456_700),
            ("12.", 1200),
        ];
        for (text, cents) in cases {
            assert_eq!(money_cents("fee", text), Ok(cents), "{text}");
        }
    }

    #[test]
    fn money_refuses_negative_and_unreadable_amounts() {
        assert_eq!(
            money_cents("fee", "-5").unwrap_err().message,
            "must not be negative"
        );
        assert_eq!(
            money_cents("fee", "$-5").unwrap_err().message,
            "must not be negative"
        );
        assert_eq!(
            money_cents("fee", " ").unwrap_err().message,
            "must not be empty"
        );
        for bad in [
            "abc", "1,50", "15,0000", ",500", "1.234", "1.2.3", ".", "$", "15 000", "1e5",
        ] {
            assert_eq!(
                money_cents("paid", bad),
                Err(Violation::new("paid", UNREADABLE)),
                "{bad}"
            );
        }
    }

    #[test]
    fn money_too_large_for_cents_is_refused() {
        assert_eq!(
            money_cents("fee", "92233720368547759").unwrap_err().message,
            "is too large"
        );
        assert_eq!(
            money_cents("fee", "99999999999999999999")
                .unwrap_err()
                .message,
            "is too large"
        );
    }

    #[test]
    fn cents_format_as_dollars_with_separators() {
        assert_eq!(format_cents(1_500_000), "$15,000.00");
        assert_eq!(format_cents(1_500_050), "$15,000.50");
        assert_eq!(format_cents(5), "$0.05");
        assert_eq!(format_cents(99_999), "$999.99");
        assert_eq!(format_cents(100_000), "$1,000.00");
        assert_eq!(format_cents(-2_500), "-$25.00");
        assert_eq!(format_cents(i64::MIN), "-$92,233,720,368,547,758.08");
    }

    #[test]
    fn formatted_cents_read_back_unchanged() {
        for cents in [0, 1, 99, 100, 123_456_789] {
            assert_eq!(money_cents("fee", &format_cents(cents)), Ok(cents));
        }
    }
}
