package web_test

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// TestTimelineNamesTheTimers: a dispatched case left alone is warned about, urged, found
// overdue and supervised by the scheduler's timers; its page names each of those steps'
// actor in words (系统（超时预警）…), in both languages, never system:timer, and the open
// supervision says who opened it.
func TestTimelineNamesTheTimers(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	c := deskCase(e, e.GridA, "消防通道被占用", toDispatched(e.UnitA)...)
	handlers := e.DB.TimerHandlers()
	for range 10 { // warn, due, supervise: each fires when the clock reaches it
		at, ok, err := e.DB.NextTimerAt(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			break
		}
		e.DB.Clock.Set(at)
		if _, err := e.DB.RunDueTimers(ctx, handlers, 100); err != nil {
			t.Fatal(err)
		}
	}
	got, err := e.DB.Case(ctx, e.Sys, c.ID)
	if err != nil || got.Supervising != 1 || !got.Overdue {
		t.Fatalf("the timers left the case %v %+v", err, got)
	}

	// actorOf lists, step by step, the actor the timeline shows under each label.
	entry := regexp.MustCompile(`(?s)<div class="what"><strong>([^<]*)</strong>.*?<div class="case-actor">([^<]*)</div>`)
	actorOf := func(body string) map[string][]string {
		out := map[string][]string{}
		for _, m := range entry.FindAllStringSubmatch(body, -1) {
			out[m[1]] = append(out[m[1]], m[2])
		}
		return out
	}
	tests := []struct {
		lang       string
		label, who string
	}{
		{"zh-CN", "即将超时", "系统（超时预警）"},
		{"zh-CN", "催办", "系统（自动催办）"},
		{"zh-CN", "已超时", "系统（超时判定）"},
		{"zh-CN", "督办", "系统（超期督办）"},
		{"en", "", "System (deadline warning)"},
		{"en", "", "System (automatic urging)"},
		{"en", "", "System (deadline passed)"},
		{"en", "", "System (supervision when overdue)"},
	}
	pages := map[string]string{}
	for _, lang := range []string{"zh-CN", "en"} {
		staff := e.Login(webtest.StaffA)
		staff.Lang = lang
		r := staff.Get("/cases/" + strconv.FormatInt(c.ID, 10))
		if r.StatusCode != 200 {
			t.Fatalf("%s: case page %d", lang, r.StatusCode)
		}
		pages[lang] = r.Body
		if strings.Contains(r.Body, "system:") {
			t.Errorf("%s: the page shows an internal actor name", lang)
		}
	}
	for _, tt := range tests {
		t.Run(tt.lang+" "+tt.who, func(t *testing.T) {
			body := pages[tt.lang]
			if tt.label != "" {
				if whos := actorOf(body)[tt.label]; !slices.Contains(whos, tt.who) {
					t.Errorf("the timeline's %q steps are by %q, want %q", tt.label, whos, tt.who)
				}
			}
			if !strings.Contains(body, `<div class="case-actor">`+tt.who+`</div>`) {
				t.Errorf("no timeline entry by %q (a system step shows no role)", tt.who)
			}
		})
	}
	sup := regexp.MustCompile(`(?s)<section class="card case-supervisions".*?</section>`).FindString(pages["zh-CN"])
	if !strings.Contains(sup, "系统（超期督办）") {
		t.Errorf("the open supervision does not say who opened it:\n%s", sup)
	}
}
