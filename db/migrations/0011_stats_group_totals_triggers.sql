-- track_stat_groups follows the catalog; listen_group_totals follows listen_track_totals and
-- track_stat_groups (db/schema/stats.ts). Invariant, for every user u and group (kind, key):
--   listen_group_totals = sum over tracks t in the group of listen_track_totals(u, t, any source),
--   tracks = number of such t with at least one listen_track_totals row.
-- Every change to either input applies its exact delta once, so the order of cascades does not matter.

-- Lookups the triggers make: a track's per-user totals, an album's tracks.
CREATE INDEX listen_track_totals_track_idx ON listen_track_totals (track_id);
--> statement-breakpoint
CREATE INDEX tracks_album_idx ON tracks (album_id);
--> statement-breakpoint
-- Recomputes the groups of some tracks from the catalog, writing only the differences.
CREATE FUNCTION track_stat_groups_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
  WITH want AS (
    SELECT track_id, kind, key FROM (
      SELECT t.id AS track_id, 'all' AS kind, '' AS key FROM tracks t WHERE t.id = ANY(ids)
      UNION SELECT t.id, 'track', t.id::text FROM tracks t WHERE t.id = ANY(ids)
      UNION SELECT t.id, 'album', t.album_id::text FROM tracks t WHERE t.id = ANY(ids) AND t.album_id IS NOT NULL
      UNION SELECT x.track_id, 'artist', x.artist_id::text FROM track_artists x WHERE x.track_id = ANY(ids)
      UNION SELECT x.track_id, 'artist_name', a.name FROM track_artists x JOIN artists a ON a.id = x.artist_id
        WHERE x.track_id = ANY(ids)
      UNION SELECT t.id, 'genre', lower(trim(ag.genre)) FROM tracks t JOIN album_genres ag ON ag.album_id = t.album_id
        WHERE t.id = ANY(ids)
      UNION SELECT x.track_id, 'genre', lower(trim(rg.genre)) FROM track_artists x
        JOIN artist_genres rg ON rg.artist_id = x.artist_id WHERE x.track_id = ANY(ids)
    ) w WHERE NOT (kind = 'genre' AND key = '')
  ), gone AS (
    DELETE FROM track_stat_groups g WHERE g.track_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM want w WHERE w.track_id = g.track_id AND w.kind = g.kind AND w.key = g.key)
  )
  INSERT INTO track_stat_groups (track_id, kind, key)
  SELECT track_id, kind, key FROM want ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING;
