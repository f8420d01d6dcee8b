package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/sms"
)

// The delivery of outbox rows.
const (
	// OutboxMaxAttempts is how often a text or WeChat message is tried before it is
	// given up; the waits between tries double from OutboxFirstRetry up to an hour, so
	// the last try comes about an hour after the step.
	OutboxMaxAttempts = 8
	OutboxFirstRetry  = 30 * time.Second
	outboxMaxRetry    = time.Hour
	// outboxSendTimeout bounds one send.
	outboxSendTimeout = 30 * time.Second
	// outboxClaim is how many rows a sender claims at a time, and outboxLease how long
	// they are left to it: longer than sending all of them can take, so a slow gateway
	// never lets another instance claim a row that is still waiting its turn here. A
	// sender that dies mid-batch leaves its rows to be tried again after the lease.
	outboxClaim = 10
	outboxLease = outboxClaim*outboxSendTimeout + time.Minute

	// MaxMarkRead is how many notifications one MarkRead call takes.
	MaxMarkRead = 500

	// outboxRecipient is the sealing context of notification_outbox.recipient_enc.
	outboxRecipient = "notification_outbox.recipient"
)

// notify records message m for recipient r inside the transaction of the step it tells
// about, so a step and its notifications commit or vanish together: an in-app
// notification for the account r.UserID and for every active account of unit r.UnitID
// (once each), and an outbox row for a text message when r.Phone is a mainland mobile
// number and for a WeChat message when r.OpenID is set. Nothing is sent here: the
// outbox is delivered after commit by DeliverOutbox. An empty recipient gets nothing.
// The step's own audit entry covers its notifications.
func (t *Tx) notify(r notify.Recipient, m notify.Message) error {
	if r.IsZero() {
		return nil
	}
	if err := m.Validate(); err != nil {
		return err
	}
	params, err := encodeParams(m.Params)
	if err != nil {
		return err
	}
	now := ms(t.now)
	if r.UserID != 0 {
		if err := t.appendRow(appendNoteUser, r.UserID, m.CaseID, m.Template, params, m.Link, now); err != nil {
			return mapErr(err, "entity.notification")
		}
	}
	if r.UnitID != 0 {
		if err := t.appendRow(appendNoteUnit, r.UnitID, r.UserID, m.CaseID, m.Template, params, m.Link, now); err != nil {
			return mapErr(err, "entity.notification")
		}
	}
	phone := account.NormalizePhone(r.Phone)
	if !account.ValidMobile(phone) {
		phone = "" // a landline or a mistyped number cannot take a text message
	}
	for _, out := range []struct {
		ch notify.Channel
		to string
	}{{notify.SMS, phone}, {notify.WeChat, strings.TrimSpace(r.OpenID)}} {
		if out.to == "" {
			continue
		}
		if t.db.keys == nil {
			return errs.Internalf("notify: no keys to seal the %s recipient", out.ch)
		}
		enc, err := t.db.keys.Seal(out.to, outboxRecipient)
		if err != nil {
			return errs.Internalf("notify: seal recipient: %w", err)
		}
		if err := t.appendRow(appendOutbox, string(out.ch), enc, m.CaseID, m.Template, params, m.Link,
			string(i18n.Parse(string(r.Lang))), now, now); err != nil {
			return mapErr(err, "entity.notification")
		}
	}
	return nil
}

func encodeParams(p map[string]string) (string, error) {
	if len(p) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(p)
	if err != nil {
		return "", errs.Internalf("notify: params: %w", err)
	}
	return string(b), nil
}

func decodeParams(s string) map[string]string {
	p := map[string]string{}
	// Params are only ever written by encodeParams; a row that does not decode renders
	// with its placeholders showing rather than failing the whole list.
	_ = json.Unmarshal([]byte(s), &p)
	return p
}

// Notify records message m for each recipient in one transaction of its own, for
// internal jobs (the deadline scheduler's overdue notices) whose step has no
// transaction of its own to notify in. Only system principals may call it.
func (db *DB) Notify(ctx context.Context, p *account.Principal, m notify.Message, rs ...notify.Recipient) error {
	if p == nil || !p.System {
		return errs.ForbiddenErr()
	}
	return db.write(ctx, p, func(tx *Tx) error {
		for _, r := range rs {
			if err := tx.notify(r, m); err != nil {
				return err
			}
		}
		return tx.audit(Record{Action: "notification.send", Entity: "case", EntityID: m.CaseID,
			Detail: map[string]any{"template": m.Template, "recipients": len(rs)}})
	})
}

// Notification list sizes.
const (
	DefaultNotificationPage = 30
	MaxNotificationPage     = 100
)

func scanNotification(s rowScanner) (*notify.Notification, error) {
	var n notify.Notification
	var params string
	var created int64
	var read sql.NullInt64
	if err := s.Scan(&n.ID, &n.UserID, &n.CaseID, &n.Template, &params, &n.Link, &created, &read); err != nil {
		return nil, err
	}
	n.Params, n.Created, n.Read = decodeParams(params), fromMS(created), fromNullMS(read)
	return &n, nil
}

