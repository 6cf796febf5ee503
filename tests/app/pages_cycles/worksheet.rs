//! The worksheet: planning a cycle with questions, moving it through every status with each
//! part filled, a refused move naming every missing field, the "small and rapid" warning, and
//! the next cycle of the ramp.

use super::{ANA, World, in_order, saved, world};
use crate::fixtures::signed_in;
use crate::support::Browser;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::StatusCode;
use chrono::TimeDelta;

/// Moves the cycle to `to` from its stored version; the page after the redirect.
async fn move_to<S, B>(svc: &S, b: &mut Browser, w: &World, cycle: i32, to: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let v = w.version(cycle);
    let url = format!("/cycles/{cycle}/status");
    let page = b.post(svc, &url, &[("to", to), ("version", &v)]).await;
    saved(svc, b, page).await.body
}

/// Saves worksheet fields from the stored version; the page after the redirect.
async fn save<S, B>(svc: &S, b: &mut Browser, w: &World, cycle: i32, fields: &[(&str, &str)])
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let v = w.version(cycle);
    let mut all = vec![("version", v.as_str())];
    all.extend_from_slice(fields);
    let page = b.post(svc, &format!("/cycles/{cycle}"), &all).await;
    let page = saved(svc, b, page).await;
    assert!(page.body.contains("Worksheet saved."));
}

#[actix_web::test]
async fn a_cycle_is_planned_with_questions_and_moved_through_every_status() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let page = b.get(&svc, &format!("/change-ideas/{idea}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("name=\"questions[2].prediction\""),
        "three rows offered"
    );
    let (start, end) = (
        w.today.to_string(),
        (w.today + TimeDelta::days(14)).to_string(),
    );
    let measure = w.measure.to_string();
    let page = b
        .post(
            &svc,
            &format!("/change-ideas/{idea}/cycles"),
            &[
                ("title", "Pairs in grade 3"),
                ("objective", "See whether pairs talk more"),
                ("planned_start", &start),
                ("planned_end", &end),
                ("plan_who", "Grade 3 teachers"),
                ("measure_ids", &measure),
                ("questions[0].question", "Will more students talk?"),
                ("questions[0].prediction", "Half of them"),
                ("questions[1].question", ""),
                ("questions[1].prediction", ""),
                ("questions[2].question", "Will ideas build?"),
                ("questions[2].prediction", "Rarely"),
            ],
        )
        .await;
    let to = page.location.clone().unwrap_or_default();
    let cycle: i32 = to.trim_start_matches("/cycles/").parse().unwrap();
    let body = saved(&svc, &mut b, page).await.body;
    in_order(
        &body,
        &[
            "Cycle planned.",
            "badge planning",
            "value=\"Will more students talk?\"",
            "Half of them</textarea>",
            "value=\"Will ideas build?\"",
            "Rarely</textarea>",
            "Not yet: the Do opens",
            "Not yet: the Study opens",
            "Not yet: the Act opens",
        ],
    );
    assert!(body.contains(&format!("value=\"{measure}\" checked")));
    assert!(!body.contains("name=\"questions[0].result\""));
    assert!(body.contains(">Move on to Doing</button>"));

    let body = move_to(&svc, &mut b, &w, cycle, "doing").await;
    assert!(body.contains("The cycle moved to Doing."));
    assert!(body.contains("name=\"do_happened\""));
    assert!(body.contains(">Back to Planning</button>"));
    save(
        &svc,
        &mut b,
        &w,
        cycle,
        &[("do_happened", "Ran in four rooms")],
    )
    .await;

    let body = move_to(&svc, &mut b, &w, cycle, "studying").await;
    assert!(body.contains("name=\"questions[1].result\""));
    save(
        &svc,
        &mut b,
        &w,
        cycle,
        &[
            ("questions[0].question", "Will more students talk?"),
            ("questions[0].prediction", "Half of them"),
            ("questions[0].result", "Two thirds did"),
            ("questions[1].question", "Will ideas build?"),
            ("questions[1].prediction", "Rarely"),
            ("questions[1].result", "In two rooms"),
            ("study_learned", "Sentence stems matter"),
        ],
    )
    .await;

    let body = move_to(&svc, &mut b, &w, cycle, "acting").await;
    assert!(body.contains("name=\"act_decision\""));
    save(
        &svc,
        &mut b,
        &w,
        cycle,
        &[
            ("act_decision", "adapt"),
            ("act_reason", "Add stems, try grade 4"),
        ],
    )
    .await;

    let body = move_to(&svc, &mut b, &w, cycle, "closed").await;
    assert_eq!(w.status(cycle), "closed");
    in_order(
        &body,
        &[
            "badge closed",
            "Two thirds did",
            "Sentence stems matter",
            "value=\"adapt\" selected",
            "Add stems, try grade 4",
            "Start the next cycle",
        ],
    );
    assert!(!body.contains("Move on to"), "a closed cycle is final");

    let v = w.version(cycle);
    let page = b
        .post(&svc, &format!("/cycles/{cycle}/next"), &[("version", &v)])
        .await;
    let body = saved(&svc, &mut b, page).await.body;
    assert!(body.contains("Pairs in grade 3 (cycle 2)"), "{body}");
    assert!(body.contains("value=\"Will more students talk?\""));
    let page = b
        .get(&svc, &format!("/teams/{}/improvement", w.team_a.id))
        .await;
    in_order(
        &page.body,
        &[
            "Turn and talk",
            "Pairs in grade 3",
            "badge closed",
            "badge adapt",
            "Pairs in grade 3 (cycle 2)",
            "badge planning",
        ],
    );
}

