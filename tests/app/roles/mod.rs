//! The role matrix: every registered route, tried by five callers — nobody, a member of the
//! team concerned, a member of another team, a facilitator and a director. A row says who may
//! use the route; the others must get 401 (API) or a sign-in redirect (pages) when anonymous and
//! 403 when signed in, and nobody ever gets a 500. A route without a row fails the test.

mod fixture;

use crate::fixtures::signed_in;
use crate::support::{Browser, TestApp, api};
use actix_web::http::{Method, StatusCode};
use fixture::fixture;
use pdsa::domain::roles::GlobalRole;
use std::collections::HashMap;

/// The callers, in the order of a row's access string.
const WHO: [&str; 5] = [
    "anonymous",
    "member of this team",
    "member of another team",
    "facilitator",
    "director",
];

/// `(method, route pattern, access)`: access is five characters, `y` allowed / `n` refused,
/// for the callers of `WHO`. Patterns are filled from the fixture's ids.
const ROWS: &[(&str, &str, &str)] = &[
    // Pages
    ("GET", "/", "nyyyy"),
    ("GET", "/healthz", "yyyyy"),
    ("GET", "/readyz", "yyyyy"),
    // Not a role's page: a 404 to every caller here (no PDSA_METRICS_TOKEN), never 401 or 403
    // (see tests/app/observability.rs).
    ("GET", "/metrics", "yyyyy"),
    ("GET", "/sign-in", "yyyyy"),
    ("POST", "/sign-in", "yyyyy"),
    ("POST", "/sign-out", "yyyyy"),
    ("GET", "/resume", "nyyyy"),
    ("GET", "/calendar", "nyyyy"),
    ("GET", "/years", "nyyyy"),
    ("POST", "/years", "nnnny"),
    ("GET", "/years/{id}", "nyyyy"),
    ("POST", "/years/{id}/next", "nnnny"),
    ("GET", "/years/{id}/plan", "nnnny"),
    ("POST", "/years/{id}/plan", "nnnny"),
    ("POST", "/years/{id}/members", "nnnny"),
    ("POST", "/years/{id}/members/{membership_id}", "nnnny"),
    ("GET", "/convenings/{id}", "nyyyy"),
    ("POST", "/convenings/{id}", "nnnny"),
    ("GET", "/convenings/{id}/edit", "nnnny"),
    ("POST", "/convenings/{id}/cancel", "nnnny"),
    ("POST", "/convenings/{id}/agenda", "nnnny"),
    ("POST", "/convenings/{id}/agenda/{item_id}/delete", "nnnny"),
    ("POST", "/convenings/{id}/readings", "nnnny"),
    (
        "POST",
        "/convenings/{id}/readings/{reading_id}/delete",
        "nnnny",
    ),
    ("POST", "/convenings/{id}/rsvp", "nyyyy"),
    ("POST", "/convenings/{id}/attendance", "nnnny"),
    ("POST", "/convenings/{id}/invite", "nnnny"),
    ("GET", "/districts", "nyyyy"),
    ("POST", "/districts", "nnnny"),
    ("GET", "/districts/{id}", "nyyyy"),
    ("POST", "/districts/{id}/schools", "nnnny"),
    ("POST", "/districts/{id}/teams", "nnnny"),
    ("GET", "/teams/{id}", "nynyy"),
    ("POST", "/teams/{id}/members", "nnnny"),
    ("POST", "/teams/{id}/members/{member_id}/delete", "nnnny"),
    ("GET", "/meetings/new", "nnnyy"),
    ("POST", "/meetings", "nnnyy"),
    ("GET", "/meetings/{id}", "nynyy"),
    ("GET", "/meetings/{id}/edit", "nnnyy"),
    ("POST", "/meetings/{id}/cancel", "nnnyy"),
    ("POST", "/meetings/{id}", "nnnyy"),
    ("POST", "/meetings/{id}/actions", "nnnyy"),
    ("POST", "/meetings/{id}/actions/{item_id}", "nnnyy"),
    ("GET", "/people", "nnnyy"),
    ("POST", "/people", "nnnny"),
    ("POST", "/people/{id}/role", "nnnny"),
    ("GET", "/profile", "nyyyy"),
    ("POST", "/profile", "nyyyy"),
    ("POST", "/profile/tokens/{id}/delete", "nyyyy"),
    // Email (issue 5): account links, opt-out, the calendar feed, the outbox. Links carry their
    // own credential (an unknown token is a 404 or 410, never a sign-in redirect). The reset
    // form comes first: the signed-out browser reads its CSRF token there, as a person would.
    ("POST", "/people/{id}/invite", "nnnny"),
    ("POST", "/profile/reminders", "nyyyy"),
    ("POST", "/profile/calendar-token", "nyyyy"),
    ("GET", "/password-reset", "yyyyy"),
    ("POST", "/password-reset", "yyyyy"),
    ("GET", "/welcome/{token}", "yyyyy"),
    ("POST", "/welcome/{token}", "yyyyy"),
    ("GET", "/password-reset/{token}", "yyyyy"),
    ("POST", "/password-reset/{token}", "yyyyy"),
    ("GET", "/unsubscribe/{token}", "yyyyy"),
    ("POST", "/unsubscribe/{token}", "yyyyy"),
    ("GET", "/calendar/{file}", "yyyyy"),
    ("GET", "/outbox", "nnnny"),
    ("POST", "/outbox/{id}/retry", "nnnny"),
    // The audit log (issue 12): directors only, read only.
    ("GET", "/audit", "nnnny"),
    // -- end of email pages
    // Aim, driver diagram, change ideas and cycle worksheets (issue 3 pages)
    ("GET", "/teams/{id}/improvement", "nyyyy"),
    ("POST", "/teams/{id}/aim", "nynny"),
    ("POST", "/teams/{id}/drivers", "nynny"),
    ("POST", "/teams/{id}/change-ideas", "nynny"),
    ("GET", "/change-ideas/{id}", "nyyyy"),
    ("POST", "/change-ideas/{id}", "nynny"),
    ("POST", "/change-ideas/{id}/cycles", "nynny"),
    ("GET", "/cycles/{id}", "nyyyy"),
    ("POST", "/cycles/{id}", "nynny"),
    ("POST", "/cycles/{id}/status", "nynny"),
    ("POST", "/cycles/{id}/next", "nynny"),
    ("POST", "/cycles/{id}/comments", "nynyy"),
    // -- end of issue 3 pages
    // Evidence pages: measures, classrooms, visits, observations (issue 3)
    ("GET", "/years/{id}/measures", "nyyyy"),
    ("POST", "/years/{id}/measures", "nnnny"),
    ("GET", "/teams/{id}/classrooms", "nyyyy"),
    ("POST", "/teams/{id}/classrooms", "nynny"),
    ("POST", "/classrooms/{id}", "nynny"),
    ("POST", "/classrooms/{id}/delete", "nynny"),
    ("GET", "/teams/{id}/measures", "nyyyy"),
    ("POST", "/teams/{id}/measures", "nynny"),
    ("POST", "/measures/{id}", "nynny"),
    ("GET", "/teams/{id}/visits", "nynny"),
    ("POST", "/teams/{id}/visits", "nynny"),
    ("GET", "/teams/{id}/observations", "nyyyy"),
    ("GET", "/teams/{id}/observations.csv", "nyyyy"),
    ("GET", "/teams/{id}/observations/import", "nynny"),
    ("POST", "/teams/{id}/observations/import", "nynny"),
    ("POST", "/observations/{id}", "nynny"),
    ("POST", "/observations/{id}/delete", "nynny"),
    // -- end of evidence pages
    // Variation pages (issue 4): the dashboard reads as the API does; the calculator is for anyone signed in
    ("GET", "/teams/{id}/variation", "nyyyy"),
    ("GET", "/analysis/chart", "nyyyy"),
    ("POST", "/analysis/chart", "nyyyy"),
    // Network view (issue 4): anyone signed in
    ("GET", "/network/variation", "nyyyy"),
    // API
    ("GET", "/api/openapi.json", "yyyyy"),
    ("POST", "/api/v1/tokens", "yyyyy"),
    ("GET", "/api/v1/tokens", "nyyyy"),
    ("DELETE", "/api/v1/tokens/{id}", "nyyyy"),
    ("GET", "/api/v1/me", "nyyyy"),
    ("GET", "/api/v1/collective", "nyyyy"),
    ("PUT", "/api/v1/collective", "nnnny"),
    ("GET", "/api/v1/program-years", "nyyyy"),
    ("POST", "/api/v1/program-years", "nnnny"),
    ("GET", "/api/v1/program-years/{id}", "nyyyy"),
    ("POST", "/api/v1/program-years/{id}/next", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/plan", "nnnny"),
    ("POST", "/api/v1/program-years/{id}/plan", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/memberships", "nnnyy"),
    ("POST", "/api/v1/program-years/{id}/memberships", "nnnny"),
    ("PUT", "/api/v1/memberships/{id}", "nnnny"),
    ("GET", "/api/v1/program-years/{id}/convenings", "nyyyy"),
    ("POST", "/api/v1/program-years/{id}/convenings", "nnnny"),
    ("GET", "/api/v1/convenings/{id}", "nyyyy"),
    ("PUT", "/api/v1/convenings/{id}", "nnnny"),
    ("POST", "/api/v1/convenings/{id}/cancel", "nnnny"),
    ("GET", "/api/v1/convenings/{id}/agenda", "nyyyy"),
    ("POST", "/api/v1/convenings/{id}/agenda", "nnnny"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/agenda/{item_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/readings", "nyyyy"),
    ("POST", "/api/v1/convenings/{id}/readings", "nnnny"),
    (
        "DELETE",
        "/api/v1/convenings/{id}/readings/{reading_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/convenings/{id}/attendance", "nyyyy"),
    ("PUT", "/api/v1/convenings/{id}/rsvp", "nyyyy"),
    (
        "PUT",
        "/api/v1/convenings/{id}/attendance/{person_id}",
        "nnnny",
    ),
    ("GET", "/api/v1/districts", "nyyyy"),
    ("POST", "/api/v1/districts", "nnnny"),
    ("GET", "/api/v1/districts/{id}", "nyyyy"),
    ("POST", "/api/v1/districts/{id}/schools", "nnnny"),
    ("GET", "/api/v1/teams", "nyyyy"),
    ("POST", "/api/v1/teams", "nnnny"),
    ("GET", "/api/v1/teams/{id}", "nynyy"),
    ("GET", "/api/v1/teams/{id}/members", "nynyy"),
    ("POST", "/api/v1/teams/{id}/members", "nnnny"),
    ("DELETE", "/api/v1/teams/{id}/members/{member_id}", "nnnny"),
    ("GET", "/api/v1/meetings", "nyyyy"),
    ("POST", "/api/v1/meetings", "nnnyy"),
    ("GET", "/api/v1/meetings/{id}", "nynyy"),
    ("PUT", "/api/v1/meetings/{id}", "nnnyy"),
    ("POST", "/api/v1/meetings/{id}/cancel", "nnnyy"),
    ("GET", "/api/v1/meetings/{id}/action-items", "nynyy"),
    ("POST", "/api/v1/meetings/{id}/action-items", "nnnyy"),
    (
        "PUT",
        "/api/v1/meetings/{id}/action-items/{item_id}",
        "nnnyy",
    ),
    ("GET", "/api/v1/people", "nnnyy"),
    ("POST", "/api/v1/people", "nnnny"),
    ("GET", "/api/v1/people/{id}", "nynyy"),
    // Measures, classrooms and observations (issue 3)
    ("GET", "/api/v1/program-years/{id}/measures", "nyyyy"),
    ("POST", "/api/v1/program-years/{id}/measures", "nnnny"),
    ("GET", "/api/v1/teams/{id}/measures", "nyyyy"),
    ("POST", "/api/v1/teams/{id}/measures", "nynny"),
    ("GET", "/api/v1/measures/{id}", "nyyyy"),
    ("PUT", "/api/v1/measures/{id}", "nynny"),
    ("GET", "/api/v1/teams/{id}/classrooms", "nyyyy"),
    ("POST", "/api/v1/teams/{id}/classrooms", "nynny"),
    ("GET", "/api/v1/classrooms/{id}", "nyyyy"),
    ("PUT", "/api/v1/classrooms/{id}", "nynny"),
    ("GET", "/api/v1/teams/{id}/observations", "nyyyy"),
    ("POST", "/api/v1/teams/{id}/observations", "nynny"),
    ("POST", "/api/v1/teams/{id}/observations/bulk", "nynny"),
    ("POST", "/api/v1/teams/{id}/observations/import", "nynny"),
    ("GET", "/api/v1/teams/{id}/observations.csv", "nyyyy"),
    ("GET", "/api/v1/teams/{id}/cycles.csv", "nyyyy"),
    ("GET", "/api/v1/teams/{id}/variation", "nyyyy"),
    ("GET", "/api/v1/network/variation", "nyyyy"),
    ("GET", "/api/v1/observations/{id}", "nyyyy"),
    ("PUT", "/api/v1/observations/{id}", "nynny"),
    // Deletes last: the classroom keeps its observation (422), then the observation goes.
    ("DELETE", "/api/v1/classrooms/{id}", "nynny"),
    ("DELETE", "/api/v1/observations/{id}", "nynny"),
    // -- end of measures, classrooms and observations
    // Aims, drivers, change ideas, cycles and comments (issue 3)
    ("GET", "/api/v1/teams/{id}/aim", "nyyyy"),
    ("PUT", "/api/v1/teams/{id}/aim", "nynny"),
    ("GET", "/api/v1/teams/{id}/driver-diagram", "nyyyy"),
    ("POST", "/api/v1/teams/{id}/drivers", "nynny"),
    ("PUT", "/api/v1/drivers/{id}", "nynny"),
    ("DELETE", "/api/v1/drivers/{id}", "nynny"),
    ("GET", "/api/v1/teams/{id}/change-ideas", "nyyyy"),
    ("POST", "/api/v1/teams/{id}/change-ideas", "nynny"),
    ("GET", "/api/v1/change-ideas/{id}", "nyyyy"),
    ("PUT", "/api/v1/change-ideas/{id}", "nynny"),
    ("GET", "/api/v1/change-ideas/{id}/cycles", "nyyyy"),
    ("POST", "/api/v1/change-ideas/{id}/cycles", "nynny"),
    ("GET", "/api/v1/teams/{id}/cycles", "nyyyy"),
    ("GET", "/api/v1/cycles/{id}", "nyyyy"),
    ("PUT", "/api/v1/cycles/{id}", "nynny"),
    ("POST", "/api/v1/cycles/{id}/status", "nynny"),
    ("POST", "/api/v1/cycles/{id}/next", "nynny"),
    ("GET", "/api/v1/cycles/{id}/comments", "nyyyy"),
    ("POST", "/api/v1/cycles/{id}/comments", "nynyy"),
    // -- end of aims, drivers, change ideas, cycles and comments
    // Chart calculator (issue 4): anyone signed in
    ("POST", "/api/v1/analysis/run-chart", "nyyyy"),
    ("POST", "/api/v1/analysis/i-chart", "nyyyy"),
    ("POST", "/api/v1/analysis/p-chart", "nyyyy"),
    // The audit log (issue 12): directors only.
    ("GET", "/api/v1/audit", "nnnny"),
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
    let emails = [
        "ma@example.org",
        "mb@example.org",
        "fac@example.org",
        "dir@example.org",
    ];
    let roles = [
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
        let mut order: Vec<usize> = (0..5).collect();
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
                if *pattern == "/sign-out" && who > 0 {
                    b.sign_in(&svc, emails[who - 1]).await;
                }
                // Signing out lands on the sign-in page by design; elsewhere that landing means
                // "not signed in".
                let to_sign_in = page
                    .location
                    .as_deref()
                    .is_some_and(|l| l.starts_with("/sign-in"));
                if page.status == StatusCode::SEE_OTHER && to_sign_in && *pattern != "/sign-out" {
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
