-- The case closed loop: cases, their timeline, supervisions, ticket counters and the
-- idempotency keys of intake. Times are Unix milliseconds.

CREATE TABLE cases (
    id                  {{ID}},
    ticket              TEXT NOT NULL UNIQUE,
    source              TEXT NOT NULL,
    status              TEXT NOT NULL,
    category_id         BIGINT NOT NULL,
    triage              TEXT NOT NULL,
    priority            TEXT NOT NULL,
    description         TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    lng                 {{REAL}},
    lat                 {{REAL}},
    located             BOOLEAN NOT NULL,
    node_id             BIGINT NOT NULL REFERENCES nodes (id),
    node_path           {{PATH}} NOT NULL,
    building_id         BIGINT,
    facility_id         BIGINT,
    reporter_user_id    BIGINT,
    reporter_name       TEXT NOT NULL DEFAULT '',
    reporter_phone_enc  TEXT NOT NULL DEFAULT '',
    reporter_phone_hash TEXT NOT NULL DEFAULT '',
    reporter_phone_mask TEXT NOT NULL DEFAULT '',
    anonymous           BOOLEAN NOT NULL DEFAULT FALSE,
    device_id           TEXT NOT NULL DEFAULT '',
    alarm_type          TEXT NOT NULL DEFAULT '',
    alarm_count         INTEGER NOT NULL DEFAULT 0,
    assignee_unit_id    BIGINT REFERENCES units (id),
    assignee_node_id    BIGINT REFERENCES nodes (id),
    dispatch_reason     TEXT NOT NULL DEFAULT '',
    master_id           BIGINT REFERENCES cases (id),
    closure             TEXT NOT NULL DEFAULT '',
    stage               TEXT NOT NULL DEFAULT '',
    stage_start         BIGINT,
    warn_at             BIGINT,
    due_at              BIGINT,
    paused_at           BIGINT,
    paused_left         BIGINT NOT NULL DEFAULT 0,
    paused_warn         BIGINT NOT NULL DEFAULT 0,
    overdue             BOOLEAN NOT NULL DEFAULT FALSE,
    supervising         INTEGER NOT NULL DEFAULT 0,
    pending             TEXT NOT NULL DEFAULT '',
    pending_amount      INTEGER NOT NULL DEFAULT 0,
    pending_unit        TEXT NOT NULL DEFAULT '',
    pending_reason      TEXT NOT NULL DEFAULT '',
    return_count        INTEGER NOT NULL DEFAULT 0,
    rework_count        INTEGER NOT NULL DEFAULT 0,
    reopen_count        INTEGER NOT NULL DEFAULT 0,
    extension_count     INTEGER NOT NULL DEFAULT 0,
    urge_count          INTEGER NOT NULL DEFAULT 0,
    overdue_count       INTEGER NOT NULL DEFAULT 0,
    rating              TEXT NOT NULL DEFAULT '',
    rating_comment      TEXT NOT NULL DEFAULT '',
    reported_at         BIGINT NOT NULL,
    registered_at       BIGINT,
    dispatched_at       BIGINT,
    acknowledged_at     BIGINT,
    handled_at          BIGINT,
    verified_at         BIGINT,
    closed_at           BIGINT,
    rated_at            BIGINT,
    archived_at         BIGINT,
    updated_at          BIGINT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
-- Queues: by area and status, newest first; by unit and status; nearby open cases of a
-- category (duplicates); a sensor's open case; a reporter's own cases; overdue boards.
CREATE INDEX cases_scope ON cases (node_path, status, id);
CREATE INDEX cases_unit ON cases (assignee_unit_id, status, id);
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_nearby ON cases (category_id, lat, lng);
CREATE INDEX cases_device ON cases (device_id, alarm_type, status);
CREATE INDEX cases_reporter ON cases (reporter_user_id, id);
CREATE INDEX cases_phone ON cases (reporter_phone_hash, id);
CREATE INDEX cases_due ON cases (due_at);
CREATE INDEX cases_master ON cases (master_id);

-- The timeline: one row per step, in order. public rows are what the reporter sees.
CREATE TABLE case_events (
    id         {{ID}},
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    action     TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status  TEXT NOT NULL,
    public     BOOLEAN NOT NULL DEFAULT FALSE,
    actor_id   BIGINT NOT NULL DEFAULT 0,
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT '',
    unit_id    BIGINT,
    note       TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    lng        {{REAL}},
    lat        {{REAL}},
    at         BIGINT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);
CREATE INDEX case_events_at ON case_events (at, action);

-- Urgings (催办) and supervisions (督办): a supervision waits for the unit's answer.
CREATE TABLE case_supervisions (
    id          {{ID}},
    case_id     BIGINT NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    unit_id     BIGINT REFERENCES units (id),
    by_id       BIGINT NOT NULL DEFAULT 0,
    by_name     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    opened_at   BIGINT NOT NULL,
    answer      TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL DEFAULT '',
    answered_at BIGINT
);
CREATE INDEX case_supervisions_case ON case_supervisions (case_id, id);
CREATE INDEX case_supervisions_open ON case_supervisions (unit_id, answered_at);

-- The n-th case of a day gets ticket YYYYMMDD-nnnnnn.
CREATE TABLE ticket_counters (
    day TEXT PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- A retried submission with the same key (per caller) returns the first case.
CREATE TABLE case_idempotency (
    key_hash   TEXT PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    created_at BIGINT NOT NULL
);
