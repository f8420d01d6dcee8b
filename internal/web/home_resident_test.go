package web_test

import (
	"context"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// TestResidentHomeShowsOwnHousehold: a resident signed in sees their own household, with
// numbers masked, and nothing of anyone else's.
func TestResidentHomeShowsOwnHousehold(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	c := e.Login(webtest.ResidentPh)
	r := c.Get("/")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "我的家庭", "还没有与您手机号码对应的家庭")

	head := pagesPerson(t, e, register.PersonInput{Name: "户主甲", IDNumber: idFor(41), Phone: webtest.ResidentPh})
	child := pagesPerson(t, e, register.PersonInput{Name: "孩子乙", IDNumber: idFor(42)})
	other := pagesPerson(t, e, register.PersonInput{Name: "邻居丙", IDNumber: idFor(43), Phone: "13800000003"})
	for _, hh := range []register.HouseholdInput{
		{NodeID: e.GridA.ID, Number: "0001", Address: "平江路 1 号", Members: []register.Member{{PersonID: head.ID, Relation: register.Self}, {PersonID: child.ID, Relation: register.Son}}},
		{NodeID: e.GridA.ID, Number: "0002", Address: "平江路 2 号", Members: []register.Member{{PersonID: other.ID, Relation: register.Self}}},
	} {
		if _, err := e.DB.CreateHousehold(ctx, e.Sys, hh); err != nil {
			t.Fatal(err)
		}
	}
	r = c.Get("/")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "户号 0001", "户主甲", "孩子乙", "本人（户主）", head.IDMasked, child.IDMasked)
	treeWantNoBody(t, r, "邻居丙", "户号 0002", idFor(41), idFor(42), webtest.ResidentPh)
}
