//! The role matrix: every route of the route table (`pdsa::web::routes::all`, pages and API),
//! tried by seven callers — nobody, a lead (the coach), a teacher and a student of team A (the
//! team the fixture's ids belong to), a member of team B, a facilitator and a director. A row
//! says, once per caller, what the route answers: `y` is access (any status but 401, 403 or a
//! 5xx: a 404, 409 or 422 for the fixture's data still proves the caller got past the checks),
//! `n` is a refusal — 401 (API) or a sign-in redirect (pages) when anonymous, 403 when signed
//! in — and nobody ever gets a 500. A route without a row fails the test, and so does a row
//! without a route.
//!
//! Adding a route: add `("METHOD", "/its/{pattern}", "nyyynyy")` below, the seven characters in
//! the order of [`WHO`]. What a team's work allows each role is the permission table
//! (`pdsa::domain::permissions`); `permissions` walks every cell of it.

mod fixture;
mod permissions;
mod students;
mod team;

use crate::fixtures::signed_in;
use crate::support::{Browser, TestApp, api};
use actix_web::http::{Method, StatusCode};
use fixture::fixture;
use pdsa::domain::roles::GlobalRole;
use std::collections::HashMap;

/// The callers, in the order of a row's access string.
const WHO: [&str; 7] = [
    "anonymous",
    "lead (coach) of team A",
    "teacher of team A",
    "student of team A",
    "member of team B",
    "facilitator",
    "director",
];

/// Their addresses (the fixture puts them on their teams), after the anonymous caller.
const EMAILS: [&str; 6] = [
    "lead@example.org",
    "ma@example.org",
    "stu@example.org",
    "mb@example.org",
    "fac@example.org",
    "dir@example.org",
];