$$;
--> statement-breakpoint
CREATE FUNCTION tracks_stat_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM track_stat_groups_refresh(array(SELECT id FROM new_rows));
  ELSE
    PERFORM track_stat_groups_refresh(array(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.album_id IS DISTINCT FROM o.album_id));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER tracks_stat_groups_insert AFTER INSERT ON tracks
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tracks_stat_groups();
--> statement-breakpoint
CREATE TRIGGER tracks_stat_groups_update AFTER UPDATE ON tracks
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tracks_stat_groups();
--> statement-breakpoint
CREATE FUNCTION track_artists_stat_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM track_stat_groups_refresh(array(SELECT track_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM track_stat_groups_refresh(array(SELECT track_id FROM old_rows));
  ELSE
    PERFORM track_stat_groups_refresh(array(SELECT track_id FROM old_rows UNION SELECT track_id FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER track_artists_stat_groups_insert AFTER INSERT ON track_artists
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_artists_stat_groups();
--> statement-breakpoint
CREATE TRIGGER track_artists_stat_groups_delete AFTER DELETE ON track_artists
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION track_artists_stat_groups();
--> statement-breakpoint
CREATE TRIGGER track_artists_stat_groups_update AFTER UPDATE ON track_artists
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_artists_stat_groups();
--> statement-breakpoint
-- Artist names and genres, album genres: refresh the tracks they reach.
CREATE FUNCTION artist_genres_stat_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM track_stat_groups_refresh(array(SELECT x.track_id FROM track_artists x
      WHERE x.artist_id IN (SELECT artist_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM track_stat_groups_refresh(array(SELECT x.track_id FROM track_artists x
      WHERE x.artist_id IN (SELECT artist_id FROM old_rows)));
  ELSE
    PERFORM track_stat_groups_refresh(array(SELECT x.track_id FROM track_artists x
      WHERE x.artist_id IN (SELECT artist_id FROM old_rows UNION SELECT artist_id FROM new_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER artist_genres_stat_groups_insert AFTER INSERT ON artist_genres
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION artist_genres_stat_groups();
--> statement-breakpoint
CREATE TRIGGER artist_genres_stat_groups_delete AFTER DELETE ON artist_genres
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION artist_genres_stat_groups();
--> statement-breakpoint
CREATE TRIGGER artist_genres_stat_groups_update AFTER UPDATE ON artist_genres
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION artist_genres_stat_groups();
--> statement-breakpoint
CREATE FUNCTION artists_stat_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM track_stat_groups_refresh(array(SELECT x.track_id FROM track_artists x
    WHERE x.artist_id IN (SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.name <> o.name)));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER artists_stat_groups_update AFTER UPDATE ON artists
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION artists_stat_groups();
--> statement-breakpoint
CREATE FUNCTION album_genres_stat_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM track_stat_groups_refresh(array(SELECT t.id FROM tracks t
      WHERE t.album_id IN (SELECT album_id FROM new_rows)));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM track_stat_groups_refresh(array(SELECT t.id FROM tracks t
      WHERE t.album_id IN (SELECT album_id FROM old_rows)));
  ELSE
    PERFORM track_stat_groups_refresh(array(SELECT t.id FROM tracks t
      WHERE t.album_id IN (SELECT album_id FROM old_rows UNION SELECT album_id FROM new_rows)));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER album_genres_stat_groups_insert AFTER INSERT ON album_genres
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION album_genres_stat_groups();
--> statement-breakpoint
CREATE TRIGGER album_genres_stat_groups_delete AFTER DELETE ON album_genres
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION album_genres_stat_groups();
--> statement-breakpoint
CREATE TRIGGER album_genres_stat_groups_update AFTER UPDATE ON album_genres
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION album_genres_stat_groups();
--> statement-breakpoint
-- Adds per (user, track) deltas of plays, ms and "heard at all" (±1) to every group of each track. Users
-- being deleted (no users row) are skipped: their rows go with the cascade, and an insert would fail it.
CREATE FUNCTION listen_group_totals_apply(
  p_users integer[], p_tracks integer[], p_plays bigint[], p_ms bigint[], p_heard integer[]
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_users IS NULL THEN RETURN; END IF;
  INSERT INTO listen_group_totals AS x (user_id, kind, key, plays, ms_played, tracks)
  SELECT d.user_id, g.kind, g.key, sum(d.plays), sum(d.ms), sum(d.heard)
  FROM unnest(p_users, p_tracks, p_plays, p_ms, p_heard) AS d(user_id, track_id, plays, ms, heard)
    JOIN users u ON u.id = d.user_id
    JOIN track_stat_groups g ON g.track_id = d.track_id
  GROUP BY 1, 2, 3 HAVING sum(d.plays) <> 0 OR sum(d.ms) <> 0 OR sum(d.heard) <> 0 ORDER BY 1, 2, 3
  ON CONFLICT (user_id, kind, key) DO UPDATE
    SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played,
      tracks = x.tracks + excluded.tracks;
  IF -1 = ANY(p_heard) THEN
    DELETE FROM listen_group_totals x USING (
      SELECT DISTINCT d.user_id, g.kind, g.key
      FROM unnest(p_users, p_tracks, p_heard) AS d(user_id, track_id, heard)
        JOIN track_stat_groups g ON g.track_id = d.track_id WHERE d.heard = -1
    ) k WHERE x.user_id = k.user_id AND x.kind = k.kind AND x.key = k.key AND x.tracks <= 0;
  END IF;
END $$;
--> statement-breakpoint
-- listen_track_totals rows are per source; a track is heard while any of its user's rows exists.
CREATE FUNCTION listen_track_totals_groups() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM listen_group_totals_apply(array_agg(user_id), array_agg(track_id), array_agg(plays), array_agg(ms),
      array_agg(heard))
    FROM (
      SELECT n.user_id, n.track_id, sum(n.plays)::bigint AS plays, sum(n.ms_played)::bigint AS ms,
        CASE WHEN count(*) = (SELECT count(*) FROM listen_track_totals t
          WHERE t.user_id = n.user_id AND t.track_id = n.track_id) THEN 1 ELSE 0 END AS heard
      FROM new_rows n GROUP BY 1, 2
    ) d;
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM listen_group_totals_apply(array_agg(user_id), array_agg(track_id), array_agg(plays), array_agg(ms),
      array_agg(heard))
    FROM (
      SELECT o.user_id, o.track_id, -sum(o.plays)::bigint AS plays, -sum(o.ms_played)::bigint AS ms,
        CASE WHEN EXISTS (SELECT 1 FROM listen_track_totals t
          WHERE t.user_id = o.user_id AND t.track_id = o.track_id) THEN 0 ELSE -1 END AS heard
      FROM old_rows o GROUP BY 1, 2
    ) d;
  ELSE
    PERFORM listen_group_totals_apply(array_agg(user_id), array_agg(track_id), array_agg(plays), array_agg(ms),
      array_agg(0))
    FROM (
      SELECT user_id, track_id, sum(plays)::bigint AS plays, sum(ms)::bigint AS ms FROM (
        SELECT user_id, track_id, plays, ms_played AS ms FROM new_rows
        UNION ALL SELECT user_id, track_id, -plays, -ms_played FROM old_rows
      ) c GROUP BY 1, 2 HAVING sum(plays) <> 0 OR sum(ms) <> 0
    ) d;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listen_track_totals_groups_insert AFTER INSERT ON listen_track_totals
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_track_totals_groups();
--> statement-breakpoint
CREATE TRIGGER listen_track_totals_groups_delete AFTER DELETE ON listen_track_totals
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_track_totals_groups();
--> statement-breakpoint
CREATE TRIGGER listen_track_totals_groups_update AFTER UPDATE ON listen_track_totals
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listen_track_totals_groups();
--> statement-breakpoint
-- A track joining or leaving a group moves all of its users' totals (all sources) with it. Leaving only
-- updates existing rows (during a user's deletion the cascade may already have removed them).
CREATE FUNCTION track_stat_groups_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO listen_group_totals AS x (user_id, kind, key, plays, ms_played, tracks)
    SELECT t.user_id, n.kind, n.key, sum(t.plays), sum(t.ms_played), count(DISTINCT t.track_id)
    FROM new_rows n JOIN listen_track_totals t ON t.track_id = n.track_id JOIN users u ON u.id = t.user_id
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    ON CONFLICT (user_id, kind, key) DO UPDATE
      SET plays = x.plays + excluded.plays, ms_played = x.ms_played + excluded.ms_played,
        tracks = x.tracks + excluded.tracks;
  ELSE
    WITH d AS (
      SELECT t.user_id, o.kind, o.key, sum(t.plays) AS plays, sum(t.ms_played) AS ms,
        count(DISTINCT t.track_id) AS n
      FROM old_rows o JOIN listen_track_totals t ON t.track_id = o.track_id GROUP BY 1, 2, 3
    )
    UPDATE listen_group_totals x SET plays = x.plays - d.plays, ms_played = x.ms_played - d.ms, tracks = x.tracks - d.n
    FROM d WHERE x.user_id = d.user_id AND x.kind = d.kind AND x.key = d.key;
    DELETE FROM listen_group_totals x USING (
      SELECT DISTINCT t.user_id, o.kind, o.key FROM old_rows o JOIN listen_track_totals t ON t.track_id = o.track_id
    ) k WHERE x.user_id = k.user_id AND x.kind = k.kind AND x.key = k.key AND x.tracks <= 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER track_stat_groups_totals_insert AFTER INSERT ON track_stat_groups
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION track_stat_groups_totals();
--> statement-breakpoint
CREATE TRIGGER track_stat_groups_totals_delete AFTER DELETE ON track_stat_groups
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION track_stat_groups_totals();
--> statement-breakpoint
-- A deleted track leaves its groups before its cascades run: the cascades of one statement fire their
-- statement triggers together at its end, when neither the groups nor the totals would be there to pair up.
CREATE FUNCTION tracks_stat_groups_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM track_stat_groups WHERE track_id = OLD.id;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE TRIGGER tracks_stat_groups_delete BEFORE DELETE ON tracks
  FOR EACH ROW EXECUTE FUNCTION tracks_stat_groups_delete();
--> statement-breakpoint
-- Backfill: the groups of every track, whose insert trigger fills every user's totals.
SELECT track_stat_groups_refresh(array(SELECT id FROM tracks));
