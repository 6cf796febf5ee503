//! The collective: the one organisation a deployment serves, with its calendar defaults.

use crate::db::DbConn;
use crate::db::schema::collectives;
use crate::domain::convening::DayTimes;
use diesel::prelude::*;
use serde::Serialize;

/// The collective's settings.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, AsChangeset, Serialize)]
#[diesel(table_name = collectives)]
pub struct Collective {
    /// Id (one row per deployment).
    pub id: i32,
    /// Display name.
    pub name: String,
    /// IANA time zone in which convenings and tune-ups are shown.
    pub time_zone: String,
    /// Default breakfast time of a convening day.
    pub breakfast_time: chrono::NaiveTime,
    /// Default agenda start.
    pub start_time: chrono::NaiveTime,
    /// Default close.
    pub close_time: chrono::NaiveTime,
    /// Default member fee for a new membership, in cents.
    pub default_fee_cents: i64,
    /// Whether members may read other teams' cycles.
    pub share_cycles: bool,
    /// Days before an event that reminders go out, comma-separated ("7,1").
    pub reminder_offsets: String,
    /// Local time of day reminders go out.
    pub reminder_send_at: chrono::NaiveTime,
}

/// A new collective; the defaults of the migration fill the rest.
#[derive(Insertable)]
#[diesel(table_name = collectives)]
pub struct NewCollective<'a> {
    /// Display name.
    pub name: &'a str,
    /// IANA zone.
    pub time_zone: &'a str,
}

impl Collective {
    /// The deployment's collective: the first row, created with defaults when the database is
    /// new, so that a bare `create-user` deployment works before any seed.
    pub fn get(conn: &mut DbConn) -> QueryResult<Collective> {
        let found = collectives::table
            .order(collectives::id)
            .select(Collective::as_select())
            .first(conn)
            .optional()?;
        match found {
            Some(c) => Ok(c),
            None => {
                diesel::insert_into(collectives::table)
                    .values(NewCollective {
                        name: "Learning Collective",
                        time_zone: "America/New_York",
                    })
                    .execute(conn)?;
                Collective::get(conn)
            }
        }
    }

    /// Saves edited settings.
    pub fn save(&self, conn: &mut DbConn) -> QueryResult<()> {
        diesel::update(collectives::table.find(self.id))
            .set(self)
            .execute(conn)?;
        Ok(())
    }

    /// When reminders go out. Offsets that do not read as whole days are left out (the settings
    /// form checks them); none at all falls back to the default 7 and 1.
    pub fn reminder_policy(&self) -> crate::domain::reminder::ReminderPolicy {
        let offsets: Vec<u32> = self
            .reminder_offsets
            .split(',')
            .filter_map(|d| d.trim().parse().ok())
            .collect();
        let mut policy = crate::domain::reminder::ReminderPolicy {
            send_at: self.reminder_send_at,
            ..Default::default()
        };
        if !offsets.is_empty() {
            policy.offsets_days = offsets;
        }
        policy
    }

    /// The default convening day.
    pub fn day_times(&self) -> DayTimes {
        DayTimes {
            breakfast: self.breakfast_time,
            start: self.start_time,
            close: self.close_time,
        }
    }

    /// Today's date in the collective's zone: what "today" means for convening days, RSVPs and
    /// observation dates, wherever the server runs.
    pub fn today(&self) -> chrono::NaiveDate {
        chrono::Utc::now().with_timezone(&self.tz()).date_naive()
    }

    /// The collective's zone; an unknown name (impossible through the forms) falls back to UTC.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.time_zone.parse().unwrap_or(chrono_tz::UTC)
    }
}
