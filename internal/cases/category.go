package cases

import (
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
)

// Field limits of a category.
const (
	MaxCategoryNameLen = 40  // 小类名称 such as 施工废弃料
	MaxCategoryRuleLen = 500 // 立案条件 and 结案条件
)

// Category is a class of cases (GB/T 30428 部件/事件 classes, 12345 hotline classes). The
// classes of a kind form a two-level tree: major classes (大类, ParentID 0, a two-digit
// code) group minor classes (小类, a four-digit code: the major's code and two more
// digits). Only minor classes are chosen for cases; they carry the 立案条件, 结案条件,
// default triage and priority, the responsibility rule and the time limit of each stage.
//
// Hotline classes are numbered the same way: 01 咨询, 02 求助, 03 投诉, 04 举报, 05 建议,
// 06 表扬, each with four-digit minor classes (0101 政策咨询…). The codes are unique within
// a kind, so a code and its kind name one category.
type Category struct {
	ID             int64
	ParentID       int64 // the major class; 0 for a major class
	Kind           CategoryKind
	Code           string
	Name           string
	RegisterRule   string // 立案条件: when a report becomes a case of this class
	CloseRule      string // 结案条件: when such a case may be closed
	Triage         Triage
	Priority       Priority
	Responsibility Responsibility
	Limits         Limits
	Retired        *time.Time
	Created        time.Time
	Updated        time.Time
	Version        int
}

// IsMajor reports whether c is a major class, which only groups minor classes.
func (c *Category) IsMajor() bool { return c.ParentID == 0 }

// IsLeaf reports whether c is a minor class, the only kind a case may be given.
func (c *Category) IsLeaf() bool { return c.ParentID != 0 }

// IsRetired reports whether the class is no longer offered for new cases.
func (c *Category) IsRetired() bool { return c.Retired != nil }

// Limit is the class's limit for stage s (the zero Limit when the stage is not timed).
func (c *Category) Limit(s Stage) calendar.Limit { return c.Limits[s] }

// CategoryInput is what a person types to create or edit a category. On an edit the kind
// and the parent of the category stay what they are.
type CategoryInput struct {
	ParentID       int64
	Kind           CategoryKind
	Code           string
	Name           string
	RegisterRule   string
	CloseRule      string
	Triage         Triage
	Priority       Priority
	Responsibility Responsibility
	Limits         Limits
}

// Normalize trims the texts, takes the kind from the parent, and fills the defaults: the
// kind's responsibility rule, major triage, normal priority.
func (in *CategoryInput) Normalize(t *Tree) {
	in.Code, in.Name = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name)
	in.RegisterRule, in.CloseRule = strings.TrimSpace(in.RegisterRule), strings.TrimSpace(in.CloseRule)
	if in.ParentID != 0 && t != nil {
		if p := t.ByID(in.ParentID); p != nil {
			in.Kind = p.Kind
		}
	}
	if in.Responsibility == "" && in.Kind.Valid() {
		in.Responsibility = in.Kind.DefaultResponsibility()
	}
	if in.Triage == "" {
		in.Triage = Major
	}
	if in.Priority == "" {
		in.Priority = Normal
	}
	for s, l := range in.Limits {
		if l.IsZero() {
			delete(in.Limits, s)
		}
	}
}

// LimitField is the form field of a stage's limit ("limit_handle").
func LimitField(s Stage) string { return "limit_" + string(s) }

// Validate checks a category against the tree it joins; self is the category's own id
// when it is edited (0 for a new one), so that its own code does not count as taken.
func (in CategoryInput) Validate(t *Tree, self int64) error {
	var v errs.Validation
	var parent *Category
	if in.ParentID != 0 {
		parent = t.ByID(in.ParentID)
		switch {
		case parent == nil || parent.ID == self:
			v.Add("parent_id", "err.not_found", errs.M("entity.category"))
		case !parent.IsMajor():
			v.Add("parent_id", "err.category_parent_minor")
		case parent.IsRetired():
			v.Add("parent_id", "err.category_parent_retired")
		}
	} else {
		v.Check(in.Kind.Valid(), "kind", "err.choose_one")
	}
	switch {
	case in.Code == "":
		v.Add("code", "err.required")
	case in.ParentID == 0:
		if v.Check(len(in.Code) == 2 && allDigits(in.Code), "code", "err.code_digits", 2) {
			v.Check(in.Code != "00", "code", "err.code_zero")
		}
	case parent != nil && parent.IsMajor():
		if v.Check(len(in.Code) == 4 && allDigits(in.Code), "code", "err.code_digits", 4) &&
			v.Check(in.Code[:2] == parent.Code, "code", "err.category_code_prefix", parent.Code) {
			v.Check(in.Code[2:] != "00", "code", "err.code_zero")
		}
	}
	if !v.Has("code") && in.Kind.Valid() {
		if other := t.ByCode(in.Kind, in.Code); other != nil && other.ID != self {
			v.Add("code", "err.category_code_taken", other.Name)
		}
	}
	if v.Require("name", in.Name) {
		v.MaxLen("name", in.Name, MaxCategoryNameLen)
	}
	v.MaxLen("register_rule", in.RegisterRule, MaxCategoryRuleLen)
	v.MaxLen("close_rule", in.CloseRule, MaxCategoryRuleLen)
	v.Check(in.Triage.Valid(), "triage", "err.choose_one")
	v.Check(in.Priority.Valid(), "priority", "err.choose_one")
	v.Check(in.Responsibility.Valid(), "responsibility", "err.choose_one")
	for s := range in.Limits {
		v.Check(s.Valid(), "limits", "err.category_stage_unknown", string(s))
	}
	for _, s := range Stages {
		l, f := in.Limits[s], LimitField(s)
		if in.ParentID == 0 {
			v.Check(l.IsZero(), f, "err.category_major_limits")
			continue
		}
		l.Validate(&v, f)
	}
	if in.ParentID != 0 {
		v.Check(!in.Limits[StageHandle].IsZero(), LimitField(StageHandle), "err.category_handle_limit")
		v.Require("register_rule", in.RegisterRule)
		v.Require("close_rule", in.CloseRule)
	}
	return v.Err()
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
