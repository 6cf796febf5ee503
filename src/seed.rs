//! The demo collective (placeholder while the seed is written).

/// Printed at start-up with the demo loaded.
pub const SIGN_IN_HELP: &str = "";

/// Loads the demo.
pub fn load_demo(_conn: &mut crate::db::DbConn, _today: chrono::NaiveDate) -> Result<String, crate::error::AppError> {
    Ok(String::new())
}
