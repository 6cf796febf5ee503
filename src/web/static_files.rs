//! The stylesheet, icon and other files under `/static/` (and `/favicon.ico`, which browsers ask
//! for unprompted), served from the copies built into the binary or from `PDSA_ASSET_DIR`.
//!
//! The URLs carry no fingerprint, so they are cached for an hour and then revalidated: the ETag
//! is the content's SHA-256, and a matching `If-None-Match` gets an empty 304. Compression is
//! left to the app's `Compress` middleware, like every other response.

use super::AppState;
use crate::assets::{Assets, StaticFile};
use crate::error::AppError;
use actix_web::http::header::{CacheControl, CacheDirective, ETag, EntityTag, IfNoneMatch};
use actix_web::web::{self, Bytes};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, guard};
use std::borrow::Cow;

/// How long a browser may use a file before asking again; short, because the names do not
/// change when the content does.
const MAX_AGE: u32 = 3600;

/// `/static/{path}` and `/favicon.ico`, answering GET and HEAD (actix sends HEAD's headers
/// without the body). Registered beside the route table, as files rather than pages.
pub fn register(cfg: &mut web::ServiceConfig) {
    let get_or_head = || web::route().guard(guard::Any(guard::Get()).or(guard::Head()));
    cfg.service(web::resource("/static/{path:.*}").route(get_or_head().to(file)))
        .service(web::resource("/favicon.ico").route(get_or_head().to(favicon)));
}

async fn file(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    serve(&state, &req, path.into_inner()).await
}

async fn favicon(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, AppError> {
    serve(&state, &req, "favicon.ico".into()).await
}

/// Looks the file up (on the blocking pool when it comes from disk) and answers it, or the
/// app's 404 page.
async fn serve(
    state: &AppState,
    req: &HttpRequest,
    path: String,
) -> Result<HttpResponse, AppError> {
    let kind = content_type(&path);
    let found = match Assets::of(&state.config) {
        Assets::BuiltIn => Assets::BuiltIn.static_file(&path),
        dir => super::block_in_span(move || dir.static_file(&path)).await?,
    };
    let file = found.ok_or(AppError::NotFound("file"))?;
    Ok(respond(req, kind, file))
}

/// 200 with the file, or 304 when the browser's copy is current; both carry the validator and
/// the caching rule, as a 304 must.
fn respond(req: &HttpRequest, kind: &'static str, file: StaticFile) -> HttpResponse {
    let tag = EntityTag::new_strong(hex(&file.sha256[..16]));
    let fresh = match req.get_header::<IfNoneMatch>() {
        Some(IfNoneMatch::Any) => true,
        Some(IfNoneMatch::Items(tags)) => tags.iter().any(|t| t.weak_eq(&tag)),
        None => false,
    };
    let mut res = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header(ETag(tag))
        .insert_header(CacheControl(vec![
            CacheDirective::Public,
            CacheDirective::MaxAge(MAX_AGE),
        ]));
    if fresh {
        return res.finish();
    }
    res.content_type(kind).body(body(file.bytes))
}

/// Built-in bytes are sent without a copy.
fn body(bytes: Cow<'static, [u8]>) -> Bytes {
    match bytes {
        Cow::Borrowed(b) => Bytes::from_static(b),
        Cow::Owned(v) => Bytes::from(v),
    }
}

/// The media type by extension, for the kinds of file a stylesheet-and-icon folder holds.
fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "png" => "image/png",
        "woff2" => "font/woff2",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_follow_the_extension() {
        assert_eq!(content_type("app.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("icons/logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
