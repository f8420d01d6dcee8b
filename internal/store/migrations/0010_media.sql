-- Photos attached to cases: residents' reports and the before/after photos of handlers
-- and grid workers. The picture is stored cleaned of location and other metadata (see
-- media.Clean), with a small JPEG thumbnail. An upload is unlinked until the case or
-- case event it belongs to is saved; then case_id (and event_id) and the case's node
-- path are set, and the path decides who may see it. Unlinked uploads older than a day
-- are removed (PurgeUnlinkedAttachments).
-- uploaded_by is the account's id, or 0 for a resident reporting without signing in;
-- claim_hash is the SHA-256 of the random claim token the uploader was given, which
-- proves an anonymous upload is theirs when they submit their report.
-- width and height are as the photo is seen, after its Exif orientation.
CREATE TABLE attachments (
    id          {{ID}},
    sha256      TEXT NOT NULL,
    mime        TEXT NOT NULL,
    size        BIGINT NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    data        {{BLOB}} NOT NULL,
    thumb       {{BLOB}} NOT NULL,
    uploaded_by BIGINT NOT NULL DEFAULT 0,
    claim_hash  TEXT NOT NULL,
    case_id     BIGINT,
    event_id    BIGINT,
    node_path   {{PATH}},
    created_at  BIGINT NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id);
CREATE INDEX attachments_unlinked ON attachments (created_at) WHERE case_id IS NULL;
