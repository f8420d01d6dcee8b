-- The administrative tree, units, accounts, sessions, API tokens, SMS codes and the audit
-- chain. Times are Unix milliseconds (UTC) in BIGINT columns on both databases.

CREATE TABLE nodes (
    id          {{ID}},
    parent_id   BIGINT REFERENCES nodes (id),
    level       SMALLINT NOT NULL,
    code        TEXT NOT NULL,
    full_code   TEXT NOT NULL,
    name        TEXT NOT NULL,
    path        {{PATH}} NOT NULL,
    boundary    TEXT NOT NULL DEFAULT '',
    center_lng  {{REAL}},
    center_lat  {{REAL}},
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
-- Codes are unique among siblings, retired ones included: an official code is never reused.
CREATE UNIQUE INDEX nodes_sibling_code ON nodes (COALESCE(parent_id, 0), code);
CREATE UNIQUE INDEX nodes_path ON nodes (path);
CREATE INDEX nodes_parent ON nodes (parent_id, name);
CREATE INDEX nodes_full_code ON nodes (full_code);

CREATE TABLE units (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    duties      TEXT NOT NULL DEFAULT '',
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX units_node_name ON units (node_id, name);

CREATE TABLE users (
    id                  {{ID}},
    username            TEXT UNIQUE,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL,
    node_id             BIGINT REFERENCES nodes (id),
    unit_id             BIGINT REFERENCES units (id),
    phone_enc           TEXT NOT NULL DEFAULT '',
    phone_masked        TEXT NOT NULL DEFAULT '',
    phone_hash          TEXT UNIQUE,
    password_hash       TEXT NOT NULL,
    must_change_pw      BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        BIGINT,
    disabled_at         BIGINT,
    lang                TEXT NOT NULL DEFAULT '',
    last_login_at       BIGINT,
    password_changed_at BIGINT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_node ON users (node_id);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           {{ID}},
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One-time codes sent by SMS for resident sign-up; only hashes are stored.
CREATE TABLE sms_codes (
    id          {{ID}},
    phone_hash  TEXT NOT NULL,
    purpose     TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX sms_codes_phone ON sms_codes (phone_hash, purpose, created_at);

CREATE TABLE audit_log (
    seq        BIGINT PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_id   BIGINT NOT NULL DEFAULT 0,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL DEFAULT '',
    entity_id  TEXT NOT NULL DEFAULT '',
    node_path  {{PATH}} NOT NULL DEFAULT '',
    purpose    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit_log (entity, entity_id, seq);
CREATE INDEX audit_actor ON audit_log (actor, seq);
CREATE INDEX audit_action ON audit_log (action, seq);
CREATE INDEX audit_at ON audit_log (at);

-- The head of the chain. Every append updates this single row inside its transaction,
-- which serialises appends on PostgreSQL (a row lock) as SQLite's single writer does.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
