-- Every poll rewrites its (user, provider)'s meta row and playing session in playback_sessions (~1,000 row
-- versions/s at 5,000 playing users), and every 30 s each connection's poll times. With full pages the new
-- version often lands on another page: a non-HOT update, a new index entry, and dead rows that only VACUUM
-- removes (a 600 s bench on a server without autovacuum: 10,000 live rows, 80,000 dead, 69 MB, and the poll
-- rate sliding). Half-empty pages keep updates on their page (HOT), where page pruning reclaims the dead
-- versions without VACUUM and the index does not grow. Existing pages follow as they are rewritten.
ALTER TABLE "playback_sessions" SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);--> statement-breakpoint
ALTER TABLE "connections" SET (fillfactor = 70);
