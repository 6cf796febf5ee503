//! The private calendar feed, `/calendar/<token>.ics`, that Google Calendar, Outlook or Apple
//! Calendar subscribe to: the person's convenings and meetings, cancelled ones kept and marked.
//! The token is the credential (calendar apps send no cookies); renewing it on the profile page
//! ends the old address.

use crate::db::DbConn;
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::mail::events::{Site, convening_event, meeting_event};
use crate::mail::ics::{self, CalendarEvent};
use crate::models::calendar_feed;
use crate::models::collective::Collective;
use crate::models::mail_prefs::MailPrefs;
use crate::models::person::Person;
use crate::route;
use crate::web::AppState;
use crate::web::routes::RouteDef;
use actix_web::{HttpResponse, web};

/// This area's routes. One path segment with the `.ics` inside it: actix cannot split a
/// segment, so the handler strips the suffix.
pub fn routes() -> Vec<RouteDef> {
    vec![route!(GET "/calendar/{file}" => feed)]
}

/// GET /calendar/{token}.ics: the feed as `text/calendar`; 404 for an unknown token or a name
/// without `.ics`.
pub async fn feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = file
        .strip_suffix(".ics")
        .filter(|t| !t.is_empty())
        .ok_or(AppError::NotFound("calendar"))?
        .to_string();
    let site = Site::of(&state.config);
    let text = state.db(move |c| feed_text(c, &token, &site)).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, no-cache"))
        .body(text))
}

/// The feed of the person whose token this is.
fn feed_text(c: &mut DbConn, token: &str, site: &Site) -> Result<String, AppError> {
    let prefs = MailPrefs::by_calendar_token(c, token)?.ok_or(AppError::NotFound("calendar"))?;
    let person = Person::find(c, prefs.person_id)?;
    let collective = Collective::get(c)?;
    let tz = collective.tz();
    let staff = person.global_role() != GlobalRole::Member;
    let found = calendar_feed::events_of(c, person.id, staff)?;
    let mut events: Vec<CalendarEvent> = found
        .convenings
        .iter()
        .map(|r| convening_event(&r.convening, &r.host_name, tz, site))
        .collect();
    events.extend(
        found
            .meetings
            .iter()
            .map(|r| meeting_event(&r.meeting, &r.district_name, site)),
    );
    events.sort_by_key(|e| e.start);
    let name = format!("{} — {}", collective.name, person.name);
    Ok(ics::feed(&name, &events, chrono::Utc::now()))
}