/// `(method, route pattern, access)`: access is seven characters, `y` allowed / `n` refused,
/// for the callers of `WHO`. Patterns are filled from the fixture's ids.
const ROWS: &[(&str, &str, &str)] = &[
    // Pages
    ("GET", "/", "nyyyyyy"),
    ("GET", "/healthz", "yyyyyyy"),
    ("GET", "/readyz", "yyyyyyy"),
    // Not a role's page: a 404 to every caller here (no PDSA_METRICS_TOKEN), never 401 or 403
    // (see tests/app/observability.rs).
    ("GET", "/metrics", "yyyyyyy"),
    ("GET", "/sign-in", "yyyyyyy"),
    ("POST", "/sign-in", "yyyyyyy"),
    ("POST", "/sign-out", "yyyyyyy"),
    ("GET", "/resume", "nyyyyyy"),
    ("GET", "/calendar", "nyyyyyy"),
    ("GET", "/years", "nyyyyyy"),
    ("POST", "/years", "nnnnnny"),
    ("GET", "/years/{id}", "nyyyyyy"),
    ("POST", "/years/{id}/next", "nnnnnny"),
    ("GET", "/years/{id}/plan", "nnnnnny"),
    ("POST", "/years/{id}/plan", "nnnnnny"),
    ("POST", "/years/{id}/members", "nnnnnny"),
    ("POST", "/years/{id}/members/{membership_id}", "nnnnnny"),
    // Leaving and rejoining (issue 13): without `confirm` the withdrawal is refused beside the
    // box (422 with the form), so the fixture's district stays a member here.
    (
        "POST",
        "/years/{id}/members/{membership_id}/withdraw",
        "nnnnnny",
    ),
    (
        "POST",
        "/years/{id}/members/{membership_id}/rejoin",
        "nnnnnny",
    ),
    ("GET", "/convenings/{id}", "nyyyyyy"),
    ("POST", "/convenings/{id}", "nnnnnny"),
    ("GET", "/convenings/{id}/edit", "nnnnnny"),
    ("POST", "/convenings/{id}/cancel", "nnnnnny"),
    ("POST", "/convenings/{id}/restore", "nnnnnny"),
    ("POST", "/convenings/{id}/agenda", "nnnnnny"),
    (
        "POST",
        "/convenings/{id}/agenda/{item_id}/delete",
        "nnnnnny",
    ),
    ("POST", "/convenings/{id}/readings", "nnnnnny"),
    (
        "POST",
        "/convenings/{id}/readings/{reading_id}/delete",
        "nnnnnny",
    ),
    ("POST", "/convenings/{id}/rsvp", "nyyyyyy"),
    ("POST", "/convenings/{id}/attendance", "nnnnnny"),
    ("POST", "/convenings/{id}/invite", "nnnnnny"),
    ("GET", "/districts", "nyyyyyy"),
    ("POST", "/districts", "nnnnnny"),
    ("GET", "/districts/{id}", "nyyyyyy"),
    ("POST", "/districts/{id}/schools", "nnnnnny"),
    ("POST", "/districts/{id}/teams", "nnnnnny"),
    ("GET", "/teams/{id}", "nyyynyy"),
    ("POST", "/teams/{id}/members", "nnnnnny"),
    ("POST", "/teams/{id}/members/{member_id}", "nnnnnny"),
    ("POST", "/teams/{id}/members/{member_id}/delete", "nnnnnny"),
    ("GET", "/meetings/new", "nnnnnyy"),
    ("POST", "/meetings", "nnnnnyy"),
    ("GET", "/meetings/{id}", "nyyynyy"),
    ("GET", "/meetings/{id}/edit", "nnnnnyy"),
    ("POST", "/meetings/{id}/cancel", "nnnnnyy"),
    ("POST", "/meetings/{id}/restore", "nnnnnny"),
    ("POST", "/meetings/{id}", "nnnnnyy"),
    ("POST", "/meetings/{id}/actions", "nnnnnyy"),
    ("POST", "/meetings/{id}/actions/{item_id}", "nnnnnyy"),
    ("GET", "/people", "nnnnnyy"),
    ("POST", "/people", "nnnnnny"),
    ("POST", "/people/{id}/role", "nnnnnny"),
    ("GET", "/profile", "nyyyyyy"),
    ("POST", "/profile", "nyyyyyy"),
    ("POST", "/profile/tokens/{id}/delete", "nyyyyyy"),
    // Sessions and deactivation (issue 12): a session id nobody has is a 404; deactivating
    // is for directors, on the spare person (see the fixture).
    ("POST", "/profile/sessions/{id}/delete", "nyyyyyy"),
    ("POST", "/profile/sign-out-everywhere", "nyyyyyy"),
    ("POST", "/people/{id}/deactivate", "nnnnnny"),
    ("POST", "/people/{id}/reactivate", "nnnnnny"),
    // Email (issue 5): account links, opt-out, the calendar feed, the outbox. Links carry their
    // own credential (an unknown token is a 404 or 410, never a sign-in redirect). The reset
    // form comes first: the signed-out browser reads its CSRF token there, as a person would.
    ("POST", "/people/{id}/invite", "nnnnnny"),
    ("POST", "/profile/reminders", "nyyyyyy"),
    ("POST", "/profile/calendar-token", "nyyyyyy"),
    ("GET", "/password-reset", "yyyyyyy"),
    ("POST", "/password-reset", "yyyyyyy"),
    ("GET", "/welcome/{token}", "yyyyyyy"),
    ("POST", "/welcome/{token}", "yyyyyyy"),
    ("GET", "/password-reset/{token}", "yyyyyyy"),
    ("POST", "/password-reset/{token}", "yyyyyyy"),
    ("GET", "/unsubscribe/{token}", "yyyyyyy"),
    ("POST", "/unsubscribe/{token}", "yyyyyyy"),
    ("GET", "/calendar/{file}", "yyyyyyy"),
    ("GET", "/outbox", "nnnnnny"),
    ("POST", "/outbox/{id}/retry", "nnnnnny"),
    // The audit log (issue 12): directors only, read only.
    ("GET", "/audit", "nnnnnny"),
    // -- end of email pages
    // Aim, driver diagram, change ideas and cycle worksheets (issue 3 pages)
    ("GET", "/teams/{id}/improvement", "nyyyyyy"),
    ("POST", "/teams/{id}/aim", "nyynnny"),
    ("POST", "/teams/{id}/drivers", "nyynnny"),
    ("POST", "/teams/{id}/change-ideas", "nyynnny"),
    ("GET", "/change-ideas/{id}", "nyyyyyy"),
    ("POST", "/change-ideas/{id}", "nyynnny"),
    ("POST", "/change-ideas/{id}/cycles", "nyynnny"),
    ("GET", "/cycles/{id}", "nyyyyyy"),
    ("POST", "/cycles/{id}", "nyynnny"),
    ("POST", "/cycles/{id}/status", "nyynnny"),
    ("POST", "/cycles/{id}/next", "nyynnny"),
    ("POST", "/cycles/{id}/comments", "nyyynyy"),
    // -- end of issue 3 pages
    // Evidence pages: measures, classrooms, visits, observations (issue 3)
    ("GET", "/years/{id}/measures", "nyyyyyy"),
    ("POST", "/years/{id}/measures", "nnnnnny"),
    ("GET", "/teams/{id}/classrooms", "nyyyyyy"),
    ("POST", "/teams/{id}/classrooms", "nyynnny"),
    ("POST", "/classrooms/{id}", "nyynnny"),
    ("POST", "/classrooms/{id}/delete", "nyynnny"),
    ("GET", "/teams/{id}/measures", "nyyyyyy"),
    ("POST", "/teams/{id}/measures", "nyynnny"),
    ("POST", "/measures/{id}", "nyynnny"),
    ("GET", "/teams/{id}/visits", "nyynnny"),
    ("POST", "/teams/{id}/visits", "nyynnny"),
    ("GET", "/teams/{id}/observations", "nyyyyyy"),
    ("GET", "/teams/{id}/observations.csv", "nyyyyyy"),
    ("GET", "/teams/{id}/observations/import", "nyynnny"),
    ("POST", "/teams/{id}/observations/import", "nyynnny"),
    ("POST", "/observations/{id}", "nyynnny"),
    ("POST", "/observations/{id}/delete", "nyynnny"),
    // -- end of evidence pages
    // Variation pages (issue 4): the dashboard reads as the API does; the calculator is for anyone signed in
    ("GET", "/teams/{id}/variation", "nyyyyyy"),
    ("GET", "/analysis/chart", "nyyyyyy"),
    ("POST", "/analysis/chart", "nyyyyyy"),
    // Network view (issue 4): anyone signed in
    ("GET", "/network/variation", "nyyyyyy"),
    // API
    ("GET", "/api/openapi.json", "yyyyyyy"),
    ("POST", "/api/v1/tokens", "yyyyyyy"),
    ("GET", "/api/v1/tokens", "nyyyyyy"),
    ("DELETE", "/api/v1/tokens/{id}", "nyyyyyy"),
    ("GET", "/api/v1/me", "nyyyyyy"),
    ("GET", "/api/v1/collective", "nyyyyyy"),
    ("PUT", "/api/v1/collective", "nnnnnny"),
    ("GET", "/api/v1/program-years", "nyyyyyy"),
    ("POST", "/api/v1/program-years", "nnnnnny"),
    ("GET", "/api/v1/program-years/{id}", "nyyyyyy"),
    ("POST", "/api/v1/program-years/{id}/next", "nnnnnny"),
    ("GET", "/api/v1/program-years/{id}/plan", "nnnnnny"),
    ("POST", "/api/v1/program-years/{id}/plan", "nnnnnny"),
    ("GET", "/api/v1/program-years/{id}/memberships", "nnnnnyy"),
    ("POST", "/api/v1/program-years/{id}/memberships", "nnnnnny"),
    ("PUT", "/api/v1/memberships/{id}", "nnnnnny"),
    ("POST", "/api/v1/memberships/{id}/withdraw", "nnnnnny"),
    ("POST", "/api/v1/memberships/{id}/rejoin", "nnnnnny"),
    ("GET", "/api/v1/program-years/{id}/convenings", "nyyyyyy"),
    ("POST", "/api/v1/program-years/{id}/convenings", "nnnnnny"),
    ("GET", "/api/v1/convenings/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/convenings/{id}", "nnnnnny"),
    ("POST", "/api/v1/convenings/{id}/cancel", "nnnnnny"),
    ("POST", "/api/v1/convenings/{id}/restore", "nnnnnny"),
    ("GET", "/api/v1/convenings/{id}/agenda", "nyyyyyy"),
    ("POST", "/api/v1/convenings/{id}/agenda", "nnnnnny"),
    ("GET", "/api/v1/sessions", "nyyyyyy"),
    ("DELETE", "/api/v1/sessions/{id}", "nyyyyyy"),
    // An empty body is refused (revoke_tokens must be said), so nothing ends here.
    ("POST", "/api/v1/me/sign-out-everywhere", "nyyyyyy"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/agenda/{item_id}",
        "nnnnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/readings", "nyyyyyy"),
    ("POST", "/api/v1/convenings/{id}/readings", "nnnnnny"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/readings/{reading_id}",
        "nnnnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/attendance", "nyyyyyy"),
    ("PUT", "/api/v1/convenings/{id}/rsvp", "nyyyyyy"),
    (
        "PUT",
        "/api/v1/convenings/{id}/attendance/{person_id}",
        "nnnnnny",
    ),
    ("GET", "/api/v1/districts", "nyyyyyy"),
    ("POST", "/api/v1/districts", "nnnnnny"),
    ("GET", "/api/v1/districts/{id}", "nyyyyyy"),
    ("POST", "/api/v1/districts/{id}/schools", "nnnnnny"),
    ("GET", "/api/v1/teams", "nyyyyyy"),
    ("POST", "/api/v1/teams", "nnnnnny"),
    ("GET", "/api/v1/teams/{id}", "nyyynyy"),
    ("GET", "/api/v1/teams/{id}/members", "nyyynyy"),
    ("POST", "/api/v1/teams/{id}/members", "nnnnnny"),
    ("PUT", "/api/v1/teams/{id}/members/{member_id}", "nnnnnny"),
    (
        "DELETE",
        "/api/v1/teams/{id}/members/{member_id}",
        "nnnnnny",
    ),
    ("GET", "/api/v1/meetings", "nyyyyyy"),
    ("POST", "/api/v1/meetings", "nnnnnyy"),
    ("GET", "/api/v1/meetings/{id}", "nyyynyy"),
    ("PUT", "/api/v1/meetings/{id}", "nnnnnyy"),
    ("POST", "/api/v1/meetings/{id}/cancel", "nnnnnyy"),
    ("POST", "/api/v1/meetings/{id}/restore", "nnnnnny"),
    ("GET", "/api/v1/meetings/{id}/action-items", "nyyynyy"),
    ("POST", "/api/v1/meetings/{id}/action-items", "nnnnnyy"),
    (
        "PUT",
        "/api/v1/meetings/{id}/action-items/{item_id}",
        "nnnnnyy",
    ),
    ("GET", "/api/v1/people", "nnnnnyy"),
    ("POST", "/api/v1/people", "nnnnnny"),
    ("GET", "/api/v1/people/{id}", "nnynnyy"),
    ("POST", "/api/v1/people/{id}/deactivate", "nnnnnny"),
    ("POST", "/api/v1/people/{id}/reactivate", "nnnnnny"),
    // Measures, classrooms and observations (issue 3)
    ("GET", "/api/v1/program-years/{id}/measures", "nyyyyyy"),
    ("POST", "/api/v1/program-years/{id}/measures", "nnnnnny"),
    ("GET", "/api/v1/teams/{id}/measures", "nyyyyyy"),
    ("POST", "/api/v1/teams/{id}/measures", "nyynnny"),
    ("GET", "/api/v1/measures/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/measures/{id}", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/classrooms", "nyyyyyy"),
    ("POST", "/api/v1/teams/{id}/classrooms", "nyynnny"),
    ("GET", "/api/v1/classrooms/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/classrooms/{id}", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/observations", "nyyyyyy"),
    ("POST", "/api/v1/teams/{id}/observations", "nyynnny"),
    ("POST", "/api/v1/teams/{id}/observations/bulk", "nyynnny"),
    ("POST", "/api/v1/teams/{id}/observations/import", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/observations.csv", "nyyyyyy"),
    ("GET", "/api/v1/teams/{id}/cycles.csv", "nyyyyyy"),
    ("GET", "/api/v1/teams/{id}/variation", "nyyyyyy"),
    ("GET", "/api/v1/network/variation", "nyyyyyy"),
    ("GET", "/api/v1/observations/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/observations/{id}", "nyynnny"),
    // Deletes last: the classroom keeps its observation (422), then the observation goes.
    ("DELETE", "/api/v1/classrooms/{id}", "nyynnny"),
    ("DELETE", "/api/v1/observations/{id}", "nyynnny"),
    // -- end of measures, classrooms and observations
    // Aims, drivers, change ideas, cycles and comments (issue 3)
    ("GET", "/api/v1/teams/{id}/aim", "nyyyyyy"),
    ("PUT", "/api/v1/teams/{id}/aim", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/driver-diagram", "nyyyyyy"),
    ("POST", "/api/v1/teams/{id}/drivers", "nyynnny"),
    ("PUT", "/api/v1/drivers/{id}", "nyynnny"),
    ("DELETE", "/api/v1/drivers/{id}", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/change-ideas", "nyyyyyy"),
    ("POST", "/api/v1/teams/{id}/change-ideas", "nyynnny"),
    ("GET", "/api/v1/change-ideas/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/change-ideas/{id}", "nyynnny"),
    ("GET", "/api/v1/change-ideas/{id}/cycles", "nyyyyyy"),
    ("POST", "/api/v1/change-ideas/{id}/cycles", "nyynnny"),
    ("GET", "/api/v1/teams/{id}/cycles", "nyyyyyy"),
    ("GET", "/api/v1/cycles/{id}", "nyyyyyy"),
    ("PUT", "/api/v1/cycles/{id}", "nyynnny"),
    ("POST", "/api/v1/cycles/{id}/status", "nyynnny"),
    ("POST", "/api/v1/cycles/{id}/next", "nyynnny"),
    ("GET", "/api/v1/cycles/{id}/comments", "nyyyyyy"),
    ("POST", "/api/v1/cycles/{id}/comments", "nyyynyy"),
    // -- end of aims, drivers, change ideas, cycles and comments
    // Chart calculator (issue 4): anyone signed in
    ("POST", "/api/v1/analysis/run-chart", "nyyyyyy"),
    ("POST", "/api/v1/analysis/i-chart", "nyyyyyy"),
    ("POST", "/api/v1/analysis/p-chart", "nyyyyyy"),
    // The audit log (issue 12): directors only.
    ("GET", "/api/v1/audit", "nnnnnny"),
    // The outbox (issue 13): directors only.
    ("GET", "/api/v1/outbox", "nnnnnny"),
    ("POST", "/api/v1/outbox/{id}/retry", "nnnnnny"),
];

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

#[actix_web::test]
async fn every_route_has_a_row_and_every_row_holds() {
    let rows: HashMap<(String, &str), &str> = ROWS
        .iter()
        .map(|(m, p, a)| ((m.to_string(), *p), *a))
        .collect();
    let malformed: Vec<_> = ROWS
        .iter()
        .filter(|(_, _, a)| a.len() != WHO.len() || a.bytes().any(|b| b != b'y' && b != b'n'))
        .collect();
    assert!(
        malformed.is_empty(),
        "rows whose access is not {} y/n: {malformed:?}",
        WHO.len()
    );
    let table = pdsa::web::routes::all();
    let missing: Vec<String> = table
        .iter()
        .filter(|r| !rows.contains_key(&(r.method.to_string(), r.path)))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a row in the role matrix: {missing:#?}"
    );
    let stale: Vec<_> = ROWS
        .iter()
        .filter(|(m, p, _)| {
            !table
                .iter()
                .any(|r| r.method.as_str() == *m && r.path == *p)
        })
        .collect();
    assert!(
        stale.is_empty(),
        "rows for routes that do not exist: {stale:?}"
    );

    let app = TestApp::new();
    let emails = EMAILS;
    let roles = [
        GlobalRole::Member,
        GlobalRole::Member,
        GlobalRole::Member,
        GlobalRole::Member,
        GlobalRole::Facilitator,
        GlobalRole::Director,
    ];
    let people: Vec<_> = emails
        .iter()
        .zip(roles)
        .map(|(e, r)| app.person(r, e))
        .collect();
    app.person(GlobalRole::Member, "spare@example.org");
    let fx = fixture(&app);
    let tokens: Vec<String> = people.iter().map(|p| app.token(p.id)).collect();
    let svc = app.service().await;
    let mut browsers: Vec<Browser> = vec![Browser::new()];
    for e in emails {
        browsers.push(signed_in(&svc, e).await);
    }
    let mut failures = Vec::new();
    for (method, pattern, access) in ROWS {
        let url = fx.url(pattern);
        // Refused callers first, so an allowed director's change cannot hide a refusal.
        let mut order: Vec<usize> = (0..WHO.len()).collect();
        order.sort_by_key(|&i| access.as_bytes()[i] == b'y');
        for who in order {
            let allowed = access.as_bytes()[who] == b'y';
            let status = if is_api(pattern) {
                let token = (who > 0).then(|| tokens[who - 1].as_str());
                let body = (*method != "GET" && *method != "DELETE").then(|| serde_json::json!({}));
                api(
                    &svc,
                    Method::from_bytes(method.as_bytes()).unwrap(),
                    &url,
                    token,
                    body,
                )
                .await
                .0
            } else {
                let b = &mut browsers[who];
                let page = if *method == "GET" {
                    b.get(&svc, &url).await
                } else {
                    b.post(&svc, &url, &[]).await
                };
                let signs_out = ["/sign-out", "/profile/sign-out-everywhere"].contains(pattern);
                if signs_out && who > 0 {
                    b.sign_in(&svc, emails[who - 1]).await;
                }
                // Signing out lands on the sign-in page by design (and so does signing out
                // everywhere, for someone signed in); elsewhere that landing means "not signed in".
                let by_design = *pattern == "/sign-out" || (signs_out && who > 0);
                let to_sign_in = page
                    .location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("/sign-in"));
                if page.status == StatusCode::SEE_OTHER && to_sign_in && !by_design {
                    StatusCode::UNAUTHORIZED
                } else {
                    page.status
                }
            };
            let ok = if status.is_server_error() {
                false
            } else if allowed {
                status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN
            } else if who == 0 {
                status == StatusCode::UNAUTHORIZED
            } else {
                status == StatusCode::FORBIDDEN
            };
            if !ok {
                failures.push(format!(
                    "{method} {url} as {}: got {status}, expected {}",
                    WHO[who],
                    if allowed { "access" } else { "refusal" }
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "role matrix failures:\n{}",
        failures.join("\n")
    );
}
