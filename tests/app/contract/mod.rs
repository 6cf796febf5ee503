//! The API's contract and the limits on bodies (issue 12, part 8): every error status an
//! operation answers is documented and has the one JSON error shape; every instant is RFC 3339
//! with its offset; names refuse control characters and dates stay within 2000–2100; a body
//! is refused, over its kind's limit only, with a clear error that keeps what was pasted.

mod bodies;
mod errors;
mod fuzzed;
mod input;
mod timestamps;

use diesel::prelude::*;
use pdsa::db::DbConn;
use pdsa::db::schema;

/// The first id of the table a path's resource segment names (`teams` → a team's id), so a
/// walk over the route table can fill `{id}` with something that exists in the demo data.
pub fn an_id(conn: &mut DbConn, resource: &str) -> Option<i32> {
    macro_rules! first {
        ($t:ident) => {
            schema::$t::table
                .select(schema::$t::id)
                .order(schema::$t::id)
                .first::<i32>(conn)
                .optional()
                .unwrap()
        };
    }
    match resource {
        "change-ideas" => first!(change_ideas),
        "classrooms" => first!(classrooms),
        "convenings" => first!(convenings),
        "cycles" => first!(cycles),
        "districts" => first!(districts),
        "measures" => first!(measures),
        "meetings" => first!(meetings),
        "observations" => first!(observations),
        "people" => first!(people),
        "program-years" => first!(program_years),
        "teams" => first!(teams),
        "tokens" => first!(api_tokens),
        "action-items" => first!(action_items),
        "agenda" => first!(agenda_items),
        "readings" => first!(readings),
        "drivers" => first!(drivers),
        "comments" => first!(comments),
        "schools" => first!(schools),
        _ => None,
    }
}

/// `path` with each `{param}` replaced: by an existing id of the resource named just before it
/// when `real`, else by `other`.
pub fn fill(conn: &mut DbConn, path: &str, real: bool, other: &str) -> String {
    let mut out = Vec::new();
    let mut previous = "";
    for segment in path.split('/') {
        if segment.starts_with('{') {
            let id = real
                .then(|| an_id(conn, previous))
                .flatten()
                .map(|id| id.to_string());
            out.push(id.unwrap_or_else(|| other.to_string()));
        } else {
            out.push(segment.to_string());
        }
        previous = segment;
    }
    out.join("/")
}
