-- The events table: one row per key, either a claim (done_at NULL, token
-- and expires set) or a done record (done_at set, expires NULL). One index
-- serves Prune: a done record's completion time, or a claim's lease end.
CREATE TABLE IF NOT EXISTS {{table}} (
	key     text PRIMARY KEY,
	token   text NOT NULL,
	expires timestamptz,
	done_at timestamptz
);
CREATE INDEX IF NOT EXISTS {{index_prune}} ON {{table}} ((coalesce(done_at, expires)));
