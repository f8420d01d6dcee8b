package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// people is a tree with a second grid, in the other street, and a few residents.
type people struct {
	*tree
	gridB          *admin.Node
	worker, other  *account.Principal // grid workers of grid A and of grid B
	staff, street  *account.Principal // staff of community A and of street A
	zhang, li, kid *register.Person   // in grid A; zhang cares for nobody, kid has a care tag
}

func newPeople(t *testing.T) *people {
	tr := newTree(t)
	ps := &people{tree: tr}
	ps.gridB = mustNode(t, tr.db, tr.commB.ID, 0, "01", "南门第1网格")
	ps.worker = tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	ps.other = tr.principal(t, account.GridWorker, ps.gridB.ID, 0)
	ps.staff = tr.principal(t, account.Staff, tr.commA.ID, 0)
	ps.street = tr.principal(t, account.Staff, tr.streetA.ID, 0)
	ps.zhang = ps.mustPerson(t, register.PersonInput{NodeID: tr.gridA.ID, Name: "张建国", RegType: register.Registered,
		IDNumber: idNum("32050819600315101"), Phone: "13800138000"})
	ps.li = ps.mustPerson(t, register.PersonInput{NodeID: tr.gridA.ID, Name: "李秀英", RegType: register.Floating,
		IDNumber: idNum("34010219650720202")})
	ps.kid = ps.mustPerson(t, register.PersonInput{NodeID: tr.gridA.ID, Name: "张小明", RegType: register.Registered,
		IDNumber: idNum("32050820150601301"), CareTags: []register.CareTag{register.LeftBehindChild}})
	return ps
}

func (ps *people) mustPerson(t *testing.T, in register.PersonInput) *register.Person {
	t.Helper()
	p, err := ps.db.CreatePerson(ctx, ps.worker, in)
	if err != nil {
		t.Fatalf("create %s: %v", in.Name, err)
	}
	return p
}

func names(ps []*register.Person) string {
	var s []string
	for _, p := range ps {
		s = append(s, p.Name)
	}
	return strings.Join(s, ",")
}

func TestPeopleFilters(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	cases := []struct {
		name string
		p    *account.Principal
		f    store.PeopleFilter
		want string
	}{
		{"everyone in the grid", ps.worker, store.PeopleFilter{}, "张建国,李秀英,张小明"},
		{"another grid sees nothing", ps.other, store.PeopleFilter{}, ""},
		{"floating", ps.street, store.PeopleFilter{RegType: register.Floating}, "李秀英"},
		{"women", ps.worker, store.PeopleFilter{Sex: register.Female}, "李秀英"},
		{"name prefix", ps.worker, store.PeopleFilter{Name: "张", NamePrefix: true}, "张建国,张小明"},
		{"name contains", ps.worker, store.PeopleFilter{Name: "秀"}, "李秀英"},
		{"sixty and over", ps.worker, store.PeopleFilter{MinAge: 60}, "张建国,李秀英"},
		{"at most 60", ps.worker, store.PeopleFilter{MaxAge: 60}, "李秀英,张小明"},
		{"born in the 2010s", ps.worker, store.PeopleFilter{BornFrom: day(2010, 1, 1), BornTo: day(2019, 12, 31)}, "张小明"},
		{"by ID number, typed loosely", ps.worker, store.PeopleFilter{IDNumber: " " + strings.ToLower(idNum("34010219650720202"))}, "李秀英"},
		{"by phone", ps.worker, store.PeopleFilter{Phone: "+86 138-0013-8000"}, "张建国"},
		{"by care tag", ps.staff, store.PeopleFilter{CareTag: register.LeftBehindChild}, "张小明"},
		{"under another place", ps.staff, store.PeopleFilter{Under: ps.tree.gridA.ID}, "张建国,李秀英,张小明"},
	}
	for _, c := range cases {
		got, next, err := db.People(ctx, c.p, c.f)
		if err != nil || names(got) != c.want || !next.IsZero() {
			t.Errorf("%s: %q %v %v, want %q", c.name, names(got), next, err, c.want)
		}
	}
	// Street staff do not serve the people care tags mark: no tags, no search by them.
	got, _, err := db.People(ctx, ps.street, store.PeopleFilter{})
	if err != nil || len(got) != 3 || got[2].CareTags != nil {
		t.Fatalf("street staff: %v %v", got, err)
	}
	if _, _, err := db.People(ctx, ps.street, store.PeopleFilter{CareTag: register.Disabled}); fieldOf(err) != "care_tag" {
		t.Errorf("street staff search by care tag: %v", err)
	}
	if p, err := db.Person(ctx, ps.street, ps.kid.ID); err != nil || p.CareTags != nil {
		t.Errorf("street staff read care tags: %+v %v", p, err)
	}
	if p, err := db.Person(ctx, ps.worker, ps.kid.ID); err != nil || len(p.CareTags) != 1 {
		t.Errorf("the grid worker reads care tags: %+v %v", p, err)
	}
	if _, err := db.Person(ctx, ps.other, ps.kid.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("another grid's worker reads a resident: %v", err)
	}
	if _, err := db.CreatePerson(ctx, ps.street, register.PersonInput{NodeID: ps.tree.gridA.ID, Name: "王五", RegType: register.Registered,
		IDNumber: idNum("32050819700101401"), CareTags: []register.CareTag{register.Disabled}}); fieldOf(err) != "care_tags" {
		t.Errorf("street staff set care tags: %v", err)
	}
	// Reading care tags is audited.
	es, err := db.AuditEntries(ctx, sys, auditFilter("person", ps.kid.ID))
	if err != nil || !hasAction(es, "person.view_care") {
		t.Errorf("care tag read not audited: %v", err)
	}
}

