-- An album's or a genre's tracks (the album and genre pages, search's album rows) by the group itself; the
-- primary key starts with track_id, so this was a scan of every track's groups (~200 ms at 60k tracks).
CREATE INDEX track_stat_groups_kind_key_idx ON track_stat_groups (kind, key) INCLUDE (track_id);
