-- Grid workers' patrols (巡查): one row a patrol, its track in one row per upload, and the
-- patrol a case was found on. Times are Unix milliseconds.

CREATE TABLE patrols (
    id          {{ID}},
    worker_id   BIGINT NOT NULL REFERENCES users (id),
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    node_path   {{PATH}} NOT NULL,
    started_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    distance_m  {{REAL}} NOT NULL DEFAULT 0,
    points      INTEGER NOT NULL DEFAULT 0,
    dropped     INTEGER NOT NULL DEFAULT 0,
    -- The last kept point: the next upload is checked against it (order, speed) without
    -- reading the track back.
    last_at     BIGINT,
    last_lng    {{REAL}},
    last_lat    {{REAL}},
    last_acc    {{REAL}},
    note        TEXT NOT NULL DEFAULT '',
    version     INTEGER NOT NULL DEFAULT 1
);
-- Today's patrols of the grids of an area: a range on the path, then the day.
CREATE INDEX patrols_scope ON patrols (node_path, started_at);
CREATE INDEX patrols_worker ON patrols (worker_id, started_at);
-- One open patrol a worker, whatever races the checks in the transaction.
CREATE UNIQUE INDEX patrols_open ON patrols (worker_id) WHERE ended_at IS NULL;

-- The track, one row per upload. Eight hours at 10 s intervals is 2,880 points; stored as
-- a row each they would cost a tuple, a key and an index entry apiece (some 300 KB and
-- 2,880 index writes a patrol), while one compact text per upload (delta-encoded, about
-- 17 bytes a point: see patrol.EncodeTrack) is some 50 KB in a few dozen rows, and a
-- track is only ever read whole, to be drawn.
CREATE TABLE patrol_tracks (
    id         {{ID}},
    patrol_id  BIGINT NOT NULL REFERENCES patrols (id),
    first_at   BIGINT NOT NULL,
    last_at    BIGINT NOT NULL,
    points     INTEGER NOT NULL,
    data       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX patrol_tracks_patrol ON patrol_tracks (patrol_id, first_at);

-- The patrol a case was reported on, when it was.
ALTER TABLE cases ADD COLUMN patrol_id BIGINT REFERENCES patrols (id);
CREATE INDEX cases_patrol ON cases (patrol_id);
