//! "Plan the year": the rotation's proposals for a program year's convenings, from the hosting
//! history of every year, and accepting them.

use crate::db::DbConn;
use crate::domain::plan::{self, Hosting, Member, Proposal};
use crate::error::AppError;
use diesel::prelude::*;

use super::collective::Collective;
use super::convening::{Convening, ConveningInput};
use super::year::{Membership, ProgramYear};

/// A proposal with its host's name, as shown to the director.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct NamedProposal {
    /// Convening number 1–4.
    pub number: i32,
    /// Proposed day (a weekday in that quarter).
    pub date: chrono::NaiveDate,
    /// Proposed host.
    pub host_district_id: i32,
    /// Host's name.
    pub host_name: String,
}

/// Proposals for the numbers the year does not have yet: dates one per quarter, hosts by fair
/// rotation over every earlier hosting (earlier years and this year's convenings).
pub fn proposals(conn: &mut DbConn, year: &ProgramYear) -> QueryResult<Vec<NamedProposal>> {
    let members = Membership::of_year(conn, year.id)?;
    let all = Convening::all(conn)?;
    let history: Vec<Hosting> = all
        .iter()
        .map(|r| Hosting {
            district_id: r.convening.host_district_id,
            date: r.convening.date,
        })
        .collect();
    let taken: Vec<i32> = all
        .iter()
        .filter(|r| r.convening.program_year_id == year.id)
        .map(|r| r.convening.number)
        .collect();
    let list: Vec<Member> = members
        .iter()
        .map(|m| Member {
            district_id: m.membership.district_id,
            name: m.district_name.clone(),
        })
        .collect();
    let named = |p: Proposal| NamedProposal {
        host_name: list
            .iter()
            .find(|m| m.district_id == p.host_district_id)
            .map(|m| m.name.clone())
            .unwrap_or_default(),
        number: p.number,
        date: p.date,
        host_district_id: p.host_district_id,
    };
    Ok(
        plan::plan_year(year.start_date, year.end_date, &list, &history, &taken)
            .into_iter()
            .map(named)
            .collect(),
    )
}

/// Creates the convenings the director accepted (each possibly changed), with the collective's
/// default day times, in one transaction: one refused convening creates none.
pub fn accept(
    conn: &mut DbConn,
    by: &crate::models::audit::AuditActor,
    year: &ProgramYear,
    accepted: &[(i32, chrono::NaiveDate, i32)],
) -> Result<Vec<Convening>, AppError> {
    conn.write_transaction(|conn| {
        let times = Collective::get(conn)?.day_times();
        let mut made = Vec::new();
        for &(number, date, host_district_id) in accepted {
            let input = ConveningInput {
                number,
                date,
                host_district_id,
                venue: String::new(),
                times,
                food_cost_cents: 0,
            };
            made.push(Convening::create(conn, by, year, &input).map_err(|e| prefix(e, number))?);
        }
        Ok(made)
    })
}

/// Names which proposal a violation belongs to (`convenings[2].host_district_id`).
fn prefix(e: AppError, number: i32) -> AppError {
    match e {
        AppError::Invalid(vs) => AppError::Invalid(
            vs.into_iter()
                .map(|v| {
                    crate::domain::Violation::new(
                        format!("convenings[{}].{}", number - 1, v.field),
                        v.message,
                    )
                })
                .collect(),
        ),
        other => other,
    }
}
