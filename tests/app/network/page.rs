//! The page `/network/variation`: a card per team in the network's order, with its chart,
//! reading, latest SD and table; the empty states and the field errors.

use super::network;
use crate::fixtures::signed_in;
use crate::support::{Browser, TestApp};
use actix_web::http::StatusCode;
use pdsa::domain::roles::GlobalRole;

#[actix_web::test]
async fn the_page_shows_a_card_per_team_in_order() {
    let n = network();
    let svc = n.app.service().await;
    let mut b = signed_in(&svc, n.member_email).await;
    let page = b
        .get(&svc, &format!("/network/variation?measure={}", n.measure))
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let body = &page.body;
    assert!(
        body.contains("1 of 4 teams show falling variation; 1 rising; 1 without observations yet.")
    );
    let at = |s: &str| body.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(at("Zephyr team") < at("Bramble team"));
    assert!(at("Bramble team") < at("Ashford team"));
    assert!(at("Ashford team") < at("Aardvark team"));
    assert_eq!(body.matches("<article class=\"team-spread\"").count(), 4);
    assert_eq!(
        body.matches("<svg").count(),
        3,
        "no chart for the team without data"
    );
    assert!(body.contains("Variation has fallen: 8 periods in a row below the median."));
    assert!(
        body.contains("<title id=\"sd-team-"),
        "charts carry a title"
    );
    assert!(
        body.contains("<details>")
            && body
                .contains("<th scope=\"row\"><time datetime=\"2026-08-31\">2026-W36</time></th>")
    );
    // Handlebars escapes `=` and `&` in the link; a browser reads them back.
    let link = format!("/variation?measure&#x3D;{}&amp;period&#x3D;week", n.measure);
    assert!(body.contains(&link), "{link}");
    assert!(body.contains("No observations of this measure yet."));
    assert!(body.contains("aria-current=\"page\">Network</a>"));
}

#[actix_web::test]
async fn the_page_has_empty_states_and_field_errors() {
    let app = TestApp::new();
    app.person(GlobalRole::Member, "m@example.org");
    let svc = app.service().await;
    let mut b = signed_in(&svc, "m@example.org").await;
    let page = b.get(&svc, "/network/variation").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No shared measures yet"));
    let n = network();
    let svc = n.app.service().await;
    let mut b = signed_in(&svc, n.member_email).await;
    let by_cycle = b
        .get(
            &svc,
            &format!("/network/variation?measure={}&period=cycle", n.measure),
        )
        .await;
    assert_eq!(by_cycle.status, StatusCode::OK);
    assert!(
        by_cycle.body.contains("No observations yet"),
        "{}",
        by_cycle.body
    );
    let own = b
        .get(&svc, &format!("/network/variation?measure={}", n.own))
        .await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(own.body.contains("shared measure"));
    let bad = b.get(&svc, "/network/variation?period=day").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("week, month or cycle"));
    let default = b.get(&svc, "/network/variation").await;
    assert_eq!(default.status, StatusCode::OK);
    assert!(default.body.contains("Student talk"));
    let anonymous = Browser::new().get(&svc, "/network/variation").await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
}