#[actix_web::test]
async fn a_refused_move_names_every_missing_field_beside_it() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let (start, end) = (w.today.to_string(), w.today.to_string());
    let page = b
        .post(
            &svc,
            &format!("/change-ideas/{idea}/cycles"),
            &[
                ("title", "Quick try"),
                ("planned_start", &start),
                ("planned_end", &end),
                ("questions[0].question", "Will they talk?"),
            ],
        )
        .await;
    let cycle: i32 = page
        .location
        .clone()
        .unwrap()
        .trim_start_matches("/cycles/")
        .parse()
        .unwrap();
    let v = w.version(cycle);
    let url = format!("/cycles/{cycle}/status");
    let page = b
        .post(&svc, &url, &[("to", "doing"), ("version", &v)])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("id=\"f-objective-error\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"f-questions[0].prediction-error\""));
    assert!(page.body.contains("what the team predicts"));
    assert_eq!(w.status(cycle), "planning");

    let page = b
        .post(&svc, &url, &[("to", "closed"), ("version", &v)])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-status\""));
    assert!(page.body.contains("cannot move from planning to closed"));
    assert!(page.body.contains("is needed to close the cycle"));

    // Filled in, the same move goes through.
    let page = b
        .post(
            &svc,
            &format!("/cycles/{cycle}"),
            &[
                ("version", &v),
                ("objective", "Try it once"),
                ("questions[0].question", "Will they talk?"),
                ("questions[0].prediction", "Some will"),
            ],
        )
        .await;
    saved(&svc, &mut b, page).await;
    move_to(&svc, &mut b, &w, cycle, "doing").await;
    assert_eq!(w.status(cycle), "doing");
    // The Study cannot start without the Do.
    let v = w.version(cycle);
    let page = b
        .post(&svc, &url, &[("to", "studying"), ("version", &v)])
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-do_happened-error\""));
}

#[actix_web::test]
async fn a_refused_plan_keeps_what_was_typed_and_a_long_plan_warns() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let url = format!("/change-ideas/{idea}/cycles");
    let page = b
        .post(
            &svc,
            &url,
            &[
                ("title", ""),
                ("objective", "Keep this objective"),
                ("planned_start", "next week"),
                ("planned_end", "2026-10-20"),
                (
                    "questions[1].prediction",
                    "A prediction without its question",
                ),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    for id in [
        "f-title-error",
        "f-planned_start-error",
        "f-questions[1].question-error",
    ] {
        assert!(
            page.body.contains(&format!("id=\"{id}\"")),
            "{id}: {}",
            page.body
        );
    }
    assert!(page.body.contains("Keep this objective</textarea>"));
    assert!(
        page.body
            .contains("A prediction without its question</textarea>")
    );

    let (start, end) = (
        w.today.to_string(),
        (w.today + TimeDelta::days(50)).to_string(),
    );
    let page = b
        .post(
            &svc,
            &url,
            &[
                ("title", "Long one"),
                ("planned_start", &start),
                ("planned_end", &end),
            ],
        )
        .await;
    let body = saved(&svc, &mut b, page).await.body;
    assert!(body.contains("planned for 50 days: PDSA cycles are small and rapid"));
    assert!(body.contains("class=\"warnings\""));
}
