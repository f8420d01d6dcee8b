-- Indicator definitions as data (indicators.Definition). The built-in ones are written
-- at start-up when missing (indicator_defs.go); administrators add their own and reword
-- the built-in ones. position is the order pages list them in.
CREATE TABLE indicator_definitions (
    code            TEXT PRIMARY KEY,
    position        INTEGER NOT NULL,
    name_zh         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    formula         TEXT NOT NULL,
    unit            TEXT NOT NULL,
    lower_is_better BOOLEAN NOT NULL,
    explain_zh      TEXT NOT NULL,
    explain_en      TEXT NOT NULL,
    builtin         BOOLEAN NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    updated_at      BIGINT NOT NULL
);
