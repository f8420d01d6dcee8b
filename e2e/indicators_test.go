package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/demo"
)

// TestIndicatorDefinition: the administrator opens the indicators' explanations from the
// dashboard, adds an indicator of their own, is told which part of a wrong formula to
// fix, finds the new indicator explained beside the built-in ones, and opens it again on
// a phone.
func TestIndicatorDefinition(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	p.open("/dashboard/indicators")
	p.checkTranslated()
	if n := len(p.texts(".indicator-list > .card")); n < 22 {
		t.Errorf("%d indicators explained, want the 22 built-in ones at least", n)
	}
	if st := p.click(`a[href="/dashboard/indicators/new"]`); st != 200 {
		t.Fatalf("the form answered %d", st)
	}
	code := fmt.Sprintf("patrol_found_%d", time.Now().UnixNano()%100000)
	p.fill("#f-code", code)
	p.fill("#f-name_zh", "巡查发现数")
	p.fill("#f-name_en", "Found on patrol")
	p.fill("#f-formula", "self_handled + found")
	p.eval(`(() => { document.querySelector('input[name=unit][value=count]').click(); return ""; })()`)
	p.fill("#f-explain_zh", "网格员巡查时发现并当场处置的问题数。")
	if st := p.click(`form[action="/dashboard/indicators"] button[type=submit]`); st != 400 {
		t.Fatalf("a wrong formula answered %d, want 400", st)
	}
	if got := p.text("#e-formula"); got != "公式里有未知的统计项" {
		t.Errorf("the formula's message is %q", got)
	}
	if got := p.eval(`document.querySelector("#f-name_zh").value`); got != "巡查发现数" {
		t.Errorf("the name typed became %q", got)
	}
	p.eval(`(() => { document.querySelector("details.ind-facts").open = true; return ""; })()`)
	p.shot("wrong formula")
	p.fill("#f-formula", "self_handled")
	if st := p.click(`form[action="/dashboard/indicators"] button[type=submit]`); st != 200 {
		t.Fatalf("saving answered %d", st)
	}
	if got := p.text(".flash"); !strings.HasPrefix(got, "指标已新建") {
		t.Errorf("after saving the page says %q", got)
	}
	card := p.text("#ind-" + code)
	if !strings.Contains(card, "巡查发现数") || !strings.Contains(card, "自定义") || !strings.Contains(card, "自行处置数") {
		t.Errorf("the new indicator reads %q", card)
	}
	p.shot("indicator added")

	// The form on a phone: every field fits the width.
	p.setDevice(phone)
	p.open("/dashboard/indicators/" + code)
	checkPageFits(p)
	p.shot("edit on a phone")
}
