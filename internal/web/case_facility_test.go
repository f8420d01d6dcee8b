package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// TestCasePageShowsItsFacility: a case about a facility of the register shows which one
// (class, code, address) to everyone who sees the case, linked to the register for those
// who may open it; a unit's handler without the register sees it unlinked.
func TestCasePageShowsItsFacility(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	f, err := e.DB.CreateFacility(ctx, e.Sys, register.FacilityInput{NodeID: e.GridA.ID, Major: "01", Minor: "0118",
		Location: &geo.Point{Lng: 120.61, Lat: 31.3}, Address: "平江路12号门前", Condition: register.Damaged})
	if err != nil {
		t.Fatal(err)
	}
	in, err := e.DB.Report(ctx, &account.Principal{}, cases.Report{Source: cases.FromResident, CategoryID: eventCategory(e, "0102"),
		Description: "路灯不亮", Location: &f.Location, NodeID: e.GridA.ID, NodePath: e.GridA.Path, Located: true, FacilityID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	c := in.Case
	for _, s := range []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: e.UnitA.ID}} {
		s.Version = c.Version
		if c, err = e.DB.Act(ctx, e.Sys, c.ID, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	link := `<a href="/registers/facilities/` + strconv.FormatInt(f.ID, 10) + `">`
	tests := []struct {
		who      string
		wantLink bool
	}{
		{webtest.StaffA, true},
		{webtest.HandlerA, false},
	}
	for _, tc := range tests {
		t.Run(tc.who, func(t *testing.T) {
			r := e.Login(tc.who).Get("/cases/" + strconv.FormatInt(c.ID, 10))
			if r.StatusCode != 200 {
				t.Fatalf("status %d", r.StatusCode)
			}
			for _, want := range []string{`class="case-facility"`, "部件：", "路灯", "<code>" + f.Code + "</code>", "平江路12号门前"} {
				if !strings.Contains(r.Body, want) {
					t.Errorf("case page lacks %q", want)
				}
			}
			if got := strings.Contains(r.Body, link); got != tc.wantLink {
				t.Errorf("link to the register: %v, want %v", got, tc.wantLink)
			}
		})
	}
	// A case about no facility has no facility line.
	plain := deskCase(e, e.GridA, "垃圾满溢")
	if r := e.Login(webtest.StaffA).Get("/cases/" + strconv.FormatInt(plain.ID, 10)); strings.Contains(r.Body, `class="case-facility"`) {
		t.Errorf("a case without a facility shows one")
	}
}
