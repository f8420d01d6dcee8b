-- The indicators' counters: the facts of case_facts summed by day (grain 'd', period
-- YYYYMMDD) and by month ('m', YYYYMM), per grid path, unit, category, source and triage,
-- kept in the transaction that counts the facts, so that a figure reads a few rows
-- instead of the cases behind it.
-- A fact of no amount counts nothing (a handling in no working time adds no minutes).
DELETE FROM case_facts WHERE n = 0;
CREATE TABLE fact_counts (
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
);
INSERT INTO fact_counts (grain, period, node_path, fact, unit_id, category_id, source, triage, n)
    SELECT 'd', day, node_path, fact, unit_id, category_id, source, triage, SUM(n) FROM case_facts
    GROUP BY day, node_path, fact, unit_id, category_id, source, triage;
INSERT INTO fact_counts (grain, period, node_path, fact, unit_id, category_id, source, triage, n)
    SELECT 'm', day / 100, node_path, fact, unit_id, category_id, source, triage, SUM(n) FROM case_facts
    GROUP BY day / 100, node_path, fact, unit_id, category_id, source, triage;
