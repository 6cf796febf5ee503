//! CSV files: importing observations (a good file; each kind of bad row, named by row and
//! column; nothing written on failure; `replace=true`), and exporting observations and cycles
//! so that a spreadsheet opens them (BOM, header, attachment), de-identified for other teams.

use super::{Setup, cycle, fields, raw};
use crate::support::api;
use actix_web::http::{Method, StatusCode};
use serde_json::{Value, json};

const HEADER: &str = "date,classroom,measure,value,cycle,note";

async fn import<S, B>(svc: &S, s: &Setup, query: &str, file: &str) -> (StatusCode, Value)
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let path = s.a_path(&format!("observations/import{query}"));
    let (status, _, body) = raw(
        svc,
        Method::POST,
        &path,
        Some(&s.a),
        "text/csv",
        file.as_bytes(),
    )
    .await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[actix_web::test]
async fn a_good_file_imports_every_row() {
    let s = Setup::new();
    let c = cycle(&s.app, &s.team_a, "Cycle 1", s.today);
    let svc = s.app.service().await;
    let file = format!(
        "\u{feff}{HEADER}\r\n{},Room 1,Discourse,3,{c},\"calm, focused\"\r\n{},room 1,On task,72.5,,\r\n,,,,,\r\n",
        s.day(2),
        s.day(2)
    );
    let (status, body) = import(&svc, &s, "", &file).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"imported": 2, "replaced": 0}))
    );
    let (_, list) = api(
        &svc,
        Method::GET,
        &s.a_path("observations"),
        Some(&s.a),
        None,
    )
    .await;
    let first = &list["items"][0];
    assert_eq!(
        (first["note"].as_str(), first["cycle_id"].as_i64()),
        (Some("calm, focused"), Some(c.into()))
    );
    assert_eq!(list["items"][1]["value"], 72.5);
}

#[actix_web::test]
async fn every_bad_row_and_column_is_listed_and_nothing_is_imported() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let (ok, _) = import(
        &svc,
        &s,
        "",
        &format!("{HEADER}\n{},Room 1,Discourse,2,,\n", s.day(9)),
    )
    .await;
    assert_eq!(ok, StatusCode::OK);
    let rows = [
        format!("{},Room 1,Discourse,3,,fine", s.day(1)),
        "14/09/2026,Room 1,Discourse,3,,".to_string(),
        format!("{},Room 9,Discourse,3,,", s.day(2)),
        format!("{},Room 1,Dialogue,3,,", s.day(3)),
        format!("{},Room 1,Discourse,5,,", s.day(4)),
        format!("{},Room 1,Discourse,3,4242,", s.day(5)),
        format!("{},Room 1,Discourse,3,,", s.day(9)),
        format!("{},Room 1,Discourse,3", s.day(6)),
        format!("{},Room 1,On task,abc,x,", s.day(-1)),
    ];
    let file = format!("{HEADER}\n{}\n", rows.join("\n"));
    let (status, body) = import(&svc, &s, "", &file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        fields(&body),
        ["row 9"],
        "the file's shape is checked first"
    );
    let rows: Vec<&String> = rows.iter().filter(|r| r.split(',').count() == 6).collect();
    let file = format!(
        "{HEADER}\n{}\n",
        rows.iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let (status, body) = import(&svc, &s, "", &file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        fields(&body),
        [
            "row 3, column date",
            "row 4, column classroom",
            "row 5, column measure",
            "row 6, column value",
            "row 7, column cycle",
            "row 8, column date",
            "row 9, column date",
            "row 9, column value",
            "row 9, column cycle",
        ]
    );
    assert_eq!(
        super::message(&body, "row 7, column cycle"),
        "4242 is not a cycle of this team"
    );
    assert!(super::message(&body, "row 8, column date").contains("already has a value"));
    assert_eq!(
        s.observation_count(),
        1,
        "row 2 was good but nothing was imported"
    );
}

