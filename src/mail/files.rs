//! The offline transport: each message becomes `<dir>/<Message-ID>.eml`, so
//! the default setup needs no mail server and shows exactly what would be sent.
//!
//! Files are named by Message-ID rather than a random name (as lettre's
//! `FileTransport` does): a resend after a crash, which keeps its Message-ID,
//! overwrites the same file instead of adding a second one.

use lettre::Message;
use lettre::message::header::MessageId;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The folder messages are written to when `SMTP_URL` is not set.
pub const DEFAULT_OUTBOX_DIR: &str = "data/outbox";

/// Writes messages as `.eml` files under one folder (created when needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutbox {
    dir: PathBuf,
}

impl FileOutbox {
    /// An outbox writing under `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> FileOutbox {
        FileOutbox { dir: dir.into() }
    }

    /// The folder, for the startup log line and the tests.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the message with this Message-ID is (or would be) written.
    pub fn path_for(&self, message_id: &str) -> PathBuf {
        self.dir.join(format!("{}.eml", file_stem(message_id)))
    }

    /// Writes the message whole: first to a temporary name, then renamed, so
    /// a reader never sees half a message.
    pub fn write(&self, message: &Message) -> io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let id = message
            .headers()
            .get::<MessageId>()
            .map_or_else(fallback_id, |id| id.as_ref().to_owned());
        let path = self.path_for(&id);
        let partial = path.with_extension("eml.partial");
        std::fs::write(&partial, message.formatted())?;
        std::fs::rename(&partial, &path)?;
        Ok(path)
    }
}

/// A file name from a Message-ID: the angle brackets dropped and anything
/// but letters, digits, `.`, `-`, `_`, `@` replaced, so no id can reach
/// outside the folder.
fn file_stem(message_id: &str) -> String {
    let stem: String = message_id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    match stem.trim_start_matches('.') {
        "" => "message".to_owned(),
        rest => rest.to_owned(),
    }
}

/// A name for a message built without a Message-ID (compose always sets one).
fn fallback_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("no-id-{nanos}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_keep_safe_characters_only() {
        assert_eq!(
            file_stem("<outbox-42@pdsa.example.org>"),
            "outbox-42@pdsa.example.org"
        );
        assert_eq!(file_stem("<../../etc/passwd>"), "_.._etc_passwd");
        assert_eq!(file_stem("<>"), "message");
        assert_eq!(file_stem("..."), "message");
    }

    #[test]
    fn a_resend_overwrites_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = FileOutbox::new(dir.path().join("outbox"));
        let message = || {
            Message::builder()
                .from("pdsa <noreply@example.org>".parse().unwrap())
                .to("ana@example.org".parse().unwrap())
                .message_id(Some("<outbox-7@example.org>".into()))
                .subject("Hello")
                .body("Hi".to_owned())
                .unwrap()
        };
        let first = outbox.write(&message()).unwrap();
        let second = outbox.write(&message()).unwrap();
        assert_eq!(first, second);
        assert_eq!(first, outbox.path_for("<outbox-7@example.org>"));
        let files = std::fs::read_dir(outbox.dir()).unwrap().count();
        assert_eq!(files, 1);
        let text = std::fs::read_to_string(first).unwrap();
        assert!(text.contains("Subject: Hello"));
    }
}
