//! The program year page: members and fees, teams, convenings, and the hosting rotation.

use crate::db::DbConn;
use crate::domain::validate::format_cents;
use crate::error::AppError;
use crate::models::convening::{Convening, ConveningRow};
use crate::models::district::District;
use crate::models::not_found;
use crate::models::plan;
use crate::models::team::Team;
use crate::models::year::{Membership, ProgramYear};
use crate::web::AppState;
use crate::web::actor::PageActor;
use crate::web::render::{self, Chrome, SelectOption, render};
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

/// A member district's line; money only filled for staff.
#[derive(Serialize)]
struct MemberLine {
    membership_id: i32,
    district_id: i32,
    district: String,
    fee: Option<String>,
    fee_cents: i64,
    paid: Option<String>,
    paid_cents: i64,
    balance: Option<String>,
    owes: bool,
    seats: i32,
    /// The district left the year.
    withdrawn: bool,
}

/// A district in the rotation: when it last hosted and how often.
#[derive(Serialize)]
struct RotationLine {
    district: String,
    last_hosted: String,
    times: usize,
}

#[derive(Serialize)]
struct ConveningLine {
    id: i32,
    number: i32,
    date: String,
    host: String,
    venue: String,
    cancelled: bool,
}

#[derive(Serialize)]
struct TeamLine {
    id: i32,
    name: String,
    district: String,
    size: i64,
}

/// The year page's context.
#[derive(Serialize)]
pub(super) struct YearPage {
    id: i32,
    label: String,
    span: String,
    members: Vec<MemberLine>,
    totals: Option<(String, String, String)>,
    teams: Vec<TeamLine>,
    convenings: Vec<ConveningLine>,
    can_plan: bool,
    rotation: Vec<RotationLine>,
    next_hosts: Vec<String>,
    district_options: Vec<SelectOption>,
    fee_hint: String,
}

/// GET /years/{id}.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    PageActor(actor): PageActor,
    id: web::Path<i32>,
) -> Result<HttpResponse, AppError> {
    let (id, staff) = (id.into_inner(), actor.is_staff());
    let page = state.db(move |c| year_page(c, id, staff)).await?;
    let title = format!("Program year {}", page.label);
    render(
        &state,
        "year",
        Chrome::new(&session, Some(&actor), title, "year"),
        &page,
        StatusCode::OK,
    )
}

/// Builds the page; `staff` decides whether fees are shown.
pub(super) fn year_page(c: &mut DbConn, id: i32, staff: bool) -> Result<YearPage, AppError> {
    let year = ProgramYear::find(c, id).map_err(not_found("program year"))?;
    let members = Membership::of_year(c, id)?;
    let all = Convening::all(c)?;
    let proposals = plan::proposals(c, &year)?;
    let this_year: Vec<&ConveningRow> = all
        .iter()
        .filter(|r| r.convening.program_year_id == id)
        .collect();
    let member_ids: Vec<i32> = members.iter().map(|m| m.membership.district_id).collect();
    let district_options = District::list(c)?
        .into_iter()
        .filter(|d| !member_ids.contains(&d.id))
        .map(|d| SelectOption::new(d.id, d.name, ""))
        .collect();
    Ok(YearPage {
        id,
        span: format!(
            "{} – {}",
            render::date(year.start_date),
            render::date(year.end_date)
        ),
        label: year.label.clone(),
        totals: staff.then(|| totals(&members)),
        members: members.iter().map(|m| member_line(m, staff)).collect(),
        teams: Team::of_year(c, id)?
            .into_iter()
            .map(|t| TeamLine {
                id: t.team.id,
                name: t.team.name,
                district: t.district_name,
                size: t.member_count,
            })
            .collect(),
        can_plan: !proposals.is_empty(),
        next_hosts: proposals.iter().map(|p| p.host_name.clone()).collect(),
        convenings: this_year.iter().map(|r| convening_line(r)).collect(),
        rotation: rotation(&members, &all, &year),
        district_options,
        fee_hint: format!(
            "Blank for the default, {}",
            format_cents(crate::models::collective::Collective::get(c)?.default_fee_cents)
        ),
    })
}

fn member_line(m: &crate::models::year::MemberRow, staff: bool) -> MemberLine {
    let ms = &m.membership;
    MemberLine {
        membership_id: ms.id,
        district_id: ms.district_id,
        district: m.district_name.clone(),
        fee: staff.then(|| format_cents(ms.fee_cents)),
        fee_cents: if staff { ms.fee_cents } else { 0 },
        paid: staff.then(|| format_cents(ms.paid_cents)),
        paid_cents: if staff { ms.paid_cents } else { 0 },
        balance: staff.then(|| format_cents(ms.balance_cents())),
        owes: staff && ms.balance_cents() > 0,
        seats: ms.workshop_seats,
        withdrawn: ms.withdrawn_at.is_some(),
    }
}

fn totals(members: &[crate::models::year::MemberRow]) -> (String, String, String) {
    let fee: i64 = members.iter().map(|m| m.membership.fee_cents).sum();
    let paid: i64 = members.iter().map(|m| m.membership.paid_cents).sum();
    (
        format_cents(fee),
        format_cents(paid),
        format_cents(fee - paid),
    )
}

fn convening_line(r: &ConveningRow) -> ConveningLine {
    ConveningLine {
        id: r.convening.id,
        number: r.convening.number,
        date: render::date(r.convening.date),
        host: r.host_name.clone(),
        venue: r.convening.venue.clone(),
        cancelled: r.convening.cancelled_at.is_some(),
    }
}

/// Every member's hosting up to the end of this year, least recent first (the rotation order).
fn rotation(
    members: &[crate::models::year::MemberRow],
    all: &[ConveningRow],
    year: &ProgramYear,
) -> Vec<RotationLine> {
    let mut lines: Vec<(Option<chrono::NaiveDate>, RotationLine)> = members
        .iter()
        .map(|m| {
            let hosted: Vec<chrono::NaiveDate> = all
                .iter()
                .filter(|r| {
                    r.convening.host_district_id == m.membership.district_id
                        && r.convening.date <= year.end_date
                })
                .map(|r| r.convening.date)
                .collect();
            let last = hosted.iter().max().copied();
            let line = RotationLine {
                district: m.district_name.clone(),
                last_hosted: last.map(render::date).unwrap_or_else(|| "never".into()),
                times: hosted.len(),
            };
            (last, line)
        })
        .collect();
    lines.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.district.cmp(&b.1.district)));
    lines.into_iter().map(|(_, l)| l).collect()
}
