//! People: everyone who signs in, with a global role.

use crate::db::DbConn;
use crate::db::schema::people;
use crate::domain::audit::{AuditAction, EntityKind};
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::models::audit::{self, AuditActor, Change};
use crate::models::outbox::reconcile;
use diesel::prelude::*;
use serde::Serialize;

/// A person. The password hash never leaves this struct: it is skipped when serialised.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize)]
#[diesel(table_name = people)]
pub struct Person {
    /// Id.
    pub id: i32,
    /// Full name.
    pub name: String,
    /// Sign-in address, unique, lower case.
    pub email: String,
    /// Argon2 PHC string; `None` until the person sets a password.
    #[serde(skip)]
    pub password_hash: Option<String>,
    /// director | facilitator | member.
    pub role: String,
    /// When the account was made.
    #[serde(serialize_with = "crate::domain::instant::serialize")]
    pub created_at: chrono::NaiveDateTime,
    /// When a director deactivated them (they left the collective); `None` while active.
    pub deactivated_at: Option<chrono::NaiveDateTime>,
}

/// A person to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = people)]
pub struct NewPerson<'a> {
    /// Full name.
    pub name: &'a str,
    /// Lower-case address.
    pub email: &'a str,
    /// Argon2 PHC string.
    pub password_hash: Option<&'a str>,
    /// Role as stored.
    pub role: &'a str,
    /// Now.
    pub created_at: chrono::NaiveDateTime,
}

impl Person {
    /// The role, typed. The column has a CHECK constraint, so the fallback never shows.
    pub fn global_role(&self) -> GlobalRole {
        self.role.parse().unwrap_or(GlobalRole::Member)
    }

    /// Whether they may sign in and use the service (not deactivated).
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }

    /// One person.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<Person> {
        people::table
            .find(id)
            .select(Person::as_select())
            .first(conn)
    }

    /// The person with this address (compared lower-case), if any.
    pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<Person>> {
        people::table
            .filter(people::email.eq(email.trim().to_lowercase()))
            .select(Person::as_select())
            .first(conn)
            .optional()
    }

    /// Everyone, by name.
    pub fn list(conn: &mut DbConn) -> QueryResult<Vec<Person>> {
        people::table
            .order(people::name)
            .select(Person::as_select())
            .load(conn)
    }

    /// Everyone with one of the roles, by name.
    pub fn with_role(conn: &mut DbConn, role: GlobalRole) -> QueryResult<Vec<Person>> {
        people::table
            .filter(people::role.eq(role.as_str()))
            .order(people::name)
            .select(Person::as_select())
            .load(conn)
    }

    /// Inserts a person, logged as made by `by`; a taken address is a field error on `email`.
    pub fn create(conn: &mut DbConn, by: &AuditActor, new: &NewPerson) -> Result<Person, AppError> {
        conn.write_transaction(|conn| {
            diesel::insert_into(people::table)
                .values(new)
                .execute(conn)
                .map_err(super::unique_as(
                    "email",
                    "someone with this email exists already",
                ))?;
            let person =
                Person::find_by_email(conn, new.email)?.ok_or(AppError::NotFound("person"))?;
            audit::record(
                conn,
                by,
                Change::created(EntityKind::Person, person.id, person.describe(), &person),
            )?;
            Ok(person)
        })
    }

    /// Adds someone a director named; they have no password (so cannot sign in) until they
    /// accept an invitation.
    pub fn invite(
        conn: &mut DbConn,
        by: &AuditActor,
        name: &str,
        email: &str,
        role: GlobalRole,
    ) -> Result<Person, AppError> {
        let new = NewPerson {
            name,
            email,
            password_hash: None,
            role: role.as_str(),
            created_at: super::now(),
        };
        Person::create(conn, by, &new)
    }

    /// The person with this address, created (and logged) when missing (the seed's natural key).
    pub fn ensure(conn: &mut DbConn, by: &AuditActor, new: &NewPerson) -> QueryResult<Person> {
        conn.write_transaction(|conn| {
            let made = crate::per_backend!(conn, |c| diesel::insert_into(people::table)
                .values(new)
                .on_conflict(people::email)
                .do_nothing()
                .execute(c))?;
            let person = people::table
                .filter(people::email.eq(new.email))
                .select(Person::as_select())
                .first(conn)?;
            if made > 0 {
                audit::record(
                    conn,
                    by,
                    Change::created(EntityKind::Person, person.id, person.describe(), &person),
                )?;
            }
            Ok(person)
        })
    }

    /// Changes name and, when given, the password hash; both logged (the password as changed,
    /// never its hash).
    pub fn update_profile(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        name: &str,
        password_hash: Option<&str>,
    ) -> QueryResult<()> {
        conn.write_transaction(|conn| {
            let before = Person::find(conn, id)?;
            diesel::update(people::table.find(id))
                .set(people::name.eq(name))
                .execute(conn)?;
            let after = Person::find(conn, id)?;
            audit::record(
                conn,
                by,
                Change::updated(EntityKind::Person, id, after.describe(), &before, &after),
            )?;
            if let Some(hash) = password_hash {
                Person::set_password(conn, by, id, hash)?;
            }
            Ok(())
        })
    }

    /// "Ann Lee <ann@example.org>": how the log names a person.
    fn describe(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }

    /// Changes the global role, logged as changed by `by`.
    pub fn set_role(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        role: GlobalRole,
    ) -> QueryResult<()> {
        conn.write_transaction(|conn| {
            let before = Person::find(conn, id)?;
            diesel::update(people::table.find(id))
                .set(people::role.eq(role.as_str()))
                .execute(conn)?;
            let after = Person::find(conn, id)?;
            reconcile::people(conn, &[id], super::now())?;
            audit::record(
                conn,
                by,
                Change::updated(EntityKind::Person, id, after.describe(), &before, &after),
            )
        })
    }
}

