package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/scheduler"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web"
)

func runServe(ctx context.Context, args []string, out, errOut io.Writer) error {
	fs := newFlagSet("serve", errOut)
	load := flags(fs, "addr", "data-dir", "db", "key", "key-file", "demo", "demo-seed", "demo-population", "secure-cookies", "trusted-proxies", "map-tiles", "map-attribution", "max-body", "max-upload",
		"session-idle", "session-max", "shutdown-timeout", "log-level", "log-format", "patrols-per-day", "patrol-min-duration",
		"case-warn-at", "case-supervise-after", "case-return-window", "case-duplicate-radius", "case-auto-dispatch")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, err := load()
	if err != nil {
		return err
	}
	log := newLogger(c, errOut)
	db, err := openDB(ctx, c, log)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetCasePolicy(c.casePolicy())
	if c.Demo {
		if err := seedDemoIfEmpty(ctx, db, c.DemoSeed, c.DemoPopulation, out); err != nil {
			return err
		}
	}
	srv, err := web.New(db, web.Config{Version: version(), MaxBodyBytes: c.MaxBody, MaxUploadBytes: c.MaxUpload,
		SecureCookies: c.SecureCookies, TrustedProxies: c.TrustedProxies, MapTiles: c.MapTiles, MapAttribution: c.MapAttribution,
		PublicURL: c.PublicURL,
		Sessions:  store.SessionPolicy{Idle: c.SessionIdle, Absolute: c.SessionMax}, SMS: sms.LogSender{Logger: log}, Logger: log,
		ImportDir: filepath.Join(c.DataDir, "imports"),
		Patrols:   patrol.Requirement{PerDay: c.PatrolsPerDay, MinDuration: c.PatrolMin}})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	go purgeSessions(ctx, db, log)
	go deliverNotifications(ctx, db, sms.LogSender{Logger: log}, notify.LogWeChat{Logger: log}, notifyEvery, log)
	stopTimers := startTimers(ctx, db, log)
	defer stopTimers()
	fmt.Fprintf(out, "shequ %s is serving on http://%s/\n", version(), ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "timeout", c.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), c.ShutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// purgeSessions removes expired sessions and codes every hour.
func purgeSessions(ctx context.Context, db *store.DB, log interface{ Warn(string, ...any) }) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := db.PurgeSessions(ctx); err != nil {
				log.Warn("purge sessions", "err", err)
			}
		}
	}
}

// startTimers runs the scheduler that fires the database's timers (case deadlines) with
// the store's handlers, until the returned function stops it and waits for the firing in
// progress to finish, before the database closes.
func startTimers(ctx context.Context, db *store.DB, log *slog.Logger) (stop func()) {
	// Timers keep firing while requests in flight finish; stop ends them.
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := scheduler.New(db, db.TimerHandlers(), scheduler.Options{Logger: log})
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}
