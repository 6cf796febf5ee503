//! Invitation and password-reset links: single-use capability URLs that let a person set a
//! password. Only the SHA-256 of the secret is kept here; the secret travels in the outbox row
//! that mails it (queued in the same transaction) until that row is finished.

use crate::auth::token::{digest, random_hex};
use crate::db::DbConn;
use crate::db::schema::{account_links, outbox};
use crate::domain::reminder::{
    ACCOUNT_MAIL_LIFETIME, INVITATION_VALID, MailKind, OutboxStatus, RESET_VALID, SubjectType,
};
use crate::models::outbox::{NewMail, enqueue};
use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

/// What a link lets its holder do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// A director added the person: choose a first password.
    Invitation,
    /// The person asked to reset a forgotten password.
    PasswordReset,
}

impl LinkPurpose {
    /// The stored value (the column's CHECK names the same two).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => "invitation",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }

    /// How long a fresh link works: a week to accept an invitation, an hour to reset.
    pub fn valid_for(self) -> TimeDelta {
        match self {
            LinkPurpose::Invitation => INVITATION_VALID,
            LinkPurpose::PasswordReset => RESET_VALID,
        }
    }

    /// The mail that carries it.
    pub fn mail_kind(self) -> MailKind {
        match self {
            LinkPurpose::Invitation => MailKind::Invitation,
            LinkPurpose::PasswordReset => MailKind::PasswordReset,
        }
    }
}

/// Why a link cannot be used; each reason has its own words and status, so a person knows
/// whether to ask for a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRefused {
    /// Past its validity (or replaced by a newer link).
    Expired,
    /// Used once already.
    Used,
    /// No such link (mistyped, or of the other purpose).
    Unknown,
}

impl LinkRefused {
    /// What the page says.
    pub fn message(self) -> &'static str {
        match self {
            LinkRefused::Expired => "This link has expired",
            LinkRefused::Used => "This link has been used already",
            LinkRefused::Unknown => "This link is not valid",
        }
    }
}

/// One stored link.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = account_links)]
pub struct AccountLink {
    /// Id; also the outbox row's subject id.
    pub id: i32,
    /// Whose password it sets.
    pub person_id: i32,
    /// `LinkPurpose::as_str`.
    pub purpose: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// When issued.
    pub created_at: NaiveDateTime,
    /// Not at or after this instant.
    pub expires_at: NaiveDateTime,
    /// When it was used; a link works once.
    pub used_at: Option<NaiveDateTime>,
}

impl AccountLink {
    /// Issues a link and queues the mail that carries it, in one transaction: the person's
    /// earlier unused links of the purpose stop working (and their unsent mail is cancelled), so
    /// only the newest link is live. `inviter` is the director's name, told in an invitation.
    /// Returns the link and its secret (kept nowhere else but the outbox row).
    pub fn issue(
        conn: &mut DbConn,
        person_id: i32,
        purpose: LinkPurpose,
        inviter: &str,
        now: NaiveDateTime,
    ) -> QueryResult<(AccountLink, String)> {
        conn.write_transaction(|c| {
            retire_earlier(c, person_id, purpose, now)?;
            let raw = random_hex();
            let link = insert(c, person_id, purpose, &digest(&raw), now)?;
            let mut mail = NewMail::new(
                purpose.mail_kind(),
                (SubjectType::AccountLink, link.id, 0),
                person_id,
                now,
                now + ACCOUNT_MAIL_LIFETIME,
            );
            mail.secret = Some(raw.clone());
            if purpose == LinkPurpose::Invitation {
                mail.detail = inviter.to_string();
            }
            enqueue(c, &[mail])?;
            Ok((link, raw))
        })
    }

    /// Whether the link is usable now, and whose it is, without using it (the GET of the form).
    pub fn peek(
        conn: &mut DbConn,
        raw: &str,
        purpose: LinkPurpose,
        now: NaiveDateTime,
    ) -> QueryResult<Result<AccountLink, LinkRefused>> {
        let found = account_links::table
            .filter(account_links::token_hash.eq(digest(raw)))
            .select(AccountLink::as_select())
            .first(conn)
            .optional()?;
        Ok(match found {
            Some(l) if l.purpose != purpose.as_str() => Err(LinkRefused::Unknown),
            Some(l) if l.used_at.is_some() => Err(LinkRefused::Used),
            Some(l) if l.expires_at <= now => Err(LinkRefused::Expired),
            Some(l) => Ok(l),
            None => Err(LinkRefused::Unknown),
        })
    }

