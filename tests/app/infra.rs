//! The promises around the code: migrations, the schema, configuration documents, the route
//! table and the OpenAPI document, the health check and the error shapes.

use crate::support::{TestApp, api};
use actix_web::http::{Method, StatusCode};
use diesel::prelude::*;
use pdsa::db::schema::*;

#[test]
fn migrations_apply_to_an_empty_database_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("fresh.db").to_string_lossy().to_string();
    let pool = pdsa::db::connect(&url, 1).unwrap();
    let mut conn = pool.get().unwrap();
    assert!(pdsa::db::migrate(&mut conn).unwrap() >= 1);
    assert_eq!(
        pdsa::db::migrate(&mut conn).unwrap(),
        0,
        "nothing left to apply"
    );
}

#[test]
fn a_missing_data_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir
        .path()
        .join("nested/deeper/pdsa.db")
        .to_string_lossy()
        .to_string();
    let pool = pdsa::db::connect(&url, 1).unwrap();
    pdsa::db::migrate(&mut pool.get().unwrap()).unwrap();
    assert!(dir.path().join("nested/deeper/pdsa.db").exists());
}

/// Every table's columns as diesel knows them are selectable from the migrated database: a
/// column missing from a migration, or typed differently, fails here.
#[test]
fn schema_matches_migrations() {
    let app = TestApp::with_demo();
    let c = &mut app.conn();
    assert!(
        collectives::table
            .select(collectives::all_columns)
            .load::<(
                i32,
                String,
                String,
                chrono::NaiveTime,
                chrono::NaiveTime,
                chrono::NaiveTime,
                i64,
                bool,
                String,
                chrono::NaiveTime,
            )>(c)
            .unwrap()
            .len()
            == 1
    );
    program_years::table
        .select(program_years::all_columns)
        .load::<(i32, i32, String, chrono::NaiveDate, chrono::NaiveDate)>(c)
        .unwrap();
    districts::table
        .select(districts::all_columns)
        .load::<(i32, String)>(c)
        .unwrap();
    schools::table
        .select(schools::all_columns)
        .load::<(i32, i32, String)>(c)
        .unwrap();
    memberships::table
        .select(memberships::all_columns)
        .load::<(i32, i32, i32, i64, i64, i32, Option<chrono::NaiveDateTime>)>(c)
        .unwrap();
    people::table
        .select(people::all_columns)
        .load::<(
            i32,
            String,
            String,
            Option<String>,
            String,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
        )>(c)
        .unwrap();
    api_tokens::table
        .select(api_tokens::all_columns)
        .load::<(
            i32,
            i32,
            String,
            String,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
            Option<String>,
        )>(c)
        .unwrap();
    sessions::table
        .select(sessions::all_columns)
        .load::<(
            i32,
            i32,
            String,
            String,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            String,
            String,
        )>(c)
        .unwrap();
    teams::table
        .select(teams::all_columns)
        .load::<(i32, i32, i32, String)>(c)
        .unwrap();
    team_members::table
        .select(team_members::all_columns)
        .load::<(i32, i32, i32, i32, String, Option<i32>)>(c)
        .unwrap();
    convenings::table
        .select(convenings::all_columns)
        .load::<(
            i32,
            i32,
            i32,
            chrono::NaiveDate,
            i32,
            String,
            chrono::NaiveTime,
            chrono::NaiveTime,
            chrono::NaiveTime,
            i64,
            i32,
            i32,
            Option<chrono::NaiveDateTime>,
        )>(c)
        .unwrap();
    agenda_items::table
        .select(agenda_items::all_columns)
        .load::<(i32, i32, chrono::NaiveTime, i32, String, String)>(c)
        .unwrap();
    readings::table
        .select(readings::all_columns)
        .load::<(i32, i32, String, Option<String>, Option<String>)>(c)
        .unwrap();
    attendances::table
        .select(attendances::all_columns)
        .load::<(i32, i32, i32, String, chrono::NaiveDateTime)>(c)
        .unwrap();
    meetings::table
        .select(meetings::all_columns)
        .load::<(
            i32,
            i32,
            i32,
            String,
            String,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            String,
            String,
            String,
            String,
            i32,
            i32,
            Option<chrono::NaiveDateTime>,
        )>(c)
        .unwrap();
    meeting_facilitators::table
        .select(meeting_facilitators::all_columns)
        .load::<(i32, i32)>(c)
        .unwrap();
    action_items::table
        .select(action_items::all_columns)
        .load::<(
            i32,
            i32,
            String,
            Option<i32>,
            Option<chrono::NaiveDate>,
            bool,
        )>(c)
        .unwrap();
    mail_prefs::table
        .select(mail_prefs::all_columns)
        .load::<(i32, bool, String, String, chrono::NaiveDateTime)>(c)
        .unwrap();
    account_links::table
        .select(account_links::all_columns)
        .load::<(
            i32,
            i32,
            String,
            String,
            chrono::NaiveDateTime,
            chrono::NaiveDateTime,
            Option<chrono::NaiveDateTime>,
        )>(c)
        .unwrap();
    outbox::table
        .select(outbox::all_columns)
        .load::<pdsa::models::outbox::OutboxRow>(c)
        .unwrap();
}

