//! Ramps: starting the next cycle from a decided one, the ramp listed in order, and a change
//! idea with a thousand cycles listed whole and page by page.

use super::*;
use pdsa::db::schema::{cycle_questions, cycles};

#[actix_web::test]
async fn the_next_cycle_follows_an_adopt_or_adapt_decision_on_the_same_change_idea() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    let first = new_cycle(&svc, &w, idea, &w.a).await;
    let next_of = |c: &Value| format!("/api/v1/cycles/{}/next", id(c));
    let (s, e) = post(
        &svc,
        &next_of(&first),
        &w.a,
        json!({"version": first["version"]}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["status", "act_decision"]));

    let abandoned = to_acting(&svc, &w.a, new_cycle(&svc, &w, idea, &w.a).await, "abandon").await;
    let (s, e) = post(
        &svc,
        &next_of(&abandoned),
        &w.a,
        json!({"version": abandoned["version"]}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["act_decision"]));

    let acting = to_acting(&svc, &w.a, first, "adapt").await;
    let (s, e) = post(&svc, &next_of(&acting), &w.a, json!({"version": 1})).await;
    assert_eq!(
        (s, &e["current"]["id"]),
        (StatusCode::CONFLICT, &json!(id(&acting)))
    );
    let (s, e) = post(
        &svc,
        &next_of(&acting),
        &w.a,
        json!({"version": acting["version"], "planned_start": "2026-11-01", "planned_end": "2026-10-01"}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["planned_end"]));
    let (s, second) = post(
        &svc,
        &next_of(&acting),
        &w.a,
        json!({"version": acting["version"]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{second}");
    assert_eq!(
        (
            &second["status"],
            &second["change_idea_id"],
            &second["title"]
        ),
        (
            &json!("planning"),
            &json!(idea),
            &json!("Turn and talk (cycle 3)")
        )
    );
    // Same plan, dates following on, questions kept with predictions left to write.
    assert_eq!(
        (&second["planned_start"], &second["planned_end"]),
        (&json!("2026-10-24"), &json!("2026-11-11"))
    );
    assert_eq!(
        second["questions"][0]["question"],
        "Will more students speak?"
    );
    assert_eq!(second["questions"][0]["prediction"], "");
    assert_eq!(second["measures"][0]["id"], json!(w.shared_measure));
    let (_, before) = get(&svc, &format!("/api/v1/cycles/{}", id(&acting)), &w.a).await;
    assert_eq!(before["next_cycle_id"], json!(id(&second)));
    assert_eq!(before["version"], acting["version"].as_i64().unwrap() + 1);
    let (s, e) = post(
        &svc,
        &next_of(&before),
        &w.a,
        json!({"version": before["version"]}),
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["next_cycle_id"]));

    // From a closed cycle too, and the ramp lists in order of planned start.
    let predicted =
        json!({"questions": [{"question": "Will more students speak?", "prediction": "Most"}]});
    let (_, second) = edit(&svc, &w.a, &second, predicted).await;
    let (_, closed) = move_to(
        &svc,
        &w.a,
        &to_acting(&svc, &w.a, second, "adopt").await,
        "closed",
    )
    .await;
    let (s, third) = post(
        &svc,
        &next_of(&closed),
        &w.a,
        json!({"version": closed["version"], "title": "Whole grade"}),
    )
    .await;
    assert_eq!(
        (s, &third["title"]),
        (StatusCode::CREATED, &json!("Whole grade"))
    );
    let (_, ramp) = get(&svc, &format!("/api/v1/change-ideas/{idea}/cycles"), &w.fac).await;
    let order: Vec<i64> = ramp["items"].as_array().unwrap().iter().map(id).collect();
    // The first and the abandoned cycle start the same day: id decides.
    assert_eq!(
        order,
        [id(&acting), id(&abandoned), id(&closed), id(&third)]
    );
    let (_, idea_now) = get(&svc, &format!("/api/v1/change-ideas/{idea}"), &w.a).await;
    assert_eq!(
        (&idea_now["stage"], &idea_now["cycle_count"]),
        (&json!("testing"), &json!(4))
    );
}

/// Adds `n` cycles to change idea `idea` of `team` straight into the tables, each with one
/// question and the measure watched, dates spread so the ramp order differs from id order.
fn many_cycles(w: &World, team: i32, idea: i64, n: usize) {
    let mut conn = w.app.conn();
    conn.transaction::<_, diesel::result::Error, _>(|c| insert_cycles(c, w, team, idea, n))
        .unwrap();
}

fn insert_cycles(
    c: &mut pdsa::db::DbConn,
    w: &World,
    team: i32,
    idea: i64,
    n: usize,
) -> QueryResult<()> {
    let now = pdsa::models::now();
    let base = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    for i in 0..n {
        let start = base + chrono::TimeDelta::days(((i * 7919) % 300) as i64);
        diesel::insert_into(cycles::table)
            .values((
                cycles::team_id.eq(team),
                cycles::change_idea_id.eq(idea as i32),
                cycles::title.eq(format!("Cycle {i}")),
                cycles::planned_start.eq(start),
                cycles::planned_end.eq(start + chrono::TimeDelta::days(14)),
                cycles::created_at.eq(now),
                cycles::updated_at.eq(now),
            ))
            .execute(c)?;
    }
    let ids: Vec<i32> = cycles::table
        .filter(cycles::change_idea_id.eq(idea as i32))
        .select(cycles::id)
        .load(c)?;
    for cycle in ids {
        diesel::insert_into(cycle_questions::table)
            .values((
                cycle_questions::cycle_id.eq(cycle),
                cycle_questions::position.eq(0),
                cycle_questions::question.eq(format!("Question of {cycle}")),
            ))
            .execute(c)?;
        diesel::insert_into(pdsa::db::schema::cycle_measures::table)
            .values((
                pdsa::db::schema::cycle_measures::cycle_id.eq(cycle),
                pdsa::db::schema::cycle_measures::measure_id.eq(w.shared_measure),
            ))
            .execute(c)?;
    }
    Ok(())
}

#[actix_web::test]
async fn a_change_idea_with_a_thousand_cycles_lists_them_all() {
    let w = world();
    let svc = w.app.service().await;
    let (_, idea) = idea_of(&svc, w.team_a, &w.a).await;
    many_cycles(&w, w.team_a, idea, 1000);
    let path = format!("/api/v1/change-ideas/{idea}/cycles");
    let (s, all) = get(&svc, &format!("{path}?limit=1000"), &w.a).await;
    assert_eq!(s, StatusCode::OK);
    let items = all["items"].as_array().unwrap();
    assert_eq!((items.len(), &all["next"]), (1000, &Value::Null));
    for item in items {
        let q = format!("Question of {}", id(item));
        assert_eq!(
            item["questions"][0]["question"],
            json!(q),
            "each cycle carries its own question"
        );
        assert_eq!(item["measures"][0]["name"], "Student discourse");
    }
    let starts: Vec<&str> = items
        .iter()
        .map(|i| i["planned_start"].as_str().unwrap())
        .collect();
    assert!(
        starts.windows(2).all(|p| p[0] <= p[1]),
        "ramp order is by planned start"
    );

    // Page by page (default 100): the same thousand, in the same order, none twice.
    let mut seen = Vec::new();
    let mut url = path.clone();
    loop {
        let (s, page) = get(&svc, &url, &w.a).await;
        assert_eq!(s, StatusCode::OK);
        let page_items = page["items"].as_array().unwrap();
        assert!(page_items.len() <= 100);
        seen.extend(page_items.iter().map(id));
        match page["next"].as_str() {
            Some(after) => url = format!("{path}?after={after}"),
            None => break,
        }
    }
    let whole: Vec<i64> = items.iter().map(id).collect();
    assert_eq!(seen, whole);
    let (s, _) = get(&svc, &format!("{path}?limit=1001"), &w.a).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);

    let (_, by_team) = get(
        &svc,
        &format!(
            "/api/v1/teams/{}/cycles?status=planning&limit=1000",
            w.team_a
        ),
        &w.a,
    )
    .await;
    assert_eq!(by_team["items"].as_array().unwrap().len(), 1000);
    let (_, none) = get(
        &svc,
        &format!("/api/v1/teams/{}/cycles?status=closed", w.team_a),
        &w.a,
    )
    .await;
    assert_eq!(none["items"], json!([]));
    let (s, e) = get(
        &svc,
        &format!("/api/v1/teams/{}/cycles?status=done", w.team_a),
        &w.a,
    )
    .await;
    assert_eq!((s, fields(&e)), refused(&["status"]));
}
