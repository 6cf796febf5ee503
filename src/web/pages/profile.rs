//! Pages: your own profile — name, password, teams, and the API tokens issued to you.

use crate::auth::password;
use crate::db::DbConn;
use crate::domain::roles::TeamRole;
use crate::domain::{Violation, validate};
use crate::error::AppError;
use crate::mail::events::Site;
use crate::models::collective::Collective;
use crate::models::mail_prefs::MailPrefs;
use crate::models::person::{Ended, Person};
use crate::models::session::UserSession;
use crate::models::team::Team;
use crate::models::token::ApiToken;
use crate::route;
use crate::web::AppState;
use crate::web::actor::{Actor, PageActor};
use crate::web::form::{self, FieldErrors};
use crate::web::render::{self, Chrome, render_form, see_other};
use crate::web::routes::RouteDef;
use crate::web::session;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// This area's routes.
pub fn routes() -> Vec<RouteDef> {
    vec![
        route!(GET "/profile" => show),
        route!(POST "/profile" => save),
        route!(POST "/profile/tokens/{id}/delete" => revoke_token),
        route!(POST "/profile/reminders" => save_reminders),
        route!(POST "/profile/calendar-token" => renew_calendar),
    ]
}

/// The profile form as typed; passwords are never sent back to the page.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ProfileForm {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Current password, needed to set a new one.
    #[serde(default, skip_serializing)]
    pub current_password: String,
    /// New password; blank keeps the current one.
    #[serde(default, skip_serializing)]
    pub new_password: String,
}

#[derive(Serialize)]
struct TeamLine {
    id: i32,
    name: String,
    year: String,
    district: String,
    role: &'static str,
}

#[derive(Serialize)]
struct TokenLine {
    id: i32,
    name: String,
    created: String,
    last_used: Option<String>,
    address: Option<String>,
}

#[derive(Serialize)]
struct ProfilePage {
    email: String,
    role: String,
    role_label: &'static str,
    has_password: bool,
    teams: Vec<TeamLine>,
    tokens: Vec<TokenLine>,
    sessions: Vec<super::sessions::SessionLine>,
    form: ProfileForm,
    reminders_on: bool,
    feed_url: String,
}

/// What the profile loads besides the person.
struct ProfileData {
    teams: Vec<TeamLine>,
    tokens: Vec<TokenLine>,
    sessions: Vec<super::sessions::SessionLine>,
    prefs: MailPrefs,
}

/// GET /profile: anyone signed in, about themselves.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let form = ProfileForm {
        name: actor.person.name.clone(),
        ..ProfileForm::default()
    };
    page(&state, &session, actor, form, FieldErrors::default()).await
}

/// Loads and renders the profile page, with the form as typed (passwords aside) and its errors.
async fn page(
    state: &AppState,
    session: &Session,
    actor: Actor,
    form: ProfileForm,
    errors: FieldErrors,
) -> Result<HttpResponse, AppError> {
    let (person_id, this) = (actor.person.id, actor.session_id);
    let data = state.db(move |c| profile_data(c, person_id, this)).await?;
    let feed_path = format!("/calendar/{}.ics", data.prefs.calendar_token);
    let p = &actor.person;
    let body = ProfilePage {
        email: p.email.clone(),
        role: p.role.clone(),
        role_label: p.global_role().label(),
        has_password: p.password_hash.is_some(),
        teams: data.teams,
        tokens: data.tokens,
        sessions: data.sessions,
        form,
        reminders_on: !data.prefs.reminders_off,
        feed_url: Site::of(&state.config).url(&feed_path),
    };
    let chrome = Chrome::new(session, Some(&actor), "Your profile", "profile");
    render_form(state, "profile", chrome, &body, errors)
}

fn profile_data(
    c: &mut DbConn,
    person_id: i32,
    this: Option<i32>,
) -> Result<ProfileData, AppError> {
    let tz = Collective::get(c)?.tz();
    let teams = Team::of_person(c, person_id)?
        .into_iter()
        .map(|r| TeamLine {
            role: r.role.parse::<TeamRole>().map_or("", |x| x.label()),
            id: r.team.id,
            name: r.team.name,
            year: r.year_label,
            district: r.district_name,
        })
        .collect();
    let tokens = ApiToken::of_person(c, person_id)?
        .into_iter()
        .map(|t| TokenLine {
            id: t.id,
            name: t.name,
            created: render::local(t.created_at, tz),
            last_used: t.last_used_at.map(|u| render::local(u, tz)),
            address: t.last_address,
        })
        .collect();
    let sessions = super::sessions::lines(c, person_id, this, tz)?;
    let prefs = MailPrefs::of_person(c, person_id)?;
    Ok(ProfileData {
        teams,
        tokens,
        sessions,
        prefs,
    })
}

