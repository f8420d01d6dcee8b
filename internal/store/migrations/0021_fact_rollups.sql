-- The counters' rollups (see fact_rollups.go) live in fact_counts under grains of their
-- own; those of the counters already kept are built at the next start, once.
CREATE TABLE fact_rollups_backfill (pending INTEGER NOT NULL);
INSERT INTO fact_rollups_backfill (pending) VALUES (1);
