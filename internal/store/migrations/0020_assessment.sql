-- Assessment (考核): the weights of each area's composite scores, the communities'
-- monthly ratings of the units embedded in them (考核建议权), and the published monthly
-- reports, frozen: a report keeps the figures it was published with, every input of
-- every score, so that late events move the live figures but never a published month.
CREATE TABLE assessment_schemes (
    id          {{ID}},
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    assessed    TEXT NOT NULL,
    weights     TEXT NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (node_id, assessed)
);
CREATE TABLE community_ratings (
    id          {{ID}},
    month       INTEGER NOT NULL,
    node_id     BIGINT NOT NULL REFERENCES nodes (id),
    unit_id     BIGINT NOT NULL REFERENCES units (id),
    points      INTEGER NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    rated_by    BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (month, node_id, unit_id)
);
CREATE INDEX community_ratings_unit ON community_ratings (month, unit_id);
CREATE TABLE assessment_reports (
    id           {{ID}},
    node_id      BIGINT NOT NULL REFERENCES nodes (id),
    assessed     TEXT NOT NULL,
    month        INTEGER NOT NULL,
    scheme       TEXT NOT NULL,
    results      TEXT NOT NULL,
    published_by BIGINT REFERENCES users (id),
    published_at BIGINT NOT NULL,
    UNIQUE (node_id, assessed, month)
);
