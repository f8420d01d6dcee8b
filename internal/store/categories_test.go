package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
)

// fieldKey is the message key of field's problem in err, or "".
func catFieldKey(err error, field string) string {
	var e *errs.Error
	if errors.As(err, &e) {
		for _, f := range e.Fields {
			if f.Field == field {
				return f.Msg.Key
			}
		}
	}
	return ""
}

func TestCategorySeed(t *testing.T) {
	db := newTree(t).db
	tr, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The facility tree is the register's classification, named as the register names it.
	var seeded []string
	for _, c := range tr.Leaves(cases.FacilityKind, true) {
		seeded = append(seeded, c.Code)
		if zh, _ := i18n.Entry(register.FacilityClass(c.Code).Key()); zh != c.Name {
			t.Errorf("facility %s is called %q, the register calls it %q", c.Code, c.Name, zh)
		}
		if c.Responsibility != cases.OwnerFirst {
			t.Errorf("facility %s: %s", c.Code, c.Responsibility)
		}
	}
	var want []string
	for _, c := range register.FacilityClasses {
		want = append(want, string(c))
	}
	if strings.Join(seeded, ",") != strings.Join(want, ",") {
		t.Errorf("facility classes\n%v\nwant register.FacilityClasses\n%v", seeded, want)
	}
	for _, m := range register.FacilityMajors {
		c := tr.ByCode(cases.FacilityKind, string(m))
		if zh, _ := i18n.Entry(m.Key()); c == nil || !c.IsMajor() || c.Name != zh {
			t.Errorf("facility major %s: %+v", m, c)
		}
	}
	// Every seeded class passes the validation an edit would apply.
	for _, c := range tr.All() {
		in := cases.CategoryInput{ParentID: c.ParentID, Kind: c.Kind, Code: c.Code, Name: c.Name, RegisterRule: c.RegisterRule,
			CloseRule: c.CloseRule, Triage: c.Triage, Priority: c.Priority, Responsibility: c.Responsibility, Limits: c.Limits}
		if err := in.Validate(tr, c.ID); err != nil {
			t.Errorf("seeded %s %s %s: %v", c.Kind, c.Code, c.Name, err)
		}
		if c.IsLeaf() && (c.Limit(cases.StageAcknowledge).IsZero() || c.Limit(cases.StageVerify).IsZero() || c.Limit(cases.StageVisit).IsZero()) {
			t.Errorf("seeded %s %s has untimed stages: %v", c.Kind, c.Code, c.Limits)
		}
	}
	for _, a := range cases.AlarmTypes {
		kind, code, _ := cases.AlarmCategory(a)
		if c := tr.ByCode(kind, code); c == nil || !c.IsLeaf() || c.Priority == cases.Normal {
			t.Errorf("alarm %s → %s %s: %+v", a, kind, code, c)
		}
	}
	wd := func(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.WorkingDays} }
	tests := []struct {
		kind       cases.CategoryKind
		code, name string
		triage     cases.Triage
		handle     calendar.Limit
	}{
		{cases.EventKind, "0101", "违法建设", cases.Major, wd(15)},
		{cases.EventKind, "0102", "暴露垃圾", cases.Major, wd(1)},
		{cases.EventKind, "0104", "道路不洁", cases.Major, calendar.Limit{Amount: 5, Unit: calendar.WorkingHours}},
		{cases.EventKind, "0502", "占道经营", cases.Major, calendar.Limit{Amount: 5, Unit: calendar.WorkingHours}},
		{cases.EventKind, "0507", "噪声扰民", cases.Minor, wd(1)},
		{cases.EventKind, "0511", "占用消防通道", cases.Major, calendar.Limit{Amount: 2, Unit: calendar.NaturalHours}},
		{cases.FacilityKind, "0118", "路灯", cases.Major, wd(3)},
		{cases.HotlineKind, "0101", "政策咨询", cases.Major, wd(3)},
		{cases.HotlineKind, "0103", "家庭纠纷咨询", cases.Private, wd(3)},
		{cases.HotlineKind, "0301", "物业服务投诉", cases.Private, wd(10)},
		{cases.HotlineKind, "0501", "城市管理建议", cases.Major, wd(15)},
	}
	for _, tt := range tests {
		c := tr.ByCode(tt.kind, tt.code)
		if c == nil || c.Name != tt.name || c.Triage != tt.triage || c.Limit(cases.StageHandle) != tt.handle {
			t.Errorf("%s %s: %+v, want %s %s %v", tt.kind, tt.code, c, tt.name, tt.triage, tt.handle)
		}
	}
	var hotline []string
	for _, m := range tr.Majors(cases.HotlineKind) {
		hotline = append(hotline, m.Name)
	}
	if got := strings.Join(hotline, ","); got != "咨询,求助,投诉,举报,建议,表扬" {
		t.Errorf("hotline majors %s", got)
	}
}

