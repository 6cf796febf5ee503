//! Body limits, one per kind of body, applied here before anything reads a body: the CSRF
//! guard, the saved-form keeper and every extractor come after this middleware, so none of them
//! can refuse a body under a smaller default of its own (actix reads bodies under 256 KiB unless
//! told otherwise, which once turned a pasted CSV file into a bare 413). A body over its limit
//! is refused with a 413 that says the limit: the API's JSON error, or for a page the error page
//! in the site's layout (`errors::html_errors`), which tells the person that what they typed is
//! still in the browser.

use crate::error::AppError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::Next;
use actix_web::web;

/// A JSON body of the API other than a bulk import: a cycle, a plan, a series to chart.
pub const API_JSON: usize = 2 << 20;

/// A bulk import of observations to the API, as a CSV file or a JSON list: a whole year of a
/// team's observations fits many times over.
pub const API_BULK: usize = 8 << 20;

/// A page's form. The CSV import page promises [`PASTED_CSV`] of text; a form is sent
/// percent-encoded, which at worst triples its size (every byte of a non-ASCII letter becomes
/// `%XX`), so the form limit leaves room for that.
pub const FORM: usize = 4 << 20;

/// The text a person may paste into the CSV import page.
pub const PASTED_CSV: usize = 1 << 20;

/// The largest of the limits: what the extractors are configured with, so that the kind's own
/// limit, checked here first, is the one that applies.
pub const LARGEST: usize = API_BULK;

/// The kind of body a request carries, by where it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JSON to `/api/`.
    ApiJson,
    /// Observations in bulk to the API (`…/observations/import`, `…/observations/bulk`).
    ApiBulk,
    /// A page's form.
    Form,
}

impl Kind {
    /// The kind of a request's body, from its path.
    pub fn of(path: &str) -> Kind {
        if !path.starts_with("/api/") {
            Kind::Form
        } else if path.ends_with("/observations/import") || path.ends_with("/observations/bulk") {
            Kind::ApiBulk
        } else {
            Kind::ApiJson
        }
    }

    /// The most bytes a body of this kind may have.
    pub fn limit(self) -> usize {
        match self {
            Kind::ApiJson => API_JSON,
            Kind::ApiBulk => API_BULK,
            Kind::Form => FORM,
        }
    }

    /// The 413 for a body over the limit.
    fn refusal(self) -> AppError {
        let mib = self.limit() >> 20;
        AppError::TooLarge(match self {
            Kind::Form => format!(
                "The form is larger than {mib} MiB, so nothing was saved. Go back: your browser \
                 still holds what you typed or pasted; send it in smaller parts."
            ),
            Kind::ApiJson => format!("the body is larger than {mib} MiB"),
            Kind::ApiBulk => format!("the body is larger than {mib} MiB; send it in smaller parts"),
        })
    }
}

/// The middleware body: a declared length over the limit is refused before a byte is read; a
/// body of unknown length (chunked) is read up to the limit and handed on.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let kind = Kind::of(req.path());
    match declared_length(&req) {
        Some(n) if n > kind.limit() => return refuse(req, kind),
        Some(_) => {}
        // Without a declared length (chunked, or HTTP/2) only reading tells; a safe method's
        // body is never read by anyone, so it is left alone.
        None if !req.method().is_safe() => {
            let payload = req.extract::<web::Payload>().await?;
            match payload.to_bytes_limited(kind.limit()).await {
                Ok(Ok(bytes)) => req.set_payload(super::csrf::bytes_payload(bytes)),
                Ok(Err(e)) => return Err(e),
                Err(_) => return refuse(req, kind),
            }
        }
        None => {}
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

fn refuse<B>(
    req: ServiceRequest,
    kind: Kind,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    Ok(req.error_response(kind.refusal()).map_into_right_body())
}

/// The `Content-Length` the client declared, if any (one that cannot be read counts as over
/// every limit: actix itself refuses such a request before it gets here).
fn declared_length(req: &ServiceRequest) -> Option<usize> {
    let value = req.headers().get(header::CONTENT_LENGTH)?;
    Some(
        value
            .to_str()
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(usize::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_limit() {
        assert_eq!(Kind::of("/teams/3/observations/import"), Kind::Form);
        assert_eq!(
            Kind::of("/api/v1/teams/3/observations/import"),
            Kind::ApiBulk
        );
        assert_eq!(Kind::of("/api/v1/teams/3/observations/bulk"), Kind::ApiBulk);
        assert_eq!(Kind::of("/api/v1/teams/3/cycles"), Kind::ApiJson);
        assert!(
            Kind::Form.limit() >= 3 * PASTED_CSV,
            "room for percent-encoding"
        );
        assert!(
            [Kind::ApiJson, Kind::ApiBulk, Kind::Form]
                .iter()
                .all(|k| k.limit() <= LARGEST)
        );
    }
}
