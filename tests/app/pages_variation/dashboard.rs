//! The dashboard: the empty states the issue names (no data, one period, one classroom), a team
//! whose spread falls (charts, signal sentence, tables, cycles on the time axis), a refused query
//! kept in the form, who may read it, and the cache (served again without the first reader's
//! data, refusals checked first, invalidated by a write through the API).

use super::*;
use crate::fixtures::signed_in;
use crate::support::{Browser, api};
use actix_web::http::{Method, StatusCode};
use chrono::TimeDelta;

#[actix_web::test]
async fn a_team_with_no_data_says_so_and_links_to_a_round_of_visits() {
    let s = setup();
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("No observations of this measure yet"));
    assert!(
        page.body
            .contains(&format!("href=\"/teams/{}/visits\"", s.a.id))
    );
    let selected = format!("<option value=\"{}\" selected>Questions asked", s.measure);
    assert!(page.body.contains(&selected), "{}", page.body);
    assert!(!page.body.contains("<figure"));
}

#[actix_web::test]
async fn one_period_shows_its_figures_and_says_the_charts_need_more() {
    let s = setup();
    week(&s, 2, 2.0);
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("One period so far"));
    assert!(page.body.contains("Figures per period"));
    assert!(page.body.contains(&week_label(tuesday(s.today, 2))));
    assert!(!page.body.contains("id=\"sd-run-figure\""));
    assert!(figure(&page, "strip").contains("8, 10, 12"));
}

#[actix_web::test]
async fn one_classroom_has_no_spread_to_chart() {
    let s = setup();
    for (back, v) in [(4, 1.0), (3, 2.0), (2, 3.0)] {
        obs(&s.app, s.rooms[0], s.measure, tuesday(s.today, back), v);
    }
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("One classroom observed: no spread to chart")
    );
    assert!(figure(&page, "mean-run").contains("role=\"img\""));
    assert!(!page.body.contains("id=\"sd-run-figure\""));
    assert!(page.body.contains("ICC: not available"));
}

#[actix_web::test]
async fn a_narrowing_team_shows_its_charts_signal_tables_and_cycles() {
    let s = setup();
    falling(&s);
    let cycle_start = tuesday(s.today, 10) - TimeDelta::days(1);
    add_cycle(&s, "Turn and talk", cycle_start);
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, FACILITATOR).await;
    let page = b.get(&svc, &dashboard(&s, "?period=week&baseline=6")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Variation has fallen: 9 periods in a row below the median."),
        "{}",
        page.body
    );
    assert!(page.body.contains("ICC "));
    for id in ["mean-run", "sd-run", "sd-i", "strip"] {
        let f = figure(&page, id);
        assert!(f.contains("role=\"img\"") && f.contains("<title"), "{id}");
        assert!(f.contains("<figcaption>") && f.contains("<table"), "{id}");
    }
    assert!(!page.body.contains("id=\"p-chart-figure\""));
    let sd_run = figure(&page, "sd-run");
    assert!(sd_run.contains("Median 1.55"), "{sd_run}");
    assert_eq!(sd_run.matches("<td>signal</td>").count(), 9);
    let sd_i = figure(&page, "sd-i");
    assert!(sd_i.contains("Lower limit") && sd_i.contains("Upper limit"));
    assert!(
        sd_run.contains("Turn and talk"),
        "the cycle is on the chart"
    );
    assert!(page.body.contains("Cycles on the time axis"));
    assert!(page.body.contains(&week_label(tuesday(s.today, 16))));
}

#[actix_web::test]
async fn a_bad_query_comes_back_in_the_form_with_the_message_beside_the_field() {
    let s = setup();
    falling(&s);
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b.get(&svc, &dashboard(&s, "?baseline=two")).await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(
        page.body.contains("id=\"f-baseline-error\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("must be a whole number of periods"));
    assert!(page.body.contains("value=\"two\""));
    assert!(!page.body.contains("<figure"));
    let page = b.get(&svc, &dashboard(&s, "?baseline=99")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("must be at most the number of periods (15)")
    );
    let page = b.get(&svc, &dashboard(&s, "?period=day")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-period-error\""));
    let page = b.get(&svc, &dashboard(&s, "?measure=999999")).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-measure-error\""));
}

#[actix_web::test]
async fn who_may_read_the_dashboard() {
    let s = setup();
    let svc = s.app.service().await;
    let page = Browser::new().get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(page.location.unwrap().starts_with("/sign-in"));
    let mut other = signed_in(&svc, OTHER).await;
    crate::fixtures::share(&s.app, false);
    let page = other.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    crate::fixtures::share(&s.app, true);
    assert_eq!(
        other.get(&svc, &dashboard(&s, "")).await.status,
        StatusCode::OK
    );
    let missing = other.get(&svc, "/teams/999999/variation").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn a_refusal_is_checked_before_the_cache_serves() {
    let s = setup();
    falling(&s);
    let svc = s.app.service().await;
    let mut member = signed_in(&svc, MEMBER).await;
    assert_eq!(
        member.get(&svc, &dashboard(&s, "")).await.status,
        StatusCode::OK
    );
    crate::fixtures::share(&s.app, false);
    let mut other = signed_in(&svc, OTHER).await;
    let page = other.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(!page.body.contains("<figure"));
}

#[actix_web::test]
async fn the_cache_serves_again_without_the_first_readers_data_until_data_changes() {
    let s = setup();
    falling(&s);
    let svc = s.app.service().await;
    let cache = &s.app.state.cache;
    let mut member = signed_in(&svc, MEMBER).await;
    let first = member.get(&svc, &dashboard(&s, "")).await;
    assert_eq!((first.status, cache.hits()), (StatusCode::OK, 0));
    let mut director = signed_in(&svc, DIRECTOR).await;
    let again = director.get(&svc, &dashboard(&s, "")).await;
    assert_eq!((again.status, cache.hits()), (StatusCode::OK, 1));
    assert!(again.body.contains("dana.director") && !again.body.contains("alice.member"));
    let this_week = week_label(s.today);
    assert!(!again.body.contains(&this_week));

    let token = s.app.token(s.member_id);
    let body = serde_json::json!({
        "date": s.today.to_string(),
        "classroom_id": s.rooms[0],
        "measure_id": s.measure,
        "value": 4,
    });
    let path = format!("/api/v1/teams/{}/observations", s.a.id);
    let (status, answer) = api(&svc, Method::POST, &path, Some(&token), Some(body)).await;
    assert!(status.is_success(), "{status}: {answer}");
    let after = member.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(
        (after.status, cache.hits()),
        (StatusCode::OK, 1),
        "rebuilt after the write"
    );
    assert!(after.body.contains(&this_week), "the new observation shows");
    member.get(&svc, &dashboard(&s, "")).await;
    assert_eq!(cache.hits(), 2);
}

#[actix_web::test]
async fn a_team_without_measures_or_cycle_ties_is_told_what_is_missing() {
    let s = setup();
    week(&s, 3, 1.0);
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, OTHER).await;
    let page = b.get(&svc, &format!("/teams/{}/variation", s.b.id)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("This team has no measures to chart yet"));
    let mut member = signed_in(&svc, MEMBER).await;
    let page = member.get(&svc, &dashboard(&s, "?period=cycle")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("No observations of this measure are tied to a PDSA cycle yet")
    );
}
