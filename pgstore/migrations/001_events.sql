-- The events table: one row per key, either a claim (done_at NULL, token
-- and expires set) or a done record (done_at set).
CREATE TABLE IF NOT EXISTS {{table}} (
	key     text PRIMARY KEY,
	token   text NOT NULL,
	expires timestamptz,
	done_at timestamptz
);
CREATE INDEX IF NOT EXISTS {{index_done}} ON {{table}} (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS {{index_expires}} ON {{table}} (expires) WHERE done_at IS NULL;