#[test]
fn env_example_and_readme_list_every_variable_with_its_default() {
    let root = env!("CARGO_MANIFEST_DIR");
    let example = std::fs::read_to_string(format!("{root}/.env.example")).unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let listed: Vec<(String, String)> = example
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains('='))
        .map(|l| {
            let (k, v) = l.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect();
    let code: Vec<(String, String)> = pdsa::config::VARIABLES
        .iter()
        .map(|v| (v.name.to_string(), v.default.to_string()))
        .collect();
    assert_eq!(
        listed, code,
        ".env.example must list every variable with its default, in order"
    );
    for v in pdsa::config::VARIABLES {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", v.name)));
        let row = row.unwrap_or_else(|| panic!("README has no row for {}", v.name));
        let shown = if v.default.is_empty() {
            "*(unset)*".to_string()
        } else {
            format!("`{}`", v.default)
        };
        assert!(
            row.contains(&shown),
            "README row for {} should show {shown}",
            v.name
        );
    }
}

#[test]
fn readme_starts_with_the_run_and_test_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```sh\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().trim())
        .collect();
    assert_eq!(blocks[0], "cargo run --release");
    assert_eq!(blocks[1], "cargo test");
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == blocks[1]),
        ".ci/run runs the README's test command"
    );
}

#[test]
fn every_route_is_registered_once() {
    let rows = pdsa::web::routes::all();
    let mut seen = std::collections::HashSet::new();
    for r in &rows {
        assert!(
            seen.insert((r.method.clone(), r.path)),
            "{} {} is in the table twice",
            r.method,
            r.path
        );
    }
}

#[test]
fn every_api_route_is_in_the_openapi_document() {
    let doc = serde_json::to_value(pdsa::web::openapi::document_json()).unwrap();
    for r in pdsa::web::routes::all()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
    {
        let method = r.method.as_str().to_lowercase();
        assert!(
            doc["paths"][r.path][&method].is_object(),
            "{} {} is served but missing from /api/openapi.json",
            r.method,
            r.path
        );
    }
}

/// The keys of an OpenAPI path item that hold operations.
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// OpenAPI requires every operationId to be unique: client generators name their methods by it.
#[test]
fn every_openapi_operation_id_is_unique() {
    let doc = serde_json::to_value(pdsa::web::openapi::document_json()).unwrap();
    let mut seen = std::collections::HashMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let operations = item.as_object().unwrap().iter();
        for (method, op) in operations.filter(|(m, _)| HTTP_METHODS.contains(&m.as_str())) {
            let Some(id) = op.get("operationId").and_then(|v| v.as_str()) else {
                panic!("{method} {path} has no operationId");
            };
            if let Some(first) = seen.insert(id.to_string(), format!("{method} {path}")) {
                panic!("operationId {id} is used by {first} and by {method} {path}");
            }
        }
    }
    assert!(seen.len() > 40, "only {} operations found", seen.len());
}

#[actix_web::test]
async fn health_openapi_and_unknown_paths() {
    let app = TestApp::new();
    let svc = app.service().await;
    let (status, body) = api(&svc, Method::GET, "/healthz", None, None).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (StatusCode::OK, Some("ok"))
    );
    let (status, body) = api(&svc, Method::GET, "/api/openapi.json", None, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["openapi"].as_str().unwrap().starts_with("3."));
    let (status, body) = api(&svc, Method::GET, "/api/v1/nothing-here", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body["errors"][0]["message"].is_string(),
        "API errors are JSON: {body}"
    );
    let (status, _) = api(&svc, Method::GET, "/nothing-here", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
