package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// idNum completes 17 digits with their GB 11643 check character.
func idNum(first17 string) string {
	c, ok := register.IDCheckChar(first17)
	if !ok {
		panic("bad id prefix " + first17)
	}
	return first17 + string(c)
}

func TestCreatePerson(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	id := idNum("32050819800101123")
	p, err := db.CreatePerson(ctx, worker, register.PersonInput{NodeID: tr.gridA.ID, Name: " 张三 ", RegType: register.Registered,
		IDNumber: id, Phone: "138 0013 8000", Ethnicity: register.Han})
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "张三" || p.IDMasked != "320508********"+id[14:] || p.PhoneMasked != "138****8000" || p.Sex != register.Male ||
		p.Birth == nil || p.Birth.Format("2006-01-02") != "1980-01-01" {
		t.Fatalf("person %+v", p)
	}
	_, err = db.CreatePerson(ctx, worker, register.PersonInput{NodeID: tr.gridA.ID, Name: "张三", RegType: register.Registered, IDNumber: id})
	if e := errs.As(err); e == nil || len(e.Fields) == 0 || e.Fields[0].Field != "id_number" {
		t.Fatalf("the same ID number twice: %v", err)
	}
	if _, err := db.Person(ctx, staffB, p.ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another street reads the person: %v", err)
	}
}
