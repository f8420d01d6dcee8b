package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

func TestCreateNodeCodesAndPaths(t *testing.T) {
	tr := newTree(t)
	if tr.gridA.FullCode != "32050800100101" {
		t.Errorf("grid full code %q", tr.gridA.FullCode)
	}
	if tr.gridA.Level != admin.Grid {
		t.Errorf("grid level %d", tr.gridA.Level)
	}
	want := admin.ChildPath(tr.commA.Path, tr.gridA.ID)
	if tr.gridA.Path != want {
		t.Errorf("path %q want %q", tr.gridA.Path, want)
	}
}

func TestCreateNodeBadInput(t *testing.T) {
	tr := newTree(t)
	tests := []struct {
		name      string
		in        admin.NodeInput
		wantField string
		wantKey   string
	}{
		{"empty name", admin.NodeInput{ParentID: tr.streetA.ID, Code: "002"}, "name", "err.required"},
		{"long name", admin.NodeInput{ParentID: tr.streetA.ID, Code: "002", Name: string(make([]rune, 61))}, "name", "err.too_long"},
		{"code letters", admin.NodeInput{ParentID: tr.streetA.ID, Code: "0a2", Name: "x"}, "code", "err.code_digits"},
		{"code too short", admin.NodeInput{ParentID: tr.streetA.ID, Code: "2", Name: "x"}, "code", "err.code_digits"},
		{"code zero", admin.NodeInput{ParentID: tr.streetA.ID, Code: "000", Name: "x"}, "code", "err.code_zero"},
		{"sibling code taken", admin.NodeInput{ParentID: tr.streetA.ID, Code: "001", Name: "另一个社区"}, "code", "err.code_taken"},
		{"district outside city", admin.NodeInput{ParentID: tr.city.ID, Code: "110101", Name: "东城区"}, "code", "err.node_district_city"},
		{"unknown parent", admin.NodeInput{ParentID: 99999, Code: "001", Name: "x"}, "parent_id", "err.not_found"},
		{"root street", admin.NodeInput{Level: admin.Street, Code: "001", Name: "x"}, "parent_id", "err.node_parent_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tr.db.CreateNode(ctx, sys, tt.in)
			assertField(t, err, tt.wantField, tt.wantKey)
		})
	}
}

func assertField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Code != errs.Invalid {
		t.Fatalf("want invalid %s, got %v", field, err)
	}
	for _, f := range e.Fields {
		if f.Field == field {
			if f.Msg.Key != key {
				t.Fatalf("field %s: key %s, want %s", field, f.Msg.Key, key)
			}
			return
		}
	}
	t.Fatalf("no error on field %s: %v", field, err)
}

func TestMoveNode(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	// Move 平江路社区 (with its grid) from street A to street B, where code 001 is taken.
	_, err := db.MoveNode(ctx, sys, tr.commA.ID, tr.streetB.ID, tr.commA.Version)
	assertField(t, err, "parent_id", "err.code_taken_there")

	c2 := mustNode(t, db, tr.streetA.ID, 0, "005", "观前社区")
	g2 := mustNode(t, db, c2.ID, 0, "03", "第3网格")
	moved, err := db.MoveNode(ctx, sys, c2.ID, tr.streetB.ID, c2.Version)
	if err != nil {
		t.Fatal(err)
	}
	if moved.FullCode != "320508002005" || moved.ParentID != tr.streetB.ID {
		t.Fatalf("moved %+v", moved)
	}
	g2b, err := db.Node(ctx, sys, g2.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g2b.FullCode != "32050800200503" || g2b.Path != moved.Path+itoa(g2.ID)+"/" {
		t.Fatalf("grid after move: %s %s", g2b.FullCode, g2b.Path)
	}
	// The subtree query finds it under street B and no longer under street A.
	under, err := db.Nodes(ctx, sys, store.NodeFilter{Under: tr.streetB.ID, Level: admin.Grid})
	if err != nil || len(under) != 1 || under[0].ID != g2.ID {
		t.Fatalf("grids under B: %v %v", under, err)
	}

	tests := []struct {
		name   string
		node   *admin.Node
		parent int64
		key    string
		stale  bool
	}{
		{"into itself", moved, moved.ID, "err.node_cycle", false},
		{"into own descendant", tr.streetA, tr.gridA.ID, "err.node_cycle", false},
		{"wrong level", moved, tr.district.ID, "err.node_parent_level", false},
		{"same parent", moved, tr.streetB.ID, "err.node_same_parent", false},
		{"stale version", tr.commB, tr.streetA.ID, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, _ := db.Node(ctx, sys, tt.node.ID)
			v := cur.Version
			if tt.stale {
				v--
			}
			_, err := db.MoveNode(ctx, sys, tt.node.ID, tt.parent, v)
			if tt.stale {
				if !errs.Is(err, errs.Conflict) {
					t.Fatalf("want conflict, got %v", err)
				}
				return
			}
			assertField(t, err, "parent_id", tt.key)
		})
	}
}

