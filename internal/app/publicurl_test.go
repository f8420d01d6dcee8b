package app

import (
	"bytes"
	"strings"
	"testing"
)

func TestPublicURLOption(t *testing.T) {
	for in, want := range map[string]string{"": "", "https://shequ.example.cn/": "https://shequ.example.cn",
		"http://10.0.0.5:8080": "http://10.0.0.5:8080", "https://example.cn/shequ": "https://example.cn/shequ",
		"ftp://example.cn": "!", "shequ.example.cn": "!", "https://": "!", "https://example.cn/?a=1": "!"} {
		fs := newFlagSet("serve", new(bytes.Buffer))
		load := flags(fs, "public-url")
		if err := parse(fs, []string{"--public-url=" + in}); err != nil {
			t.Fatal(err)
		}
		c, err := load()
		switch {
		case want == "!" && (err == nil || !strings.Contains(err.Error(), "--public-url")):
			t.Errorf("%q accepted: %v", in, err)
		case want != "!" && (err != nil || c.PublicURL != want):
			t.Errorf("%q: %v %q, want %q", in, err, c.PublicURL, want)
		}
	}
}
