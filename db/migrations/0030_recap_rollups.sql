CREATE TABLE "listen_local_monthly_tracks" (
	"user_id" integer NOT NULL,
	"month" date NOT NULL,
	"track_id" integer NOT NULL,
	"source" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_local_monthly_tracks_user_id_month_track_id_source_pk" PRIMARY KEY("user_id","month","track_id","source")
);
--> statement-breakpoint
CREATE TABLE "listen_local_year_groups" (
	"user_id" integer NOT NULL,
	"year" smallint NOT NULL,
	"month" smallint NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"plays" integer NOT NULL,
	"ms_played" bigint NOT NULL,
	CONSTRAINT "listen_local_year_groups_user_id_year_month_kind_key_pk" PRIMARY KEY("user_id","year","month","kind","key")
);
--> statement-breakpoint
ALTER TABLE "listen_local_monthly_tracks" ADD CONSTRAINT "listen_local_monthly_tracks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "listen_local_monthly_tracks" ADD CONSTRAINT "listen_local_monthly_tracks_track_id_tracks_id_fk" FOREIGN KEY ("track_id") REFERENCES "public"."tracks"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
ALTER TABLE "listen_local_year_groups" ADD CONSTRAINT "listen_local_year_groups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "listen_local_monthly_tracks_track_id_user_id_month_index" ON "listen_local_monthly_tracks" USING btree ("track_id","user_id","month");
--> statement-breakpoint
CREATE INDEX "listen_local_year_groups_top_idx" ON "listen_local_year_groups" USING btree ("user_id","year","month","kind","plays" DESC NULLS LAST,"ms_played" DESC NULLS LAST,"key");
--> statement-breakpoint
CREATE INDEX "listen_local_year_groups_user_id_key_year_index" ON "listen_local_year_groups" USING btree ("user_id","key","year") WHERE "listen_local_year_groups"."kind" = 'artist' and "listen_local_year_groups"."month" = 0;
--> statement-breakpoint
-- listen_local_monthly_tracks follows listens through the local rollup triggers of 0009 (counted as 0028 decides it): the apply function
-- now takes each listen's track too, and the zone rebuild recomputes the monthly rows with the daily ones.
DROP TRIGGER listens_local_rollup_insert ON listens;
--> statement-breakpoint
DROP TRIGGER listens_local_rollup_delete ON listens;
--> statement-breakpoint
DROP TRIGGER listens_local_rollup_update ON listens;
--> statement-breakpoint
DROP FUNCTION listens_local_rollup();
--> statement-breakpoint
DROP FUNCTION stats_local_apply(integer[], timestamptz[], text[], integer[], bigint[]);
--> statement-breakpoint
-- Applies signed deltas of counted listens (one element per listen) to the local rollups, then drops rows
-- left at zero. A user being deleted has no users row any more, so nothing is written for them (the
-- cascade removes their rollup rows).
CREATE FUNCTION stats_local_apply(
  p_users integer[], p_started timestamptz[], p_sources text[], p_tracks integer[], p_plays integer[], p_ms bigint[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_users IS NULL THEN RETURN; END IF;
  PERFORM stats_local_lock(p_users);
  WITH r AS MATERIALIZED (
    SELECT * FROM unnest(p_users, p_started, p_sources, p_tracks, p_plays, p_ms)
      AS r(user_id, started_at, source, track_id, plays, ms)
  ), z AS MATERIALIZED (
    SELECT id, stats_zone(time_zone) AS tz FROM users WHERE id IN (SELECT user_id FROM r)
  ), d AS MATERIALIZED (
    SELECT r.user_id, r.started_at AT TIME ZONE z.tz AS t, r.source, r.track_id, r.plays, r.ms
    FROM r JOIN z ON z.id = r.user_id
  ), daily AS (
    INSERT INTO listen_local_daily AS x (user_id, day, source, plays, ms_played)
    SELECT user_id, t::date, source, sum(plays), sum(ms) FROM d GROUP BY 1, 2, 3
    HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (user_id, day, source) DO UPDATE
      SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played
  ), m AS MATERIALIZED (
    SELECT user_id, date_trunc('month', t)::date AS month, track_id, source, sum(plays) AS plays, sum(ms) AS ms
    FROM d GROUP BY 1, 2, 3, 4 HAVING sum(plays) <> 0 OR sum(ms) <> 0
  ), monthly_up AS (
    INSERT INTO listen_local_monthly_tracks AS x (user_id, month, track_id, source, plays, ms_played)
    SELECT * FROM m WHERE plays > 0 ORDER BY 1, 2, 3, 4
    ON CONFLICT (user_id, month, track_id, source) DO UPDATE
      SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played
  ), monthly_down AS (
    -- Lowering only updates rows that exist: a track's deletion may already have cascaded to its rows.
    UPDATE listen_local_monthly_tracks x SET plays = x.plays + m.plays, ms_played = x.ms_played + m.ms
    FROM m WHERE m.plays <= 0 AND x.user_id = m.user_id AND x.month = m.month AND x.track_id = m.track_id
      AND x.source = m.source
  )
  INSERT INTO listen_local_week_hours AS x (user_id, source, isodow, hour, plays, ms_played)
  SELECT user_id, source, extract(isodow FROM t), extract(hour FROM t), sum(plays), sum(ms)
  FROM d GROUP BY 1, 2, 3, 4 HAVING sum(plays) <> 0 OR sum(ms) <> 0 ORDER BY 1, 2, 3, 4
  ON CONFLICT (user_id, source, isodow, hour) DO UPDATE
    SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played;
  IF -1 = ANY(p_plays) THEN
    DELETE FROM listen_local_daily WHERE user_id = ANY(p_users) AND plays <= 0;
    DELETE FROM listen_local_week_hours WHERE user_id = ANY(p_users) AND plays <= 0;
    -- Only the months × tracks this statement lowered (a user has many more of these rows than days).
    WITH z AS MATERIALIZED (SELECT id, stats_zone(time_zone) AS tz FROM users WHERE id = ANY(p_users))
    DELETE FROM listen_local_monthly_tracks x USING (
      SELECT DISTINCT r.user_id, date_trunc('month', r.started_at AT TIME ZONE z.tz)::date AS month, r.track_id, r.source
      FROM unnest(p_users, p_started, p_sources, p_tracks, p_plays) AS r(user_id, started_at, source, track_id, plays)
      JOIN z ON z.id = r.user_id
      WHERE r.plays < 0
    ) k
    WHERE x.user_id = k.user_id AND x.month = k.month AND x.track_id = k.track_id AND x.source = k.source
      AND x.plays <= 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION listens_local_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(track_id),
      array_agg(1), array_agg(coalesce(ms_played, 0)::bigint))
    FROM new_rows WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(track_id),
      array_agg(-1), array_agg(-coalesce(ms_played, 0)::bigint))
    FROM old_rows WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
  ELSE
    PERFORM stats_local_apply(array_agg(user_id), array_agg(started_at), array_agg(source), array_agg(track_id),
      array_agg(n), array_agg(ms))
    FROM (
      SELECT user_id, started_at, source, track_id, -1 AS n, -coalesce(ms_played, 0)::bigint AS ms FROM old_rows
      WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden
      UNION ALL
      SELECT user_id, started_at, source, track_id, 1, coalesce(ms_played, 0)::bigint FROM new_rows
      WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden
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
WITH u AS MATERIALIZED (SELECT id, stats_zone(time_zone) AS tz FROM users)
INSERT INTO listen_local_monthly_tracks (user_id, month, track_id, source, plays, ms_played)
SELECT l.user_id, date_trunc('month', l.started_at AT TIME ZONE u.tz)::date, l.track_id, l.source,
  count(*), sum(coalesce(l.ms_played, 0))
FROM listens l JOIN u ON u.id = l.user_id
WHERE NOT l.skipped AND l.duplicate_of IS NULL AND NOT l.hidden GROUP BY 1, 2, 3, 4;
--> statement-breakpoint
-- listen_local_year_groups follows listen_local_monthly_tracks and track_stat_groups. Invariant, for every
-- user u, local year y, group (kind, key) of the kinds kept, and month m of y:
--   (y, 0, kind, key) = sum over tracks t in the group and months of y of listen_local_monthly_tracks(u, ·, t, any source),
--   (y, m, 'artist', key) = the same over month m only.
-- Every change to either input applies its exact delta once; rows whose plays reach zero are dropped.
CREATE FUNCTION listen_year_groups_add(
  p_users integer[], p_months date[], p_kinds text[], p_keys text[], p_plays bigint[], p_ms bigint[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_users IS NULL THEN RETURN; END IF;
  INSERT INTO listen_local_year_groups AS x (user_id, year, month, kind, key, plays, ms_played)
  SELECT d.user_id, extract(year FROM d.month)::smallint, v.m, d.kind, d.key, sum(d.plays), sum(d.ms)
  FROM unnest(p_users, p_months, p_kinds, p_keys, p_plays, p_ms) AS d(user_id, month, kind, key, plays, ms)
    CROSS JOIN LATERAL (VALUES (0::smallint),
      (CASE WHEN d.kind = 'artist' THEN extract(month FROM d.month)::smallint END)) v(m)
  WHERE v.m IS NOT NULL AND EXISTS (SELECT 1 FROM users u WHERE u.id = d.user_id)
  GROUP BY 1, 2, 3, 4, 5 HAVING sum(d.plays) <> 0 OR sum(d.ms) <> 0 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (user_id, year, month, kind, key) DO UPDATE
    SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played;
  IF EXISTS (SELECT 1 FROM unnest(p_plays) v WHERE v < 0) THEN
    DELETE FROM listen_local_year_groups x USING (
      SELECT DISTINCT d.user_id, extract(year FROM d.month)::smallint AS year, v.m, d.kind, d.key
      FROM unnest(p_users, p_months, p_kinds, p_keys, p_plays) AS d(user_id, month, kind, key, plays)
        CROSS JOIN LATERAL (VALUES (0::smallint),
          (CASE WHEN d.kind = 'artist' THEN extract(month FROM d.month)::smallint END)) v(m)
      WHERE v.m IS NOT NULL AND d.plays < 0
    ) k
    WHERE x.user_id = k.user_id AND x.year = k.year AND x.month = k.m AND x.kind = k.kind AND x.key = k.key
      AND x.plays <= 0;
  END IF;
END $$;
--> statement-breakpoint
-- Month × track rows (any source) moving through the groups their tracks are in now.
CREATE FUNCTION listen_local_monthly_tracks_groups() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  skip integer := nullif(current_setting('musictrace.stats_rebuild', true), '')::integer;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM listen_year_groups_add(array_agg(d.user_id), array_agg(d.month), array_agg(g.kind), array_agg(g.key),
      array_agg(d.plays), array_agg(d.ms))
    FROM (SELECT user_id, month, track_id, sum(plays)::bigint AS plays, sum(ms_played)::bigint AS ms
      FROM new_rows WHERE user_id IS DISTINCT FROM skip GROUP BY 1, 2, 3) d
    JOIN track_stat_groups g ON g.track_id = d.track_id AND g.kind IN ('all', 'track', 'album', 'artist', 'genre');
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM listen_year_groups_add(array_agg(d.user_id), array_agg(d.month), array_agg(g.kind), array_agg(g.key),
      array_agg(d.plays), array_agg(d.ms))
    FROM (SELECT user_id, month, track_id, -sum(plays)::bigint AS plays, -sum(ms_played)::bigint AS ms
      FROM old_rows WHERE user_id IS DISTINCT FROM skip GROUP BY 1, 2, 3 HAVING sum(plays) <> 0 OR sum(ms_played) <> 0) d
    JOIN track_stat_groups g ON g.track_id = d.track_id AND g.kind IN ('all', 'track', 'album', 'artist', 'genre');
  ELSE
    PERFORM listen_year_groups_add(array_agg(d.user_id), array_agg(d.month), array_agg(g.kind), array_agg(g.key),
      array_agg(d.plays), array_agg(d.ms))
    FROM (SELECT user_id, month, track_id, sum(plays)::bigint AS plays, sum(ms)::bigint AS ms FROM (
        SELECT user_id, month, track_id, plays, ms_played AS ms FROM new_rows
        UNION ALL SELECT user_id, month, track_id, -plays, -ms_played FROM old_rows
      ) c WHERE user_id IS DISTINCT FROM skip GROUP BY 1, 2, 3 HAVING sum(plays) <> 0 OR sum(ms) <> 0) d
    JOIN track_stat_groups g ON g.track_id = d.track_id AND g.kind IN ('all', 'track', 'album', 'artist', 'genre');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listen_local_monthly_tracks_groups_insert AFTER INSERT ON listen_local_monthly_tracks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_local_monthly_tracks_groups();
--> statement-breakpoint
CREATE TRIGGER listen_local_monthly_tracks_groups_delete AFTER DELETE ON listen_local_monthly_tracks
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_local_monthly_tracks_groups();
--> statement-breakpoint
CREATE TRIGGER listen_local_monthly_tracks_groups_update AFTER UPDATE ON listen_local_monthly_tracks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_local_monthly_tracks_groups();
--> statement-breakpoint
-- A track joining or leaving a group moves its month rows (all users, all sources) with it.
CREATE FUNCTION track_stat_groups_year_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM listen_year_groups_add(array_agg(t.user_id), array_agg(t.month), array_agg(n.kind), array_agg(n.key),
      array_agg(t.plays::bigint), array_agg(t.ms_played))
    FROM new_rows n JOIN listen_local_monthly_tracks t ON t.track_id = n.track_id
    WHERE n.kind IN ('all', 'track', 'album', 'artist', 'genre');
  ELSE
    PERFORM listen_year_groups_add(array_agg(t.user_id), array_agg(t.month), array_agg(o.kind), array_agg(o.key),
      array_agg(-t.plays::bigint), array_agg(-t.ms_played))
    FROM old_rows o JOIN listen_local_monthly_tracks t ON t.track_id = o.track_id
    WHERE o.kind IN ('all', 'track', 'album', 'artist', 'genre');
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER track_stat_groups_year_groups_insert AFTER INSERT ON track_stat_groups
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_stat_groups_year_groups();
--> statement-breakpoint
CREATE TRIGGER track_stat_groups_year_groups_delete AFTER DELETE ON track_stat_groups
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION track_stat_groups_year_groups();
--> statement-breakpoint
-- Recomputes one user's local rows from their listens in their current zone.
CREATE OR REPLACE FUNCTION stats_local_rebuild(uid integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  tz text;
BEGIN
  PERFORM pg_advisory_xact_lock(7301, uid);
  -- The year groups are recomputed below in one go, not moved row by row by the month rows' triggers.
  PERFORM set_config('musictrace.stats_rebuild', uid::text, true);
  DELETE FROM listen_local_year_groups WHERE user_id = uid;
  DELETE FROM listen_local_daily WHERE user_id = uid;
  DELETE FROM listen_local_week_hours WHERE user_id = uid;
  DELETE FROM listen_local_monthly_tracks WHERE user_id = uid;
  SELECT stats_zone(time_zone) INTO tz FROM users WHERE id = uid;
  IF tz IS NULL THEN
    PERFORM set_config('musictrace.stats_rebuild', '', true);
    RETURN;
  END IF;
  INSERT INTO listen_local_daily (user_id, day, source, plays, ms_played)
  SELECT uid, (started_at AT TIME ZONE tz)::date, source, count(*), sum(coalesce(ms_played, 0))
  FROM listens WHERE user_id = uid AND NOT skipped AND duplicate_of IS NULL AND NOT hidden GROUP BY 2, 3;
  INSERT INTO listen_local_week_hours (user_id, source, isodow, hour, plays, ms_played)
  SELECT uid, source, extract(isodow FROM started_at AT TIME ZONE tz), extract(hour FROM started_at AT TIME ZONE tz),
    count(*), sum(coalesce(ms_played, 0))
  FROM listens WHERE user_id = uid AND NOT skipped AND duplicate_of IS NULL AND NOT hidden GROUP BY 2, 3, 4;
  INSERT INTO listen_local_monthly_tracks (user_id, month, track_id, source, plays, ms_played)
  SELECT uid, date_trunc('month', started_at AT TIME ZONE tz)::date, track_id, source, count(*),
    sum(coalesce(ms_played, 0))
  FROM listens WHERE user_id = uid AND NOT skipped AND duplicate_of IS NULL AND NOT hidden GROUP BY 2, 3, 4;
  INSERT INTO listen_local_year_groups (user_id, year, month, kind, key, plays, ms_played)
  SELECT uid, extract(year FROM t.month)::smallint, v.m, g.kind, g.key, sum(t.plays), sum(t.ms_played)
  FROM listen_local_monthly_tracks t
    JOIN track_stat_groups g ON g.track_id = t.track_id AND g.kind IN ('all', 'track', 'album', 'artist', 'genre')
    CROSS JOIN LATERAL (VALUES (0::smallint),
      (CASE WHEN g.kind = 'artist' THEN extract(month FROM t.month)::smallint END)) v(m)
  WHERE t.user_id = uid AND v.m IS NOT NULL
  GROUP BY 2, 3, 4, 5;
  PERFORM set_config('musictrace.stats_rebuild', '', true);
END $$;
--> statement-breakpoint
INSERT INTO listen_local_year_groups (user_id, year, month, kind, key, plays, ms_played)
SELECT t.user_id, extract(year FROM t.month)::smallint, v.m, g.kind, g.key, sum(t.plays), sum(t.ms_played)
FROM listen_local_monthly_tracks t
  JOIN track_stat_groups g ON g.track_id = t.track_id AND g.kind IN ('all', 'track', 'album', 'artist', 'genre')
  CROSS JOIN LATERAL (VALUES (0::smallint),
    (CASE WHEN g.kind = 'artist' THEN extract(month FROM t.month)::smallint END)) v(m)
WHERE v.m IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
