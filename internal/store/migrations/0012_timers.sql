-- Timers (定时器): the deadlines the case loop acts on (yellow warnings, overdue, urging,
-- supervision, return-visit reminders, auto-archive). The table holds pending timers only:
-- firing one deletes its row in the same transaction as the handler's work, so a timer
-- fires once; a failed firing leaves the row, counts the attempt and moves fire_at back.
-- A thing has at most one pending timer of each kind: setting it again moves it.
CREATE TABLE timers (
    id          {{ID}},
    kind        TEXT NOT NULL,
    ref_id      BIGINT NOT NULL,
    fire_at     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, ref_id)
);
-- The due timers, oldest first, are a range at the start of this index whatever the
-- number of pending ones; id breaks ties so the order is total on both databases.
CREATE INDEX timers_due ON timers (fire_at, id);
