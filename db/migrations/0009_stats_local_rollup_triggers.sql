-- Local-time rollups (listen_local_daily, listen_local_week_hours; db/schema/stats.ts), kept exact by
-- statement-level triggers on listens like the UTC ones (0003), in each user's own time zone.

-- The zone the local rollups use for a user: users.time_zone when PostgreSQL knows it, UTC otherwise
-- (a name the app accepts but this server's tz database lacks must never fail a write of listens).
CREATE FUNCTION stats_zone(tz text) RETURNS text LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF tz IS NULL OR tz = '' THEN RETURN 'UTC'; END IF;
  PERFORM now() AT TIME ZONE tz;
  RETURN tz;
EXCEPTION WHEN others THEN
  RETURN 'UTC';
END $$;
--> statement-breakpoint
-- A zone change rebuilds a user's local rows under an exclusive advisory lock; writers of listens take it
-- shared before reading the zone, so either the rebuild sees their listens or they see the new zone.
CREATE FUNCTION stats_local_lock(user_ids integer[]) RETURNS void LANGUAGE sql AS $$
  SELECT count(pg_advisory_xact_lock_shared(7301, u))::int FROM (SELECT DISTINCT unnest(user_ids) AS u ORDER BY 1) x;
$$;
--> statement-breakpoint
-- Applies signed deltas of counted listens (one element per listen) to both local rollups, then drops
-- rows left at zero. A user being deleted has no users row any more, so nothing is written for them (the
-- cascade removes their rollup rows).
CREATE FUNCTION stats_local_apply(
  p_users integer[], p_started timestamptz[], p_sources text[], p_plays integer[], p_ms bigint[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_users IS NULL THEN RETURN; END IF;
  PERFORM stats_local_lock(p_users);
  WITH r AS MATERIALIZED (
    SELECT * FROM unnest(p_users, p_started, p_sources, p_plays, p_ms) AS r(user_id, started_at, source, plays, ms)
  ), z AS MATERIALIZED (
    SELECT id, stats_zone(time_zone) AS tz FROM users WHERE id IN (SELECT user_id FROM r)
  ), d AS MATERIALIZED (
    SELECT r.user_id, r.started_at AT TIME ZONE z.tz AS t, r.source, r.plays, r.ms FROM r JOIN z ON z.id = r.user_id
  ), daily AS (
    INSERT INTO listen_local_daily AS x (user_id, day, source, plays, ms_played)
    SELECT user_id, t::date, source, sum(plays), sum(ms) FROM d GROUP BY 1, 2, 3
    HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (user_id, day, source) DO UPDATE
      SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played
  )
  INSERT INTO listen_local_week_hours AS x (user_id, source, isodow, hour, plays, ms_played)
  SELECT user_id, source, extract(isodow FROM t), extract(hour FROM t), sum(plays), sum(ms)
  FROM d GROUP BY 1, 2, 3, 4 HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, source, isodow, hour) DO UPDATE
    SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played;
  IF -1 = ANY(p_plays) THEN
    DELETE FROM listen_local_daily WHERE user_id = ANY(p_users) AND plays <= 0;
    DELETE FROM listen_local_week_hours WHERE user_id = ANY(p_users) AND plays <= 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION listens_local_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(1),
      array_agg(coalesce(ms_played, 0)::bigint))
    FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(-1),
      array_agg(-coalesce(ms_played, 0)::bigint))
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL;
  ELSE
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(n),
      array_agg(ms))
    FROM (
      SELECT user_id, started_at, source, -1 AS n, -coalesce(ms_played, 0)::bigint AS ms FROM old_rows
      WHERE NOT skipped AND duplicate_of IS NULL
      UNION ALL
      SELECT user_id, started_at, source, 1, coalesce(ms_played, 0)::bigint FROM new_rows
      WHERE NOT skipped AND duplicate_of IS NULL
    ) d;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_local_rollup_insert AFTER INSERT ON listens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_local_rollup();
--> statement-breakpoint
CREATE TRIGGER listens_local_rollup_delete AFTER DELETE ON listens
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_local_rollup();
--> statement-breakpoint
CREATE TRIGGER listens_local_rollup_update AFTER UPDATE ON listens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_local_rollup();
--> statement-breakpoint
-- Recomputes one user's local rows from their listens in their current zone.
CREATE FUNCTION stats_local_rebuild(uid integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tz text;
BEGIN
  PERFORM pg_advisory_xact_lock(7301, uid);
  DELETE FROM listen_local_daily WHERE user_id = uid;
  DELETE FROM listen_local_week_hours WHERE user_id = uid;
  SELECT stats_zone(time_zone) INTO tz FROM users WHERE id = uid;
  IF tz IS NULL THEN RETURN; END IF;
  INSERT INTO listen_local_daily (user_id, day, source, plays, ms_played)
  SELECT uid, (started_at AT TIME ZONE tz)::date, source, count(*), sum(coalesce(ms_played, 0))
  FROM listens WHERE user_id = uid AND NOT skipped AND duplicate_of IS NULL GROUP BY 2, 3;
  INSERT INTO listen_local_week_hours (user_id, source, isodow, hour, plays, ms_played)
  SELECT uid, source, extract(isodow FROM started_at AT TIME ZONE tz), extract(hour FROM started_at AT TIME ZONE tz),
    count(*), sum(coalesce(ms_played, 0))
  FROM listens WHERE user_id = uid AND NOT skipped AND duplicate_of IS NULL GROUP BY 2, 3, 4;
END $$;
--> statement-breakpoint
CREATE FUNCTION users_stats_zone_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stats_zone(OLD.time_zone) IS DISTINCT FROM stats_zone(NEW.time_zone) THEN
    PERFORM stats_local_rebuild(NEW.id);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER users_stats_zone_change AFTER UPDATE OF time_zone ON users
  FOR EACH ROW EXECUTE FUNCTION users_stats_zone_change();
--> statement-breakpoint
SELECT stats_local_rebuild(id) FROM users;