impl Person {
    /// People on no team in the year, by name: whom a roster can still take, since a person is
    /// on at most one team a year.
    pub fn without_team(conn: &mut DbConn, year_id: i32) -> QueryResult<Vec<Person>> {
        use crate::db::schema::team_members;
        let taken = team_members::table
            .filter(team_members::program_year_id.eq(year_id))
            .select(team_members::person_id);
        people::table
            .filter(diesel::dsl::not(people::id.eq_any(taken)))
            .order(people::name)
            .select(Person::as_select())
            .load(conn)
    }
}

impl Person {
    /// A page of people in id order, for the API's cursor (`after` is the last id seen).
    pub fn page(conn: &mut DbConn, after: Option<i32>, limit: i64) -> QueryResult<Vec<Person>> {
        people::table
            .filter(people::id.gt(after.unwrap_or(i32::MIN)))
            .order(people::id)
            .limit(limit)
            .select(Person::as_select())
            .load(conn)
    }
}

impl Person {
    /// The people with these addresses (as stored, lower case), in one query: the seed checks
    /// who exists before hashing a password at all.
    pub fn find_by_emails(conn: &mut DbConn, emails: &[String]) -> QueryResult<Vec<Person>> {
        people::table
            .filter(people::email.eq_any(emails))
            .select(Person::as_select())
            .load(conn)
    }
}

impl Person {
    /// Sets a new password hash (a redeemed invitation or reset link; the profile changes it
    /// with `update_profile`). The log says the password changed and holds neither hash.
    pub fn set_password(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        password_hash: &str,
    ) -> QueryResult<()> {
        conn.write_transaction(|conn| {
            diesel::update(people::table.find(id))
                .set(people::password_hash.eq(password_hash))
                .execute(conn)?;
            let person = Person::find(conn, id)?;
            let change = Change::new(
                AuditAction::PasswordChanged,
                EntityKind::Person,
                id,
                person.describe(),
                None,
                None,
            );
            audit::record(conn, by, change)
        })
    }
}

/// What deactivating a person, or changing their password, ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Sessions signed out.
    pub sessions: usize,
    /// API tokens revoked.
    pub tokens: usize,
}

