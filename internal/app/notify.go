package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store"
)

// Delivery of the notification outbox: how often the loop looks, and how many rows
// one look sends at most before it looks again at once.
const (
	notifyEvery = 5 * time.Second
	notifyBatch = 100
)

// deliverNotifications sends the text and WeChat messages the case steps left in the
// outbox: at once, then every interval, until ctx ends. A full batch is followed by
// another straight away, so a backlog drains without waiting. On PostgreSQL every
// instance runs this loop; the outbox claims keep them from sending a row twice.
func deliverNotifications(ctx context.Context, db *store.DB, s sms.Sender, w notify.WeChatSender, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for ctx.Err() == nil {
			n, err := db.DeliverOutbox(ctx, s, w, notifyBatch)
			if err != nil {
				if ctx.Err() == nil {
					log.Warn("deliver notifications", "err", err)
				}
				break
			}
			if n < notifyBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
