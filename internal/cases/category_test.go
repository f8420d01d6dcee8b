package cases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func wd(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.WorkingDays} }
func wh(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.WorkingHours} }

// testTree is two event majors, one retired, and a facility major with a class.
func testTree() *cases.Tree {
	return cases.NewTree([]*cases.Category{
		{ID: 5, ParentID: 1, Kind: cases.EventKind, Code: "0102", Name: "暴露垃圾", Responsibility: cases.AreaFirst},
		{ID: 1, Kind: cases.EventKind, Code: "01", Name: "市容环境"},
		{ID: 2, Kind: cases.EventKind, Code: "02", Name: "宣传广告", Retired: &now},
		{ID: 6, ParentID: 1, Kind: cases.EventKind, Code: "0104", Name: "道路不洁", Retired: &now},
		{ID: 7, ParentID: 2, Kind: cases.EventKind, Code: "0201", Name: "非法小广告"},
		{ID: 3, Kind: cases.FacilityKind, Code: "01", Name: "公用设施"},
		{ID: 8, ParentID: 3, Kind: cases.FacilityKind, Code: "0101", Name: "上水井盖", Responsibility: cases.OwnerFirst},
	})
}

func TestTree(t *testing.T) {
	tr := testTree()
	if c := tr.ByCode(cases.EventKind, "0102"); c == nil || c.ID != 5 {
		t.Fatalf("ByCode(event, 0102) = %v", c)
	}
	if c := tr.ByCode(cases.FacilityKind, "0102"); c != nil {
		t.Errorf("ByCode(facility, 0102) = %v, want nil", c)
	}
	if c := tr.ByCode(cases.FacilityKind, "01"); c == nil || c.ID != 3 {
		t.Errorf("codes are per kind: facility 01 = %v", c)
	}
	codes := func(cs []*cases.Category) string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Code)
		}
		return strings.Join(out, ",")
	}
	tests := []struct {
		name, got, want string
	}{
		{"majors of events", codes(tr.Majors(cases.EventKind)), "01,02"},
		{"children by code", codes(tr.Children(1)), "0102,0104"},
		{"children of a minor", codes(tr.Children(5)), ""},
		{"leaves skip retired and those under retired majors", codes(tr.Leaves(cases.EventKind, false)), "0102"},
		{"leaves with retired", codes(tr.Leaves(cases.EventKind, true)), "0102,0104,0201"},
		{"path of a minor", codes(tr.Path(5)), "01,0102"},
		{"path of a major", codes(tr.Path(1)), "01"},
		{"path of nothing", codes(tr.Path(99)), ""},
		{"all by kind then code", codes(tr.All()), "01,0101,01,0102,0104,02,0201"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if m := tr.Major(tr.ByID(5)); m == nil || m.ID != 1 {
		t.Errorf("Major(0102) = %v", m)
	}
	if tr.Major(nil) != nil {
		t.Error("Major(nil) != nil")
	}
	var nilTree *cases.Tree
	if nilTree.ByID(1) != nil || nilTree.ByCode(cases.EventKind, "01") != nil {
		t.Error("a nil tree finds something")
	}
}

func TestTreeChoosable(t *testing.T) {
	tr := testTree()
	tests := []struct {
		id   int64
		want string // field error key, "" for chosen
	}{
		{5, ""},
		{0, "err.required"},
		{99, "err.not_found"},
		{1, "err.category_not_leaf"},
		{6, "err.category_retired"},
		{7, "err.category_retired"}, // under a retired major
	}
	for _, tt := range tests {
		c, err := tr.Choosable(tt.id, "category_id")
		if got := fieldKey(err, "category_id"); got != tt.want {
			t.Errorf("Choosable(%d): %q, want %q", tt.id, got, tt.want)
		}
		if tt.want == "" && (c == nil || c.ID != tt.id) {
			t.Errorf("Choosable(%d) = %v", tt.id, c)
		}
	}
}

// fieldKey is the message key of field's problem in err, or "".
func fieldKey(err error, field string) string {
	if e := errs.As(err); e != nil {
		for _, f := range e.Fields {
			if f.Field == field {
				return f.Msg.Key
			}
		}
	}
	return ""
}

func TestCategoryInputValidate(t *testing.T) {
	tr := testTree()
	leaf := func(mod func(*cases.CategoryInput)) cases.CategoryInput {
		in := cases.CategoryInput{ParentID: 1, Code: "0105", Name: "水域不洁", RegisterRule: "水面有漂浮垃圾", CloseRule: "水面清洁",
			Limits: cases.Limits{cases.StageAcknowledge: wh(2), cases.StageHandle: wd(1)}}
		if mod != nil {
			mod(&in)
		}
		in.Normalize(tr)
		return in
	}
	major := func(mod func(*cases.CategoryInput)) cases.CategoryInput {
		in := cases.CategoryInput{Kind: cases.EventKind, Code: "03", Name: "施工管理"}
		if mod != nil {
			mod(&in)
		}
		in.Normalize(tr)
		return in
	}
	tests := []struct {
		name  string
		in    cases.CategoryInput
		self  int64
		field string // "" for valid
		key   string
	}{
		{"valid leaf", leaf(nil), 0, "", ""},
		{"valid major", major(nil), 0, "", ""},
		{"own code on edit", leaf(func(in *cases.CategoryInput) { in.Code = "0102" }), 5, "", ""},
		{"unknown parent", leaf(func(in *cases.CategoryInput) { in.ParentID = 99 }), 0, "parent_id", "err.not_found"},
		{"parent is a minor", leaf(func(in *cases.CategoryInput) { in.ParentID = 5 }), 0, "parent_id", "err.category_parent_minor"},
		{"retired parent", leaf(func(in *cases.CategoryInput) { in.ParentID = 2; in.Code = "0202" }), 0, "parent_id", "err.category_parent_retired"},
		{"major without kind", major(func(in *cases.CategoryInput) { in.Kind = "" }), 0, "kind", "err.choose_one"},
		{"major bad kind", major(func(in *cases.CategoryInput) { in.Kind = "road" }), 0, "kind", "err.choose_one"},
		{"no code", leaf(func(in *cases.CategoryInput) { in.Code = " " }), 0, "code", "err.required"},
		{"major code 3 digits", major(func(in *cases.CategoryInput) { in.Code = "003" }), 0, "code", "err.code_digits"},
		{"major code 00", major(func(in *cases.CategoryInput) { in.Code = "00" }), 0, "code", "err.code_zero"},
		{"minor code letters", leaf(func(in *cases.CategoryInput) { in.Code = "01a5" }), 0, "code", "err.code_digits"},
		{"minor code of another major", leaf(func(in *cases.CategoryInput) { in.Code = "0205" }), 0, "code", "err.category_code_prefix"},
		{"minor code 00", leaf(func(in *cases.CategoryInput) { in.Code = "0100" }), 0, "code", "err.code_zero"},
		{"duplicate code", leaf(func(in *cases.CategoryInput) { in.Code = "0102" }), 0, "code", "err.category_code_taken"},
		{"duplicate retired code", leaf(func(in *cases.CategoryInput) { in.Code = "0104" }), 0, "code", "err.category_code_taken"},
		{"duplicate major code", major(func(in *cases.CategoryInput) { in.Code = "02" }), 0, "code", "err.category_code_taken"},
		{"no name", leaf(func(in *cases.CategoryInput) { in.Name = "" }), 0, "name", "err.required"},
		{"long name", leaf(func(in *cases.CategoryInput) { in.Name = strings.Repeat("垃", 41) }), 0, "name", "err.too_long"},
		{"long register rule", leaf(func(in *cases.CategoryInput) { in.RegisterRule = strings.Repeat("条", 501) }), 0, "register_rule", "err.too_long"},
		{"no register rule", leaf(func(in *cases.CategoryInput) { in.RegisterRule = "" }), 0, "register_rule", "err.required"},
		{"no close rule", leaf(func(in *cases.CategoryInput) { in.CloseRule = "" }), 0, "close_rule", "err.required"},
		{"bad triage", leaf(func(in *cases.CategoryInput) { in.Triage = "huge" }), 0, "triage", "err.choose_one"},
		{"bad priority", leaf(func(in *cases.CategoryInput) { in.Priority = "asap" }), 0, "priority", "err.choose_one"},
		{"bad responsibility", leaf(func(in *cases.CategoryInput) { in.Responsibility = "nobody" }), 0, "responsibility", "err.choose_one"},
		{"no handle limit", leaf(func(in *cases.CategoryInput) { delete(in.Limits, cases.StageHandle) }), 0, "limit_handle", "err.category_handle_limit"},
		{"handle limit zero amount", leaf(func(in *cases.CategoryInput) {
			in.Limits[cases.StageHandle] = calendar.Limit{Unit: calendar.WorkingDays}
		}), 0,
			"limit_handle", "err.category_handle_limit"},
		{"limit bad unit", leaf(func(in *cases.CategoryInput) {
			in.Limits[cases.StageVerify] = calendar.Limit{Amount: 1, Unit: "fortnights"}
		}), 0, "limit_verify", "err.choose_one"},
		{"limit too large", leaf(func(in *cases.CategoryInput) { in.Limits[cases.StageHandle] = wd(calendar.MaxLimit + 1) }), 0, "limit_handle", "err.range"},
		{"limit negative", leaf(func(in *cases.CategoryInput) { in.Limits[cases.StageVisit] = wd(-1) }), 0, "limit_visit", "err.range"},
		{"unknown stage", leaf(func(in *cases.CategoryInput) { in.Limits["archive"] = wd(1) }), 0, "limits", "err.category_stage_unknown"},
		{"major with limits", major(func(in *cases.CategoryInput) { in.Limits = cases.Limits{cases.StageHandle: wd(1)} }), 0, "limit_handle", "err.category_major_limits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.in.Validate(tr, tt.self)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			if got := fieldKey(err, tt.field); got != tt.key {
				t.Fatalf("Validate: %v; want %s on %s", err, tt.key, tt.field)
			}
		})
	}
}