impl Person {
    /// Deactivates a person (they left the collective), in one transaction: every session ends,
    /// every API token and unused account link stops working, and sign-in is refused; their
    /// name stays on everything they did. Deactivating twice changes nothing more.
    pub fn deactivate(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
        now: chrono::NaiveDateTime,
    ) -> QueryResult<Ended> {
        conn.write_transaction(|c| {
            let changed = diesel::update(
                people::table
                    .find(id)
                    .filter(people::deactivated_at.is_null()),
            )
            .set(people::deactivated_at.eq(now))
            .execute(c)?;
            super::account_link::AccountLink::retire_all(c, id, now)?;
            let ended = Person::end_access(c, id, None, now)?;
            if changed > 0 {
                reconcile::people(c, &[id], now)?;
                Person::log_access(c, by, id, AuditAction::Deactivated)?;
            }
            Ok(ended)
        })
    }

    /// Records a deactivation or reactivation of `id` in the audit log (no values: what
    /// changed is the person's access, which the action names).
    fn log_access(
        c: &mut DbConn,
        by: &AuditActor,
        id: i32,
        action: AuditAction,
    ) -> QueryResult<()> {
        let person = Person::find(c, id)?;
        let change = Change::new(
            action,
            EntityKind::Person,
            id,
            person.describe(),
            None,
            None,
        );
        audit::record(c, by, change)
    }

    /// Ends every session of a person but `keep`, and revokes every API token: what a password
    /// change or reset does, so that whoever knew the old password is out everywhere.
    pub fn end_access(
        conn: &mut DbConn,
        id: i32,
        keep: Option<i32>,
        now: chrono::NaiveDateTime,
    ) -> QueryResult<Ended> {
        Ok(Ended {
            sessions: super::session::UserSession::end_all_of_person(conn, id, keep, now)?,
            tokens: super::token::ApiToken::revoke_all(conn, id)?,
        })
    }

    /// "Sign out everywhere": every session of the person ends and, when asked, every token is
    /// revoked, in one transaction.
    pub fn sign_out_everywhere(conn: &mut DbConn, id: i32, tokens: bool) -> QueryResult<Ended> {
        let now = crate::models::now();
        conn.write_transaction(|c| {
            if tokens {
                return Person::end_access(c, id, None, now);
            }
            Ok(Ended {
                sessions: super::session::UserSession::end_all_of_person(c, id, None, now)?,
                tokens: 0,
            })
        })
    }

    /// Undoes a deactivation: the person may sign in again with their password (their old
    /// sessions and tokens stay ended).
    pub fn reactivate(conn: &mut DbConn, by: &AuditActor, id: i32) -> QueryResult<()> {
        conn.write_transaction(|c| {
            let changed = diesel::update(
                people::table
                    .find(id)
                    .filter(people::deactivated_at.is_not_null()),
            )
            .set(people::deactivated_at.eq(None::<chrono::NaiveDateTime>))
            .execute(c)?;
            if changed > 0 {
                reconcile::people(c, &[id], super::now())?;
                Person::log_access(c, by, id, AuditAction::Reactivated)?;
            }
            Ok(())
        })
    }
}

impl Person {
    /// A director's deactivation of person `id`, with what it ended: 404 for nobody, and a
    /// field error when a director would deactivate themself (the collective must keep one).
    pub fn deactivate_by(
        conn: &mut DbConn,
        director: &AuditActor,
        id: i32,
    ) -> Result<(Person, Ended), AppError> {
        let person = Person::find(conn, id).map_err(super::not_found("person"))?;
        if director.person_id == Some(person.id) {
            return Err(crate::domain::Violation::new(
                "person",
                "you cannot deactivate yourself: ask another director",
            )
            .into());
        }
        let ended = Person::deactivate(conn, director, id, super::now())?;
        Ok((Person::find(conn, id)?, ended))
    }

    /// Undoes a deactivation of person `id` (404 for nobody); the person as they are now.
    pub fn reactivate_by_id(
        conn: &mut DbConn,
        by: &AuditActor,
        id: i32,
    ) -> Result<Person, AppError> {
        Person::find(conn, id).map_err(super::not_found("person"))?;
        Person::reactivate(conn, by, id)?;
        Ok(Person::find(conn, id)?)
    }
}
