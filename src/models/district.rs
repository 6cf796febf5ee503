//! Districts and their schools.

use crate::db::DbConn;
use crate::db::schema::{districts, schools};
use diesel::prelude::*;
use serde::Serialize;

/// A member (or former member) district.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = districts)]
pub struct District {
    /// Id.
    pub id: i32,
    /// Name, unique.
    pub name: String,
}

/// A school of a district.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, Serialize, utoipa::ToSchema)]
#[diesel(table_name = schools)]
pub struct School {
    /// Id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Name, unique within the district.
    pub name: String,
}

impl District {
    /// All districts by name.
    pub fn list(conn: &mut DbConn) -> QueryResult<Vec<District>> {
        districts::table
            .order(districts::name)
            .select(District::as_select())
            .load(conn)
    }

    /// One district.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<District> {
        districts::table
            .find(id)
            .select(District::as_select())
            .first(conn)
    }

    /// The district with this name, created when missing (natural key: name).
    pub fn ensure(conn: &mut DbConn, name: &str) -> QueryResult<District> {
        crate::per_backend!(conn, |c| diesel::insert_into(districts::table)
            .values(districts::name.eq(name))
            .on_conflict(districts::name)
            .do_nothing()
            .execute(c))?;
        districts::table
            .filter(districts::name.eq(name))
            .select(District::as_select())
            .first(conn)
    }

    /// Creates a district; a taken name is a field error.
    pub fn create(conn: &mut DbConn, name: &str) -> Result<District, crate::error::AppError> {
        diesel::insert_into(districts::table)
            .values(districts::name.eq(name))
            .execute(conn)
            .map_err(super::unique_as(
                "name",
                "a district with this name exists already",
            ))?;
        Ok(District::ensure(conn, name)?)
    }
}

impl School {
    /// Schools of one district by name.
    pub fn of_district(conn: &mut DbConn, district_id: i32) -> QueryResult<Vec<School>> {
        schools::table
            .filter(schools::district_id.eq(district_id))
            .order(schools::name)
            .select(School::as_select())
            .load(conn)
    }

    /// Every school, for pickers and lookups by id.
    pub fn list(conn: &mut DbConn) -> QueryResult<Vec<School>> {
        schools::table
            .order(schools::name)
            .select(School::as_select())
            .load(conn)
    }

    /// One school.
    pub fn find(conn: &mut DbConn, id: i32) -> QueryResult<School> {
        schools::table
            .find(id)
            .select(School::as_select())
            .first(conn)
    }

    /// The school with this name in the district, created when missing.
    pub fn ensure(conn: &mut DbConn, district_id: i32, name: &str) -> QueryResult<School> {
        crate::per_backend!(conn, |c| diesel::insert_into(schools::table)
            .values((schools::district_id.eq(district_id), schools::name.eq(name)))
            .on_conflict((schools::district_id, schools::name))
            .do_nothing()
            .execute(c))?;
        schools::table
            .filter(schools::district_id.eq(district_id))
            .filter(schools::name.eq(name))
            .select(School::as_select())
            .first(conn)
    }
}

impl School {
    /// Adds a school to a district; a name the district already has is a field error on `name`
    /// (the form shows it beside the field instead of quietly returning the existing school).
    pub fn create(
        conn: &mut DbConn,
        district_id: i32,
        name: &str,
    ) -> Result<School, crate::error::AppError> {
        diesel::insert_into(schools::table)
            .values((schools::district_id.eq(district_id), schools::name.eq(name)))
            .execute(conn)
            .map_err(super::unique_as(
                "name",
                "this district has a school with this name already",
            ))?;
        Ok(School::ensure(conn, district_id, name)?)
    }
}

impl District {
    /// A page of districts in id order, for the API's cursor (`after` is the last id seen), so
    /// a client walks the whole list in pages of `limit` with one query each.
    pub fn page(conn: &mut DbConn, after: Option<i32>, limit: i64) -> QueryResult<Vec<District>> {
        districts::table
            .filter(districts::id.gt(after.unwrap_or(i32::MIN)))
            .order(districts::id)
            .limit(limit)
            .select(District::as_select())
            .load(conn)
    }
}