func TestCategoryWrites(t *testing.T) {
	trx := newTree(t)
	db := trx.db
	staff := trx.principal(t, account.Staff, trx.streetA.ID, 0)
	tr, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	event01 := tr.ByCode(cases.EventKind, "01")
	limits := func() cases.Limits {
		return cases.Limits{cases.StageAcknowledge: {Amount: 2, Unit: calendar.WorkingHours}, cases.StageHandle: {Amount: 1, Unit: calendar.WorkingDays}}
	}
	good := cases.CategoryInput{ParentID: event01.ID, Code: "0120", Name: "共享单车堆积", RegisterRule: "共享单车堆积超过 20 辆",
		CloseRule: "车辆清运或规范摆放", Limits: limits()}

	if _, err := db.CreateCategory(ctx, staff, good); !errs.Is(err, errs.Forbidden) {
		t.Errorf("staff create: %v", err)
	}
	bad := []struct {
		name  string
		mod   func(*cases.CategoryInput)
		field string
		key   string
	}{
		{"unknown parent", func(in *cases.CategoryInput) { in.ParentID = 999999 }, "parent_id", "err.not_found"},
		{"duplicate code", func(in *cases.CategoryInput) { in.Code = "0102" }, "code", "err.category_code_taken"},
		{"bad limit unit", func(in *cases.CategoryInput) {
			in.Limits = limits()
			in.Limits[cases.StageHandle] = calendar.Limit{Amount: 1, Unit: "weeks"}
		}, "limit_handle", "err.choose_one"},
		{"no handle limit", func(in *cases.CategoryInput) { in.Limits = cases.Limits{} }, "limit_handle", "err.category_handle_limit"},
	}
	for _, tt := range bad {
		in := good
		in.Limits = limits()
		tt.mod(&in)
		if _, err := db.CreateCategory(ctx, sys, in); catFieldKey(err, tt.field) != tt.key {
			t.Errorf("%s: %v, want %s on %s", tt.name, err, tt.key, tt.field)
		}
	}

	c, err := db.CreateCategory(ctx, sys, good)
	if err != nil {
		t.Fatal(err)
	}
	if c.Kind != cases.EventKind || c.Responsibility != cases.AreaFirst || c.Triage != cases.Major || c.Limit(cases.StageHandle).Amount != 1 {
		t.Errorf("created %+v", c)
	}
	if tr2, _ := db.Categories(ctx); tr2.ByID(c.ID) == nil || tr2 == tr {
		t.Error("the cached tree was not refreshed after a create")
	}

	up := good
	up.Name, up.Triage = "共享单车乱堆", cases.Minor
	up.Limits = cases.Limits{cases.StageHandle: {Amount: 8, Unit: calendar.NaturalHours}}
	if _, err := db.UpdateCategory(ctx, sys, c.ID, up, c.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale update: %v", err)
	}
	c2, err := db.UpdateCategory(ctx, sys, c.ID, up, c.Version)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Name != "共享单车乱堆" || c2.Triage != cases.Minor || c2.Limit(cases.StageAcknowledge) != (calendar.Limit{}) ||
		c2.Limit(cases.StageHandle) != (calendar.Limit{Amount: 8, Unit: calendar.NaturalHours}) || c2.Version != c.Version+1 {
		t.Errorf("updated %+v", c2)
	}
	// The major class's code is fixed while it has minor classes.
	maj := cases.CategoryInput{Code: "09", Name: event01.Name}
	if _, err := db.UpdateCategory(ctx, sys, event01.ID, maj, event01.Version); catFieldKey(err, "code") != "err.category_code_children" {
		t.Errorf("renumber a major: %v", err)
	}

	// Retiring: a major class only without active minor classes; a minor class comes back
	// only under an active major class.
	if err := db.SetCategoryRetired(ctx, sys, event01.ID, true, event01.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("retire a major in use: %v", err)
	}
	newMajor, err := db.CreateCategory(ctx, sys, cases.CategoryInput{Kind: cases.EventKind, Code: "09", Name: "其他事件"})
	if err != nil {
		t.Fatal(err)
	}
	minor, err := db.CreateCategory(ctx, sys, cases.CategoryInput{ParentID: newMajor.ID, Code: "0901", Name: "其他", RegisterRule: "其他问题",
		CloseRule: "问题解决", Limits: limits()})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, sys, minor.ID, true, minor.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, sys, minor.ID, true, minor.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("retire twice: %v", err)
	}
	if err := db.SetCategoryRetired(ctx, sys, newMajor.ID, true, newMajor.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, sys, minor.ID, false, minor.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("restore under a retired major: %v", err)
	}
	if _, err := db.UpdateCategory(ctx, sys, minor.ID, cases.CategoryInput{Code: "0901", Name: "x"}, minor.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("edit a retired class: %v", err)
	}
	tr3, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr3.Choosable(minor.ID, "category_id"); catFieldKey(err, "category_id") != "err.category_retired" {
		t.Errorf("a retired class is choosable: %v", err)
	}
	if err := db.SetCategoryRetired(ctx, sys, newMajor.ID, false, newMajor.Version+1); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, sys, minor.ID, false, minor.Version+1); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, staff, minor.ID, true, minor.Version+2); !errs.Is(err, errs.Forbidden) {
		t.Errorf("staff retire: %v", err)
	}
	if _, err := db.Category(ctx, 999999); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown category: %v", err)
	}
}
