//! A person's mail settings and private links: whether they want reminders, the token of their
//! unsubscribe link and the token of their calendar feed. A row is made the first time one is
//! needed, so people who never touch mail settings cost nothing.

use crate::auth::token::random_hex;
use crate::db::DbConn;
use crate::db::schema::mail_prefs;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// One person's settings.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Insertable)]
#[diesel(table_name = mail_prefs, primary_key(person_id), treat_none_as_default_value = false)]
pub struct MailPrefs {
    /// Whose.
    pub person_id: i32,
    /// Reminders turned off (changes and cancellations still go out).
    pub reminders_off: bool,
    /// The credential in `/unsubscribe/<token>`.
    pub unsubscribe_token: String,
    /// The credential in `/calendar/<token>.ics`.
    pub calendar_token: String,
    /// Last change.
    pub updated_at: NaiveDateTime,
}

impl MailPrefs {
    fn fresh(person_id: i32) -> MailPrefs {
        MailPrefs {
            person_id,
            reminders_off: false,
            unsubscribe_token: random_hex(),
            calendar_token: random_hex(),
            updated_at: super::now(),
        }
    }

    /// The settings of these people, made for those who have none yet.
    pub fn of_people(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, MailPrefs>> {
        let mut found = MailPrefs::load(conn, ids)?;
        let missing: Vec<MailPrefs> = ids
            .iter()
            .filter(|id| !found.contains_key(id))
            .map(|id| MailPrefs::fresh(*id))
            .collect();
        if missing.is_empty() {
            return Ok(found);
        }
        for chunk in missing.chunks(1_000) {
            crate::per_backend!(conn, |c| diesel::insert_into(mail_prefs::table)
                .values(chunk)
                .on_conflict_do_nothing()
                .execute(c))?;
        }
        let ids: Vec<i32> = missing.iter().map(|p| p.person_id).collect();
        found.extend(MailPrefs::load(conn, &ids)?);
        Ok(found)
    }

    fn load(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, MailPrefs>> {
        let mut found = HashMap::new();
        for chunk in ids.chunks(10_000) {
            let rows = mail_prefs::table
                .filter(mail_prefs::person_id.eq_any(chunk))
                .select(MailPrefs::as_select())
                .load(conn)?;
            found.extend(rows.into_iter().map(|p| (p.person_id, p)));
        }
        Ok(found)
    }

    /// One person's settings, made when missing.
    pub fn of_person(conn: &mut DbConn, id: i32) -> QueryResult<MailPrefs> {
        MailPrefs::of_people(conn, &[id])?
            .remove(&id)
            .ok_or(diesel::result::Error::NotFound)
    }

    /// Turns reminders off or on.
    pub fn set_reminders_off(conn: &mut DbConn, id: i32, off: bool) -> QueryResult<MailPrefs> {
        MailPrefs::of_person(conn, id)?;
        diesel::update(mail_prefs::table.find(id))
            .set((
                mail_prefs::reminders_off.eq(off),
                mail_prefs::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        MailPrefs::of_person(conn, id)
    }

    /// Replaces the calendar feed's token: the old address stops working at once.
    pub fn renew_calendar_token(conn: &mut DbConn, id: i32) -> QueryResult<MailPrefs> {
        MailPrefs::of_person(conn, id)?;
        diesel::update(mail_prefs::table.find(id))
            .set((
                mail_prefs::calendar_token.eq(random_hex()),
                mail_prefs::updated_at.eq(super::now()),
            ))
            .execute(conn)?;
        MailPrefs::of_person(conn, id)
    }

    /// Whose unsubscribe link this is.
    pub fn by_unsubscribe_token(conn: &mut DbConn, token: &str) -> QueryResult<Option<MailPrefs>> {
        mail_prefs::table
            .filter(mail_prefs::unsubscribe_token.eq(token))
            .select(MailPrefs::as_select())
            .first(conn)
            .optional()
    }

    /// Whose calendar feed this is.
    pub fn by_calendar_token(conn: &mut DbConn, token: &str) -> QueryResult<Option<MailPrefs>> {
        mail_prefs::table
            .filter(mail_prefs::calendar_token.eq(token))
            .select(MailPrefs::as_select())
            .first(conn)
            .optional()
    }
}