// Notifications lists the caller's own notifications, newest first: those with an id
// below before (0: from the newest), at most limit (DefaultNotificationPage when 0,
// never more than MaxNotificationPage). Nobody lists anyone else's.
func (db *DB) Notifications(ctx context.Context, p *account.Principal, before int64, limit int) ([]*notify.Notification, error) {
	if p == nil {
		return nil, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if p.UserID == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = DefaultNotificationPage
	}
	limit = min(limit, MaxNotificationPage)
	q := `SELECT id, user_id, case_id, template, params, link, created_at, read_at FROM notifications WHERE user_id = ?`
	args := []any{p.UserID}
	if before > 0 {
		q += ` AND id < ?`
		args = append(args, before)
	}
	return queryList(ctx, db, "entity.notification", scanNotification, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
}

// UnreadCount is how many of the caller's notifications are unread; it reads only the
// small index of unread rows, for the badge on every page.
func (db *DB) UnreadCount(ctx context.Context, p *account.Principal) (int, error) {
	if p == nil {
		return 0, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if p.UserID == 0 {
		return 0, nil
	}
	var n int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, p.UserID).Scan(&n)
	return n, mapErr(err, "entity.notification")
}

// MarkRead marks the caller's notifications among ids read and returns how many were
// unread. Ids of other people's notifications, or of none, are passed over like ids
// already read, so the answer tells nothing about them. More than MaxMarkRead ids is
// a field error on "ids".
//
// Read marks are the reader's own bookkeeping, like a session's last use: they are not
// audited, or every visit to the list would grow the audit chain.
func (db *DB) MarkRead(ctx context.Context, p *account.Principal, ids []int64) (int, error) {
	if len(ids) > MaxMarkRead {
		return 0, errs.FieldInvalid("ids", "notify.err.too_many_ids", MaxMarkRead)
	}
	seen := map[int64]bool{}
	var args []any
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			args = append(args, id)
		}
	}
	if p == nil {
		return 0, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if len(args) == 0 {
		return 0, nil
	}
	return db.markRead(ctx, p, ` AND id IN (?`+strings.Repeat(", ?", max(0, len(args)-1))+`)`, args...)
}

// MarkAllRead marks every notification of the caller read and returns how many were unread.
func (db *DB) MarkAllRead(ctx context.Context, p *account.Principal) (int, error) {
	return db.markRead(ctx, p, "")
}

func (db *DB) markRead(ctx context.Context, p *account.Principal, cond string, args ...any) (int, error) {
	if p == nil {
		return 0, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if p.UserID == 0 {
		return 0, nil
	}
	var n int64
	err := db.write(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(`UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`+cond,
			append([]any{ms(tx.now), p.UserID}, args...)...)
		if err != nil {
			return mapErr(err, "entity.notification")
		}
		n, err = res.RowsAffected()
		return mapErr(err, "entity.notification")
	})
	return int(n), err
}

// outboxRow is a claimed outbox row.
type outboxRow struct {
	id                             int64
	channel, enc, template, params string
	link, lang                     string
	caseID                         int64
	attempts                       int
}

// DeliverOutbox sends up to limit due outbox rows through the senders (a nil sender
// leaves its channel's rows waiting) and returns how many were sent. It runs after the
// steps' transactions have committed, never inside one. Rows are claimed in a short
// transaction of their own (on PostgreSQL FOR UPDATE SKIP LOCKED, so several instances
// share the work and each row goes to one of them) and sent outside it. A failed send
// is tried again after a doubling wait, at most OutboxMaxAttempts times; its error is
// kept in last_error with the recipient masked. The error returned is the database's,
// never a sender's.
func (db *DB) DeliverOutbox(ctx context.Context, s sms.Sender, w notify.WeChatSender, limit int) (int, error) {
	var channels []any
	if s != nil {
		channels = append(channels, string(notify.SMS))
	}
	if w != nil {
		channels = append(channels, string(notify.WeChat))
	}
	if len(channels) == 0 || limit <= 0 {
		return 0, nil
	}
	if db.keys == nil {
		return 0, errs.Internalf("deliver outbox: no keys to open recipients")
	}
	sent := 0
	for tried := 0; tried < limit && ctx.Err() == nil; {
		rows, err := db.claimOutbox(ctx, channels, min(outboxClaim, limit-tried))
		if err != nil || len(rows) == 0 {
			return sent, err
		}
		tried += len(rows)
		n, err := db.sendClaimed(ctx, s, w, rows)
		sent += n
		if err != nil {
			return sent, err
		}
	}
	return sent, nil
}

