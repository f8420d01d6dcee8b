package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

func TestPeopleCount(t *testing.T) {
	ps := newPeople(t)
	for _, tt := range []struct {
		name  string
		under int64
		want  int
	}{
		{"whole scope", 0, 3},
		{"the grid", ps.gridA.ID, 3},
	} {
		n, err := ps.db.PeopleCount(ctx, ps.worker, tt.under)
		if err != nil || n != tt.want {
			t.Errorf("%s: %d, %v; want %d", tt.name, n, err, tt.want)
		}
	}
	if n, err := ps.db.PeopleCount(ctx, ps.street, ps.commA.ID); err != nil || n != 3 {
		t.Errorf("street staff, the community: %d, %v", n, err)
	}
	if _, err := ps.db.RetirePerson(ctx, ps.worker, ps.li.ID, true, ps.li.Version); err != nil {
		t.Fatal(err)
	}
	if n, err := ps.db.PeopleCount(ctx, ps.worker, ps.gridA.ID); err != nil || n != 2 {
		t.Errorf("after one moved away: %d, %v", n, err)
	}
	if n, err := ps.db.PeopleCount(ctx, ps.other, 0); err != nil || n != 0 {
		t.Errorf("another grid's worker: %d, %v", n, err)
	}
	if _, err := ps.db.PeopleCount(ctx, ps.other, ps.gridA.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a grid beyond the scope: %v", err)
	}
}

func TestPersonNames(t *testing.T) {
	ps := newPeople(t)
	got, err := ps.db.PersonNames(ctx, ps.worker, []int64{ps.zhang.ID, ps.li.ID})
	if err != nil || got[ps.zhang.ID] != "张建国" || got[ps.li.ID] != "李秀英" {
		t.Errorf("names: %v, %v", got, err)
	}
	if got, err := ps.db.PersonNames(ctx, ps.other, []int64{ps.zhang.ID}); err != nil || len(got) != 0 {
		t.Errorf("another grid's worker sees %v, %v", got, err)
	}
}
