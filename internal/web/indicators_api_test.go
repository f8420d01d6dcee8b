package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// figuresJSON is the part of a figures response the tests read.
type figuresJSON struct {
	Node     *struct{ ID int64 } `json:"node"`
	Period   struct{ From, To, Label string }
	Previous struct{ From, To string }
	Groups   []struct {
		Key, Name string
		Own       bool
		Figures   []struct {
			Code     string
			Value    *float64
			Text     string
			Num, Den int64
			Previous struct{ Num, Den int64 }
			Change   string
			Cases    string
		}
	}
}

type figureCasesJSON struct {
	Total     int64
	Truncated bool
	Items     []struct {
		CaseID int64 `json:"case_id"`
		Ticket string
		Fact   string
		N      int64
		URL    string
	}
}

// figureHistory files cases in grids A and B over March and April 2026: each day one in
// A and, every other day, one in B; some dispatched and handled, some returned.
func figureHistory(t *testing.T, e *webtest.Env) {
	ctx := context.Background()
	for day := range 45 {
		for _, in := range []bool{true, false} {
			if !in && day%2 == 1 {
				continue
			}
			grid, _ := treeSide(e, in)
			unit := e.UnitA
			if !in {
				unit = e.UnitB
			}
			got, err := e.DB.Report(ctx, e.Sys, cases.Report{Source: cases.FromResident, CategoryID: testCategoryID(e),
				Description: fmt.Sprintf("指标测试第%d天", day), Location: &geo.Point{Lng: 120.63, Lat: 31.32}, NodeID: grid.ID, NodePath: grid.Path, Located: true})
			if err != nil {
				t.Fatal(err)
			}
			steps := []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: unit.ID}}
			switch day % 3 {
			case 0:
				steps = append(steps, cases.Step{Action: cases.ActAcknowledge}, cases.Step{Action: cases.ActHandle, Note: "已处理"})
			case 1:
				steps = append(steps, cases.Step{Action: cases.ActReturn, Note: "不属本单位"})
			}
			c := got.Case
			for _, s := range steps {
				s.Version = c.Version
				if c, err = e.DB.Act(ctx, e.Sys, c.ID, s, nil); err != nil {
					t.Fatalf("%s: %v", s.Action, err)
				}
			}
		}
		e.DB.Clock.Advance(24 * time.Hour)
	}
}

// A leader's figures by street for April, with March's beside them, each drilling down
// to exactly the cases behind its numerator and denominator.
func TestFiguresAPI(t *testing.T) {
	e := casesEnv(t)
	figureHistory(t, e)
	leader := e.Login(webtest.Leader)
	r := leader.Get("/api/v1/indicators/figures?grain=month&from=2026-04-10&by=area")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("figures: %d %s", r.StatusCode, r.Body)
	}
	f := decode[figuresJSON](t, r)
	if f.Node == nil || f.Node.ID != e.District.ID || f.Period.From != "2026-04-01" || f.Period.To != "2026-04-30" || f.Previous.From != "2026-03-01" || f.Previous.To != "2026-03-16" {
		t.Fatalf("figures of %+v over %+v after %+v", f.Node, f.Period, f.Previous)
	}
	if len(f.Groups) != 2 || f.Groups[0].Key != fmt.Sprint(e.StreetA.ID) || f.Groups[1].Key != fmt.Sprint(e.StreetB.ID) || f.Groups[0].Name == "" {
		t.Fatalf("groups %+v, want streets A and B", f.Groups)
	}
	// 2 March to 15 April, one a day in A, every other day in B; April, which runs until
	// the 16th, is compared with 1–16 March.
	reported := map[string][2]int64{}
	for _, g := range f.Groups {
		for _, x := range g.Figures {
			if x.Code == "reported" {
				reported[g.Key] = [2]int64{x.Num, x.Previous.Num}
			}
		}
	}
	if got := reported[fmt.Sprint(e.StreetA.ID)]; got != [2]int64{15, 15} {
		t.Errorf("street A reported %v, want April 15, 1–16 March 15", got)
	}
	if got := reported[fmt.Sprint(e.StreetB.ID)]; got != [2]int64{8, 8} {
		t.Errorf("street B reported %v, want April 8, 1–16 March 8", got)
	}
	shares := map[string]bool{}
	for _, d := range decode[struct {
		Items []struct {
			Code        string
			Denominator []any
		}
	}](t, leader.Get("/api/v1/indicators")).Items {
		shares[d.Code] = len(d.Denominator) > 0
	}
	if len(shares) < 24 {
		t.Fatalf("%d indicators", len(shares))
	}
	checked := 0
	for _, g := range f.Groups {
		for _, x := range g.Figures {
			for _, part := range []struct {
				name string
				want int64
			}{{"numerator", x.Num}, {"denominator", x.Den}} {
				if part.name == "denominator" && !shares[x.Code] {
					continue // a count has none
				}
				r := leader.Get(x.Cases + "&part=" + part.name)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("%s %s: %d %s", x.Code, part.name, r.StatusCode, r.Body)
				}
				list := decode[figureCasesJSON](t, r)
				var sum int64
				for _, c := range list.Items {
					sum += c.N
					if c.Ticket == "" || c.URL != fmt.Sprintf("/cases/%d", c.CaseID) {
						t.Fatalf("%s: listed %+v", x.Code, c)
					}
				}
				if list.Total != part.want || sum != part.want || list.Truncated {
					t.Errorf("%s of %s in %s: figure %d, list total %d sums %d", part.name, x.Code, g.Name, part.want, list.Total, sum)
				}
				checked++
			}
		}
	}
	if checked < 60 {
		t.Errorf("only %d figures drilled into", checked)
	}
	// The whole district in one figure, in English.
	leader.Lang = "en"
	r = leader.Get("/api/v1/indicators/figures?grain=month&from=2026-03-01&codes=reported,close_rate")
	one := decode[figuresJSON](t, r)
	if len(one.Groups) != 1 || len(one.Groups[0].Figures) != 2 || one.Groups[0].Figures[0].Num != 45 || one.Period.Label != "March 2026" {
		t.Errorf("one figure: %d %s", r.StatusCode, r.Body)
	}
}

