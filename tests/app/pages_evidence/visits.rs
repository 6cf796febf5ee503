//! "Log a round of visits": one value per classroom saved at once; a bad cell comes back beside
//! the cell with everything typed and nothing saved; saved values are shown and replaced.

use super::{ANA, World, count};
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;

#[actix_web::test]
async fn a_round_of_visits_saves_one_value_per_classroom() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let picker = b.get(&svc, &w.path("visits")).await;
    assert_eq!(picker.status, StatusCode::OK, "{}", picker.body);
    assert!(picker.body.contains(&format!("value=\"{}\"", w.today)));
    assert!(picker.body.contains(">Discourse</option>"));

    let day = w.day(3);
    let grid_path = w.path(&format!("visits?date={day}&measure={}", w.rubric));
    let grid = b.get(&svc, &grid_path).await;
    assert_eq!(grid.status, StatusCode::OK, "{}", grid.body);
    assert_eq!(
        count(&grid.body, "name=\"value_"),
        3 * 5,
        "a blank and four levels a row"
    );
    assert!(
        grid.body.contains("level 4 look-for"),
        "descriptors at hand"
    );
    assert_eq!(count(&grid.body, " autofocus"), 1);
    assert!(
        grid.body.contains("Mr. Okafor"),
        "teachers beside their rooms"
    );

    let [r1, r2, r3] = w.rooms.map(|r| r.to_string());
    let saved = b
        .post(
            &svc,
            &w.path("visits"),
            &[
                ("date", &day),
                ("measure", &w.rubric.to_string()),
                ("cycle", &w.cycle.to_string()),
                ("classroom_0", &r1),
                ("value_0", "3"),
                ("note_0", ""),
                ("classroom_1", &r2),
                ("value_1", "4"),
                ("note_1", "pairs explained their thinking"),
                ("classroom_2", &r3),
                ("value_2", ""),
                ("note_2", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let back = saved.location.unwrap();
    assert!(back.starts_with(&w.path("visits?date=")), "{back}");
    assert_eq!(
        w.observations(),
        vec![
            (w.rooms[0], w.rubric, day.clone(), 3.0, 1),
            (w.rooms[1], w.rubric, day.clone(), 4.0, 1),
        ]
    );
    let shown = b.get(&svc, &back).await;
    assert!(
        shown.body.contains("Saved 2 values of Discourse"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("saved: 4"));
}

#[actix_web::test]
async fn a_bad_cell_comes_back_beside_itself_with_everything_typed_and_nothing_saved() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let [r1, r2, r3] = w.rooms.map(|r| r.to_string());
    let day = w.day(1);
    let refused = b
        .post(
            &svc,
            &w.path("visits"),
            &[
                ("date", &day),
                ("measure", &w.percent.to_string()),
                ("classroom_0", &r1),
                ("value_0", "55.5"),
                ("note_0", "kept note"),
                ("classroom_1", &r2),
                ("value_1", "120"),
                ("note_1", ""),
                ("classroom_2", &r3),
                ("value_2", "abc"),
                ("note_2", "also kept"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &refused.body;
    assert!(
        body.contains("id=\"f-value_1-error\">must be a percentage from 0 to 100</small>"),
        "{body}"
    );
    assert!(body.contains("id=\"f-value_2-error\">must be a number</small>"));
    for kept in [
        "value=\"55.5\"",
        "value=\"120\"",
        "value=\"abc\"",
        "value=\"kept note\"",
        "value=\"also kept\"",
    ] {
        assert!(body.contains(kept), "{kept} kept");
    }
    assert!(
        body.contains("Room 2: must be a percentage"),
        "in the summary too"
    );
    assert!(
        !body.contains("id=\"f-value_0-error\""),
        "the good cell has no message"
    );
    assert!(w.observations().is_empty(), "all or nothing");

    let blank = b
        .post(
            &svc,
            &w.path("visits"),
            &[
                ("date", &day),
                ("measure", &w.percent.to_string()),
                ("classroom_0", &r1),
                ("value_0", " "),
            ],
        )
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("every row was blank"));
}

#[actix_web::test]
async fn a_future_date_or_a_missing_measure_is_named_beside_the_picker() {
    let w = World::new();
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let tomorrow = (w.today + chrono::TimeDelta::days(1)).to_string();
    let page = b
        .get(
            &svc,
            &w.path(&format!("visits?date={tomorrow}&measure={}", w.rubric)),
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.body
            .contains("id=\"f-date-error\">cannot be in the future")
    );
    assert!(
        !page.body.contains("name=\"value_0\""),
        "no grid for a date that cannot be saved"
    );
    let none = b
        .post(&svc, &w.path("visits"), &[("date", &w.day(1))])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        none.body
            .contains("id=\"f-measure-error\">choose a measure")
    );
}

#[actix_web::test]
async fn saved_values_are_filled_in_and_saving_replaces_them() {
    let w = World::new();
    let day = w.day(2);
    w.observe(w.rooms[0], w.rubric, &day, 3.0, "before");
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let grid = b
        .get(
            &svc,
            &w.path(&format!("visits?date={day}&measure={}", w.rubric)),
        )
        .await;
    assert!(
        grid.body.contains("1 value(s) already saved"),
        "{}",
        grid.body
    );
    assert!(grid.body.contains("Saving replaces them"));
    assert!(
        grid.body
            .contains("id=\"f-value_0-3\" name=\"value_0\" value=\"3\" checked autofocus"),
        "Room 1's saved level is chosen: {}",
        grid.body
    );
    assert!(grid.body.contains("value=\"before\""));

    let [r1, r2, _] = w.rooms.map(|r| r.to_string());
    let saved = b
        .post(
            &svc,
            &w.path("visits"),
            &[
                ("date", &day),
                ("measure", &w.rubric.to_string()),
                ("classroom_0", &r1),
                ("value_0", "2"),
                ("note_0", "after"),
                ("classroom_1", &r2),
                ("value_1", "1"),
                ("note_1", ""),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let all = w.observations();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0],
        (w.rooms[0], w.rubric, day.clone(), 2.0, 2),
        "replaced in place"
    );
    let flash = b.get(&svc, saved.location.as_deref().unwrap()).await;
    assert!(flash.body.contains("(1 replaced)"), "{}", flash.body);
}
