//! The team's improvement page: the aim, the driver diagram drawn as a tree, each change idea's
//! stage and ramp, and the forms that grow the diagram.

use super::{ANA, in_order, saved, world};
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;
use pdsa::models::driver::Driver;

#[actix_web::test]
async fn the_tree_shows_primary_then_secondary_then_change_idea_with_its_ramp() {
    let w = world();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let base = format!("/teams/{}", w.team_a.id);
    let page = b
        .post(
            &svc,
            &format!("{base}/drivers"),
            &[("driver_title", "Student talk")],
        )
        .await;
    saved(&svc, &mut b, page).await;
    let primary = Driver::of_team(&mut w.app.conn(), w.team_a.id).unwrap()[0].id;
    let parent = primary.to_string();
    let page = b
        .post(
            &svc,
            &format!("{base}/drivers"),
            &[("driver_title", "Talk moves"), ("parent_id", &parent)],
        )
        .await;
    saved(&svc, &mut b, page).await;
    let secondary = Driver::of_team(&mut w.app.conn(), w.team_a.id)
        .unwrap()
        .into_iter()
        .find(|d| d.parent_id == Some(primary))
        .unwrap()
        .id
        .to_string();
    let page = b
        .post(
            &svc,
            &format!("{base}/change-ideas"),
            &[
                ("idea_title", "Turn and talk"),
                ("driver_id", &secondary),
                ("stage", "testing"),
            ],
        )
        .await;
    let page = saved(&svc, &mut b, page).await;
    assert!(page.body.contains("Change idea added."));
    in_order(
        &page.body,
        &[
            "class=\"driver-tree\"",
            "class=\"dt-aim\"",
            "class=\"dt-primary\"",
            "Student talk",
            "<ul>",
            "class=\"dt-secondary\"",
            "Talk moves",
            "<ul>",
            "class=\"dt-idea\"",
            "Turn and talk",
            "badge testing",
            "No cycles yet.",
        ],
    );
    // A cycle planned on the idea shows on its ramp, linked, with its status.
    let idea =
        pdsa::models::driver::ChangeIdea::page_of_team(&mut w.app.conn(), w.team_a.id, None, 10)
            .unwrap()[0]
            .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    let page = b.get(&svc, &format!("{base}/improvement")).await;
    in_order(
        &page.body,
        &[
            "Turn and talk",
            "class=\"ramp\"",
            &format!("href=\"/cycles/{cycle}\""),
            "Pairs in grade 3",
            "badge planning",
        ],
    );
}

#[actix_web::test]
async fn a_refused_driver_or_idea_comes_back_beside_its_field_with_what_was_typed() {
    let w = world();
    let primary = w.driver("Student talk", None);
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let base = format!("/teams/{}", w.team_a.id);
    let page = b
        .post(
            &svc,
            &format!("{base}/drivers"),
            &[("driver_title", "  "), ("parent_id", "99999")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("id=\"f-driver_title-error\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("id=\"f-parent_id-error\""));
    assert!(page.body.contains("is not a driver of this team"));
    let page = b
        .post(
            &svc,
            &format!("{base}/change-ideas"),
            &[
                ("idea_title", ""),
                ("idea_description", "Pairs talk for two minutes"),
                ("driver_id", &primary.id.to_string()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-idea_title-error\""));
    assert!(page.body.contains("Pairs talk for two minutes</textarea>"));
    let page = b
        .post(
            &svc,
            &format!("{base}/change-ideas"),
            &[("idea_title", "Exit tickets")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.body.contains("id=\"f-driver_id-error\""));
    assert!(page.body.contains("value=\"Exit tickets\""));
}

#[actix_web::test]
async fn the_aim_is_saved_with_its_target_and_a_bad_value_is_named() {
    let w = world();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let url = format!("/teams/{}/aim", w.team_a.id);
    let measure = w.measure.to_string();
    let page = b
        .post(
            &svc,
            &url,
            &[
                ("statement", "Every classroom scores 3 on discourse"),
                ("target_measure_id", &measure),
                ("target_value", "7"),
                ("target_date", "2027-06-01"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body.contains("id=\"f-target_value-error\""),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("Every classroom scores 3 on discourse</textarea>")
    );
    let page = b
        .post(
            &svc,
            &url,
            &[
                ("statement", "Every classroom scores 3 on discourse"),
                ("target_measure_id", &measure),
                ("target_value", "3"),
                ("target_date", "2027-06-01"),
                ("version", "0"),
            ],
        )
        .await;
    let page = saved(&svc, &mut b, page).await;
    in_order(
        &page.body,
        &[
            "Aim saved.",
            "Every classroom scores 3 on discourse",
            "Student discourse: 3, by Tue 1 Jun 2027",
        ],
    );
}
