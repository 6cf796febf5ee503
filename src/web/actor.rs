//! Who is asking: the signed-in person with their role and teams, taken from the session
//! (pages) or from a bearer token (API). The permission questions every route asks live here,
//! so the rules of who sees what have one home.

use super::AppState;
use crate::domain::roles::GlobalRole;
use crate::error::AppError;
use crate::models::person::Person;
use crate::models::team::Team;
use crate::models::token::ApiToken;
use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use std::future::Future;
use std::pin::Pin;

/// A signed-in person and what they belong to.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The person.
    pub person: Person,
    /// Their global role.
    pub role: GlobalRole,
    /// The teams they are on (any year).
    pub team_ids: Vec<i32>,
}

impl Actor {
    /// Loads a person and their teams.
    pub fn load(conn: &mut crate::db::DbConn, person_id: i32) -> Result<Option<Actor>, AppError> {
        let Some(person) = Person::find(conn, person_id).ok() else {
            return Ok(None);
        };
        let team_ids = Team::ids_of_person(conn, person.id)?;
        Ok(Some(Actor {
            role: person.global_role(),
            person,
            team_ids,
        }))
    }

    /// How the audit log names this person as the author of a change.
    pub fn audit(&self) -> crate::models::audit::AuditActor {
        crate::models::audit::AuditActor::person(self.person.id, &self.person.name)
    }

    /// Director: manages everything.
    pub fn is_director(&self) -> bool {
        self.role == GlobalRole::Director
    }

    /// Director or facilitator: reads everything.
    pub fn is_staff(&self) -> bool {
        matches!(self.role, GlobalRole::Director | GlobalRole::Facilitator)
    }

    /// On this team.
    pub fn on_team(&self, team_id: i32) -> bool {
        self.team_ids.contains(&team_id)
    }

    /// 403 unless a director.
    pub fn require_director(&self) -> Result<(), AppError> {
        if self.is_director() {
            Ok(())
        } else {
            Err(AppError::Forbidden("only directors may do this".into()))
        }
    }

    /// 403 unless a director or facilitator.
    pub fn require_staff(&self) -> Result<(), AppError> {
        if self.is_staff() {
            Ok(())
        } else {
            Err(AppError::Forbidden(
                "only the facilitation team may do this".into(),
            ))
        }
    }

    /// A team's roster and meetings: staff, or the team's own members.
    pub fn require_team(&self, team_id: i32) -> Result<(), AppError> {
        if self.is_staff() || self.on_team(team_id) {
            Ok(())
        } else {
            Err(AppError::Forbidden("you can see your own team only".into()))
        }
    }
}

/// The signed-in person of a page request; 401 (turned into a sign-in redirect) when none.
pub struct PageActor(pub Actor);

/// The caller of an API request, by bearer token; 401 when missing or unknown.
pub struct ApiActor(pub Actor);

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for PageActor {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let pid = super::session::person_id(&req.get_session());
        Box::pin(async move {
            let (state, pid) = (
                state.ok_or(AppError::Unauthorized)?,
                pid.ok_or(AppError::Unauthorized)?,
            );
            let actor = state.db(move |c| Actor::load(c, pid)).await?;
            actor.map(PageActor).ok_or(AppError::Unauthorized)
        })
    }
}

impl FromRequest for ApiActor {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let (state, token) = (
                state.ok_or(AppError::Unauthorized)?,
                token.ok_or(AppError::Unauthorized)?,
            );
            let hash = crate::auth::token::digest(&token);
            let actor = state
                .db(move |c| match ApiToken::person_for_hash(c, &hash)? {
                    Some(pid) => Actor::load(c, pid),
                    None => Ok(None),
                })
                .await?;
            actor.map(ApiActor).ok_or(AppError::Unauthorized)
        })
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get("Authorization")?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_string())
}
