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

// categoryChoices lists the minor classes in use that may be chosen for a case, of one
// kind or of every kind (""), grouped by major class in code order.
func (s *Server) categoryChoices(ctx context.Context, kind cases.CategoryKind) ([]categoryChoice, error) {
	tree, err := s.db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var out []categoryChoice
	for _, k := range cases.CategoryKinds {
		if kind != "" && k != kind {
			continue
		}
		for _, c := range tree.Leaves(k, false) {
			major := ""
			if m := tree.Major(c); m != nil && m != c {
				major = m.Name
			}
			out = append(out, categoryChoice{ID: c.ID, Code: c.Code, Name: c.Name, Major: major, Kind: c.Kind, Triage: c.Triage})
		}
	}
	return out, nil
}

// categoryName is the name of a category, "" when unknown.
func (s *Server) categoryName(ctx context.Context, id int64) string {
	if c, err := s.db.Category(ctx, id); err == nil {
		return c.Name
	}
	return ""
}

// alarmCategory is the category a sensor's alarm type opens cases in.
func (s *Server) alarmCategory(ctx context.Context, alarmType string) (int64, bool) {
	kind, code, ok := cases.AlarmCategory(cases.AlarmType(alarmType))
	if !ok {
		return 0, false
	}
	tree, err := s.db.Categories(ctx)
	if err != nil {
		return 0, false
	}
	c := tree.ByCode(kind, code)
	if c == nil || c.IsRetired() {
		return 0, false
	}
	return c.ID, true
}
