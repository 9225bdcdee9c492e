-- Listens that players sent through the ListenBrainz-compatible API (/1/submit-listens) get a source of their
-- own instead of "import" (issue #18): a player is not a file. The rollup triggers move their counts.
UPDATE listens SET source = 'listenbrainz-api' WHERE source = 'import' AND extra->>'fmt' = 'listenbrainz-api';
