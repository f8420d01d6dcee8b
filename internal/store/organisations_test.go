package store_test

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// uscc makes a valid credit code of an enterprise registered in 姑苏区 from a 9-character
// subject identifier.
func uscc(t *testing.T, subject string) string {
	t.Helper()
	first := "91320508" + subject
	c, ok := register.USCCCheckChar(first)
	if !ok {
		t.Fatalf("subject %q", subject)
	}
	return first + string(c)
}

// wrongCheck changes the check character of a valid code.
func wrongCheck(code string) string {
	last := byte('0')
	if code[17] == '0' {
		last = '1'
	}
	return code[:17] + string(last)
}

func fieldOf(err error) string {
	if e := errs.As(err); e != nil && len(e.Fields) > 0 {
		return e.Fields[0].Field
	}
	return ""
}

func TestOrganisations(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	leader := tr.principal(t, account.Leader, tr.streetA.ID, 0)

	code := uscc(t, "MA1N2P3Q4")
	o, err := db.CreateOrganisation(ctx, worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.PropertyCo,
		Name: " 平江物业 ", USCC: strings.ToLower(code), Address: "平江路 100 号", Location: &geo.Point{Lng: 120.63, Lat: 31.31},
		Contacts: []register.Contact{{Name: "王经理", Phone: "138 1234 5678", Role: "负责人"}, {Name: "值班室", Phone: "0512-65221234"}}})
	if err != nil {
		t.Fatal(err)
	}
	if o.Name != "平江物业" || o.USCC != code || o.Version != 1 || o.Location == nil {
		t.Fatalf("organisation %+v", o)
	}
	cs, err := db.OrganisationContacts(ctx, worker, o.ID)
	if err != nil || len(cs) != 2 || cs[0].PhoneMasked != "138****5678" || cs[0].Name != "王经理" {
		t.Fatalf("contacts %+v %v", cs, err)
	}

	bad := []struct {
		name  string
		p     *account.Principal
		in    register.OrganisationInput
		code  errs.Code
		field string
	}{
		{"the same credit code", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.Enterprise, Name: "另一家", USCC: code, Address: "x"}, errs.Invalid, "uscc"},
		{"a wrong check character", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.Enterprise, Name: "甲", USCC: wrongCheck(uscc(t, "MA1N2P3Q5")), Address: "x"}, errs.Invalid, "uscc"},
		{"an enterprise without a code", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.Enterprise, Name: "乙", Address: "x"}, errs.Invalid, "uscc"},
		{"an unknown kind", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: "club", Name: "丙", Address: "x"}, errs.Invalid, "kind"},
		{"a contact with a bad phone", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.OtherOrg, Name: "丁", Address: "x",
			Contacts: []register.Contact{{Name: "张", Phone: "12345"}}}, errs.Invalid, "contacts.0.phone"},
		{"the same phone twice", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.OtherOrg, Name: "戊", Address: "x",
			Contacts: []register.Contact{{Name: "张", Phone: "13900000001"}, {Name: "李", Phone: "139 0000 0001"}}}, errs.Invalid, "contacts.1.phone"},
		{"outside China", worker, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.OtherOrg, Name: "己", Address: "x",
			Location: &geo.Point{Lng: 2.35, Lat: 48.85}}, errs.Invalid, "location"},
		{"a grid outside the scope", staffB, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.OtherOrg, Name: "庚", Address: "x"}, errs.NotFound, ""},
		{"leaders only read", leader, register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.OtherOrg, Name: "辛", Address: "x"}, errs.Forbidden, ""},
	}
	for _, tt := range bad {
		_, err := db.CreateOrganisation(ctx, tt.p, tt.in)
		if e := errs.As(err); e == nil || e.Code != tt.code || fieldOf(err) != tt.field {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	// Nothing of the refused organisation with two equal phones was left behind.
	if list, _, _ := db.Organisations(ctx, worker, store.OrganisationFilter{Query: "戊"}); len(list) != 0 {
		t.Errorf("half-written organisation: %+v", list)
	}

	if _, err := db.Organisation(ctx, staffB, o.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("out of scope: %v", err)
	}
	if _, err := db.Organisation(ctx, leader, o.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("leaders do not see the registers: %v", err)
	}

	// Update with the version read; a second update with the same version is refused.
	in := register.OrganisationInput{NodeID: tr.gridA.ID, Kind: register.PropertyCo, Name: "平江物业管理有限公司", USCC: code, Address: "平江路 101 号"}
	o2, err := db.UpdateOrganisation(ctx, worker, o.ID, in, o.Version)
	if err != nil || o2.Name != "平江物业管理有限公司" || o2.Version != 2 || o2.Location != nil {
		t.Fatalf("update %+v %v", o2, err)
	}
	if _, err := db.UpdateOrganisation(ctx, worker, o.ID, in, o.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	if _, err := db.UpdateOrganisation(ctx, staffB, o.ID, in, o2.Version); !errs.Is(err, errs.NotFound) {
		t.Errorf("update out of scope: %v", err)
	}
	// Moving the organisation to a grid outside the worker's scope is refused.
	in.NodeID = gridB.ID
	if _, err := db.UpdateOrganisation(ctx, worker, o.ID, in, o2.Version); !errs.Is(err, errs.NotFound) {
		t.Errorf("move out of scope: %v", err)
	}

	// Contacts.
	c, err := db.AddOrganisationContact(ctx, worker, o.ID, register.Contact{Name: " 赵安全 ", Phone: "13700001111", Role: "安全员"})
	if err != nil || c.PhoneMasked != "137****1111" || c.Name != "赵安全" {
		t.Fatalf("add contact %+v %v", c, err)
	}
	if _, err := db.AddOrganisationContact(ctx, worker, o.ID, register.Contact{Name: "x", Phone: "137-0000-1111"}); fieldOf(err) != "phone" {
		t.Errorf("the same phone: %v", err)
	}
	if _, err := db.AddOrganisationContact(ctx, worker, o.ID, register.Contact{Phone: "13700002222"}); fieldOf(err) != "name" {
		t.Errorf("no name: %v", err)
	}
	if _, err := db.UnmaskContactPhone(ctx, worker, o.ID, c.ID, "核实"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("grid workers do not unmask: %v", err)
	}
	if _, err := db.UnmaskContactPhone(ctx, staffA, o.ID, c.ID, ""); fieldOf(err) != "purpose" {
		t.Errorf("no purpose: %v", err)
	}
	if _, err := db.UnmaskContactPhone(ctx, staffB, o.ID, c.ID, "核实信息"); !errs.Is(err, errs.NotFound) {
		t.Errorf("unmask out of scope: %v", err)
	}
	phone, err := db.UnmaskContactPhone(ctx, staffA, o.ID, c.ID, "消防检查联系")
	if err != nil || phone != "13700001111" {
		t.Fatalf("unmask %q %v", phone, err)
	}
	if err := db.RemoveOrganisationContact(ctx, worker, o.ID, cs[1].ID); err != nil {
		t.Fatal(err)
	}
	if err := db.RemoveOrganisationContact(ctx, worker, o.ID, cs[1].ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("removed twice: %v", err)
	}
	if cs, _ = db.OrganisationContacts(ctx, worker, o.ID); len(cs) != 2 {
		t.Errorf("contacts after removal %+v", cs)
	}

	// Retire and restore.
	o3, _ := db.Organisation(ctx, worker, o.ID)
	if _, err := db.RetireOrganisation(ctx, worker, o.ID, o3.Version-1); !errs.Is(err, errs.Conflict) {
		t.Errorf("retire stale: %v", err)
	}
	o4, err := db.RetireOrganisation(ctx, worker, o.ID, o3.Version)
	if err != nil || !o4.IsRetired() {
		t.Fatalf("retire %+v %v", o4, err)
	}
	if _, err := db.RetireOrganisation(ctx, worker, o.ID, o4.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("retired twice: %v", err)
	}
	if list, _, _ := db.Organisations(ctx, worker, store.OrganisationFilter{}); len(list) != 0 {
		t.Errorf("retired listed %+v", list)
	}
	if list, _, _ := db.Organisations(ctx, worker, store.OrganisationFilter{IncludeRetired: true}); len(list) != 1 {
		t.Errorf("retired not listed on request %+v", list)
	}
	if o4, err = db.RestoreOrganisation(ctx, worker, o.ID, o4.Version); err != nil || o4.IsRetired() {
		t.Fatalf("restore %+v %v", o4, err)
	}

	hist, err := db.History(ctx, staffA, "organisation", o.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range hist {
		actions = append(actions, e.Action)
		if strings.Contains(e.Detail, "1111") || strings.Contains(e.Detail, "5678") {
			t.Errorf("a phone in the audit detail: %s", e.Detail)
		}
	}
	want := "organisation.restore organisation.retire organisation.contact_remove organisation.unmask_phone organisation.contact_add organisation.update organisation.create"
	if strings.Join(actions, " ") != want {
		t.Errorf("history %v", actions)
	}
	if _, err := db.History(ctx, staffB, "organisation", o.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Errorf("history out of scope: %v", err)
	}
}

func TestOrganisationListing(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridA2 := mustNode(t, db, tr.commA.ID, 0, "02", "第2网格")
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	for i, g := range []int64{gridA2.ID, tr.gridA.ID, gridB.ID, tr.gridA.ID, gridA2.ID, tr.gridA.ID, gridB.ID} {
		in := register.OrganisationInput{NodeID: g, Kind: register.SocialOrg, Name: "协会" + itoa(int64(i)), Address: "路 " + itoa(int64(i)) + " 号",
			USCC: uscc(t, "MA1N2P3Q"+itoa(int64(i)))}
		if i%2 == 1 {
			in.Kind, in.USCC = register.EmbeddedUnit, ""
		}
		if _, err := db.CreateOrganisation(ctx, sys, in); err != nil {
			t.Fatal(err)
		}
	}
	// Pages of two through the street's five, grid by grid.
	var names []string
	var after store.PathCursor
	for pages := 0; ; pages++ {
		list, next, err := db.Organisations(ctx, staffA, store.OrganisationFilter{After: after, Limit: 2})
		if err != nil || pages > 5 {
			t.Fatal(err, pages)
		}
		for _, o := range list {
			names = append(names, o.Name)
		}
		if next.IsZero() {
			break
		}
		parsed, err := store.ParsePathCursor(next.String())
		if err != nil || parsed != next {
			t.Fatalf("cursor %q %+v %v", next.String(), parsed, err)
		}
		after = parsed
	}
	if got := strings.Join(names, ","); got != "协会1,协会3,协会5,协会0,协会4" {
		t.Errorf("pages %s", got)
	}
	filters := []struct {
		name string
		f    store.OrganisationFilter
		want int
	}{
		{"kind", store.OrganisationFilter{Kind: register.EmbeddedUnit}, 3},
		{"under a grid", store.OrganisationFilter{Under: gridA2.ID}, 2},
		{"name contains", store.OrganisationFilter{Query: "协会4"}, 1},
		{"address contains", store.OrganisationFilter{Query: "路 5"}, 1},
		{"credit code", store.OrganisationFilter{USCC: uscc(t, "MA1N2P3Q4")}, 1},
		{"credit code elsewhere", store.OrganisationFilter{USCC: uscc(t, "MA1N2P3Q2")}, 0},
		{"wildcards are literal", store.OrganisationFilter{Query: "%"}, 0},
	}
	for _, tt := range filters {
		list, _, err := db.Organisations(ctx, staffA, tt.f)
		if err != nil || len(list) != tt.want {
			t.Errorf("%s: %d %v", tt.name, len(list), err)
		}
	}
	if _, _, err := db.Organisations(ctx, staffA, store.OrganisationFilter{Under: gridB.ID}); !errs.Is(err, errs.NotFound) {
		t.Errorf("under a place out of scope: %v", err)
	}
	for _, bad := range []string{"x", "1", "1.", "0.AAAA", "-3.AAAA", "1.!!"} {
		if _, err := store.ParsePathCursor(bad); fieldOf(err) != "after" {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
}
