//! Headers lettre does not define: one-click unsubscribe (RFC 2369 + RFC 8058)
//! and `Auto-Submitted` (RFC 3834), so vacation responders stay quiet.

use lettre::message::header::{Header, HeaderName, HeaderValue};

/// The error type lettre's `Header::parse` expects.
type ParseError = Box<dyn std::error::Error + Send + Sync>;

/// `List-Unsubscribe: <https://…/unsubscribe/TOKEN>`: mail clients show an
/// "unsubscribe" button that POSTs to the link (with the header below).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUnsubscribe(pub String);

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, ParseError> {
        let url = s
            .trim()
            .strip_prefix('<')
            .and_then(|rest| rest.strip_suffix('>'))
            .ok_or("List-Unsubscribe must be <url>")?;
        Ok(ListUnsubscribe(url.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): tells the
/// client a POST unsubscribes without a further page, while a GET (which mail
/// scanners follow) only shows a confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListUnsubscribePost;

/// The only value RFC 8058 allows.
const ONE_CLICK: &str = "List-Unsubscribe=One-Click";

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(s: &str) -> Result<Self, ParseError> {
        if s.trim() == ONE_CLICK {
            Ok(ListUnsubscribePost)
        } else {
            Err(format!("List-Unsubscribe-Post must be {ONE_CLICK}").into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), ONE_CLICK.to_owned())
    }
}

/// `Auto-Submitted: auto-generated`: this mail comes from a program, so
/// auto-responders must not answer it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, ParseError> {
        match s.trim() {
            "auto-generated" => Ok(AutoSubmitted),
            other => Err(format!("unexpected Auto-Submitted value {other}").into()),
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lettre::message::header::Headers;

    #[test]
    fn unsubscribe_headers_round_trip() {
        let mut headers = Headers::new();
        let url = "https://pdsa.example.org/unsubscribe/abc123";
        headers.set(ListUnsubscribe(url.into()));
        headers.set(ListUnsubscribePost);
        headers.set(AutoSubmitted);
        let text = headers.to_string();
        assert!(text.contains(&format!("List-Unsubscribe: <{url}>\r\n")));
        assert!(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(text.contains("Auto-Submitted: auto-generated\r\n"));
        assert_eq!(
            headers.get::<ListUnsubscribe>(),
            Some(ListUnsubscribe(url.into()))
        );
        assert_eq!(
            headers.get::<ListUnsubscribePost>(),
            Some(ListUnsubscribePost)
        );
    }

    #[test]
    fn malformed_values_do_not_parse() {
        assert!(ListUnsubscribe::parse("https://no-brackets").is_err());
        assert!(ListUnsubscribePost::parse("yes").is_err());
        assert!(AutoSubmitted::parse("no").is_err());
    }
}
