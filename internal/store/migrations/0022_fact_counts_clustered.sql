-- The counters are only ever read by their key: on SQLite the table becomes its key's
-- b-tree (WITHOUT ROWID) instead of a table beside an index of the same columns, half
-- the size and one lookup instead of two. PostgreSQL rebuilds the same table.
CREATE TABLE fact_counts_keyed (
    grain       TEXT NOT NULL,
    period      INTEGER NOT NULL,
    node_path   {{PATH}} NOT NULL,
    fact        TEXT NOT NULL,
    unit_id     BIGINT NOT NULL,
    category_id BIGINT NOT NULL,
    source      TEXT NOT NULL,
    triage      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (grain, period, node_path, fact, unit_id, category_id, source, triage)
) {{CLUSTERED}};
INSERT INTO fact_counts_keyed (grain, period, node_path, fact, unit_id, category_id, source, triage, n)
    SELECT grain, period, node_path, fact, unit_id, category_id, source, triage, n FROM fact_counts;
DROP TABLE fact_counts;
ALTER TABLE fact_counts_keyed RENAME TO fact_counts;
