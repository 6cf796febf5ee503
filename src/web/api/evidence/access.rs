//! Who may see and change a team's evidence: the permission table (`domain::permissions`,
//! asked through `web::policy`) for classrooms, measures, observations and imports. Those who
//! may not see the team's people get it de-identified: a classroom is its label (and school),
//! never its teacher, and an observation carries neither its observer nor its note.

pub use crate::web::policy::{View, read_measure, team, write_measure};
