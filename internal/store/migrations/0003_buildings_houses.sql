-- Buildings (楼栋) and houses (房屋), the "地" of the base registers. Each row carries the
-- materialised path of its grid, kept in step when places move, so that "everything in
-- this street" is one index range without a join, however many rows there are.
CREATE TABLE buildings (
    id            {{ID}},
    node_id       BIGINT NOT NULL REFERENCES nodes (id),
    node_path     {{PATH}} NOT NULL,
    name          TEXT NOT NULL,
    address       TEXT NOT NULL,
    lng           {{REAL}},
    lat           {{REAL}},
    floors_above  INTEGER NOT NULL,
    floors_below  INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL,
    retired_at    BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX buildings_node_name ON buildings (node_id, name);
CREATE INDEX buildings_path ON buildings (node_path, id);

CREATE TABLE houses (
    id               {{ID}},
    building_id      BIGINT NOT NULL REFERENCES buildings (id),
    node_id          BIGINT NOT NULL REFERENCES nodes (id),
    node_path        {{PATH}} NOT NULL,
    code             TEXT NOT NULL,
    unit             TEXT NOT NULL DEFAULT '',
    floor            INTEGER NOT NULL,
    room             TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    area             {{REAL}} NOT NULL,
    house_use        TEXT NOT NULL,
    owner_name       TEXT NOT NULL DEFAULT '',
    owner_person_id  BIGINT,
    retired_at       BIGINT,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX houses_code ON houses (code);
CREATE UNIQUE INDEX houses_place ON houses (building_id, unit, floor, room);
CREATE INDEX houses_path ON houses (node_path, id);