    /// Uses the link: the person's id when it exists, is of the purpose, unused and unexpired.
    /// Marking it used is one conditional UPDATE, so of two requests racing with the same link
    /// only one sees a row changed. Call it in the transaction that sets the password, so a
    /// failed save does not use the link up.
    pub fn redeem(
        conn: &mut DbConn,
        raw: &str,
        purpose: LinkPurpose,
        now: NaiveDateTime,
    ) -> QueryResult<Result<i32, LinkRefused>> {
        let hash = digest(raw);
        let changed = diesel::update(
            account_links::table
                .filter(account_links::token_hash.eq(&hash))
                .filter(account_links::purpose.eq(purpose.as_str()))
                .filter(account_links::used_at.is_null())
                .filter(account_links::expires_at.gt(now)),
        )
        .set(account_links::used_at.eq(now))
        .execute(conn)?;
        if changed == 1 {
            return account_links::table
                .filter(account_links::token_hash.eq(&hash))
                .select(account_links::person_id)
                .first(conn)
                .map(Ok);
        }
        // Nothing changed: say why, as the form's GET would.
        Ok(Err(AccountLink::peek(conn, raw, purpose, now)?
            .err()
            .unwrap_or(LinkRefused::Used)))
    }

    /// Uses the link and sets the person's password in one transaction: the person's id, or why
    /// the link was refused (and nothing changed).
    pub fn set_password(
        conn: &mut DbConn,
        raw: &str,
        purpose: LinkPurpose,
        password_hash: &str,
        now: NaiveDateTime,
    ) -> QueryResult<Result<i32, LinkRefused>> {
        conn.write_transaction(|c| {
            let redeemed = AccountLink::redeem(c, raw, purpose, now)?;
            if let Ok(pid) = redeemed {
                // The link's holder acts: the person whose password it sets.
                use crate::models::person::Person;
                let holder = Person::find(c, pid)?;
                let by = crate::models::audit::AuditActor::person(pid, &holder.name);
                Person::set_password(c, &by, pid, password_hash)?;
            }
            Ok(redeemed)
        })
    }

    /// One link by id (what an outbox row about it names).
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<AccountLink> {
        account_links::table
            .find(id)
            .select(AccountLink::as_select())
            .first(conn)
    }

    /// The purpose, typed (the column's CHECK keeps it one of the two).
    pub fn link_purpose(&self) -> LinkPurpose {
        if self.purpose == LinkPurpose::Invitation.as_str() {
            LinkPurpose::Invitation
        } else {
            LinkPurpose::PasswordReset
        }
    }
}

/// Ends the person's live links of the purpose (expiry set to now) and cancels their unsent
/// mail, erasing its secret: only the newest link may work.
fn retire_earlier(
    c: &mut DbConn,
    person_id: i32,
    purpose: LinkPurpose,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let live = account_links::table
        .filter(account_links::person_id.eq(person_id))
        .filter(account_links::purpose.eq(purpose.as_str()))
        .filter(account_links::used_at.is_null())
        .filter(account_links::expires_at.gt(now));
    let ids: Vec<i32> = live.select(account_links::id).load(c)?;
    if ids.is_empty() {
        return Ok(());
    }
    diesel::update(account_links::table.filter(account_links::id.eq_any(&ids)))
        .set(account_links::expires_at.eq(now))
        .execute(c)?;
    diesel::update(
        outbox::table
            .filter(outbox::subject_type.eq(SubjectType::AccountLink.as_str()))
            .filter(outbox::subject_id.eq_any(&ids))
            .filter(outbox::status.eq(OutboxStatus::Pending.as_str())),
    )
    .set((
        outbox::status.eq(OutboxStatus::Cancelled.as_str()),
        outbox::secret.eq(None::<String>),
    ))
    .execute(c)?;
    Ok(())
}

/// Inserts a link and reads it back by its (unique) hash: no RETURNING on `DbConn`.
fn insert(
    c: &mut DbConn,
    person_id: i32,
    purpose: LinkPurpose,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<AccountLink> {
    diesel::insert_into(account_links::table)
        .values((
            account_links::person_id.eq(person_id),
            account_links::purpose.eq(purpose.as_str()),
            account_links::token_hash.eq(hash),
            account_links::created_at.eq(now),
            account_links::expires_at.eq(now + purpose.valid_for()),
        ))
        .execute(c)?;
    account_links::table
        .filter(account_links::token_hash.eq(hash))
        .select(AccountLink::as_select())
        .first(c)
}
