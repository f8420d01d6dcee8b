package web_test

import (
	"log/slog"
	"os"
	"strconv"
	"testing"

	"github.com/shequ-dev/shequ/internal/web"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestZZDebug(t *testing.T) {
	e := webtest.NewWith(t, func(c *web.Config) { c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil)) })
	c := deskCase(e, e.GridA, "楼道<script>alert(1)</script>堆放杂物")
	r := e.Login(webtest.StaffA).Get("/cases")
	t.Log(r.StatusCode)
	r = e.Login(webtest.StaffA).Get("/cases/" + itoa(c.ID))
	t.Log(r.StatusCode)
	os.WriteFile("/tmp/case.html", []byte(r.Body), 0o644)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
