//! The import page (good and bad files, replacing), and the classroom and measure forms with
//! their messages beside the fields.

use super::{ANA, DEE, World};
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;

#[actix_web::test]
async fn a_pasted_csv_file_imports_all_or_nothing() {
    let w = World::new();
    let (d1, d2) = (w.day(6), w.day(5));
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let form = b.get(&svc, &w.path("observations/import")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body
            .contains("date,classroom,measure,value,cycle,note")
    );

    let bad = format!(
        "date,classroom,measure,value,cycle,note\n\
         {d1},Room 1,Discourse,3,,\n\
         {d1},Room 2,Discourse,7,,\n\
         {d1},Room 9,On task,50,,\n"
    );
    let refused = b
        .post(&svc, &w.path("observations/import"), &[("csv", &bad)])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &refused.body;
    assert!(
        body.contains("row 3, column value</th><td>must be a whole number from 1 to 4"),
        "{body}"
    );
    assert!(body.contains("row 4, column classroom</th>"), "{body}");
    assert!(body.contains("Nothing was imported"));
    assert!(
        body.contains("Room 9,On task,50"),
        "the file comes back as pasted"
    );
    assert!(w.observations().is_empty());

    let good = format!(
        "\u{feff}date,classroom,measure,value,cycle,note\n\
         {d1},Room 1,Discourse,3,{},\"calm, on task\"\n\
         {d2},room 2,on task,62.5,,\n",
        w.cycle
    );
    let done = b
        .post(&svc, &w.path("observations/import"), &[("csv", &good)])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert_eq!(w.observations().len(), 2);
    let list = b.get(&svc, done.location.as_deref().unwrap()).await;
    assert!(
        list.body.contains("Imported 2 observations (0 replaced)."),
        "{}",
        list.body
    );
    assert!(list.body.contains("calm, on task"));

    let again = format!("date,classroom,measure,value,cycle,note\n{d1},Room 1,Discourse,4,,\n");
    let exists = b
        .post(&svc, &w.path("observations/import"), &[("csv", &again)])
        .await;
    assert_eq!(exists.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        exists.body.contains("already has a value"),
        "{}",
        exists.body
    );
    let replaced = b
        .post(
            &svc,
            &w.path("observations/import"),
            &[("csv", &again), ("replace", "true")],
        )
        .await;
    assert_eq!(replaced.status, StatusCode::SEE_OTHER);
    assert_eq!(w.observations()[0].3, 4.0);
    assert_eq!(w.observations()[0].4, 2, "the version moves on");
}

#[actix_web::test]
async fn classrooms_are_added_edited_and_kept_when_they_have_observations() {
    let w = World::new();
    w.observe(w.rooms[0], w.rubric, &w.day(1), 2.0, "");
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let add = b
        .post(
            &svc,
            &w.path("classrooms"),
            &[
                ("label", "Room 9"),
                ("teacher_name", "Ms. Lee"),
                ("grade", "8"),
            ],
        )
        .await;
    assert_eq!(add.status, StatusCode::SEE_OTHER, "{}", add.body);
    let taken = b
        .post(
            &svc,
            &w.path("classrooms"),
            &[
                ("label", "room 9"),
                ("teacher_name", "Mr. Typed"),
                ("school_id", "x"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken
            .body
            .contains("id=\"f-school_id-error\">must be a whole number"),
        "{}",
        taken.body
    );
    assert!(
        taken.body.contains("value=\"Mr. Typed\""),
        "typed values kept"
    );
    let taken = b
        .post(&svc, &w.path("classrooms"), &[("label", "room 9")])
        .await;
    assert!(
        taken
            .body
            .contains("id=\"f-label-error\">another classroom of this team has this label"),
        "{}",
        taken.body
    );

    let room2 = w.rooms[1];
    let edit = b
        .get(&svc, &w.path(&format!("classrooms?edit={room2}")))
        .await;
    assert!(
        edit.body
            .contains(&format!("action=\"/classrooms/{room2}\""))
    );
    assert!(edit.body.contains("value=\"Mr. Okafor\""));
    let saved = b
        .post(
            &svc,
            &format!("/classrooms/{room2}"),
            &[("label", "Room 2B"), ("teacher_name", "Mr. Okafor")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let list = b.get(&svc, &w.path("classrooms")).await;
    assert!(list.body.contains("Room 2B"));

    let kept = b
        .post(&svc, &format!("/classrooms/{}/delete", w.rooms[0]), &[])
        .await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        kept.body
            .contains("has 1 observation(s); it cannot be deleted")
    );
    let gone = b
        .post(&svc, &format!("/classrooms/{}/delete", w.rooms[2]), &[])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    let list = b.get(&svc, &w.path("classrooms")).await;
    assert!(!list.body.contains("Room 3"));
}

#[actix_web::test]
async fn a_rubric_is_described_one_level_per_line() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let short = [
        ("name", "Wait time"),
        ("kind", "rubric"),
        ("scale_min", "1"),
        ("scale_max", "3"),
        ("direction", "higher"),
        ("levels", "no wait\n\nthree seconds"),
    ];
    let refused = b.post(&svc, &w.path("measures"), &short).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .body
            .contains("id=\"f-levels-error\">line 2: must not be empty</small>"),
        "{}",
        refused.body
    );
    assert!(
        refused
            .body
            .contains(">no wait\n\nthree seconds</textarea>")
    );

    let mut full = short;
    full[5] = ("levels", "no wait\na second\nthree seconds");
    let made = b.post(&svc, &w.path("measures"), &full).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = b.get(&svc, made.location.as_deref().unwrap()).await;
    assert!(page.body.contains("Wait time added."));
    assert!(
        page.body.contains("<dt>2</dt><dd>a second</dd>"),
        "{}",
        page.body
    );

    let taken = b
        .post(
            &svc,
            &w.path("measures"),
            &[
                ("name", "discourse"),
                ("kind", "count"),
                ("direction", "lower"),
            ],
        )
        .await;
    assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        taken
            .body
            .contains("id=\"f-name-error\">is the name of one of the year&#x27;s shared measures"),
        "{}",
        taken.body
    );

    // A shared measure with observations keeps its scale.
    w.observe(w.rooms[0], w.rubric, &w.day(1), 4.0, "");
    let mut dee = signed_in(&svc, DEE).await;
    let locked = dee
        .post(
            &svc,
            &format!("/measures/{}", w.rubric),
            &[
                ("name", "Discourse"),
                ("kind", "rubric"),
                ("scale_min", "1"),
                ("scale_max", "3"),
                ("direction", "higher"),
                ("levels", "a\nb\nc"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(locked.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        locked
            .body
            .contains("id=\"f-scale_max-error\">cannot change once observations use this measure")
    );
    assert!(
        locked.body.contains("Shared measures"),
        "back on the year's page"
    );
    let member = b
        .post(&svc, &format!("/measures/{}", w.rubric), &[("name", "x")])
        .await;
    assert_eq!(
        member.status,
        StatusCode::FORBIDDEN,
        "shared measures are the directors'"
    );
    let shared = dee
        .post(
            &svc,
            &format!("/years/{}/measures", w.year.id),
            &[
                ("name", "Exit tickets"),
                ("kind", "count"),
                ("direction", "higher"),
            ],
        )
        .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.body);
    let team_page = b.get(&svc, &w.path("measures")).await;
    assert!(team_page.body.contains("Exit tickets"));
}
