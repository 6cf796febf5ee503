//! A team with a person in every column of the permission table: team A has a senior leader,
//! a principal, a coach, a teacher, a student and a second teacher (`spare`, who recorded the
//! observations nobody else did); team B has a teacher; and there are a facilitator and a
//! director. Names are distinctive so a test can look for them in any answer.

use super::fixture::cycle_ids;
use crate::fixtures::{admit, join, team, today, year};
use crate::support::TestApp;
use pdsa::domain::permissions::Standing;
use pdsa::domain::roles::{GlobalRole, TeamRole};
use pdsa::models::classroom::{Classroom, ClassroomInput};
use pdsa::models::cycle::CommentRow;
use pdsa::models::district::School;
use pdsa::models::team::Team;

/// The teacher's name (their classroom's teacher, and the author of the cycle's comment).
pub(super) const TEACHER_NAME: &str = "teacher.tamsin";
/// The spare teacher's name (the observer of the shared observation).
pub(super) const OBSERVER_NAME: &str = "observer.olwen";
/// The shared observation's note.
pub(super) const NOTE: &str = "note-about-olwens-lesson";

/// The people and rows.
pub(super) struct TeamWorld {
    pub app: TestApp,
    /// Team A.
    pub team: Team,
    /// One person per column of `Standing::ALL`, with their id and token.
    pub callers: Vec<(Standing, i32, String)>,
    /// The spare teacher of team A.
    pub spare: i32,
    pub driver: i32,
    pub idea: i32,
    pub cycle: i32,
    pub measure: i32,
    /// A classroom taught by the teacher.
    pub classroom: i32,
    /// An observation recorded by the spare teacher, with a note.
    pub observation: i32,
    /// The student's token.
    pub student: String,
    /// Team B's teacher's token.
    pub other: String,
    /// The teacher's token and id.
    pub teacher: (String, i32),
}

/// The email of the person in a column.
pub(super) fn email(s: Standing) -> String {
    let local = match s {
        Standing::Director => "director.dee",
        Standing::Facilitator => "facilitator.fay",
        Standing::OnTeam(TeamRole::SeniorLeader) => "leader.lee",
        Standing::OnTeam(TeamRole::Principal) => "principal.pat",
        Standing::OnTeam(TeamRole::Coach) => "coach.cal",
        Standing::OnTeam(TeamRole::Teacher) => TEACHER_NAME,
        Standing::OnTeam(TeamRole::Student) => "student.sol",
        Standing::OtherTeam => "other.otto",
    };
    format!("{local}@example.org")
}

/// Builds it.
pub(super) fn team_world() -> TeamWorld {
    let app = TestApp::new();
    let tz = pdsa::models::collective::Collective::get(&mut app.conn())
        .unwrap()
        .tz();
    let (start, end) =
        pdsa::domain::year::default_span(pdsa::domain::year::start_year_for(today(tz)));
    let year = year(&app, "this year", start, end);
    let [a, b] = [admit(&app, &year, "Ashford"), admit(&app, &year, "Bramble")];
    let school = School::ensure(&mut app.conn(), a.id, "Ashford High").unwrap();
    let (team_a, team_b) = (
        team(&app, &year, a.id, "A team"),
        team(&app, &year, b.id, "B team"),
    );
    let mut callers = Vec::new();
    for s in Standing::ALL {
        let global = match s {
            Standing::Director => GlobalRole::Director,
            Standing::Facilitator => GlobalRole::Facilitator,
            _ => GlobalRole::Member,
        };
        let person = app.person(global, &email(s));
        match s {
            Standing::OnTeam(role) => join(&app, &team_a, person.id, role, Some(school.id)),
            Standing::OtherTeam => join(&app, &team_b, person.id, TeamRole::Teacher, None),
            _ => {}
        }
        callers.push((s, person.id, app.token(person.id)));
    }
    let spare = app.person(GlobalRole::Member, &format!("{OBSERVER_NAME}@example.org"));
    join(&app, &team_a, spare.id, TeamRole::Teacher, Some(school.id));
    let ids = cycle_ids(&app, team_a.id);
    let token_of = |s: Standing| callers.iter().find(|c| c.0 == s).unwrap().clone();
    let teacher = token_of(Standing::OnTeam(TeamRole::Teacher));
    let room = classroom(&app, &team_a, "Room T", Some(teacher.1));
    let measure = measure(&app, year.id, team_a.id);
    let observation = observe(&app, &team_a, (room, measure), Some(spare.id), NOTE);
    CommentRow::add(&mut app.conn(), ids["cycle"], teacher.1, "Shall we try it?").unwrap();
    TeamWorld {
        student: token_of(Standing::OnTeam(TeamRole::Student)).2,
        other: token_of(Standing::OtherTeam).2,
        teacher: (teacher.2.clone(), teacher.1),
        app,
        team: team_a,
        spare: spare.id,
        driver: ids["driver"],
        idea: ids["change_idea"],
        cycle: ids["cycle"],
        measure,
        classroom: room,
        observation,
        callers,
    }
}

/// A classroom of the team, taught by `teacher` when given.
pub(super) fn classroom(app: &TestApp, team: &Team, label: &str, teacher: Option<i32>) -> i32 {
    let input = ClassroomInput {
        label: label.into(),
        teacher_person_id: teacher,
        subject: "Maths".into(),
        grade: "7".into(),
        ..Default::default()
    };
    Classroom::create(&mut app.conn(), team, &input).unwrap().id
}

/// The team's own count measure.
fn measure(app: &TestApp, year: i32, team: i32) -> i32 {
    use pdsa::domain::measure::{MeasureKind, Scale};
    let scale = Scale {
        kind: MeasureKind::Count,
        min: None,
        max: None,
    };
    crate::fixtures::measure(app, year, Some(team), "Questions asked", scale, |_| {
        String::new()
    })
}

/// An observation of `(classroom, measure)` today, recorded by `observer`, with `note`.
pub(super) fn observe(
    app: &TestApp,
    team: &Team,
    (classroom, measure): (i32, i32),
    observer: Option<i32>,
    note: &str,
) -> i32 {
    use pdsa::models::observation::{Context, Draft, Observation, RawValue, Ref};
    let c = &mut app.conn();
    let tz = pdsa::models::collective::Collective::get(c).unwrap().tz();
    let ctx = Context::load(c, team.clone(), today(tz)).unwrap();
    let draft = Draft {
        date: today(tz).to_string(),
        classroom: Ref::Id(classroom),
        measure: Ref::Id(measure),
        value: RawValue::Number(3.0),
        cycle: None,
        note: note.into(),
    };
    Observation::create(
        c,
        &pdsa::models::audit::AuditActor::system("test"),
        &ctx,
        &draft,
        observer,
    )
    .unwrap()
    .id
}
