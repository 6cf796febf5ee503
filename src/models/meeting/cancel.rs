//! Calling a meeting off: the row stays (its history, and the calendars that hold it, are told
//! of the cancellation), marked with when; its pending mail is cancelled and everyone concerned
//! is told, in the same transaction.

use super::Meeting;
use crate::db::DbConn;
use crate::db::schema::meetings;
use crate::domain::audit::AuditAction;
use crate::error::AppError;
use crate::models::audit::AuditActor;
use chrono::NaiveDateTime;
use diesel::prelude::*;

impl Meeting {
    /// Refuses a change from a cancelled meeting (422 on `cancelled` with `message`) or from a
    /// stale `version` (409 with the current record).
    pub(super) fn check_editable(&self, version: i32, message: &str) -> Result<(), AppError> {
        let cancelled = self.cancelled_at.is_some();
        crate::models::check_editable(self, cancelled, self.version, version, message)
    }

    /// Cancels the meeting read at `version`: sets `cancelled_at`, bumps revision and version,
    /// cancels its pending mail and queues a cancellation for everyone concerned (unless it has
    /// begun). Returns the meeting and how many people will be told.
    pub fn cancel(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> Result<(Meeting, usize), AppError> {
        conn.write_transaction(|conn| {
            let current = Meeting::find(conn, id)?;
            current.check_editable(version, "is already cancelled")?;
            let before = current.audited(conn)?;
            let changes = (
                meetings::cancelled_at.eq(Some(now)),
                meetings::revision.eq(current.revision + 1),
            );
            let won = crate::update_versioned!(conn, meetings, id, version, changes)?;
            crate::models::versioned::won(won, || Ok(Meeting::find(conn, id)?))?;
            let cancelled = Meeting::find(conn, id)?;
            let told = crate::models::outbox::queue::meeting_cancelled(conn, &cancelled, now)?;
            cancelled.log(conn, by, AuditAction::Cancelled, Some(before))?;
            Ok((cancelled, told))
        })
    }

    /// Restores a cancelled meeting read at `version` (directors): clears `cancelled_at`, bumps
    /// revision and version, plans its reminders again and tells everyone invited. Refused (422
    /// on `cancelled`) when it is not cancelled or has begun. Returns it and how many are told.
    pub fn restore(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> Result<(Meeting, usize), AppError> {
        conn.write_transaction(|conn| {
            let current = Meeting::find(conn, id)?;
            crate::models::check_restorable(current.cancelled_at, current.starts_at <= now)?;
            crate::models::versioned::check(&current, current.version, version)?;
            let before = current.audited(conn)?;
            let changes = (
                meetings::cancelled_at.eq(None::<NaiveDateTime>),
                meetings::revision.eq(current.revision + 1),
            );
            let won = crate::update_versioned!(conn, meetings, id, version, changes)?;
            crate::models::versioned::won(won, || Ok(Meeting::find(conn, id)?))?;
            let restored = Meeting::find(conn, id)?;
            let told = crate::models::outbox::queue::meeting_restored(conn, &restored, now)?;
            restored.log(conn, by, AuditAction::Restored, Some(before))?;
            Ok((restored, told))
        })
    }
}
