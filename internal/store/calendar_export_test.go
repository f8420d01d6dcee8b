package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
)

// TxCalendarForTest runs fn inside a write transaction with the calendar that
// transaction sees, then rolls back when fn fails.
func (db *DB) TxCalendarForTest(ctx context.Context, p *account.Principal, fn func(edit func(string) error, cal func() (*calendar.Calendar, error)) error) error {
	return db.write(ctx, p, func(tx *Tx) error {
		return fn(func(q string) error { _, err := tx.exec(q); return err }, tx.calendar)
	})
}