func TestRenameRecodesSubtree(t *testing.T) {
	tr := newTree(t)
	n, err := tr.db.UpdateNode(ctx, sys, tr.streetA.ID, "平江街道（新）", "009", tr.streetA.Version)
	if err != nil {
		t.Fatal(err)
	}
	if n.FullCode != "320508009" || n.Name != "平江街道（新）" {
		t.Fatalf("%+v", n)
	}
	g, _ := tr.db.Node(ctx, sys, tr.gridA.ID)
	if g.FullCode != "32050800900101" {
		t.Fatalf("grid code %s", g.FullCode)
	}
	if _, err := tr.db.UpdateNode(ctx, sys, tr.streetA.ID, "x", "002", n.Version); err == nil {
		t.Fatal("duplicate sibling code accepted")
	} else {
		assertField(t, err, "code", "err.code_taken")
	}
}

func TestRetireAndRestore(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	err := db.RetireNode(ctx, sys, tr.commA.ID, tr.commA.Version)
	if !errs.Is(err, errs.Conflict) || errs.As(err).Msg.Key != "err.node_in_use" {
		t.Fatalf("retire with child: %v", err)
	}
	if err := db.RetireNode(ctx, sys, tr.gridA.ID, tr.gridA.Version); err != nil {
		t.Fatal(err)
	}
	g, _ := db.Node(ctx, sys, tr.gridA.ID)
	if !g.IsRetired() {
		t.Fatal("not retired")
	}
	// Retired nodes are hidden from default listings but kept with their history.
	ns, _ := db.Nodes(ctx, sys, store.NodeFilter{ParentID: tr.commA.ID})
	if len(ns) != 0 {
		t.Fatalf("retired node listed: %v", ns)
	}
	ns, _ = db.Nodes(ctx, sys, store.NodeFilter{ParentID: tr.commA.ID, IncludeRetired: true})
	if len(ns) != 1 {
		t.Fatalf("retired node lost")
	}
	_, err = db.CreateNode(ctx, sys, admin.NodeInput{ParentID: tr.gridA.ID, Code: "01", Name: "微网格"})
	assertField(t, err, "parent_id", "err.node_parent_retired")
	// A retired code is not reused.
	_, err = db.CreateNode(ctx, sys, admin.NodeInput{ParentID: tr.commA.ID, Code: "01", Name: "新网格"})
	assertField(t, err, "code", "err.code_taken")
	if err := db.RestoreNode(ctx, sys, g.ID, g.Version); err != nil {
		t.Fatal(err)
	}
	hist, err := db.AuditEntries(ctx, sys, auditFilter("node", g.ID))
	if err != nil || len(hist) != 3 {
		t.Fatalf("history %d entries, %v", len(hist), err)
	}
}

func TestNodeScope(t *testing.T) {
	tr := newTree(t)
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	// Inside scope: reads and writes work.
	if _, err := tr.db.Node(ctx, staffA, tr.gridA.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.db.CreateNode(ctx, staffA, admin.NodeInput{ParentID: tr.commA.ID, Code: "02", Name: "第2网格"}); err != nil {
		t.Fatal(err)
	}
	// Outside: not found, and listings never include it.
	if _, err := tr.db.Node(ctx, staffA, tr.commB.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("out of scope read: %v", err)
	}
	all, _ := tr.db.Nodes(ctx, staffA, store.NodeFilter{Query: "社区"})
	for _, n := range all {
		if !staffA.InScope(n.Path) {
			t.Fatalf("listed %s outside scope", n.Name)
		}
	}
	if len(all) != 1 {
		t.Fatalf("want 1 community in scope, got %d", len(all))
	}
	if _, err := tr.db.CreateNode(ctx, staffA, admin.NodeInput{ParentID: tr.commB.ID, Code: "05", Name: "x"}); err == nil {
		t.Fatal("created outside scope")
	}
	// The top of one's own scope cannot be moved or retired from inside it.
	if err := tr.db.RetireNode(ctx, staffA, tr.streetA.ID, tr.streetA.Version); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("retire own scope root: %v", err)
	}
	grid := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	if _, err := tr.db.UpdateNode(ctx, grid, tr.gridA.ID, "x", "01", tr.gridA.Version); !errs.Is(err, errs.Forbidden) {
		t.Fatalf("grid worker rename: %v", err)
	}
	res := &account.Principal{Role: account.Resident, UserID: 1}
	if ns, _ := tr.db.Nodes(ctx, res, store.NodeFilter{}); len(ns) != 0 {
		t.Fatal("resident sees the tree")
	}
}
