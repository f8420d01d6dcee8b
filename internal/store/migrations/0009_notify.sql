-- Notifications (消息通知) of the case loop. An in-app notification belongs to one
-- account; its text is rendered when read, in the reader's language, from the template
-- and its parameters (JSON). case_id names the case it is about (0 for none); it has no
-- foreign key so that notifications do not depend on the order the case tables arrive.
CREATE TABLE notifications (
    id          {{ID}},
    user_id     BIGINT NOT NULL REFERENCES users (id),
    case_id     BIGINT NOT NULL DEFAULT 0,
    template    TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}',
    link        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    read_at     BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
-- The unread badge on every page counts through this small index.
CREATE INDEX notifications_unread ON notifications (user_id, id) WHERE read_at IS NULL;

-- Text and WeChat messages waiting to be sent. A row is written in the transaction of
-- the case step and sent after it commits. recipient_enc is the phone or WeChat open id,
-- sealed (internal/secret). next_at is when the row is next due: a sender claims a row
-- by moving next_at past its lease; a sent row, or one that failed too often, has no
-- next_at.
CREATE TABLE notification_outbox (
    id             {{ID}},
    channel        TEXT NOT NULL CHECK (channel IN ('sms', 'wechat')),
    recipient_enc  TEXT NOT NULL,
    case_id        BIGINT NOT NULL DEFAULT 0,
    template       TEXT NOT NULL,
    params         TEXT NOT NULL DEFAULT '{}',
    link           TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    next_at        BIGINT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    sent_at        BIGINT,
    last_error     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_at) WHERE next_at IS NOT NULL;
