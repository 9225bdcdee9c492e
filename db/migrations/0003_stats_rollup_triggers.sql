-- Rollups of counted listens kept exact by statement-level triggers (one aggregate upsert per statement,
-- so bulk imports pay once per batch, not once per row). See db/schema/stats.ts.
CREATE FUNCTION listens_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO listen_hourly AS h (user_id, hour, source, plays, ms_played)
  SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', source, count(*), sum(coalesce(ms_played, 0))
  FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, hour, source) DO UPDATE
    SET plays = h.plays + excluded.plays, ms_played = h.ms_played + excluded.ms_played;
  INSERT INTO listen_track_totals AS t (user_id, track_id, source, plays, ms_played)
  SELECT user_id, track_id, source, count(*), sum(coalesce(ms_played, 0))
  FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, track_id, source) DO UPDATE
    SET plays = t.plays + excluded.plays, ms_played = t.ms_played + excluded.ms_played;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Deletes only decrement rows that must exist; never inserting keeps a user or track deletion (whose
-- cascade may already have removed the rollup rows) from tripping the foreign keys.
CREATE FUNCTION listens_rollup_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH d AS (
    SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, source,
      count(*) AS plays, sum(coalesce(ms_played, 0)) AS ms
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL GROUP BY 1, 2, 3
  )
  UPDATE listen_hourly h SET plays = h.plays - d.plays, ms_played = h.ms_played - d.ms
  FROM d WHERE h.user_id = d.user_id AND h.hour = d.hour AND h.source = d.source;
  WITH d AS (
    SELECT user_id, track_id, source, count(*) AS plays, sum(coalesce(ms_played, 0)) AS ms
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL GROUP BY 1, 2, 3
  )
  UPDATE listen_track_totals t SET plays = t.plays - d.plays, ms_played = t.ms_played - d.ms
  FROM d WHERE t.user_id = d.user_id AND t.track_id = d.track_id AND t.source = d.source;
  DELETE FROM listen_hourly h
    USING (SELECT DISTINCT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour FROM old_rows) u
    WHERE h.user_id = u.user_id AND h.hour = u.hour AND h.plays <= 0;
  DELETE FROM listen_track_totals t USING (SELECT DISTINCT user_id, track_id FROM old_rows) u
    WHERE t.user_id = u.user_id AND t.track_id = u.track_id AND t.plays <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION listens_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO listen_hourly AS h (user_id, hour, source, plays, ms_played)
  SELECT user_id, hour, source, sum(plays), sum(ms) FROM (
    SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, source,
      -1 AS plays, -coalesce(ms_played, 0) AS ms
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL
    UNION ALL
    SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', source, 1, coalesce(ms_played, 0)
    FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL
  ) x GROUP BY 1, 2, 3 HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, hour, source) DO UPDATE
    SET plays = h.plays + excluded.plays, ms_played = h.ms_played + excluded.ms_played;
  INSERT INTO listen_track_totals AS t (user_id, track_id, source, plays, ms_played)
  SELECT user_id, track_id, source, sum(plays), sum(ms) FROM (
    SELECT user_id, track_id, source, -1 AS plays, -coalesce(ms_played, 0) AS ms
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL
    UNION ALL
    SELECT user_id, track_id, source, 1, coalesce(ms_played, 0)
    FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL
  ) x GROUP BY 1, 2, 3 HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, track_id, source) DO UPDATE
    SET plays = t.plays + excluded.plays, ms_played = t.ms_played + excluded.ms_played;
  DELETE FROM listen_hourly h
    USING (SELECT DISTINCT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour FROM old_rows) u
    WHERE h.user_id = u.user_id AND h.hour = u.hour AND h.plays <= 0;
  DELETE FROM listen_track_totals t USING (SELECT DISTINCT user_id, track_id FROM old_rows) u
    WHERE t.user_id = u.user_id AND t.track_id = u.track_id AND t.plays <= 0;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_rollup_insert AFTER INSERT ON listens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_rollup_insert();
--> statement-breakpoint
CREATE TRIGGER listens_rollup_delete AFTER DELETE ON listens
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_rollup_delete();
--> statement-breakpoint
CREATE TRIGGER listens_rollup_update AFTER UPDATE ON listens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_rollup_update();
--> statement-breakpoint
-- Counted listens by time with what the stats read, for index-only scans over bounded ranges.
CREATE INDEX listens_counted_idx ON listens (user_id, started_at) INCLUDE (track_id, source, ms_played)
  WHERE NOT skipped AND duplicate_of IS NULL;
--> statement-breakpoint
INSERT INTO listen_hourly (user_id, hour, source, plays, ms_played)
SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', source, count(*), sum(coalesce(ms_played, 0))
FROM listens WHERE NOT skipped AND duplicate_of IS NULL GROUP BY 1, 2, 3;
--> statement-breakpoint
INSERT INTO listen_track_totals (user_id, track_id, source, plays, ms_played)
SELECT user_id, track_id, source, count(*), sum(coalesce(ms_played, 0))
FROM listens WHERE NOT skipped AND duplicate_of IS NULL GROUP BY 1, 2, 3;
