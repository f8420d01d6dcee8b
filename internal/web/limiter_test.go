package web

import (
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/clock"
)

func TestLimiter(t *testing.T) {
	c := clock.NewFake(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	l := newLimiter(3, 10*time.Minute, c)
	steps := []struct {
		name    string
		advance time.Duration
		op      string // allow, add, blocked
		key     string
		want    bool
	}{
		{"first attempt", 0, "allow", "a", true},
		{"second", time.Minute, "allow", "a", true},
		{"third", time.Minute, "allow", "a", true},
		{"fourth is over the limit", 0, "allow", "a", false},
		{"a refused attempt does not count further", 0, "blocked", "a", true},
		{"another key is independent", 0, "allow", "b", true},
		{"the first attempt leaves the window", 8*time.Minute + time.Second, "allow", "a", true},
		{"full again", 0, "blocked", "a", true},
		{"all leave the window", 11 * time.Minute, "blocked", "a", false},
		{"add records without asking", 0, "add", "c", false},
		{"two more", 0, "add", "c", false},
		{"not yet blocked", 0, "blocked", "c", false},
		{"third add blocks", 0, "add", "c", false},
		{"blocked", 0, "blocked", "c", true},
	}
	for _, s := range steps {
		c.Advance(s.advance)
		var got bool
		switch s.op {
		case "allow":
			got = l.allow(s.key)
		case "add":
			l.add(s.key)
		case "blocked":
			got = l.blocked(s.key)
		}
		if got != s.want {
			t.Fatalf("%s: %s(%s) = %v, want %v", s.name, s.op, s.key, got, s.want)
		}
	}
}

func TestClientIP(t *testing.T) {
	proxies := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		peer    string
		xff     []string
		want    string
	}{
		{"no proxies configured: the peer, forwarded headers ignored", nil, "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"an untrusted peer cannot forge its address", proxies, "203.0.113.5:4000", []string{"198.51.100.1"}, "203.0.113.5"},
		{"a trusted proxy names the client", proxies, "10.1.1.1:4000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"the right-most untrusted hop, not what the client sent", proxies, "10.1.1.1:4000", []string{"1.2.3.4, 198.51.100.1, 10.2.2.2"}, "198.51.100.1"},
		{"several headers are one list", proxies, "10.1.1.1:4000", []string{"1.2.3.4", "198.51.100.1"}, "198.51.100.1"},
		{"a malformed hop stops the walk", proxies, "10.1.1.1:4000", []string{"198.51.100.1, garbage"}, "10.1.1.1"},
		{"a trusted proxy without the header", proxies, "10.1.1.1:4000", nil, "10.1.1.1"},
		{"IPv6 proxy", proxies, "[::1]:4000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"every hop trusted: the left-most", proxies, "10.1.1.1:4000", []string{"10.3.3.3, 10.2.2.2"}, "10.3.3.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Server{cfg: Config{TrustedProxies: tt.trusted}}
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tt.peer
			for _, v := range tt.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := s.clientIP(r); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestMapTileSource(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", "https://*.tile.openstreetmap.org"},
		{"https://tiles.example.com:8443/base/{z}/{x}/{y}.png", "https://tiles.example.com:8443"},
		{"http://10.1.2.3/t/{z}/{y}/{x}{r}.png", "http://10.1.2.3"},
		{"ftp://tiles.example.com/{z}/{x}/{y}", ""},
		{"/tiles/{z}/{x}/{y}.png", ""},
	}
	for _, tt := range tests {
		if got := mapTileSource(tt.in); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}
