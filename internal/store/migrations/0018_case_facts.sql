-- What the indicators count (internal/indicators). A timeline entry keeps the timed stage
-- it ended, that stage's limit and, for a handling, the working time since the dispatch,
-- so its facts can be counted again from the timeline alone.
ALTER TABLE case_events ADD COLUMN stage TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN due_at BIGINT;
ALTER TABLE case_events ADD COLUMN worked BIGINT NOT NULL DEFAULT 0;

-- A row per fact an entry counted, with the case's place, unit, category, source and
-- triage when it counted, so that every figure lists the cases behind it. at is the
-- moment the fact counts at (Unix ms), day its date in China as YYYYMMDD.
CREATE TABLE case_facts (
    id          {{ID}},
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    fact        TEXT NOT NULL,
    at          BIGINT NOT NULL,
    day         INTEGER NOT NULL,
    n           BIGINT NOT NULL,
    node_path   {{PATH}} NOT NULL,
    unit_id     BIGINT NOT NULL DEFAULT 0,
    category_id BIGINT NOT NULL,
    source      TEXT NOT NULL,
    triage      TEXT NOT NULL
);
CREATE INDEX case_facts_case ON case_facts (case_id, id);
CREATE INDEX case_facts_figure ON case_facts (fact, day, node_path);

-- What a case's earlier entries left for the facts of its later ones (indicators.State).
CREATE TABLE case_fact_states (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    state   TEXT NOT NULL
);

-- Cases written before count their facts from their timelines at start-up
-- (backfillFacts), those up to this id; the row goes when they have.
CREATE TABLE case_facts_backfill (up_to BIGINT NOT NULL);
INSERT INTO case_facts_backfill (up_to) SELECT COALESCE(MAX(id), 0) FROM cases;
