package web

import (
	"context"
	"net/http"
	"time"
)

func (s *Server) opsRoutes() []route {
	return []route{
		publicPage("GET", "/healthz", s.healthz),
		publicPage("GET", "/readyz", s.readyz),
		publicPage("GET", "/metrics", s.serveMetrics),
		publicAPI("GET", "/api/v1/openapi.json", s.openAPI, apiDoc{Summary: "This OpenAPI document", Tag: "meta"}),
	}
}

// healthz answers as long as the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
	return nil
}

// readyz answers 200 only when the database answers and is fully migrated.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(ctx); err != nil {
		s.log.Warn("readyz: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return nil
	}
	if n, err := s.db.Pending(ctx); err != nil || n > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("migrations pending\n"))
		return nil
	}
	w.Write([]byte("ready\n"))
	return nil
}
