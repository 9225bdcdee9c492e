-- Bumps stats_versions once per statement for every user whose listens changed (lib/stats/cache.ts).
CREATE FUNCTION listens_stats_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Update only: during a user's deletion the cascade may already have removed the row.
    UPDATE stats_versions v SET version = v.version + 1
      WHERE v.user_id IN (SELECT DISTINCT user_id FROM old_rows);
  ELSE
    INSERT INTO stats_versions AS v (user_id, version)
      SELECT DISTINCT user_id, 1 FROM new_rows ORDER BY 1
      ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1;
    IF TG_OP = 'UPDATE' THEN
      UPDATE stats_versions v SET version = v.version + 1
        WHERE v.user_id IN (SELECT DISTINCT user_id FROM old_rows EXCEPT SELECT DISTINCT user_id FROM new_rows);
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER listens_stats_version_insert AFTER INSERT ON listens
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_stats_version_bump();
--> statement-breakpoint
CREATE TRIGGER listens_stats_version_update AFTER UPDATE ON listens
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_stats_version_bump();
--> statement-breakpoint
CREATE TRIGGER listens_stats_version_delete AFTER DELETE ON listens
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listens_stats_version_bump();
