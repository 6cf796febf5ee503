DROP INDEX team_members_person;
DROP INDEX observations_measure_date;
CREATE INDEX observations_measure_date ON observations (measure_id, date);
