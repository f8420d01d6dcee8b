-- Spreadsheet imports (台账导入). Every register table carries its natural key (see
-- register/keys.go) in nkey, so an import matches a row to its record with one index
-- lookup and importing the same file twice changes nothing. NULL means "no key" (a row
-- that does not carry enough to be matched), which UNIQUE allows any number of times.
-- Keys of existing buildings and houses are computed in Go after this migration (text
-- folding is not SQL's), see store.backfillKeys.
ALTER TABLE buildings ADD COLUMN nkey TEXT;
CREATE UNIQUE INDEX buildings_nkey ON buildings (nkey);
ALTER TABLE houses ADD COLUMN nkey TEXT;
CREATE UNIQUE INDEX houses_nkey ON houses (nkey);

-- One import of one file, dry run or real. The page polls it while the import runs in the
-- background; a server restart marks running jobs interrupted. The uploaded file and
-- the error report live in the import directory under the names given here.
CREATE TABLE import_jobs (
    id              {{ID}},
    register        TEXT NOT NULL,
    dry_run         BOOLEAN NOT NULL,
    status          TEXT NOT NULL,
    user_id         BIGINT NOT NULL REFERENCES users (id),
    node_path       {{PATH}} NOT NULL,
    lang            TEXT NOT NULL,
    filename        TEXT NOT NULL,
    file_size       BIGINT NOT NULL,
    upload          TEXT NOT NULL,
    preview_of      BIGINT REFERENCES import_jobs (id),
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_done       INTEGER NOT NULL DEFAULT 0,
    rows_new        INTEGER NOT NULL DEFAULT 0,
    rows_changed    INTEGER NOT NULL DEFAULT 0,
    rows_unchanged  INTEGER NOT NULL DEFAULT 0,
    rows_error      INTEGER NOT NULL DEFAULT 0,
    message         TEXT NOT NULL DEFAULT '',
    warnings        TEXT NOT NULL DEFAULT '',
    first_errors    TEXT NOT NULL DEFAULT '',
    report          TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    started_at      BIGINT,
    finished_at     BIGINT
);
CREATE INDEX import_jobs_user ON import_jobs (user_id, id);
CREATE INDEX import_jobs_status ON import_jobs (status);
