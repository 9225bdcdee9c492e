-- Exclusions: a user hides an artist or a track from their statistics (white noise, kids' songs) without
-- deleting history. A hidden listen stays in history, exports and the outbox; it is only not counted.
-- "Counted" thus becomes NOT skipped AND duplicate_of IS NULL AND NOT hidden wherever it is decided.
ALTER TABLE listens ADD COLUMN hidden boolean NOT NULL DEFAULT false;
--> statement-breakpoint
-- One row per hidden artist or track (exactly one of the two), gone with the user, artist or track.
CREATE TABLE stat_exclusions (
  id serial PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  artist_id integer REFERENCES artists(id) ON DELETE CASCADE,
  track_id integer REFERENCES tracks(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stat_exclusions_one_target CHECK (num_nonnulls(artist_id, track_id) = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX stat_exclusions_user_artist ON stat_exclusions (user_id, artist_id) WHERE artist_id IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX stat_exclusions_user_track ON stat_exclusions (user_id, track_id) WHERE track_id IS NOT NULL;
--> statement-breakpoint
-- The tracks a user's exclusions cover: each hidden track, and every track a hidden artist plays on.
CREATE VIEW stat_excluded_tracks AS
  SELECT user_id, track_id FROM stat_exclusions WHERE track_id IS NOT NULL
  UNION
  SELECT e.user_id, ta.track_id FROM stat_exclusions e JOIN track_artists ta ON ta.artist_id = e.artist_id;
--> statement-breakpoint
-- Every writer (live scrobbler, imports, the /1/ API) gets the flag right without knowing about it. New
-- rows are flagged once per statement, AFTER the rollups counted them: PostgreSQL fires a table's AFTER
-- triggers in name order, and "zz" sorts this one last, so its UPDATE takes the hidden rows back out of
-- the rollups through their update triggers. (A row trigger setting the flag before insert cost imports
-- 40-50 % more time per row, for every user; this costs one probe of stat_exclusions per statement.)
CREATE FUNCTION listens_hide_new_excluded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM stat_exclusions WHERE user_id IN (SELECT user_id FROM new_rows)) THEN
    UPDATE listens l SET hidden = true
    FROM new_rows n JOIN stat_excluded_tracks x ON x.user_id = n.user_id AND x.track_id = n.track_id
    WHERE l.id = n.id AND NOT l.hidden;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_zz_hide_excluded AFTER INSERT ON listens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_hide_new_excluded();
--> statement-breakpoint
-- A listen moved to another track or user (a merge) is flagged anew, row by row: rare, and a column list
-- cannot go with a statement trigger's transition tables.
CREATE FUNCTION listens_hide_moved_excluded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.hidden := EXISTS (SELECT 1 FROM stat_excluded_tracks x
    WHERE x.user_id = NEW.user_id AND x.track_id = NEW.track_id);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_hide_moved_excluded BEFORE UPDATE OF user_id, track_id ON listens
  FOR EACH ROW EXECUTE FUNCTION listens_hide_moved_excluded();
--> statement-breakpoint
-- The rollup functions (migrations 0003 and 0009) decide "counted" in 17 places with the same words.
-- Rather than copying ~150 lines of SQL to change one predicate, each is recompiled with it extended;
-- the check below fails the migration if a function no longer reads as expected.
DO $$
DECLARE
  f regprocedure;
  def text;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.proname IN
    ('listens_rollup_insert', 'listens_rollup_delete', 'listens_rollup_update', 'listens_local_rollup',
     'stats_local_rebuild')
  LOOP
    def := pg_get_functiondef(f);
    IF position('NOT skipped AND duplicate_of IS NULL' IN def) = 0 THEN
      RAISE EXCEPTION 'exclusions: % does not decide "counted" as expected', f;
    END IF;
    EXECUTE replace(def, 'NOT skipped AND duplicate_of IS NULL', 'NOT skipped AND duplicate_of IS NULL AND NOT hidden');
  END LOOP;
END $$;
--> statement-breakpoint
-- The partial indexes of counted listens, with the new predicate, so reads stay index-only.
DROP INDEX listens_counted_idx;
--> statement-breakpoint
CREATE INDEX listens_counted_idx ON listens (user_id, started_at) INCLUDE (track_id, source, ms_played)
  WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
--> statement-breakpoint
DROP INDEX listens_user_track_started_idx;
--> statement-breakpoint
CREATE INDEX listens_user_track_started_idx ON listens (user_id, track_id, started_at)
  WHERE NOT skipped AND duplicate_of IS NULL AND NOT hidden;
