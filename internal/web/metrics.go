package web

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"
)

// metrics counts requests and their latencies in the Prometheus text format. It is a
// few dozen lines, so shequ carries no metrics library.
type metrics struct {
	mu       sync.Mutex
	requests map[reqKey]uint64
	latency  map[string]*histogram // per route
}

type reqKey struct {
	route, method string
	status        int
}

// buckets are latency bounds in seconds.
var buckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[reqKey]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route, method string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[reqKey{route, method, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(buckets))}
		m.latency[route] = h
	}
	s := d.Seconds()
	for i, b := range buckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

// write renders every metric, sorted so the output is stable.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP shequ_http_requests_total HTTP requests by route, method and status.")
	fmt.Fprintln(w, "# TYPE shequ_http_requests_total counter")
	keys := make([]reqKey, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.route != b.route {
			return a.route < b.route
		}
		if a.method != b.method {
			return a.method < b.method
		}
		return a.status < b.status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "shequ_http_requests_total{route=%q,method=%q,status=\"%d\"} %d\n", k.route, k.method, k.status, m.requests[k])
	}
	fmt.Fprintln(w, "# HELP shequ_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE shequ_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, b := range buckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "shequ_http_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		fmt.Fprintf(w, "shequ_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.count)
		fmt.Fprintf(w, "shequ_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(w, "shequ_http_request_duration_seconds_count{route=%q} %d\n", r, h.count)
	}
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
	wr, rd := s.db.Stats()
	fmt.Fprintln(w, "# HELP shequ_db_connections Database connections by pool and state.")
	fmt.Fprintln(w, "# TYPE shequ_db_connections gauge")
	for _, pool := range []struct {
		name        string
		open, inUse int
		idle        int
		wait        int64
		waitDur     time.Duration
	}{
		{"writer", wr.OpenConnections, wr.InUse, wr.Idle, wr.WaitCount, wr.WaitDuration},
		{"reader", rd.OpenConnections, rd.InUse, rd.Idle, rd.WaitCount, rd.WaitDuration},
	} {
		fmt.Fprintf(w, "shequ_db_connections{pool=%q,state=\"open\"} %d\n", pool.name, pool.open)
		fmt.Fprintf(w, "shequ_db_connections{pool=%q,state=\"in_use\"} %d\n", pool.name, pool.inUse)
		fmt.Fprintf(w, "shequ_db_connections{pool=%q,state=\"idle\"} %d\n", pool.name, pool.idle)
		fmt.Fprintf(w, "shequ_db_wait_total{pool=%q} %d\n", pool.name, pool.wait)
		fmt.Fprintf(w, "shequ_db_wait_seconds_total{pool=%q} %g\n", pool.name, pool.waitDur.Seconds())
	}
	return nil
}