func TestPeoplePages(t *testing.T) {
	ps := newPeople(t)
	for i := range 7 {
		if _, err := ps.db.CreatePerson(ctx, ps.other, register.PersonInput{NodeID: ps.gridB.ID, Name: "居民" + itoa(int64(i)),
			RegType: register.Floating, IDNumber: idNum("4401061990010100" + itoa(int64(i)))}); err != nil {
			t.Fatal(err)
		}
	}
	var all []string
	var after store.PathCursor
	for pages := 0; ; pages++ {
		got, next, err := ps.db.People(ctx, sys, store.PeopleFilter{Limit: 4, After: after})
		if err != nil || pages > 3 {
			t.Fatal(err, pages)
		}
		all = append(all, names(got))
		if next.IsZero() {
			break
		}
		c, err := store.ParsePathCursor(next.String())
		if err != nil || c != next {
			t.Fatalf("cursor %v round trip: %v %v", next, c, err)
		}
		after = c
	}
	// Grid A (street A) sorts before grid B (street B): its residents come first.
	if got := strings.Join(all, "|"); got != "张建国,李秀英,张小明,居民0|居民1,居民2,居民3,居民4|居民5,居民6" {
		t.Errorf("pages %s", got)
	}
	if _, err := store.ParsePathCursor("bm9wZQ"); fieldOf(err) != "after" {
		t.Errorf("bad cursor: %v", err)
	}
}

func hasAction(es []*audit.Entry, action string) bool {
	for _, e := range es {
		if e.Action == action {
			return true
		}
	}
	return false
}

