-- The network roll-up by ISO week, exactly as `GET /api/v1/network/variation?period=week` runs
-- it (src/models/observation/rollup.rs, SQLITE_WEEK; a test keeps the two equal): per team and
-- week (keyed by its Monday) of one measure (:measure), the classrooms observed, observations,
-- the mean of classroom means, and the variance of classroom means from their sum and sum of
-- squares, max(0, (ss - s*s/k) / (k - 1)), null under two classrooms (the SD is its square
-- root, taken by the app: the bundled SQLite has no sqrt).
WITH classroom_means AS (
  SELECT c.team_id AS team_id,
         date(o.date, '-' || ((CAST(strftime('%w', o.date) AS INTEGER) + 6) % 7) || ' days') AS period,
         o.classroom_id AS classroom_id,
         AVG(o.value) AS m,
         COUNT(*) AS n
  FROM observations o
  JOIN classrooms c ON c.id = o.classroom_id
  WHERE o.measure_id = :measure
  GROUP BY c.team_id, period, o.classroom_id
)
SELECT team_id,
       period,
       COUNT(*) AS classrooms,
       SUM(n) AS observations,
       AVG(m) AS mean,
       CASE WHEN COUNT(*) > 1
            THEN max(0.0, (SUM(m * m) - SUM(m) * SUM(m) / COUNT(*)) / (COUNT(*) - 1))
       END AS variance
FROM classroom_means
GROUP BY team_id, period
ORDER BY team_id, period;
