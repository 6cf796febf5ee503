//! Who may do what with a team's work: one table, by staff role and by team role, for every
//! team resource. Every handler on a team's work asks [`decide`] (through `web::policy`), the
//! README's "Permissions" table is [`markdown`] of the same rows (a test keeps them equal), and
//! the route tests walk every cell through the HTTP handlers. A cell that is not in the table is
//! refused: a new resource or action is closed until someone writes its row.

use super::roles::{GlobalRole, TeamRole};

/// Where a caller stands towards one team: a column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Standing {
    /// A director of the collective (on any team or none).
    Director,
    /// A member of the facilitation team.
    Facilitator,
    /// On this team, in this role.
    OnTeam(TeamRole),
    /// A member of the collective who is not on this team.
    OtherTeam,
}

impl Standing {
    /// Every column, in the table's order.
    pub const ALL: [Standing; 8] = [
        Standing::Director,
        Standing::Facilitator,
        Standing::OnTeam(TeamRole::SeniorLeader),
        Standing::OnTeam(TeamRole::Principal),
        Standing::OnTeam(TeamRole::Coach),
        Standing::OnTeam(TeamRole::Teacher),
        Standing::OnTeam(TeamRole::Student),
        Standing::OtherTeam,
    ];

    /// A person's standings towards a team, from their collective role and their role on that
    /// team (if any): a director who is also on the team holds both columns, and gets what
    /// either allows.
    pub fn of(global: GlobalRole, on_team: Option<TeamRole>) -> Vec<Standing> {
        let staff = match global {
            GlobalRole::Director => Some(Standing::Director),
            GlobalRole::Facilitator => Some(Standing::Facilitator),
            GlobalRole::Member => None,
        };
        let team = match on_team {
            Some(role) => Some(Standing::OnTeam(role)),
            None if staff.is_none() => Some(Standing::OtherTeam),
            None => None,
        };
        staff.into_iter().chain(team).collect()
    }

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            Standing::Director => "Director",
            Standing::Facilitator => "Facilitator",
            Standing::OnTeam(role) => role.label(),
            Standing::OtherTeam => "Another team",
        }
    }

    /// Who, as a refusal names them.
    pub fn who(self) -> String {
        match self {
            Standing::Director => "a director".into(),
            Standing::Facilitator => "the facilitation team".into(),
            Standing::OnTeam(role) => format!("a {} on this team", role.label().to_lowercase()),
            Standing::OtherTeam => "a member of another team".into(),
        }
    }

    fn column(self) -> usize {
        Standing::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// The team's leads: its senior leader, principals and coach.
pub fn is_lead(role: TeamRole) -> bool {
    matches!(
        role,
        TeamRole::SeniorLeader | TeamRole::Principal | TeamRole::Coach
    )
}

string_enum! {
    /// A kind of a team's work: a row group of the table.
    pub enum Resource {
        /// The team's aim.
        Aim => ("aim", "Aim"),
        /// Its driver diagram's primary and secondary drivers.
        Drivers => ("drivers", "Drivers"),
        /// The change ideas on its drivers.
        ChangeIdeas => ("change_ideas", "Change ideas"),
        /// Its PDSA cycles (status moves and follow-on cycles included).
        Cycles => ("cycles", "Cycles"),
        /// Coaching comments on its cycles.
        Comments => ("comments", "Cycle comments"),
        /// Its classrooms (label, school, teacher, subject, grade).
        Classrooms => ("classrooms", "Classrooms"),
        /// Its own measures (shared measures are the directors').
        Measures => ("measures", "Team measures"),
        /// Classroom observations.
        Observations => ("observations", "Observations"),
        /// Observations in bulk: CSV imports, the bulk API, a visit's round.
        Imports => ("imports", "Imports"),
        /// Who is on the team.
        Roster => ("roster", "Roster"),
    }
}

string_enum! {
    /// What a caller does to a resource: a row of the table.
    pub enum Action {
        /// Reads it (de-identified where "see names" is refused).
        Read => ("read", "read"),
        /// Sees the people in it: a classroom's teacher, an observation's observer and note, a
        /// comment's author.
        SeeNames => ("see_names", "see names in"),
        /// Adds one.
        Create => ("create", "add"),
        /// Changes one.
        Edit => ("edit", "change"),
        /// Deletes one.
        Delete => ("delete", "delete"),
    }
}

impl Resource {
    /// The resource as a refusal names it ("may not change the aim").
    pub fn noun(self) -> &'static str {
        match self {
            Resource::Aim => "the aim",
            Resource::Drivers => "drivers",
            Resource::ChangeIdeas => "change ideas",
            Resource::Cycles => "cycles",
            Resource::Comments => "comments on cycles",
            Resource::Classrooms => "classrooms",
            Resource::Measures => "the team's measures",
            Resource::Observations => "observations",
            Resource::Imports => "observations in bulk",
            Resource::Roster => "people on the roster",
        }
    }
}

/// One cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Allowed.
    Yes,
    /// Refused.
    No,
    /// Allowed while the collective shares cycles between teams.
    IfShared,
    /// Allowed on what the caller recorded themselves.
    Own,
}

impl Rule {
    /// The cell as the README writes it.
    pub fn mark(self) -> &'static str {
        match self {
            Rule::Yes => "yes",
            Rule::No => "—",
            Rule::IfShared => "if shared",
            Rule::Own => "own",
        }
    }
}

/// What the table says for a caller, before the facts it depends on are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed.
    Allowed,
    /// Allowed only while the collective shares cycles between teams.
    IfShared,
    /// Refused.
    Refused,
}

