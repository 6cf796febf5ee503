//! Edits that never lose work: a stale save of the worksheet, the aim or a change idea is
//! refused with 409 and shows the saved values beside the typed ones; saving again from there
//! is a deliberate overwrite.

use super::{ABE, ANA, saved, world};
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;

#[actix_web::test]
async fn a_stale_worksheet_save_shows_both_versions_and_can_be_saved_again() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let cycle = w.cycle(idea, "Pairs in grade 3");
    let svc = w.app.service().await;
    let (mut ana, mut abe) = (signed_in(&svc, ANA).await, signed_in(&svc, ABE).await);
    let url = format!("/cycles/{cycle}");
    let read = w.version(cycle);
    let page = ana
        .post(
            &svc,
            &url,
            &[("version", &read), ("objective", "Objective by Ana")],
        )
        .await;
    saved(&svc, &mut ana, page).await;
    let page = abe
        .post(
            &svc,
            &url,
            &[("version", &read), ("objective", "Objective by Abe")],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("Someone else saved this cycle"));
    let row = page
        .body
        .find("<th scope=\"row\">Objective</th>")
        .expect("a row for the objective");
    let rest = &page.body[row..];
    let (theirs, yours) = (
        rest.find("Objective by Ana").unwrap(),
        rest.find("Objective by Abe").unwrap(),
    );
    assert!(theirs < yours, "theirs, then yours");
    assert!(
        page.body.contains("Objective by Abe</textarea>"),
        "the typed value stays in the form"
    );
    let now = w.version(cycle);
    assert!(
        page.body
            .contains(&format!("name=\"version\" value=\"{now}\""))
    );
    assert_eq!(
        pdsa::models::cycle::Cycle::find(&mut w.app.conn(), cycle)
            .unwrap()
            .objective,
        "Objective by Ana",
        "nothing was lost"
    );
    let page = abe
        .post(
            &svc,
            &url,
            &[("version", &now), ("objective", "Objective by Abe")],
        )
        .await;
    saved(&svc, &mut abe, page).await;

    // A move from a stale version is refused too, and shows the cycle as it is now.
    let page = ana
        .post(
            &svc,
            &format!("{url}/status"),
            &[("to", "doing"), ("version", &read)],
        )
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    assert!(page.body.contains("Objective by Abe</textarea>"));
    assert_eq!(w.status(cycle), "planning");
}

#[actix_web::test]
async fn a_stale_aim_or_change_idea_save_shows_their_version_beside_yours() {
    let w = world();
    let idea = w
        .idea(w.driver("Student talk", None).id, "Turn and talk")
        .id;
    let svc = w.app.service().await;
    let (mut ana, mut abe) = (signed_in(&svc, ANA).await, signed_in(&svc, ABE).await);
    let aim = format!("/teams/{}/aim", w.team_a.id);
    let page = ana
        .post(&svc, &aim, &[("statement", "Aim by Ana"), ("version", "0")])
        .await;
    saved(&svc, &mut ana, page).await;
    let page = abe
        .post(&svc, &aim, &[("statement", "Aim by Abe"), ("version", "0")])
        .await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    let (theirs, yours) = (
        page.body.find("Their version (saved, version 1)").unwrap(),
        page.body.find("Your version (not saved)").unwrap(),
    );
    assert!(page.body[theirs..yours].contains("Aim by Ana"));
    assert!(page.body[yours..].contains("Aim by Abe"));
    assert!(page.body.contains("name=\"version\" value=\"1\""));

    let url = format!("/change-ideas/{idea}");
    let driver = pdsa::models::driver::ChangeIdea::find(&mut w.app.conn(), idea)
        .unwrap()
        .driver_id
        .to_string();
    let edit = |title: &'static str| {
        vec![
            ("idea_title", title),
            ("stage", "implementing"),
            ("version", "1"),
        ]
    };
    let mut fields = edit("Turn and talk, daily");
    fields.push(("driver_id", &driver));
    let page = ana.post(&svc, &url, &fields).await;
    saved(&svc, &mut ana, page).await;
    let mut fields = edit("Turn and talk, weekly");
    fields.push(("driver_id", &driver));
    let page = abe.post(&svc, &url, &fields).await;
    assert_eq!(page.status, StatusCode::CONFLICT);
    let theirs = page.body.find("Their version (saved, version 2)").unwrap();
    let yours = page.body.find("Your version (not saved)").unwrap();
    assert!(page.body[theirs..yours].contains("Turn and talk, daily"));
    assert!(page.body[theirs..yours].contains("Implementing"));
    assert!(page.body[yours..].contains("Turn and talk, weekly"));
    assert!(
        page.body
            .contains("<option value=\"implementing\" selected>Implementing</option>")
    );
}
