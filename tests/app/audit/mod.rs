//! The audit log (issue 12, part 10): each kind of record's changes leave the right entry with
//! the right values before and after, made through the API as people make them; entries share
//! the change's transaction (a rolled-back change leaves none, a change whose entry cannot be
//! written is not made); the filters, paging and page; and no secret ever reaches the log.

mod directory;
mod evidence;
mod log;

use crate::support::api;
use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode};
use serde_json::Value;

/// `GET /api/v1/audit?{query}` as `token`: the items of a 200.
pub async fn entries<S, B>(svc: &S, token: &str, query: &str) -> Vec<Value>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let (status, body) = api(
        svc,
        Method::GET,
        &format!("/api/v1/audit?{query}"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

/// The history of one record, newest first: `(action, before, after)` of each entry.
pub async fn history<S, B>(svc: &S, token: &str, kind: &str, id: i64) -> Vec<(String, Value, Value)>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    entries(svc, token, &format!("kind={kind}&entity_id={id}"))
        .await
        .into_iter()
        .map(|e| {
            assert_eq!(e["entity_kind"], kind, "{e}");
            assert_eq!(e["entity_id"], id, "{e}");
            (
                e["action"].as_str().unwrap_or("").to_string(),
                e["before"].clone(),
                e["after"].clone(),
            )
        })
        .collect()
}

/// The actions of a history, newest first.
pub fn actions(h: &[(String, Value, Value)]) -> Vec<&str> {
    h.iter().map(|(a, _, _)| a.as_str()).collect()
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    k.sort();
    k
}