use Rule::{IfShared as S, No as N, Own as O, Yes as Y};

/// One row: a resource, an action, and a cell per [`Standing::ALL`] column (director,
/// facilitator, senior leader, principal, coach, teacher, student, another team).
pub type Row = (Resource, Action, [Rule; 8]);

/// The table. Leads (senior leader, principal, coach) and teachers do the team's work; students
/// read it, never with the people named in its evidence, and comment on cycles; the
/// facilitation team reads everything and comments; other teams read while the collective
/// shares, de-identified; directors may do everything. An observation is changed or deleted by
/// whoever recorded it and the team's leads (a change makes the editor its recorder, so a
/// teacher who could change another's observation could then delete it).
pub const TABLE: &[Row] = &[
    (Resource::Aim, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (Resource::Aim, Action::Edit, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Drivers, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (Resource::Drivers, Action::Create, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Drivers, Action::Edit, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Drivers, Action::Delete, [Y, N, Y, Y, Y, Y, N, N]),
    (
        Resource::ChangeIdeas,
        Action::Read,
        [Y, Y, Y, Y, Y, Y, Y, S],
    ),
    (
        Resource::ChangeIdeas,
        Action::Create,
        [Y, N, Y, Y, Y, Y, N, N],
    ),
    (
        Resource::ChangeIdeas,
        Action::Edit,
        [Y, N, Y, Y, Y, Y, N, N],
    ),
    (Resource::Cycles, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (Resource::Cycles, Action::Create, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Cycles, Action::Edit, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Comments, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (
        Resource::Comments,
        Action::SeeNames,
        [Y, Y, Y, Y, Y, Y, Y, N],
    ),
    (Resource::Comments, Action::Create, [Y, Y, Y, Y, Y, Y, Y, N]),
    (Resource::Classrooms, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (
        Resource::Classrooms,
        Action::SeeNames,
        [Y, Y, Y, Y, Y, Y, N, N],
    ),
    (
        Resource::Classrooms,
        Action::Create,
        [Y, N, Y, Y, Y, Y, N, N],
    ),
    (Resource::Classrooms, Action::Edit, [Y, N, Y, Y, Y, Y, N, N]),
    (
        Resource::Classrooms,
        Action::Delete,
        [Y, N, Y, Y, Y, Y, N, N],
    ),
    (Resource::Measures, Action::Read, [Y, Y, Y, Y, Y, Y, Y, S]),
    (Resource::Measures, Action::Create, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Measures, Action::Edit, [Y, N, Y, Y, Y, Y, N, N]),
    (
        Resource::Observations,
        Action::Read,
        [Y, Y, Y, Y, Y, Y, Y, S],
    ),
    (
        Resource::Observations,
        Action::SeeNames,
        [Y, Y, Y, Y, Y, Y, N, N],
    ),
    (
        Resource::Observations,
        Action::Create,
        [Y, N, Y, Y, Y, Y, N, N],
    ),
    (
        Resource::Observations,
        Action::Edit,
        [Y, N, Y, Y, Y, O, N, N],
    ),
    (
        Resource::Observations,
        Action::Delete,
        [Y, N, Y, Y, Y, O, N, N],
    ),
    (Resource::Imports, Action::Create, [Y, N, Y, Y, Y, Y, N, N]),
    (Resource::Roster, Action::Read, [Y, Y, Y, Y, Y, Y, Y, N]),
    (Resource::Roster, Action::Create, [Y, N, N, N, N, N, N, N]),
    (Resource::Roster, Action::Edit, [Y, N, N, N, N, N, N, N]),
    (Resource::Roster, Action::Delete, [Y, N, N, N, N, N, N, N]),
];

/// The cell for one standing (refused when the table has no such row).
pub fn rule(standing: Standing, resource: Resource, action: Action) -> Rule {
    TABLE
        .iter()
        .find(|(r, a, _)| *r == resource && *a == action)
        .map_or(Rule::No, |(_, _, cells)| cells[standing.column()])
}

/// What the table allows a caller holding `standings`, `own` telling whether the row at hand
/// was recorded by them: the most any of their standings allows.
pub fn decide(standings: &[Standing], resource: Resource, action: Action, own: bool) -> Decision {
    let mut best = Decision::Refused;
    for s in standings {
        match rule(*s, resource, action) {
            Rule::Yes => return Decision::Allowed,
            Rule::Own if own => return Decision::Allowed,
            Rule::IfShared => best = Decision::IfShared,
            Rule::Own | Rule::No => {}
        }
    }
    best
}

/// [`decide`] with the facts known: whether the collective shares cycles between teams and
/// whether the caller recorded the row.
pub fn allows(
    standings: &[Standing],
    resource: Resource,
    action: Action,
    sharing: bool,
    own: bool,
) -> bool {
    match decide(standings, resource, action, own) {
        Decision::Allowed => true,
        Decision::IfShared => sharing,
        Decision::Refused => false,
    }
}

/// The table as Markdown, as the README's "Permissions" section shows it.
pub fn markdown() -> String {
    let headings: Vec<&str> = Standing::ALL.iter().map(|s| s.heading()).collect();
    let mut out = format!("| Resource | Action | {} |\n", headings.join(" | "));
    out.push_str(&format!("|---|---|{}\n", "---|".repeat(headings.len())));
    for (resource, action, cells) in TABLE {
        let marks: Vec<&str> = cells.iter().map(|c| c.mark()).collect();
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            resource.label(),
            action.label(),
            marks.join(" | ")
        ));
    }
    out
}

#[cfg(test)]
#[path = "permissions_tests.rs"]
mod tests;