func TestUpdateRetireUnmaskPerson(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	in := register.PersonInput{NodeID: ps.tree.gridA.ID, Name: "张建国", RegType: register.Registered, Phone: "13900001111",
		CareTags: []register.CareTag{register.ElderlyAlone}}
	p, err := db.UpdatePerson(ctx, ps.worker, ps.zhang.ID, in, ps.zhang.Version)
	if err != nil {
		t.Fatal(err)
	}
	if p.IDMasked != ps.zhang.IDMasked || p.PhoneMasked != "139****1111" || p.Version != 2 || len(p.CareTags) != 1 {
		t.Fatalf("updated %+v", p)
	}
	if _, err := db.UpdatePerson(ctx, ps.worker, ps.zhang.ID, in, 1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale version: %v", err)
	}
	// Street staff change the name; the care tag they cannot see stays.
	in.Name, in.CareTags = "张建华", nil
	if p, err = db.UpdatePerson(ctx, ps.street, ps.zhang.ID, in, 2); err != nil || p.CareTags != nil {
		t.Fatalf("street update: %+v %v", p, err)
	}
	if p, _ = db.Person(ctx, ps.worker, ps.zhang.ID); p.Name != "张建华" || len(p.CareTags) != 1 {
		t.Errorf("after street update %+v", p)
	}
	if _, err := db.UpdatePerson(ctx, ps.other, ps.zhang.ID, in, 3); !errs.Is(err, errs.NotFound) {
		t.Errorf("another grid updates: %v", err)
	}

	// Unmask: staff with a purpose; grid workers may not; the read is audited with it.
	if _, err := db.UnmaskPerson(ctx, ps.worker, ps.zhang.ID, "入户走访核对"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("grid worker unmasks: %v", err)
	}
	if _, err := db.UnmaskPerson(ctx, ps.staff, ps.zhang.ID, " "); fieldOf(err) != "purpose" {
		t.Errorf("no purpose: %v", err)
	}
	n, err := db.UnmaskPerson(ctx, ps.staff, ps.zhang.ID, "办理高龄补贴核对身份")
	if err != nil || n.IDNumber != idNum("32050819600315101") || n.Phone != "13900001111" {
		t.Fatalf("unmask %+v %v", n, err)
	}
	es, _ := db.AuditEntries(ctx, sys, auditFilter("person", ps.zhang.ID))
	found := false
	for _, e := range es {
		if e.Action == "person.unmask" && e.Purpose == "办理高龄补贴核对身份" {
			found = true
		}
		if strings.Contains(e.Detail, "1390000") || strings.Contains(e.Detail, "张建") || strings.Contains(e.Detail, "elderly") {
			t.Errorf("personal data in the audit log: %s %s", e.Action, e.Detail)
		}
	}
	if !found {
		t.Error("unmask not audited with its purpose")
	}

	if _, err := db.RetirePerson(ctx, ps.worker, ps.zhang.ID, true, 3); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := db.People(ctx, ps.worker, store.PeopleFilter{}); len(got) != 2 {
		t.Errorf("retired still listed: %s", names(got))
	}
	if got, _, _ := db.People(ctx, ps.worker, store.PeopleFilter{IncludeRetired: true}); len(got) != 3 {
		t.Errorf("retired not listed with IncludeRetired: %s", names(got))
	}
	if _, err := db.RetirePerson(ctx, ps.worker, ps.zhang.ID, true, 4); !errs.Is(err, errs.Conflict) {
		t.Errorf("retire twice: %v", err)
	}
	if p, err := db.RetirePerson(ctx, ps.worker, ps.zhang.ID, false, 4); err != nil || p.IsRetired() {
		t.Errorf("restore: %v", err)
	}
	h, err := db.History(ctx, ps.worker, "person", ps.zhang.ID, 0)
	if err != nil || len(h) < 5 || h[0].Action != "person.restore" {
		t.Errorf("history %d %v", len(h), err)
	}
	if _, err := db.History(ctx, ps.other, "person", ps.zhang.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Errorf("another grid reads the history: %v", err)
	}
}

