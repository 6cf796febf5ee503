//! Mail without the database: the transport (`SMTP_URL` or `.eml` files),
//! the email templates and MIME structure, iCalendar attachments and feeds.
//!
//! The outbox (rows, claiming, retries) is built on these: it renders a
//! context with [`compose::compose`], sends with [`transport::Mailer::send`],
//! and reads the [`transport::SendError`] to retry or give up. When and how
//! often to retry is decided in `domain::reminder`.

pub mod compose;
pub mod context;
pub mod events;
pub mod files;
pub mod headers;
pub mod ics;
pub mod transport;
pub mod wake;
pub mod worker;

pub use compose::{CalendarPart, ComposeError, EmailTemplates, Outgoing, Rendered};
pub use transport::{Mailer, MailerConfigError, SendError};
pub use wake::Wake;