func TestCategoryInputNormalize(t *testing.T) {
	tr := testTree()
	in := cases.CategoryInput{ParentID: 3, Kind: cases.EventKind, Code: " 0102 ", Name: " 污水井盖 ",
		Limits: cases.Limits{cases.StageHandle: wd(1), cases.StageVisit: {}}}
	in.Normalize(tr)
	if in.Kind != cases.FacilityKind || in.Responsibility != cases.OwnerFirst {
		t.Errorf("kind %s, responsibility %s: want the parent's kind and its default", in.Kind, in.Responsibility)
	}
	if in.Code != "0102" || in.Name != "污水井盖" || in.Triage != cases.Major || in.Priority != cases.Normal {
		t.Errorf("normalised %+v", in)
	}
	if _, ok := in.Limits[cases.StageVisit]; ok {
		t.Error("a zero limit is kept")
	}
	ev := cases.CategoryInput{Kind: cases.EventKind, Code: "03"}
	ev.Normalize(tr)
	if ev.Responsibility != cases.AreaFirst {
		t.Errorf("event default responsibility %s", ev.Responsibility)
	}
}

func TestAlarmCategory(t *testing.T) {
	for _, a := range cases.AlarmTypes {
		kind, code, ok := cases.AlarmCategory(a)
		if !ok || kind != cases.EventKind || len(code) != 4 || !a.Valid() {
			t.Errorf("AlarmCategory(%s) = %s %s %v", a, kind, code, ok)
		}
	}
	if _, _, ok := cases.AlarmCategory("earthquake"); ok || cases.AlarmType("earthquake").Valid() {
		t.Error("an unknown alarm maps to a category")
	}
}

// Every name the categories and dispatch rules show is in the catalogue in both languages.
func TestCategoryCatalogue(t *testing.T) {
	var keys []string
	for _, k := range cases.CategoryKinds {
		keys = append(keys, k.Key())
	}
	for _, x := range cases.Triages {
		keys = append(keys, x.Key())
	}
	for _, x := range cases.Priorities {
		keys = append(keys, x.Key())
	}
	for _, x := range cases.Stages {
		keys = append(keys, x.Key())
	}
	for _, x := range calendar.Units {
		keys = append(keys, x.Key())
	}
	for _, x := range cases.AlarmTypes {
		keys = append(keys, x.Key())
	}
	keys = append(keys, cases.OwnerFirst.Key(), cases.AreaFirst.Key(), "entity.category", "entity.dispatch_rule")
	for _, r := range []string{"rule:1", "owner:x", ""} {
		keys = append(keys, cases.ReasonMessage(r).Key)
	}
	for _, k := range keys {
		if zh, en := i18n.Entry(k); zh == "" || en == "" {
			t.Errorf("%s is not in the catalogue in both languages", k)
		}
	}
}
