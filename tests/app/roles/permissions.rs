//! Walks every cell of the permission table through the API's handlers: for each row (resource
//! × action) one request that does it to team A, sent by a person of each column, with the
//! collective sharing and not, and for the "own" cells on a row the caller recorded and on one
//! they did not. What the handler answers must be what the table says. Writes are sent with an
//! empty body (the permission is decided before the body is read: an allowed caller gets 400 or
//! 422, a refused one 403); deletes delete a fresh row; "see names in" reads an answer and
//! looks for the names in it.

use super::team::{NOTE, OBSERVER_NAME, TEACHER_NAME, TeamWorld, classroom, observe, team_world};
use crate::fixtures::{join, share};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use pdsa::domain::permissions::{self, Action, Resource, Rule, Standing, TABLE};
use pdsa::domain::roles::{GlobalRole, TeamRole};
use serde_json::{Value, json};

/// One request that does a row's action.
struct Probe {
    method: Method,
    path: String,
    /// For "see names in": the text whose presence in the answer means the names were shown.
    names: Option<&'static str>,
}

fn probe(w: &TeamWorld, (resource, action): (Resource, Action), caller: i32, own: bool) -> Probe {
    let t = w.team.id;
    let (method, path) = match (resource, action) {
        (Resource::Aim, Action::Read) => (Method::GET, format!("/api/v1/teams/{t}/aim")),
        (Resource::Aim, Action::Edit) => (Method::PUT, format!("/api/v1/teams/{t}/aim")),
        (Resource::Drivers, Action::Read) => {
            (Method::GET, format!("/api/v1/teams/{t}/driver-diagram"))
        }
        (Resource::Drivers, Action::Create) => (Method::POST, format!("/api/v1/teams/{t}/drivers")),
        (Resource::Drivers, Action::Edit) => (Method::PUT, format!("/api/v1/drivers/{}", w.driver)),
        (Resource::Drivers, Action::Delete) => (
            Method::DELETE,
            format!("/api/v1/drivers/{}", fresh_driver(w)),
        ),
        (Resource::ChangeIdeas, Action::Read) => {
            (Method::GET, format!("/api/v1/change-ideas/{}", w.idea))
        }
        (Resource::ChangeIdeas, Action::Create) => {
            (Method::POST, format!("/api/v1/teams/{t}/change-ideas"))
        }
        (Resource::ChangeIdeas, Action::Edit) => {
            (Method::PUT, format!("/api/v1/change-ideas/{}", w.idea))
        }
        (Resource::Cycles, Action::Read) => (Method::GET, format!("/api/v1/cycles/{}", w.cycle)),
        (Resource::Cycles, Action::Create) => (
            Method::POST,
            format!("/api/v1/change-ideas/{}/cycles", w.idea),
        ),
        (Resource::Cycles, Action::Edit) => (Method::PUT, format!("/api/v1/cycles/{}", w.cycle)),
        (Resource::Comments, Action::Read | Action::SeeNames) => {
            (Method::GET, format!("/api/v1/cycles/{}/comments", w.cycle))
        }
        (Resource::Comments, Action::Create) => {
            (Method::POST, format!("/api/v1/cycles/{}/comments", w.cycle))
        }
        (Resource::Classrooms, Action::Read | Action::SeeNames) => {
            (Method::GET, format!("/api/v1/classrooms/{}", w.classroom))
        }
        (Resource::Classrooms, Action::Create) => {
            (Method::POST, format!("/api/v1/teams/{t}/classrooms"))
        }
        (Resource::Classrooms, Action::Edit) => {
            (Method::PUT, format!("/api/v1/classrooms/{}", w.classroom))
        }
        (Resource::Classrooms, Action::Delete) => (
            Method::DELETE,
            format!(
                "/api/v1/classrooms/{}",
                classroom(&w.app, &w.team, &label(), None)
            ),
        ),
        (Resource::Measures, Action::Read) => {
            (Method::GET, format!("/api/v1/measures/{}", w.measure))
        }
        (Resource::Measures, Action::Create) => {
            (Method::POST, format!("/api/v1/teams/{t}/measures"))
        }
        (Resource::Measures, Action::Edit) => {
            (Method::PUT, format!("/api/v1/measures/{}", w.measure))
        }
        (Resource::Observations, Action::Read | Action::SeeNames) => (
            Method::GET,
            format!("/api/v1/observations/{}", w.observation),
        ),
        (Resource::Observations, Action::Create) => {
            (Method::POST, format!("/api/v1/teams/{t}/observations"))
        }
        (Resource::Observations, Action::Edit) => (
            Method::PUT,
            format!("/api/v1/observations/{}", recorded(w, caller, own)),
        ),
        (Resource::Observations, Action::Delete) => (
            Method::DELETE,
            format!("/api/v1/observations/{}", recorded(w, caller, own)),
        ),
        (Resource::Imports, Action::Create) => {
            (Method::POST, format!("/api/v1/teams/{t}/observations/bulk"))
        }
        (Resource::Roster, Action::Read) => (Method::GET, format!("/api/v1/teams/{t}/members")),
        (Resource::Roster, Action::Create) => (Method::POST, format!("/api/v1/teams/{t}/members")),
        (Resource::Roster, Action::Edit) => (
            Method::PUT,
            format!("/api/v1/teams/{t}/members/{}", fresh_member(w)),
        ),
        (Resource::Roster, Action::Delete) => (
            Method::DELETE,
            format!("/api/v1/teams/{t}/members/{}", fresh_member(w)),
        ),
        other => panic!("no probe for {other:?}: add one for the new row"),
    };
    let names = (action == Action::SeeNames).then_some(match resource {
        Resource::Comments => TEACHER_NAME,
        Resource::Classrooms => TEACHER_NAME,
        _ => OBSERVER_NAME,
    });
    Probe {
        method,
        path,
        names,
    }
}

