-- Organisations (组织: 驻区单位, 社会组织, 企业, 物业公司…) and facilities (部件, GB/T 30428).
-- Like buildings and houses, each row carries the materialised path of its grid, kept in
-- step when places move, so a listing under a place is one index range. nkey holds the
-- natural key (register.OrganisationKey / FacilityKey) an import upserts by; NULL when the
-- record does not carry enough to be matched.
CREATE TABLE organisations (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    node_path   {{PATH}} NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL,
    lng         {{REAL}},
    lat         {{REAL}},
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    nkey        TEXT
);
CREATE UNIQUE INDEX organisations_nkey ON organisations (nkey);
CREATE INDEX organisations_path ON organisations (node_path, id);
CREATE INDEX organisations_kind ON organisations (kind, node_path, id);
CREATE INDEX organisations_uscc ON organisations (uscc);

-- Contacts of an organisation. A contact phone is often a mobile, personal data: sealed,
-- with a masked copy for display and a keyed hash for exact search, as users' phones are.
CREATE TABLE organisation_contacts (
    id               {{ID}},
    organisation_id  BIGINT NOT NULL REFERENCES organisations (id),
    node_path        {{PATH}} NOT NULL,
    name             TEXT NOT NULL,
    role             TEXT NOT NULL DEFAULT '',
    phone_enc        TEXT NOT NULL,
    phone_masked     TEXT NOT NULL,
    phone_hash       TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    nkey             TEXT
);
CREATE UNIQUE INDEX organisation_contacts_nkey ON organisation_contacts (nkey);
CREATE INDEX organisation_contacts_org ON organisation_contacts (organisation_id, id);
CREATE INDEX organisation_contacts_phone ON organisation_contacts (phone_hash);
CREATE INDEX organisation_contacts_path ON organisation_contacts (node_path, id);

-- Facilities. major is the 2-digit major class, minor the 4-digit class; code is the
-- 16-digit 部件标识码 (district, class, serial). A facility has at most one owner: a unit of
-- the tree or an organisation of the register.
CREATE TABLE facilities (
    id             {{ID}},
    node_id        BIGINT NOT NULL REFERENCES nodes (id),
    node_path      {{PATH}} NOT NULL,
    major          TEXT NOT NULL,
    minor          TEXT NOT NULL,
    code           TEXT NOT NULL,
    lng            {{REAL}} NOT NULL,
    lat            {{REAL}} NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    owner_unit_id  BIGINT REFERENCES units (id),
    owner_org_id   BIGINT REFERENCES organisations (id),
    condition      TEXT NOT NULL,
    retired_at     BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    nkey           TEXT
);
CREATE UNIQUE INDEX facilities_code ON facilities (code);
CREATE UNIQUE INDEX facilities_nkey ON facilities (nkey);
CREATE INDEX facilities_path ON facilities (node_path, id);
CREATE INDEX facilities_minor ON facilities (minor, node_path, id);
CREATE INDEX facilities_major ON facilities (major, node_path, id);
CREATE INDEX facilities_condition ON facilities (condition, node_path, id);
CREATE INDEX facilities_location ON facilities (lng, lat);
CREATE INDEX facilities_owner_unit ON facilities (owner_unit_id);
CREATE INDEX facilities_owner_org ON facilities (owner_org_id);

-- The last serial handed out per district (6-digit area code) and minor class, so that a
-- new facility's code is taken under the counter row's lock, never guessed from MAX().
-- Codes imported as they are raise the counter past their serial.
CREATE TABLE facility_serials (
    area         TEXT NOT NULL,
    minor        TEXT NOT NULL,
    last_serial  INTEGER NOT NULL,
    PRIMARY KEY (area, minor)
);