func TestHouseholds(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	b, err := db.CreateBuilding(ctx, ps.worker, register.BuildingInput{NodeID: ps.tree.gridA.ID, Name: "1幢", Address: "平江路 1 号", FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	house, err := db.CreateHouse(ctx, ps.worker, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: "101", Area: 80, Use: register.SelfOccupied})
	if err != nil {
		t.Fatal(err)
	}
	in := register.HouseholdInput{NodeID: ps.tree.gridA.ID, Number: "H001", HouseID: house.ID, Members: []register.Member{
		{PersonID: ps.kid.ID, Relation: register.Grandchild}, {PersonID: ps.zhang.ID, Relation: register.Self}}}
	h, err := db.CreateHousehold(ctx, ps.worker, in)
	if err != nil {
		t.Fatal(err)
	}
	if h.HeadID != ps.zhang.ID || len(h.Members) != 2 || h.Members[0].PersonID != ps.zhang.ID {
		t.Fatalf("household %+v", h)
	}
	bad := []struct {
		name  string
		p     *account.Principal
		in    register.HouseholdInput
		field string
	}{
		{"a member of another household", ps.worker, register.HouseholdInput{NodeID: ps.tree.gridA.ID, Address: "x", Members: []register.Member{
			{PersonID: ps.li.ID, Relation: register.Self}, {PersonID: ps.kid.ID, Relation: register.Son}}}, "members.1.person_id"},
		{"no head", ps.worker, register.HouseholdInput{NodeID: ps.tree.gridA.ID, Address: "x", Members: []register.Member{
			{PersonID: ps.li.ID, Relation: register.Spouse}}}, "members"},
		{"a resident out of scope", ps.other, register.HouseholdInput{NodeID: ps.gridB.ID, Address: "x", Members: []register.Member{
			{PersonID: ps.li.ID, Relation: register.Self}}}, "members.0.person_id"},
		{"a house out of scope", ps.other, register.HouseholdInput{NodeID: ps.gridB.ID, HouseID: house.ID, Members: []register.Member{
			{PersonID: ps.li.ID, Relation: register.Self}}}, "house_id"},
		{"the same number", ps.worker, register.HouseholdInput{NodeID: ps.tree.gridA.ID, Number: "h001", Address: "x", Members: []register.Member{
			{PersonID: ps.li.ID, Relation: register.Self}}}, "number"},
	}
	for _, c := range bad {
		if _, err := db.CreateHousehold(ctx, c.p, c.in); fieldOf(err) != c.field {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	in.Members = append(in.Members, register.Member{PersonID: ps.li.ID, Relation: register.Spouse})
	if h, err = db.UpdateHousehold(ctx, ps.worker, h.ID, in, h.Version); err != nil || len(h.Members) != 3 || h.Members[1].PersonID != ps.li.ID {
		t.Fatalf("update %+v %v", h, err)
	}
	if _, err = db.UpdateHousehold(ctx, ps.worker, h.ID, in, 1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale household: %v", err)
	}
	if hs, err := db.PersonHouseholds(ctx, ps.worker, ps.li.ID); err != nil || len(hs) != 1 || hs[0].ID != h.ID {
		t.Errorf("households of a person: %v %v", hs, err)
	}
	if hs, _, err := db.Households(ctx, ps.other, store.HouseholdFilter{}); err != nil || len(hs) != 0 {
		t.Errorf("another grid lists %d households (%v)", len(hs), err)
	}
	if hs, _, err := db.Households(ctx, ps.street, store.HouseholdFilter{HouseID: house.ID}); err != nil || len(hs) != 1 || len(hs[0].Members) != 3 {
		t.Errorf("households of the house: %v %v", hs, err)
	}

	// A resident whose account phone is the head's sees the household, masked.
	u, err := db.CreateUser(ctx, sys, account.UserInput{DisplayName: "张", Role: account.Resident, Password: "Passw0rd!", Phone: "138 0013 8000"})
	if err != nil {
		t.Fatal(err)
	}
	rp, err := db.PrincipalFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := db.MyHousehold(ctx, rp)
	if err != nil || mine.Household.ID != h.ID || len(mine.Members) != 3 || mine.Members[2].CareTags != nil || mine.Members[0].IDMasked == "" ||
		strings.Contains(mine.Members[0].IDMasked, "0315") {
		t.Fatalf("my household %+v %v", mine, err)
	}
	if _, err := db.Person(ctx, rp, ps.zhang.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a resident reads the register: %v", err)
	}
	if _, err := db.MyHousehold(ctx, ps.worker); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a grid worker's household: %v", err)
	}

	if h, err = db.RetireHousehold(ctx, ps.worker, h.ID, h.Version); err != nil || !h.IsRetired() || len(h.Members) != 3 {
		t.Fatalf("retire %+v %v", h, err)
	}
	if _, err := db.MyHousehold(ctx, rp); !errs.Is(err, errs.NotFound) {
		t.Errorf("a dissolved household: %v", err)
	}
	// Its members are free to form another.
	if _, err := db.CreateHousehold(ctx, ps.worker, register.HouseholdInput{NodeID: ps.tree.gridA.ID, Number: "H001", Address: "x",
		Members: []register.Member{{PersonID: ps.li.ID, Relation: register.Self}}}); err != nil {
		t.Errorf("new household after dissolving: %v", err)
	}
	if hist, err := db.History(ctx, ps.worker, "household", h.ID, 0); err != nil || len(hist) != 3 {
		t.Errorf("household history %d %v", len(hist), err)
	}
}

func TestResidencesAndRentals(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	clock := ps.db.Clock
	b, _ := db.CreateBuilding(ctx, ps.worker, register.BuildingInput{NodeID: ps.tree.gridA.ID, Name: "2幢", Address: "x", FloorsAbove: 6, Kind: register.Residential})
	house, err := db.CreateHouse(ctx, ps.worker, register.HouseInput{BuildingID: b.ID, Floor: 2, Room: "201", Area: 60, Use: register.Rented})
	if err != nil {
		t.Fatal(err)
	}
	own, err := db.AddResidence(ctx, ps.worker, register.ResidenceInput{PersonID: ps.zhang.ID, HouseID: house.ID, Role: register.Owner, From: day(2010, 5, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddResidence(ctx, ps.worker, register.ResidenceInput{PersonID: ps.zhang.ID, HouseID: house.ID, Role: register.Owner}); fieldOf(err) != "role" {
		t.Errorf("the same residence twice: %v", err)
	}
	if _, err := db.AddResidence(ctx, ps.other, register.ResidenceInput{PersonID: ps.li.ID, HouseID: house.ID, Role: register.Tenant}); !errs.Is(err, errs.NotFound) {
		t.Errorf("a house of another grid: %v", err)
	}
	ten, err := db.AddResidence(ctx, ps.worker, register.ResidenceInput{PersonID: ps.li.ID, HouseID: house.ID, Role: register.Tenant, From: day(2025, 3, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := db.HouseResidences(ctx, ps.worker, house.ID, false); err != nil || len(rs) != 2 {
		t.Fatalf("residences of the house: %v %v", rs, err)
	}
	if _, err := db.EndResidence(ctx, ps.worker, ten.ID, register.Date(2024, 1, 1), ten.Version); fieldOf(err) != "to" {
		t.Errorf("end before start: %v", err)
	}
	if _, err := db.EndResidence(ctx, ps.worker, ten.ID, register.Date(2026, 2, 28), ten.Version); err != nil {
		t.Fatal(err)
	}
	if rs, _ := db.HouseResidences(ctx, ps.worker, house.ID, false); len(rs) != 1 || rs[0].ID != own.ID {
		t.Errorf("current residences %v", rs)
	}
	if rs, _ := db.PersonResidences(ctx, ps.worker, ps.li.ID, true); len(rs) != 1 || rs[0].To == nil {
		t.Errorf("residences of the tenant %v", rs)
	}
	if _, err := db.HouseResidences(ctx, ps.other, house.ID, true); !errs.Is(err, errs.NotFound) {
		t.Errorf("another grid lists residences: %v", err)
	}

	// Today is 2026-03-02: one registration ends within 30 days, one later, one has ended.
	mk := func(tenant int64, start, end time.Time) *register.Rental {
		r, err := db.CreateRental(ctx, ps.worker, register.RentalInput{HouseID: house.ID, TenantID: tenant, Start: start, End: end})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	soon := mk(ps.li.ID, register.Date(2025, 3, 20), register.Date(2026, 3, 19))
	later := mk(ps.kid.ID, register.Date(2025, 9, 1), register.Date(2026, 8, 31))
	mk(ps.li.ID, register.Date(2024, 3, 20), register.Date(2025, 3, 19))
	if _, err := db.CreateRental(ctx, ps.worker, register.RentalInput{HouseID: house.ID, TenantID: ps.li.ID, Start: register.Date(2025, 3, 20),
		End: register.Date(2025, 12, 31)}); fieldOf(err) != "start" {
		t.Errorf("the same registration twice: %v", err)
	}
	if _, err := db.CreateRental(ctx, ps.worker, register.RentalInput{HouseID: house.ID, TenantID: ps.li.ID, Start: register.Date(2025, 1, 1),
		End: register.Date(2028, 1, 1)}); fieldOf(err) != "end" {
		t.Errorf("more than three years: %v", err)
	}
	exp, err := db.ExpiringRentals(ctx, ps.worker, 0, 30, 0)
	if err != nil || len(exp) != 1 || exp[0].ID != soon.ID {
		t.Fatalf("expiring %v %v", exp, err)
	}
	if exp, _ := db.ExpiringRentals(ctx, ps.other, 0, 366, 0); len(exp) != 0 {
		t.Errorf("another grid sees expiring rentals")
	}
	if _, err := db.ExpiringRentals(ctx, ps.worker, 0, 400, 0); fieldOf(err) != "expiring_within" {
		t.Errorf("400 days: %v", err)
	}
	active, _, err := db.Rentals(ctx, ps.worker, store.RentalFilter{Status: store.RentalsActive})
	if err != nil || len(active) != 2 {
		t.Errorf("active rentals %v %v", active, err)
	}
	if r, err := db.UpdateRental(ctx, ps.worker, later.ID, register.RentalInput{HouseID: house.ID, TenantID: ps.kid.ID,
		Start: later.Start, End: register.Date(2026, 3, 10)}, later.Version); err != nil || !r.ExpiringWithin(clock.Now(), 30) {
		t.Errorf("shortened %+v %v", r, err)
	}
	if _, err := db.RetireRental(ctx, ps.worker, soon.ID, soon.Version); err != nil {
		t.Fatal(err)
	}
	if exp, _ := db.ExpiringRentals(ctx, ps.worker, 0, 30, 0); len(exp) != 1 || exp[0].ID != later.ID {
		t.Errorf("after cancelling %v", exp)
	}
	if h, err := db.History(ctx, ps.worker, "rental", soon.ID, 0); err != nil || len(h) != 2 {
		t.Errorf("rental history %v %v", h, err)
	}
}

// Residents move with their grid; so do their households' memberships.
func TestPeopleMoveWithTheirGrid(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	if _, err := db.CreateHousehold(ctx, ps.worker, register.HouseholdInput{NodeID: ps.tree.gridA.ID, Address: "x",
		Members: []register.Member{{PersonID: ps.zhang.ID, Relation: register.Self}}}); err != nil {
		t.Fatal(err)
	}
	commB2 := mustNode(t, db, ps.tree.streetB.ID, 0, "002", "新社区")
	if _, err := db.MoveNode(ctx, sys, ps.tree.gridA.ID, commB2.ID, ps.tree.gridA.Version); err != nil {
		t.Fatal(err)
	}
	staffB := ps.tree.principal(t, account.Staff, commB2.ID, 0)
	if got, _, err := db.People(ctx, staffB, store.PeopleFilter{}); err != nil || len(got) != 3 {
		t.Errorf("new community sees %d (%v)", len(got), err)
	}
	if got, _, _ := db.People(ctx, ps.staff, store.PeopleFilter{}); len(got) != 0 {
		t.Errorf("old community still sees %d", len(got))
	}
	if hs, _, _ := db.Households(ctx, staffB, store.HouseholdFilter{}); len(hs) != 1 {
		t.Errorf("household did not move")
	}
}

func day(y int, m time.Month, d int) *time.Time { t := register.Date(y, m, d); return &t }
