-- Grid workers on duty: who serves which grid or micro-grid, full-time, part-time or as
-- the backup, and since when. Ended rows are the grid's history and are never deleted.
CREATE TABLE grid_assignments (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    started_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    created_at  BIGINT NOT NULL
);
CREATE INDEX grid_assignments_node ON grid_assignments (node_id, ended_at);
CREATE INDEX grid_assignments_user ON grid_assignments (user_id, ended_at);
