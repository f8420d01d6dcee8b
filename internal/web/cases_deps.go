package web

import (
	"context"

	"github.com/shequ-dev/shequ/internal/cases"
)

// categoryChoice is a minor class a reporter or reviewer may pick.
type categoryChoice struct {
	ID     int64
	Code   string
	Name   string
	Major  string // the major class's name, for grouping
	Kind   cases.CategoryKind
	Triage cases.Triage
}

// categoryChoices lists the minor classes that may be chosen for a case, of one kind or
// of every kind ("").
func (s *Server) categoryChoices(ctx context.Context, kind cases.CategoryKind) ([]categoryChoice, error) {
	var out []categoryChoice
	for _, c := range interimCategories {
		if kind == "" || c.Kind == kind {
			out = append(out, c)
		}
	}
	return out, nil
}

// categoryName is the name of a category, "" when unknown.
func (s *Server) categoryName(ctx context.Context, id int64) string {
	for _, c := range interimCategories {
		if c.ID == id {
			return c.Name
		}
	}
	return ""
}

// interimCategories stand in for the category tree until its store lands.
var interimCategories = []categoryChoice{
	{ID: 1, Code: "0501", Name: "消防通道占用", Major: "街面秩序", Kind: cases.EventKind, Triage: cases.Major},
	{ID: 2, Code: "0101", Name: "暴露垃圾", Major: "市容环境", Kind: cases.EventKind, Triage: cases.Major},
	{ID: 3, Code: "0102", Name: "楼道堆物", Major: "市容环境", Kind: cases.EventKind, Triage: cases.Minor},
	{ID: 4, Code: "0101", Name: "井盖缺失", Major: "公用设施", Kind: cases.FacilityKind, Triage: cases.Major},
	{ID: 5, Code: "0601", Name: "邻里纠纷咨询", Major: "咨询", Kind: cases.HotlineKind, Triage: cases.Private},
}

// alarmCategory is the category a sensor's alarm type opens cases in.
func (s *Server) alarmCategory(ctx context.Context, alarmType string) (int64, bool) {
	switch alarmType {
	case "fire_lane", "smoke", "elevator", "water_level":
		return 1, true
	}
	return 0, false
}
