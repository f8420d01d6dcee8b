package app

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// signalSMS reports each text it is given on a channel.
type signalSMS chan string

func (s signalSMS) Send(_ context.Context, phone, _ string) error {
	s <- phone
	return nil
}

func TestDeliverNotificationsLoop(t *testing.T) {
	db := storetest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := notify.Message{Template: notify.CaseReceived, Params: map[string]string{"ticket": "T1"}}
	if err := db.Notify(ctx, account.SystemPrincipal("test"), m, notify.Recipient{Phone: "13912345678"}); err != nil {
		t.Fatal(err)
	}
	sent := make(signalSMS, 1)
	done := make(chan struct{})
	go func() {
		// The interval is long: the loop must look once at start, without waiting for it.
		deliverNotifications(ctx, db.DB, sent, nil, time.Hour, slog.New(slog.NewTextHandler(io.Discard, nil)))
		close(done)
	}()
	select {
	case phone := <-sent:
		if phone != "13912345678" {
			t.Errorf("sent to %s", phone)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the loop sent nothing")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the loop did not stop when its context ended")
	}
}
