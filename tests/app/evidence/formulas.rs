//! Formula injection: every export (the API's observations file in full and de-identified, the
//! page's download, the cycles file) writes a text cell that a spreadsheet would run — starting
//! with `=`, `+`, `-` or `@` — with a leading `'`, keeps numbers as numbers, and the importer
//! takes the `'` off again so that the export imports back unchanged.

use super::{Setup, classroom, cycle, plain, raw, shared_measure};
use crate::support::Browser;
use actix_web::http::{Method, StatusCode};
use pdsa::domain::measure::MeasureKind;
use serde_json::{Value, json};

const HEADER: &str = "date,classroom,measure,value,cycle,note";
const ROOM: &str = "=HYPERLINK(\"http://evil.example\")";
const MEASURE: &str = "+Minutes on task";
const NOTE: &str = "-2+3 students joined in";
const TITLE: &str = "@SUM(A1) and talk";
const IDEA: &str = "=1+1";

/// A CSV field as a person's file would hold it (quoted, quotes doubled).
fn quoted(cell: &str) -> String {
    format!("\"{}\"", cell.replace('"', "\"\""))
}

/// The rows of a CSV file after its header, the BOM dropped.
fn rows(file: &[u8]) -> Vec<Vec<String>> {
    let text = String::from_utf8(file.to_vec()).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap();
    csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Team A with a classroom, a measure, a cycle and its change idea all named like formulas,
/// and one observation imported with a note like one; the cycle's id.
async fn setup<S, B>(svc: &S, s: &Setup) -> i32
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    use diesel::prelude::*;
    use pdsa::db::schema::{change_ideas, cycles};
    classroom(&s.app, &s.team_a, ROOM, Some(s.member_a), Some(s.school_a));
    shared_measure(&s.app, &s.year, MEASURE, plain(MeasureKind::Count));
    let c = cycle(&s.app, &s.team_a, TITLE, s.today);
    let idea: i32 = cycles::table
        .find(c)
        .select(cycles::change_idea_id)
        .first(&mut s.app.conn())
        .unwrap();
    diesel::update(change_ideas::table.find(idea))
        .set(change_ideas::title.eq(IDEA))
        .execute(&mut s.app.conn())
        .unwrap();
    let file = format!(
        "{HEADER}\n{},{},{},3,{c},{}\n",
        s.day(2),
        quoted(ROOM),
        quoted(MEASURE),
        quoted(NOTE)
    );
    assert_eq!(import(svc, s, "", &file).await.0, StatusCode::OK);
    c
}

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

async fn get<S, B>(svc: &S, path: &str, token: &str) -> Vec<u8>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    let (status, _, body) = raw(svc, Method::GET, path, Some(token), "text/plain", b"").await;
    assert_eq!(status, StatusCode::OK, "{path}");
    body
}

#[actix_web::test]
async fn the_observations_export_neutralises_formulas_and_imports_back_unchanged() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let c = setup(&svc, &s).await;
    let file = get(&svc, &s.a_path("observations.csv"), &s.a).await;
    let want = [
        s.day(2),
        format!("'{ROOM}"),
        format!("'{MEASURE}"),
        "3".to_string(),
        c.to_string(),
        format!("'{NOTE}"),
    ];
    assert_eq!(rows(&file), [want]);

    let text = String::from_utf8(file).unwrap();
    let (status, body) = import(&svc, &s, "?replace=true", &text).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"imported": 1, "replaced": 1}))
    );
    let (_, list) = crate::support::api(
        &svc,
        Method::GET,
        &s.a_path("observations"),
        Some(&s.a),
        None,
    )
    .await;
    let o = &list["items"][0];
    assert_eq!(
        (
            o["note"].as_str(),
            o["value"].as_f64(),
            list["items"][1].is_null()
        ),
        (Some(NOTE), Some(3.0), true),
        "the quote came off and nothing else changed: {list}"
    );
    assert_eq!(
        get(&svc, &s.a_path("observations.csv"), &s.a).await,
        text.as_bytes()
    );
}

#[actix_web::test]
async fn the_de_identified_export_and_the_page_download_are_neutralised_too() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let c = setup(&svc, &s).await;
    let other = get(&svc, &s.a_path("observations.csv"), &s.b).await;
    let row = [
        s.day(2),
        format!("'{ROOM}"),
        format!("'{MEASURE}"),
        "3".to_string(),
        c.to_string(),
    ];
    let mut de_identified = row.to_vec();
    de_identified.push(String::new());
    assert_eq!(rows(&other), [de_identified]);

    let mut browser = Browser::new();
    browser.sign_in(&svc, "ana@ashford.org").await;
    let page = browser
        .get(&svc, &format!("/teams/{}/observations.csv", s.team_a.id))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    let mut full = row.to_vec();
    full.push(format!("'{NOTE}"));
    assert_eq!(rows(page.body.as_bytes()), [full]);
}

#[actix_web::test]
async fn the_cycles_export_neutralises_titles_and_change_ideas() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let c = setup(&svc, &s).await;
    for token in [&s.a, &s.b] {
        let file = get(&svc, &s.a_path("cycles.csv"), token).await;
        let end = s.today + chrono::TimeDelta::days(14);
        let want = [
            c.to_string(),
            format!("'{IDEA}"),
            format!("'{TITLE}"),
            "planning".to_string(),
            s.today.to_string(),
            end.to_string(),
            String::new(),
        ];
        assert_eq!(rows(&file), [want]);
    }
}

#[actix_web::test]
async fn a_quote_a_person_typed_before_a_plain_word_is_kept() {
    let s = Setup::new();
    let svc = s.app.service().await;
    let file = format!(
        "{HEADER}\n{},Room 1,Discourse,3,,'tis fine\n{},'Room 1,Discourse,2,,\n",
        s.day(2),
        s.day(3)
    );
    let (status, body) = import(&svc, &s, "", &file).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        super::fields(&body),
        ["row 3, column classroom"],
        "'Room 1 is not Room 1: only a quote before a formula character comes off"
    );
    let file = format!("{HEADER}\n{},Room 1,Discourse,3,,'tis fine\n", s.day(2));
    assert_eq!(import(&svc, &s, "", &file).await.0, StatusCode::OK);
    let text = get(&svc, &s.a_path("observations.csv"), &s.a).await;
    assert_eq!(rows(&text)[0][5], "'tis fine");
}
