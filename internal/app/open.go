package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/url"

	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// newLogger makes the structured logger the configuration asks for.
func newLogger(c *Config, w io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// loadKeys returns the master key from --key, or from the key file, creating the file
// (with a warning to back it up) on first start.
func loadKeys(c *Config, log *slog.Logger) (*secret.Keys, error) {
	if c.Key != "" {
		k, err := secret.ParseMasterKey(c.Key)
		if err != nil {
			return nil, fmt.Errorf("--key: %w", err)
		}
		return k, nil
	}
	k, created, err := secret.LoadOrCreateKeyFile(c.KeyFile)
	if err != nil {
		return nil, fmt.Errorf("key file: %w", err)
	}
	if created {
		log.Warn("generated a new master key for personal data: BACK IT UP. Without it, encrypted ID and phone numbers cannot be read.",
			"file", c.KeyFile)
	}
	return k, nil
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, c *Config, log *slog.Logger) (*store.DB, error) {
	keys, err := loadKeys(c, log)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, c.DB, store.Options{Keys: keys})
	if err != nil {
		return nil, err
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, name := range applied {
		log.Info("applied migration", "name", name)
	}
	log.Info("database ready", "dialect", db.Dialect(), "db", redact(c.DB))
	return db, nil
}

// redact hides a password in a database URL for logs.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
