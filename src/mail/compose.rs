//! Turning a context into a message: the email templates (one folder per
//! message, shared header and footer partials) and the MIME structure.
//!
//! Two handlebars registries hold the same templates: one escapes HTML for
//! `html.hbs`, the other escapes nothing for `subject.hbs` and `text.hbs`
//! (an `&amp;` in a plain-text mail or a subject would be shown as typed).

use super::context::EmailContext;
use super::headers::{AutoSubmitted, ListUnsubscribe, ListUnsubscribePost};
use super::ics::Method;
use super::transport::SendError;
use crate::assets::Assets;
use handlebars::Handlebars;
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

/// Why a message could not be built. Retrying will not fix any of these, so
/// the outbox treats them as permanent failures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComposeError {
    /// The templates are missing or broken (a bug or a bad deployment).
    #[error("email template: {0}")]
    Template(String),
    /// An address that is not an email address.
    #[error("address {0}")]
    Address(String),
    /// lettre refused the message (a header it cannot encode).
    #[error("message: {0}")]
    Message(String),
}

impl From<ComposeError> for SendError {
    /// A message that cannot be built will not build on the next try either.
    fn from(e: ComposeError) -> SendError {
        SendError::Permanent(e.to_string())
    }
}

/// Every message folder; each must hold these files. Checked at load, so a
/// missing file stops the start instead of a send.
pub const MESSAGES: [&str; 6] = [
    "reminder",
    "updated",
    "cancelled",
    "host_note",
    "invitation",
    "password_reset",
];

/// The files of one message folder.
const PARTS: [&str; 3] = ["subject", "text", "html"];

/// One rendered message: subject, plain text and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// One line.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// The email templates, loaded once at start (like the page templates).
#[derive(Debug)]
pub struct EmailTemplates {
    html: Handlebars<'static>,
    plain: Handlebars<'static>,
}

impl EmailTemplates {
    /// The templates under `templates/emails/` (built in, or from
    /// `PDSA_ASSET_DIR`), each named by its path below that folder without
    /// `.hbs` (`reminder/subject`, `partials/footer_html`).
    pub fn load(assets: &Assets) -> Result<EmailTemplates, ComposeError> {
        let mut plain = registry(assets)?;
        plain.register_escape_fn(handlebars::no_escape);
        Ok(EmailTemplates {
            html: registry(assets)?,
            plain,
        })
    }

    /// Renders the context's three templates.
    pub fn render<C: EmailContext>(&self, ctx: &C) -> Result<Rendered, ComposeError> {
        let name = C::TEMPLATE;
        let part = |hb: &Handlebars<'static>, file: &str| {
            hb.render(&format!("{name}/{file}"), ctx)
                .map_err(|e| ComposeError::Template(format!("{name}/{file}: {e}")))
        };
        Ok(Rendered {
            subject: one_line(&part(&self.plain, "subject")?),
            text: tidy_text(&part(&self.plain, "text")?),
            html: part(&self.html, "html")?,
        })
    }
}

/// A strict registry of the email templates: a misspelt field is an error in
/// the tests, not a silent blank in someone's inbox.
fn registry(assets: &Assets) -> Result<Handlebars<'static>, ComposeError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    assets
        .register_templates(&mut hb, "emails")
        .map_err(|e| ComposeError::Template(format!("cannot load: {e}")))?;
    check_complete(&hb)?;
    Ok(hb)
}

/// Every message folder has its three files, so that a missing one stops the
/// start instead of failing each send.
fn check_complete(hb: &Handlebars<'static>) -> Result<(), ComposeError> {
    let missing: Vec<String> = MESSAGES
        .iter()
        .flat_map(|name| PARTS.iter().map(move |part| format!("{name}/{part}")))
        .filter(|t| !hb.has_template(t))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    Err(ComposeError::Template(format!(
        "missing in templates/emails: {}",
        missing.join(", ")
    )))
}

/// A subject is one line: newlines from the template layout (or a value)
/// become single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Plain text without trailing spaces or runs of blank lines that skipped
/// `{{#if}}` blocks leave behind, ending in one newline.
fn tidy_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank_run = 0;
    for line in s.trim().lines().map(str::trim_end) {
        blank_run = if line.is_empty() { blank_run + 1 } else { 0 };
        if blank_run <= 1 {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The calendar part of a message: its METHOD and the iCalendar text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarPart {
    /// REQUEST or CANCEL, repeated in the part's content type.
    pub method: Method,
    /// From [`super::ics::invite`].
    pub text: String,
}

/// Who and how, besides the rendered content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Sender, usually "Collective name <noreply@host>".
    pub from: Mailbox,
    /// The one recipient.
    pub to: Mailbox,
    /// From [`message_id`]: the same on every attempt of one outbox row, so a
    /// resend after a crash is recognisable as the same message.
    pub message_id: String,
    /// For reminders: adds the RFC 8058 one-click headers.
    pub unsubscribe_url: Option<String>,
    /// The iCalendar attachment, for event mail.
    pub calendar: Option<CalendarPart>,
}

/// A mailbox from a name and an address; a bad address is a compose error.
pub fn mailbox(name: &str, email: &str) -> Result<Mailbox, ComposeError> {
    let address = email
        .trim()
        .parse()
        .map_err(|e| ComposeError::Address(format!("{email:?} is not valid: {e}")))?;
    let name = one_line(name);
    Ok(Mailbox::new((!name.is_empty()).then_some(name), address))
}

/// The Message-ID of an outbox row: `<outbox-42@host>`.
pub fn message_id(outbox_id: i64, host: &str) -> String {
    format!("<outbox-{outbox_id}@{host}>")
}

/// The message: multipart/alternative (text, HTML), inside multipart/mixed
/// with an `invite.ics` attachment when there is a calendar part.
pub fn build(out: &Outgoing, rendered: Rendered) -> Result<Message, ComposeError> {
    let mut builder = Message::builder()
        .from(out.from.clone())
        .to(out.to.clone())
        .message_id(Some(out.message_id.clone()))
        .subject(rendered.subject)
        .header(AutoSubmitted);
    if let Some(url) = &out.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    let body = MultiPart::alternative_plain_html(rendered.text, rendered.html);
    let result = match &out.calendar {
        None => builder.multipart(body),
        Some(cal) => builder.multipart(
            MultiPart::mixed()
                .multipart(body)
                .singlepart(calendar_attachment(cal)?),
        ),
    };
    result.map_err(|e| ComposeError::Message(e.to_string()))
}

/// `invite.ics` as `text/calendar; method=…; charset=UTF-8`.
fn calendar_attachment(cal: &CalendarPart) -> Result<SinglePart, ComposeError> {
    let kind = format!(
        "text/calendar; method={}; charset=UTF-8",
        cal.method.as_str()
    );
    let content_type =
        ContentType::parse(&kind).map_err(|e| ComposeError::Message(e.to_string()))?;
    Ok(Attachment::new("invite.ics".to_owned()).body(cal.text.clone(), content_type))
}

/// Renders and builds in one step: what the outbox worker calls per row.
pub fn compose<C: EmailContext>(
    templates: &EmailTemplates,
    ctx: &C,
    out: &Outgoing,
) -> Result<Message, ComposeError> {
    build(out, templates.render(ctx)?)
}

#[cfg(test)]
#[path = "compose_tests.rs"]
mod tests;
