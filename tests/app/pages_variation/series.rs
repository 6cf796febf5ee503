//! "Chart a series": a run chart with its signal, a P chart from counts and totals, and bad
//! input kept in the form with the message beside its field.

use super::*;
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;

#[actix_web::test]
async fn chart_a_series_draws_a_run_chart_with_its_signal() {
    let s = setup();
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, OTHER).await;
    let form = b.get(&svc, "/analysis/chart").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("<legend>Chart</legend>"));
    let values = "1\n1\n1\n1\n1\n1\n1\n1\n9\t9\t9\t9, 9, 9, 9, 9";
    let page = b
        .post(
            &svc,
            "/analysis/chart",
            &[
                ("kind", "run"),
                ("values", values),
                ("n", ""),
                ("baseline", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let chart = figure(&page, "series");
    assert!(chart.contains("role=\"img\"") && chart.contains("<table"));
    assert_eq!(chart.matches("<td>signal</td>").count(), 8);
    assert!(
        page.body
            .contains("Signal: 8 points in a row below the median (more than 7")
    );
    assert!(
        page.body
            .contains("<dt>Longest run</dt><dd>8 (at most 7)</dd>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<dt>Useful observations</dt><dd>16</dd>")
    );
}

#[actix_web::test]
async fn chart_a_series_draws_a_p_chart_from_counts_and_totals() {
    let s = setup();
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b
        .post(
            &svc,
            "/analysis/chart",
            &[
                ("kind", "p"),
                ("values", "2 3 4 5"),
                ("n", "10 10 10 10"),
                ("baseline", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<dt>p̄</dt><dd>0.35</dd>"),
        "{}",
        page.body
    );
    let chart = figure(&page, "series");
    assert!(chart.contains("Lower limit") && chart.contains("<td class=\"num\">0.2</td>"));
}

#[actix_web::test]
async fn chart_a_series_keeps_bad_input_with_the_message_beside_the_field() {
    let s = setup();
    let svc = s.app.service().await;
    let mut b = signed_in(&svc, MEMBER).await;
    let page = b
        .post(
            &svc,
            "/analysis/chart",
            &[
                ("kind", "i"),
                ("values", "1 2 3 abc 5"),
                ("n", ""),
                ("baseline", ""),
            ],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("id=\"f-values-error\">value 4: &quot;abc&quot; is not a number"),
        "{}",
        page.body
    );
    assert!(page.body.contains(">1 2 3 abc 5</textarea>"));
    assert!(
        page.body
            .contains("id=\"f-kind-i\" name=\"kind\" value=\"i\" checked")
    );
    let page = b
        .post(
            &svc,
            "/analysis/chart",
            &[
                ("kind", "p"),
                ("values", "1 2"),
                ("n", "5"),
                ("baseline", ""),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-n-error\""));
    let page = b
        .post(
            &svc,
            "/analysis/chart",
            &[
                ("kind", "run"),
                ("values", "1 2 3"),
                ("n", ""),
                ("baseline", "4"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-baseline-error\""));
    assert!(!page.body.contains("<figure"));
}