// sendClaimed sends claimed rows one by one and records each outcome. Rows left when
// ctx ends stay claimed until their lease runs out.
func (db *DB) sendClaimed(ctx context.Context, s sms.Sender, w notify.WeChatSender, rows []outboxRow) (int, error) {
	// The outcome of a send is recorded even when ctx ends right after it, or a sent
	// message would go out again once its lease ran out.
	rec := context.WithoutCancel(ctx)
	sent := 0
	var err error
	for _, r := range rows {
		if ctx.Err() != nil {
			break
		}
		sendErr := db.sendOutbox(ctx, s, w, r)
		now := ms(db.now())
		if sendErr == nil {
			_, err = db.w.ExecContext(rec, db.dialect.rebind(`UPDATE notification_outbox SET sent_at = ?, next_at = NULL, last_error = '' WHERE id = ?`), now, r.id)
			sent++
		} else {
			var next any
			var perm permanent
			if !errors.As(sendErr, &perm) && r.attempts < OutboxMaxAttempts {
				next = now + outboxBackoff(r.attempts).Milliseconds()
			}
			_, err = db.w.ExecContext(rec, db.dialect.rebind(`UPDATE notification_outbox SET next_at = ?, last_error = ? WHERE id = ?`),
				next, truncate(sendErr.Error(), 500), r.id)
		}
		if err != nil {
			return sent, mapErr(err, "entity.notification")
		}
	}
	return sent, nil
}

// outboxBackoff is the wait after the attempts-th failed try: 30 s, 1 min, 2 min… up
// to an hour.
func outboxBackoff(attempts int) time.Duration {
	d := OutboxFirstRetry
	for i := 1; i < attempts && d < outboxMaxRetry; i++ {
		d *= 2
	}
	return min(d, outboxMaxRetry)
}

// claimOutbox takes due rows for this sender: their next_at moves past the lease and
// their attempts count up, in one short transaction.
func (db *DB) claimOutbox(ctx context.Context, channels []any, limit int) ([]outboxRow, error) {
	now := ms(db.now())
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, mapErr(err, "entity.notification")
	}
	defer tx.Rollback()
	q := `SELECT id, channel, recipient_enc, case_id, template, params, link, lang, attempts FROM notification_outbox
		WHERE next_at IS NOT NULL AND next_at <= ? AND channel IN (?` + strings.Repeat(", ?", len(channels)-1) + `)
		ORDER BY next_at, id LIMIT ?` + db.dialect.skipLocked()
	rs, err := tx.QueryContext(ctx, db.dialect.rebind(q), append(append([]any{now}, channels...), limit)...)
	var out []outboxRow
	ids := []any{now + outboxLease.Milliseconds()}
	if err == nil {
		for rs.Next() {
			var r outboxRow
			if err = rs.Scan(&r.id, &r.channel, &r.enc, &r.caseID, &r.template, &r.params, &r.link, &r.lang, &r.attempts); err != nil {
				break
			}
			r.attempts++
			out = append(out, r)
			ids = append(ids, r.id)
		}
		rs.Close()
		if err == nil {
			err = rs.Err()
		}
	}
	if err != nil {
		return nil, mapErr(err, "entity.notification")
	}
	if len(out) == 0 {
		return nil, nil
	}
	if _, err := tx.ExecContext(ctx, db.dialect.rebind(`UPDATE notification_outbox SET next_at = ?, attempts = attempts + 1
		WHERE id IN (?`+strings.Repeat(", ?", len(out)-1)+`)`), ids...); err != nil {
		return nil, mapErr(err, "entity.notification")
	}
	if err := tx.Commit(); err != nil {
		return nil, mapErr(err, "entity.notification")
	}
	return out, nil
}

// permanent is a failure that trying again cannot mend: the row is given up at once.
type permanent struct{ msg string }

func (p permanent) Error() string { return p.msg }

// sendOutbox sends one claimed row. A sender's error text is kept with the recipient
// masked, since a gateway may echo the number back.
func (db *DB) sendOutbox(ctx context.Context, s sms.Sender, w notify.WeChatSender, r outboxRow) error {
	to, err := db.keys.Open(r.enc, outboxRecipient)
	if err != nil {
		return permanent{"recipient cannot be opened (tampered or sealed under another key)"}
	}
	lang := i18n.Parse(r.lang)
	m := notify.Message{Template: r.template, Params: decodeParams(r.params), Link: r.link, CaseID: r.caseID}
	if _, ok := notify.Lookup(m.Template); !ok {
		return permanent{"unknown template " + m.Template}
	}
	sctx, cancel := context.WithTimeout(ctx, outboxSendTimeout)
	defer cancel()
	switch notify.Channel(r.channel) {
	case notify.SMS:
		err = s.Send(sctx, to, notify.Text(lang, m))
	case notify.WeChat:
		data := map[string]string{"title": notify.Title(lang, m), "body": notify.Body(lang, m)}
		for k, v := range m.Params {
			if _, taken := data[k]; !taken {
				data[k] = v
			}
		}
		err = w.SendTemplate(sctx, notify.WeChatMessage{OpenID: to, TemplateID: m.Template, Data: data, Link: m.Link})
	default:
		return permanent{"unknown channel " + r.channel}
	}
	if err != nil {
		masked := secret.MaskPhone(to)
		if notify.Channel(r.channel) == notify.WeChat {
			masked = "openid"
		}
		return errors.New(strings.ReplaceAll(err.Error(), to, masked))
	}
	return nil
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
