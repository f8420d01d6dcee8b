package store_test

import (
	"context"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

var ctx = context.Background()

var sys = account.SystemPrincipal("test")

// tree is a small district: 苏州市 > 姑苏区 > two streets > a community each > a grid.
type tree struct {
	db               *storetest.DB
	city, district   *admin.Node
	streetA, streetB *admin.Node
	commA, commB     *admin.Node
	gridA            *admin.Node
}

func mustNode(t *testing.T, db *storetest.DB, parent int64, level admin.Level, code, name string) *admin.Node {
	t.Helper()
	n, err := db.CreateNode(ctx, sys, admin.NodeInput{ParentID: parent, Level: level, Code: code, Name: name})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	return n
}

func newTree(t *testing.T) *tree {
	db := storetest.New(t)
	tr := &tree{db: db}
	tr.city = mustNode(t, db, 0, admin.City, "320500", "苏州市")
	tr.district = mustNode(t, db, tr.city.ID, 0, "320508", "姑苏区")
	tr.streetA = mustNode(t, db, tr.district.ID, 0, "001", "平江街道")
	tr.streetB = mustNode(t, db, tr.district.ID, 0, "002", "沧浪街道")
	tr.commA = mustNode(t, db, tr.streetA.ID, 0, "001", "平江路社区")
	tr.commB = mustNode(t, db, tr.streetB.ID, 0, "001", "南门社区")
	tr.gridA = mustNode(t, db, tr.commA.ID, 0, "01", "第1网格")
	return tr
}

// principal returns the principal of a new account with role bound to node (or unit).
func (tr *tree) principal(t *testing.T, role account.Role, nodeID, unitID int64) *account.Principal {
	t.Helper()
	u, err := tr.db.CreateUser(ctx, sys, account.UserInput{Username: "u" + string(role) + itoa(nodeID+unitID*1000),
		DisplayName: "测试用户", Role: role, NodeID: nodeID, UnitID: unitID, Password: "Passw0rd!", Phone: phoneFor(nodeID + unitID)})
	if err != nil {
		t.Fatalf("create %s: %v", role, err)
	}
	p, err := tr.db.PrincipalFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var phoneSeq int64

func phoneFor(int64) string {
	phoneSeq++
	s := itoa(phoneSeq)
	for len(s) < 8 {
		s = "0" + s
	}
	return "139" + s
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
