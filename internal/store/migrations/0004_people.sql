-- Residents (实有人口), households (户) and their members, residences (人房关系) and rental
-- registrations (出租登记 / 流动人口登记): the "人" of the base registers.
--
-- Every row carries its grid's materialised path, kept in step when places move (see
-- registerTables in nodes.go), so that "everything in this street" is one index range.
-- nkey holds the register's natural key (register.PersonKey and the others): NULL when a
-- record has none, unique otherwise, so imports upsert by it. (For persons the key's
-- uniqueness is kept by the lookup indexes, see below.)
--
-- ID, passport and phone numbers are sealed (secret.Keys.Seal, AES-GCM, the column name
-- as context); *_lookup is the keyed hash for exact search (NULL when there is no
-- number) and *_masked what pages show.
CREATE TABLE persons (
    id               {{ID}},
    node_id          BIGINT NOT NULL REFERENCES nodes (id),
    node_path        {{PATH}} NOT NULL,
    nkey             TEXT,
    name             TEXT NOT NULL,
    reg_type         TEXT NOT NULL,
    id_sealed        TEXT NOT NULL DEFAULT '',
    id_lookup        TEXT,
    id_masked        TEXT NOT NULL DEFAULT '',
    passport_sealed  TEXT NOT NULL DEFAULT '',
    passport_lookup  TEXT,
    passport_masked  TEXT NOT NULL DEFAULT '',
    nationality      TEXT NOT NULL DEFAULT '',
    birth_date       TEXT,
    sex              TEXT NOT NULL DEFAULT '',
    phone_sealed     TEXT NOT NULL DEFAULT '',
    phone_lookup     TEXT,
    phone_masked     TEXT NOT NULL DEFAULT '',
    ethnicity        TEXT NOT NULL DEFAULT '',
    care_tags        TEXT NOT NULL DEFAULT '',
    retired_at       BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
-- A person's natural key is the keyed hash of their ID number, which id_lookup holds, or
-- for those without one their nationality and passport number; so the unique indexes
-- that make it unique are the lookup indexes themselves, and nkey needs none of its own:
-- every index on a random hash costs a page write per new person.
CREATE UNIQUE INDEX persons_id_lookup ON persons (id_lookup);
CREATE UNIQUE INDEX persons_passport_key ON persons (passport_lookup, nationality) WHERE id_lookup IS NULL;
-- Every listing is ordered by (node_path, id): a page of any scope is one range of this
-- index, however deep the page.
CREATE INDEX persons_path ON persons (node_path, id);
CREATE INDEX persons_reg_type ON persons (reg_type, node_path, id);
CREATE INDEX persons_passport_lookup ON persons (passport_lookup);
CREATE INDEX persons_phone_lookup ON persons (phone_lookup);
-- Few residents carry care tags; listing them walks only theirs.
CREATE INDEX persons_care ON persons (node_path, id) WHERE care_tags <> '';

-- A household lives in a house of the register or at an address; head_id is the member
-- whose relation is "self".
CREATE TABLE households (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    node_path   {{PATH}} NOT NULL,
    nkey        TEXT,
    number      TEXT NOT NULL DEFAULT '',
    house_id    BIGINT REFERENCES houses (id),
    address     TEXT NOT NULL DEFAULT '',
    head_id     BIGINT NOT NULL REFERENCES persons (id),
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX households_nkey ON households (nkey);
CREATE INDEX households_path ON households (node_path, id);
CREATE INDEX households_house ON households (house_id);

-- The current members of each household. A retired household keeps its rows, marked
-- retired, so it still shows who it was; a person is in at most one active household.
CREATE TABLE household_members (
    id            {{ID}},
    household_id  BIGINT NOT NULL REFERENCES households (id),
    person_id     BIGINT NOT NULL REFERENCES persons (id),
    relation      TEXT NOT NULL,
    node_id       BIGINT NOT NULL REFERENCES nodes (id),
    node_path     {{PATH}} NOT NULL,
    nkey          TEXT,
    retired_at    BIGINT,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX household_members_nkey ON household_members (nkey);
CREATE UNIQUE INDEX household_members_pair ON household_members (household_id, person_id);
CREATE UNIQUE INDEX household_members_person ON household_members (person_id) WHERE retired_at IS NULL;
CREATE INDEX household_members_path ON household_members (node_path, id);

-- A person's link with a house; from_date and to_date are civil dates (YYYY-MM-DD),
-- to_date NULL while it lasts. node_path is the house's grid.
CREATE TABLE residences (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    node_path   {{PATH}} NOT NULL,
    nkey        TEXT,
    person_id   BIGINT NOT NULL REFERENCES persons (id),
    house_id    BIGINT NOT NULL REFERENCES houses (id),
    role        TEXT NOT NULL,
    from_date   TEXT,
    to_date     TEXT,
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX residences_nkey ON residences (nkey);
CREATE INDEX residences_path ON residences (node_path, id);
CREATE INDEX residences_house ON residences (house_id, id);
CREATE INDEX residences_person ON residences (person_id, id);

-- A tenant's registration in a rented house for a period of civil dates (YYYY-MM-DD,
-- end_date the last day covered). node_path is the house's grid.
CREATE TABLE rentals (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    node_path   {{PATH}} NOT NULL,
    nkey        TEXT,
    house_id    BIGINT NOT NULL REFERENCES houses (id),
    tenant_id   BIGINT NOT NULL REFERENCES persons (id),
    start_date  TEXT NOT NULL,
    end_date    TEXT NOT NULL,
    retired_at  BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX rentals_nkey ON rentals (nkey);
CREATE INDEX rentals_path ON rentals (node_path, id);
CREATE INDEX rentals_house ON rentals (house_id, id);
CREATE INDEX rentals_tenant ON rentals (tenant_id, id);
-- "Registrations about to expire": a short range of last days, then the scope.
CREATE INDEX rentals_end ON rentals (end_date, node_path);
