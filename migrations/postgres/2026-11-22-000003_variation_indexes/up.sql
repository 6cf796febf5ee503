-- The network roll-up reads every observation of one measure with its classroom, value and
-- cycle: a covering index lets it do so without touching the table (0.49 s → 0.19 s on two
-- million observations). It still serves lookups by (measure, date).
DROP INDEX observations_measure_date;
CREATE INDEX observations_measure_date ON observations (measure_id, date, classroom_id, value, cycle_id);

-- Every signed-in request asks which teams the person is on; UNIQUE (program_year_id,
-- person_id) cannot serve a lookup by person alone, so without this it scans the table.
CREATE INDEX team_members_person ON team_members (person_id);
