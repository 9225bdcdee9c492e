-- Updates of listens move the rollups by what changed, not by every updated row removed and added again.
-- An import that merges with live listens updates each of them (ms_played and the reason fields, per
-- import-export-formats.md §1.4.5): the old triggers sent 2 rows per listen through every rollup, now a
-- listen whose counted fields are untouched sends none, one whose ms_played alone changed sends one row of
-- the difference (plays 0), and only a listen that moved (user, start, source, track) or stopped or started
-- counting sends its removal and its addition. "Counted" is decided as in 0028: not skipped, not a
-- duplicate, not hidden. The changes are paired once per statement, in listens_rollup_update, which now
-- also applies them to the local rollups (the update branch of listens_local_rollup and its trigger go).
CREATE OR REPLACE FUNCTION listens_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_users integer[];
  v_started timestamptz[];
  v_sources text[];
  v_tracks integer[];
  v_plays integer[];
  v_ms bigint[];
BEGIN
  -- Per listen: -1, 0 (ms_played alone changed) or +1 plays, as stats_local_apply's cleanup expects.
  SELECT array_agg(d.user_id), array_agg(d.started_at), array_agg(d.source), array_agg(d.track_id),
    array_agg(d.n), array_agg(d.ms)
  INTO v_users, v_started, v_sources, v_tracks, v_plays, v_ms
  FROM (
    SELECT c.user_id, c.started_at, c.source, c.track_id, sum(c.n)::int AS n, sum(c.ms)::bigint AS ms
    FROM old_rows o JOIN new_rows nw ON nw.id = o.id
      CROSS JOIN LATERAL (VALUES
        (o.user_id, o.started_at, o.source, o.track_id, -1, -coalesce(o.ms_played, 0)::bigint,
          NOT o.skipped AND o.duplicate_of IS NULL AND NOT o.hidden),
        (nw.user_id, nw.started_at, nw.source, nw.track_id, 1, coalesce(nw.ms_played, 0)::bigint,
          NOT nw.skipped AND nw.duplicate_of IS NULL AND NOT nw.hidden)
      ) c(user_id, started_at, source, track_id, n, ms, counted)
    WHERE c.counted
    GROUP BY o.id, 1, 2, 3, 4 HAVING sum(c.n) <> 0 OR sum(c.ms) <> 0
  ) d;
  IF v_users IS NULL THEN RETURN NULL; END IF;
  WITH d AS MATERIALIZED (
    SELECT * FROM unnest(v_users, v_started, v_sources, v_tracks, v_plays, v_ms) AS d(user_id, started_at, source, track_id, n, ms)
  ), hourly AS (
    INSERT INTO listen_hourly AS h (user_id, hour, source, plays, ms_played)
    SELECT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', source, sum(n), sum(ms)
    FROM d GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (user_id, hour, source) DO UPDATE
      SET plays = h.plays + excluded.plays, ms_played = h.ms_played + excluded.ms_played
  )
  INSERT INTO listen_track_totals AS x (user_id, track_id, source, plays, ms_played)
  SELECT user_id, track_id, source, sum(n), sum(ms)
  FROM d GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, track_id, source) DO UPDATE
    SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played;
  -- Rows left at zero plays can only come from a listen that stopped counting here or moved away.
  IF -1 = ANY(v_plays) THEN
    DELETE FROM listen_hourly h
      USING (SELECT DISTINCT user_id, date_trunc('hour', started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour FROM old_rows) o
      WHERE h.user_id = o.user_id AND h.hour = o.hour AND h.plays <= 0;
    DELETE FROM listen_track_totals x USING (SELECT DISTINCT user_id, track_id FROM old_rows) o
      WHERE x.user_id = o.user_id AND x.track_id = o.track_id AND x.plays <= 0;
  END IF;
  PERFORM stats_local_apply(v_users, v_started, v_sources, v_tracks, v_plays, v_ms);
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER listens_local_rollup_update ON listens;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION listens_local_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Inserts and deletes; updates go through listens_rollup_update.
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(track_id),
      array_agg(1), array_agg(coalesce(ms_played, 0)::bigint))
    FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
  ELSE
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(track_id),
      array_agg(-1), array_agg(-coalesce(ms_played, 0)::bigint))
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
  END IF;
  RETURN NULL;
END $$;