// Every bad request gets a message on the field that is wrong.
func TestFiguresAPIBadInput(t *testing.T) {
	e := casesEnv(t)
	leader, staffA := e.Login(webtest.Leader), e.Login(webtest.StaffA)
	for _, tc := range []struct {
		name   string
		who    *webtest.Client
		path   string
		status int
		field  string
	}{
		{"an unknown grain", leader, "figures?grain=hour", 400, "grain"},
		{"a day that is not one", leader, "figures?from=2026-02-30", 400, "from"},
		{"a custom period without its end", leader, "figures?grain=custom&from=2026-03-01", 400, "to"},
		{"a reversed period", leader, "figures?grain=custom&from=2026-03-10&to=2026-03-01", 400, "to"},
		{"a period too long", leader, "figures?grain=custom&from=2025-01-01&to=2026-03-01", 400, "to"},
		{"an unknown breakdown", leader, "figures?by=weather", 400, "by"},
		{"an unknown indicator", leader, "figures?codes=reported,happiness", 400, "codes"},
		{"an area that is not a number", leader, "figures?node_id=abc", 400, "node_id"},
		{"an area that does not exist", leader, "figures?node_id=999999", 403, "node_id"},
		{"an area outside the caller's", staffA, fmt.Sprintf("figures?node_id=%d", e.District.ID), 403, "node_id"},
		{"a neighbour's area", staffA, fmt.Sprintf("figures?node_id=%d", e.StreetB.ID), 403, "node_id"},
		{"cases of no indicator", leader, "cases", 400, "code"},
		{"cases of an unknown indicator", leader, "cases?code=happiness", 400, "code"},
		{"the denominator of a count", leader, "cases?code=reported&part=denominator", 400, "part"},
		{"an unknown part", leader, "cases?code=close_rate&part=middle", 400, "part"},
		{"a breakdown without its group", leader, "cases?code=close_rate&by=unit", 400, "key"},
		{"a worker who is not one", leader, "cases?code=close_rate&by=worker&key=1", 400, "key"},
		{"a bad limit", leader, "cases?code=close_rate&limit=-3", 400, "limit"},
		{"cases outside the caller's area", staffA, fmt.Sprintf("cases?code=closed&node_id=%d", e.StreetB.ID), 403, "node_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.who.Get("/api/v1/indicators/" + tc.path)
			if r.StatusCode != tc.status || !strings.Contains(r.Body, `"`+tc.field+`":`) {
				t.Errorf("%s: %d %s, want %d naming %s", tc.path, r.StatusCode, r.Body, tc.status, tc.field)
			}
		})
	}
}
