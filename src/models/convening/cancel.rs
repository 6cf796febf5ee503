//! Calling a convening off: the row stays (its history, and the calendars that hold it, are told
//! of the cancellation), marked with when; its pending mail is cancelled and everyone concerned
//! is told, in the same transaction.

use super::Convening;
use crate::db::DbConn;
use crate::db::schema::convenings;
use crate::domain::audit::AuditAction;
use crate::error::AppError;
use crate::models::audit::AuditActor;
use chrono::NaiveDateTime;
use diesel::prelude::*;

impl Convening {
    /// Refuses a change from a cancelled convening (422 on `cancelled` with `message`) or from a
    /// stale `version` (409 with the current record).
    pub(super) fn check_editable(&self, version: i32, message: &str) -> Result<(), AppError> {
        let cancelled = self.cancelled_at.is_some();
        crate::models::check_editable(self, cancelled, self.version, version, message)
    }

    /// Cancels the convening read at `version`: sets `cancelled_at`, bumps revision and version,
    /// cancels its pending mail and queues a cancellation for everyone concerned (unless it has
    /// begun). Returns the convening and how many people will be told.
    pub fn cancel(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> Result<(Convening, usize), AppError> {
        conn.write_transaction(|conn| {
            let current = Convening::find(conn, id)?;
            current.check_editable(version, "is already cancelled")?;
            let changes = (
                convenings::cancelled_at.eq(Some(now)),
                convenings::revision.eq(current.revision + 1),
            );
            let won = crate::update_versioned!(conn, convenings, id, version, changes)?;
            crate::models::versioned::won(won, || Ok(Convening::find(conn, id)?))?;
            let cancelled = Convening::find(conn, id)?;
            let told = crate::models::outbox::queue::convening_cancelled(conn, &cancelled, now)?;
            cancelled.log(conn, by, AuditAction::Cancelled, Some(&current))?;
            Ok((cancelled, told))
        })
    }

    /// Restores a cancelled convening read at `version` (directors): clears `cancelled_at`,
    /// bumps revision and version, plans its reminders again and tells everyone invited. Refused
    /// (422 on `cancelled`) when it is not cancelled or has begun, and (422 on `number`) while
    /// another convening of the year holds its number. Returns it and how many are told.
    pub fn restore(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        version: i32,
        now: NaiveDateTime,
    ) -> Result<(Convening, usize), AppError> {
        conn.write_transaction(|conn| {
            let current = Convening::find(conn, id)?;
            let tz = crate::models::collective::Collective::get(conn)?.tz();
            let begun = current.span_utc(tz).0 <= now;
            crate::models::check_restorable(current.cancelled_at, begun)?;
            crate::models::versioned::check(&current, current.version, version)?;
            let taken = convenings::table
                .filter(convenings::program_year_id.eq(current.program_year_id))
                .filter(convenings::number.eq(current.number))
                .filter(convenings::cancelled_at.is_null())
                .filter(convenings::id.ne(id))
                .count()
                .get_result::<i64>(conn)?;
            if taken > 0 {
                return Err(AppError::invalid(
                    "number",
                    format!(
                        "another convening {} is planned this year: cancel or renumber it first",
                        current.number
                    ),
                ));
            }
            let changes = (
                convenings::cancelled_at.eq(None::<NaiveDateTime>),
                convenings::revision.eq(current.revision + 1),
            );
            let won = crate::update_versioned!(conn, convenings, id, version, changes)?;
            crate::models::versioned::won(won, || Ok(Convening::find(conn, id)?))?;
            let restored = Convening::find(conn, id)?;
            let told = crate::models::outbox::queue::convening_restored(conn, &restored, now)?;
            restored.log(conn, by, AuditAction::Restored, Some(&current))?;
            Ok((restored, told))
        })
    }
}