#[actix_web::test]
async fn a_wrong_header_or_an_empty_file_is_refused() {
    let s = Setup::new();
    let svc = s.app.service().await;
    for file in [
        format!(
            "date,room,measure,value,cycle,note\n{},Room 1,Discourse,3,,\n",
            s.day(1)
        ),
        format!(
            "date,classroom,measure,value,cycle\n{},Room 1,Discourse,3,\n",
            s.day(1)
        ),
        format!("{},Room 1,Discourse,3,,\n", s.day(1)),
        String::new(),
    ] {
        let (status, body) = import(&svc, &s, "", &file).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{file}");
        assert_eq!(fields(&body), ["row 1"], "{file}");
    }
    let latin1 = b"date,classroom,measure,value,cycle,note\n2026-01-01,Caf\xe9,Discourse,3,,\n";
    let (status, _, _) = raw(
        &svc,
        Method::POST,
        &s.a_path("observations/import"),
        Some(&s.a),
        "text/csv",
        latin1,
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(s.observation_count(), 0);
}

#[actix_web::test]
async fn replace_overwrites_existing_values() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let file = |v: i32| {
        format!(
            "{HEADER}\n{},Room 1,Discourse,{v},,\n{},Room 1,Discourse,{v},,\n",
            s.day(1),
            s.day(2)
        )
    };
    assert_eq!(import(&svc, &s, "", &file(2)).await.0, StatusCode::OK);
    let (status, _) = import(&svc, &s, "?replace=false", &file(3)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = import(&svc, &s, "?replace=maybe", &file(3)).await;
    assert_eq!(
        (status, fields(&body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["replace".to_string()]
        )
    );
    let (status, body) = import(&svc, &s, "?replace=true", &file(3)).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"imported": 2, "replaced": 2}))
    );
    let (_, list) = api(
        &svc,
        Method::GET,
        &s.a_path("observations"),
        Some(&s.a),
        None,
    )
    .await;
    let got: Vec<(f64, i64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["value"].as_f64().unwrap(), o["version"].as_i64().unwrap()))
        .collect();
    assert_eq!(got, [(3.0, 2), (3.0, 2)]);
    assert_eq!(s.observation_count(), 2);
}

#[actix_web::test]
async fn exports_open_in_a_spreadsheet_and_are_de_identified_for_other_teams() {
    let s = Setup::new();
    let c = cycle(&s.app, &s.team_a, "Talk, then write", s.today);
    let svc = s.app.service().await;
    let file = format!(
        "{HEADER}\n{},Room 1,Discourse,3,{c},ana was brilliant\n{},Room 1,On task,80,,\n",
        s.day(2),
        s.day(1)
    );
    assert_eq!(import(&svc, &s, "", &file).await.0, StatusCode::OK);

    let path = s.a_path("observations.csv");
    let (status, headers, body) =
        raw(&svc, Method::GET, &path, Some(&s.a), "text/plain", b"").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers.get("content-type").unwrap(),
        "text/csv; charset=utf-8"
    );
    let disposition = headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"ashford-team-observations-"),
        "{disposition}"
    );
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with(&format!("\u{feff}{HEADER}\n")), "{text}");
    assert!(
        text.contains(&format!(
            "{},Room 1,Discourse,3,{c},ana was brilliant\n",
            s.day(2)
        )),
        "{text}"
    );
    // What was exported imports back unchanged.
    let (status, body) = import(&svc, &s, "?replace=true", &text).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"imported": 2, "replaced": 2}))
    );

    let (status, _, body) = raw(
        &svc,
        Method::GET,
        &format!("{path}?measure={}", s.rubric),
        Some(&s.b),
        "text/plain",
        b"",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).unwrap();
    assert_eq!(
        text,
        format!("\u{feff}{HEADER}\n{},Room 1,Discourse,3,{c},\n", s.day(2))
    );
    assert!(
        !text.contains("ana"),
        "no teacher and no note for another team"
    );

    let (status, headers, body) = raw(
        &svc,
        Method::GET,
        &s.a_path("cycles.csv"),
        Some(&s.b),
        "text/plain",
        b"",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers
            .get("content-disposition")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("cycles")
    );
    let text = String::from_utf8(body).unwrap();
    let start = s.today.to_string();
    let end = (s.today + chrono::TimeDelta::days(14)).to_string();
    assert_eq!(
        text,
        format!(
            "\u{feff}id,change_idea,title,status,planned_start,planned_end,decision\n{c},Turn and talk,\"Talk, then write\",planning,{start},{end},\n"
        )
    );
}