fn label() -> String {
    format!("Room {}", &pdsa::auth::token::random_hex()[..10])
}

/// A driver with nothing on it, so that an allowed delete deletes it.
fn fresh_driver(w: &TeamWorld) -> i32 {
    use pdsa::models::driver::{Driver, DriverInput};
    let input = DriverInput {
        title: label(),
        ..Default::default()
    };
    Driver::create(&mut w.app.conn(), w.team.id, &input)
        .unwrap()
        .id
}

/// A new person's roster line on team A.
fn fresh_member(w: &TeamWorld) -> i32 {
    let email = format!("{}@example.org", &pdsa::auth::token::random_hex()[..12]);
    let person = w.app.person(GlobalRole::Member, &email);
    join(&w.app, &w.team, person.id, TeamRole::Teacher, None);
    pdsa::models::team::Team::roster(&mut w.app.conn(), w.team.id)
        .unwrap()
        .into_iter()
        .find(|l| l.member.person_id == person.id)
        .unwrap()
        .member
        .id
}

/// A fresh observation in a fresh classroom, recorded by the caller (`own`) or by the spare
/// teacher.
fn recorded(w: &TeamWorld, caller: i32, own: bool) -> i32 {
    let room = classroom(&w.app, &w.team, &label(), None);
    let observer = if own { caller } else { w.spare };
    observe(&w.app, &w.team, (room, w.measure), Some(observer), "")
}

/// Whether the answer shows the caller got what they asked for: `None` when it is neither an
/// access nor a refusal (a 401, a 5xx, names shown to a refused read).
fn judged(p: &Probe, status: StatusCode, body: &Value) -> Option<bool> {
    if status.is_server_error() || status == StatusCode::UNAUTHORIZED {
        return None;
    }
    match p.names {
        Some(name) => {
            let text = body.to_string();
            Some(status == StatusCode::OK && text.contains(name))
        }
        None => Some(status != StatusCode::FORBIDDEN),
    }
}

#[actix_web::test]
async fn every_cell_of_the_permission_table_holds_through_the_api() {
    let w = team_world();
    let svc = w.app.service().await;
    let mut failures = Vec::new();
    let mut walked = 0;
    for sharing in [true, false] {
        share(&w.app, sharing);
        for own in [false, true] {
            for (resource, action, cells) in TABLE {
                if own && !cells.contains(&Rule::Own) {
                    continue;
                }
                for (standing, person, token) in &w.callers {
                    let p = probe(&w, (*resource, *action), *person, own);
                    let body =
                        (p.method == Method::POST || p.method == Method::PUT).then(|| json!({}));
                    let (status, answer) =
                        api(&svc, p.method.clone(), &p.path, Some(token.as_str()), body).await;
                    let expected =
                        permissions::allows(&[*standing], *resource, *action, sharing, own);
                    walked += 1;
                    if judged(&p, status, &answer) != Some(expected) {
                        failures.push(format!(
                            "{resource:?} {action:?} as {} (sharing {sharing}, own {own}): \
                             {} {} answered {status}, expected {}",
                            standing.heading(),
                            p.method,
                            p.path,
                            if expected { "access" } else { "refusal" }
                        ));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "permission table cells that do not hold:\n{}",
        failures.join("\n")
    );
    assert!(
        walked >= TABLE.len() * Standing::ALL.len() * 2,
        "walked {walked}"
    );
}

#[actix_web::test]
async fn the_names_are_in_the_answers_the_walk_reads() {
    // The walk's "see names" probes look for these; make sure a full answer really has them,
    // so that their absence elsewhere means something.
    let w = team_world();
    let svc = w.app.service().await;
    let director = Some(w.callers[0].2.as_str());
    let path = format!("/api/v1/observations/{}", w.observation);
    let (_, o) = api(&svc, Method::GET, &path, director, None).await;
    assert_eq!(
        (o["observer_name"].as_str(), o["note"].as_str()),
        (Some(OBSERVER_NAME), Some(NOTE))
    );
    let path = format!("/api/v1/classrooms/{}", w.classroom);
    let (_, room) = api(&svc, Method::GET, &path, director, None).await;
    assert_eq!(room["teacher_name"], json!(TEACHER_NAME));
    let path = format!("/api/v1/cycles/{}/comments", w.cycle);
    let (_, comments) = api(&svc, Method::GET, &path, director, None).await;
    assert_eq!(comments["items"][0]["author_name"], json!(TEACHER_NAME));
}