/// POST /profile: a new name, and a new password when one is typed (the current one is needed;
/// wrong guesses are throttled like sign-ins, so a borrowed session cannot find it at speed).
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let key = format!("profile:{}", actor.person.id);
    if let Some(wait) = state.throttled(&key).await? {
        let mut errors = FieldErrors::default();
        errors.add(Violation::new(
            "current_password",
            format!(
                "too many wrong attempts; try again in {} minutes",
                wait.div_ceil(60)
            ),
        ));
        let mut res = page(&state, &session, actor, form, errors).await?;
        *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        res.headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, wait.into());
        return Ok(res);
    }
    let (person, typed, this) = (actor.person.clone(), form.clone(), actor.session_id);
    let secret = crate::auth::token::random_hex();
    let hash = crate::auth::token::digest(&secret);
    let saved = state
        .db(move |c| {
            c.write_transaction(|c| match save_profile(c, &person, &typed)? {
                false => Ok(None),
                true => password_changed(c, &person, this, &hash).map(Some),
            })
        })
        .await;
    match saved {
        Ok(ended) => {
            state.cleared_attempts(&key).await?;
            let text = match ended {
                None => "Profile saved.".to_string(),
                Some(ended) => {
                    session::start_cookie(&session, &secret).map_err(AppError::Internal)?;
                    format!(
                        "Profile saved; your password is changed.{}",
                        ended_words(ended)
                    )
                }
            };
            session::flash(&session, "ok", text);
            Ok(see_other("/profile"))
        }
        Err(e) => {
            let errors = form::refused(e)?;
            if errors.errors.contains_key("current_password") {
                state.failed_attempt(&key).await?;
            }
            page(&state, &session, actor, form, errors).await
        }
    }
}

/// After a password change: every other session ends and every API token is revoked (whoever
/// knew the old password is out), and this session gets a new id (its privilege changed).
fn password_changed(
    c: &mut DbConn,
    person: &Person,
    this: Option<i32>,
    new_hash: &str,
) -> Result<Ended, AppError> {
    let ended = Person::end_access(c, person.id, this, crate::models::now())?;
    if let Some(id) = this {
        UserSession::rotate(c, id, new_hash, &person.role)?;
    }
    Ok(ended)
}

/// What ending the other sessions and the tokens did, told after "your password is changed".
pub fn ended_words(ended: Ended) -> String {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    match (ended.sessions, ended.tokens) {
        (0, 0) => String::new(),
        (s, 0) => format!(
            " {} signed out.",
            plural(s, "other session was", "other sessions were")
        ),
        (0, t) => format!(
            " {} revoked: programs using it need a new one.",
            plural(t, "API token was", "API tokens were")
        ),
        (s, t) => format!(
            " {} signed out and {} revoked: programs using them need new ones.",
            plural(s, "other session was", "other sessions were"),
            plural(t, "API token was", "API tokens were")
        ),
    }
}

/// Saves the name and, when asked, the new password (hashed here, off the async workers);
/// returns whether the password changed.
fn save_profile(c: &mut DbConn, person: &Person, f: &ProfileForm) -> Result<bool, AppError> {
    let mut e = FieldErrors::default();
    let name = e.take(validate::name("name", &f.name, 100));
    let change = e.take(check_password_change(person, f));
    let (Some(name), Some(change)) = (name, change) else {
        return Err(AppError::Invalid(e.list()));
    };
    let hash = if change {
        Some(password::hash(&f.new_password).map_err(AppError::Internal)?)
    } else {
        None
    };
    let by = crate::models::audit::AuditActor::person(person.id, &person.name);
    Person::update_profile(c, &by, person.id, &name, hash.as_deref())?;
    Ok(change)
}

/// Whether a new password was asked for and may be set: the current one must match, and the
/// new one must be long enough.
fn check_password_change(person: &Person, f: &ProfileForm) -> Result<bool, Violation> {
    if f.new_password.is_empty() {
        return Ok(false);
    }
    if f.current_password.is_empty() {
        return Err(Violation::new(
            "current_password",
            "is needed to change your password",
        ));
    }
    if !person
        .password_hash
        .as_deref()
        .is_some_and(|h| password::verify(&f.current_password, h))
    {
        return Err(Violation::new("current_password", "is not right"));
    }
    password::check_new(&f.new_password).map_err(|v| Violation::new("new_password", v.message))?;
    Ok(true)
}

/// POST /profile/tokens/{id}/delete: revokes one of your API tokens.
pub async fn revoke_token(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    path: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, person_id) = (path.into_inner(), actor.person.id);
    let gone = state
        .db(move |c| Ok(ApiToken::delete(c, person_id, id)?))
        .await?;
    if !gone {
        return Err(AppError::NotFound("token"));
    }
    session::flash(
        &session,
        "ok",
        "Token revoked: programs using it can no longer call the API.",
    );
    Ok(see_other("/profile"))
}

/// The reminders form: the checkbox is sent only when ticked.
#[derive(Debug, Default, Deserialize)]
pub struct RemindersForm {
    #[serde(default)]
    reminders: Option<String>,
}

/// POST /profile/reminders: turns reminder emails on or off (changes and cancellations of
/// events always go out).
pub async fn save_reminders(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    form: web::Form<RemindersForm>,
) -> Result<HttpResponse, AppError> {
    let on = form.into_inner().reminders.is_some();
    let id = actor.person.id;
    state
        .db(move |c| Ok(MailPrefs::set_reminders_off(c, id, !on)?))
        .await?;
    let text = if on {
        "Reminders are on: you get an email before your tune-ups and convenings."
    } else {
        "Reminders are off. You still hear when an event changes or is cancelled."
    };
    session::flash(&session, "ok", text);
    Ok(see_other("/profile"))
}

/// POST /profile/calendar-token: a new feed address; the old one stops working at once (for a
/// link that was shared or leaked).
pub async fn renew_calendar(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
) -> Result<HttpResponse, AppError> {
    let id = actor.person.id;
    state
        .db(move |c| Ok(MailPrefs::renew_calendar_token(c, id)?))
        .await?;
    session::flash(
        &session,
        "ok",
        "Your calendar has a new address and the old one no longer works: subscribe again with the new one.",
    );
    Ok(see_other("/profile"))
}
