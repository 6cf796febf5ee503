//! The observations list: filters narrow it, newest first; the CSV file; a stale edit shows both
//! values (409); deleting.

use super::{ANA, World, count};
use crate::fixtures::signed_in;
use actix_web::http::StatusCode;

/// Rows of the list as the team's member sees them (each has a delete form).
fn rows(body: &str) -> usize {
    count(body, "/delete\" class=\"inline\"")
}

#[actix_web::test]
async fn filters_narrow_the_list_newest_first() {
    let w = World::new();
    let (old, new) = (w.day(10), w.day(2));
    w.observe(w.rooms[0], w.rubric, &old, 3.0, "");
    w.observe(w.rooms[1], w.rubric, &new, 2.0, "");
    let tied = w.observe(w.rooms[0], w.percent, &new, 80.0, "");
    {
        use diesel::prelude::*;
        use pdsa::db::schema::observations::dsl as o;
        diesel::update(o::observations.find(tied))
            .set(o::cycle_id.eq(Some(w.cycle)))
            .execute(&mut w.app.conn())
            .unwrap();
    }
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let all = b.get(&svc, &w.path("observations")).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(rows(&all.body), 3);
    assert!(all.body.contains(">80%</td>"));
    let newest = all.body.find(&format!("datetime=\"{new}\"")).unwrap();
    let oldest = all.body.find(&format!("datetime=\"{old}\"")).unwrap();
    assert!(newest < oldest, "newest first");

    let cases = [
        (format!("measure={}", w.percent), 1),
        (format!("classroom={}", w.rooms[1]), 1),
        (format!("from={new}&to={new}"), 2),
        (format!("to={old}"), 1),
        (format!("cycle={}", w.cycle), 1),
        (format!("measure={}&classroom={}", w.rubric, w.rooms[0]), 1),
    ];
    for (query, expected) in cases {
        let page = b.get(&svc, &w.path(&format!("observations?{query}"))).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(rows(&page.body), expected, "{query}");
        assert!(page.body.contains("Clear the filters"), "{query}");
        // As handlebars writes an attribute: `&` and `=` escaped.
        let query = query.replace('&', "&amp;").replace('=', "&#x3D;");
        let csv = format!("observations.csv?{query}");
        assert!(
            page.body.contains(&csv),
            "the file follows the filters: {query}"
        );
    }

    let bad = b.get(&svc, &w.path("observations?from=soon")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("must be a date (YYYY-MM-DD)"));
}

#[actix_web::test]
async fn the_csv_file_is_the_filtered_list_in_the_import_shape() {
    let w = World::new();
    let day = w.day(4);
    w.observe(w.rooms[0], w.rubric, &day, 3.0, "quiet, focused");
    w.observe(w.rooms[1], w.percent, &day, 62.5, "");
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let file = b
        .get(
            &svc,
            &w.path(&format!("observations.csv?measure={}", w.rubric)),
        )
        .await;
    assert_eq!(file.status, StatusCode::OK);
    assert!(
        file.body
            .starts_with("\u{feff}date,classroom,measure,value,cycle,note"),
        "{}",
        file.body
    );
    assert!(
        file.body
            .contains(&format!("{day},Room 1,Discourse,3,,\"quiet, focused\""))
    );
    assert!(!file.body.contains("On task"), "filtered");
}

#[actix_web::test]
async fn a_stale_edit_shows_their_value_beside_yours_and_saving_again_overwrites() {
    let w = World::new();
    let day = w.day(5);
    let id = w.observe(w.rooms[0], w.rubric, &day, 3.0, "first look");
    let svc = w.app.service().await;
    let mut b = signed_in(&svc, ANA).await;
    let form = b
        .get(&svc, &w.path(&format!("observations?edit={id}")))
        .await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("name=\"version\" value=\"1\""),
        "{}",
        form.body
    );

    // Someone else saves first.
    let mut other = signed_in(&svc, ANA).await;
    let theirs = other
        .post(
            &svc,
            &format!("/observations/{id}"),
            &[
                ("version", "1"),
                ("date", &day),
                ("value", "4"),
                ("note", "by someone else"),
            ],
        )
        .await;
    assert_eq!(theirs.status, StatusCode::SEE_OTHER, "{}", theirs.body);

    let stale = b
        .post(
            &svc,
            &format!("/observations/{id}"),
            &[
                ("version", "1"),
                ("date", &day),
                ("value", "2"),
                ("note", "mine"),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.body);
    let body = &stale.body;
    assert!(body.contains("Their version (saved, version 2)"), "{body}");
    assert!(body.contains("by someone else"));
    assert!(body.contains("Your version (not saved)"));
    assert!(
        body.contains("<dt>Value</dt><dd>2</dd>"),
        "yours beside theirs"
    );
    assert!(
        body.contains("name=\"version\" value=\"2\""),
        "the form moves on"
    );
    assert_eq!(w.observations()[0].3, 4.0, "theirs is kept");

    let again = b
        .post(
            &svc,
            &format!("/observations/{id}"),
            &[
                ("version", "2"),
                ("date", &day),
                ("value", "2"),
                ("note", "mine"),
            ],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(w.observations()[0].3, 2.0);

    let bad = b
        .post(
            &svc,
            &format!("/observations/{id}"),
            &[("version", "3"), ("date", &day), ("value", "9")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("id=\"f-value-error\">must be a whole number from 1 to 4")
    );

    let gone = b
        .post(&svc, &format!("/observations/{id}/delete"), &[("back", "")])
        .await;
    assert_eq!(gone.status, StatusCode::SEE_OTHER);
    assert!(w.observations().is_empty());
}
