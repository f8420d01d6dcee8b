// Package web is shequ's HTTP adapter: server-rendered pages and the JSON API under
// /api/v1, sharing one route table, one authorisation check and one error renderer.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store"
)

// Config holds what the web layer needs to know about its deployment.
type Config struct {
	Version        string
	MaxBodyBytes   int64               // request bodies larger than this are refused
	MaxUploadBytes int64               // the same for routes that take files
	SecureCookies  bool                // set the Secure flag even on plain HTTP (behind a TLS proxy)
	Sessions       store.SessionPolicy // session lifetimes
	SMS            sms.Sender          // sends verification codes
	Logger         *slog.Logger
	// LoginAttempts and LoginWindow bound failed sign-in attempts per client address.
	LoginAttempts int
	LoginWindow   time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names the client.
	TrustedProxies []netip.Prefix
	// MapTiles is a tile URL template such as https://{s}.tile.example.com/{z}/{x}/{y}.png;
	// empty draws the map from vector layers alone. MapAttribution credits its source.
	MapTiles, MapAttribution string
	// PublicURL is the address residents reach the site at, e.g. https://shequ.example.cn;
	// the QR door plates point below it. Empty uses the address of each request.
	PublicURL string
	// ImportDir holds uploaded spreadsheets and import error reports while their jobs
	// need them; empty means a directory under the system's temporary directory.
	ImportDir string
	// Patrols is how much patrolling each grid needs a day (default: twice, 30 minutes each).
	Patrols patrol.Requirement
}

// Server serves shequ over HTTP.
type Server struct {
	db      *store.DB
	cfg     Config
	log     *slog.Logger
	pages   *pages
	assets  *assets
	metrics *metrics
	limiter *limiter
	// intakeLimiter bounds anonymous reports per client address.
	intakeLimiter *limiter
	// similarLimiter bounds the duplicate suggestions asked for by those who may not see
	// cases, per address or account.
	similarLimiter *limiter
	routes         []route
	mux            *http.ServeMux // the routes without middleware, to ask which addresses are pages
	tileSource     string         // the CSP source of the map tile server, or ""
	imports        *importRunner  // spreadsheet imports running in the background
	handler        http.Handler
}

// New builds the server and its route table.
func New(db *store.DB, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 200 << 20
	}
	if cfg.Sessions.Idle == 0 {
		cfg.Sessions = store.DefaultSessionPolicy
	}
	if cfg.Patrols.PerDay == 0 {
		cfg.Patrols = patrol.DefaultRequirement()
	}
	if cfg.SMS == nil {
		cfg.SMS = sms.LogSender{Logger: cfg.Logger}
	}
	if cfg.LoginAttempts <= 0 {
		cfg.LoginAttempts, cfg.LoginWindow = 30, 10*time.Minute
	}
	s := &Server{db: db, cfg: cfg, log: cfg.Logger, metrics: newMetrics(),
		limiter: newLimiter(cfg.LoginAttempts, cfg.LoginWindow, db.Clock()), intakeLimiter: newLimiter(30, time.Hour, db.Clock()),
		similarLimiter: newLimiter(120, time.Hour, db.Clock()), tileSource: mapTileSource(cfg.MapTiles)}
	if cfg.MapTiles != "" && s.tileSource == "" {
		return nil, fmt.Errorf("map tiles %q: not an http(s) URL template", cfg.MapTiles)
	}
	var err error
	if s.assets, err = newAssets(); err != nil {
		return nil, fmt.Errorf("static assets: %w", err)
	}
	if s.pages, err = parsePages(s.funcs()); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if err := s.startImports(context.Background()); err != nil {
		return nil, fmt.Errorf("imports: %w", err)
	}
	s.routes = s.routeTable()
	s.handler = s.build()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table (for the OpenAPI document and tests).
func (s *Server) Routes() []RouteInfo {
	out := make([]RouteInfo, len(s.routes))
	for i, rt := range s.routes {
		out[i] = RouteInfo{Method: rt.method, Path: rt.path, API: rt.api, Public: rt.public, Perm: string(rt.perm)}
	}
	return out
}

// RouteInfo describes one route for tests and documentation.
type RouteInfo struct {
	Method, Path string
	API, Public  bool
	Perm         string
}
