package store

import "context"

// OutboxRow is a notification_outbox row as stored, for tests.
type OutboxRow struct {
	ID                                                         int64
	Channel, RecipientEnc, Template, Params, Link, Lang, Error string
	Attempts                                                   int
	NextAt, SentAt                                             *int64
}

// OutboxForTest reads every outbox row in id order.
func (db *DB) OutboxForTest(ctx context.Context) ([]OutboxRow, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, channel, recipient_enc, template, params, link, lang, last_error, attempts, next_at, sent_at
		FROM notification_outbox ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutboxRow
	for rows.Next() {
		var r OutboxRow
		if err := rows.Scan(&r.ID, &r.Channel, &r.RecipientEnc, &r.Template, &r.Params, &r.Link, &r.Lang, &r.Error, &r.Attempts, &r.NextAt, &r.SentAt); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// OpenOutboxRecipient opens a sealed outbox recipient, for tests.
func (db *DB) OpenOutboxRecipient(enc string) (string, error) {
	return db.keys.Open(enc, outboxRecipient)
}
