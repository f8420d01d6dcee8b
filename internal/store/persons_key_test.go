package store_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
)

// A person's natural key is kept unique by the lookup indexes: the ID number's, and for
// those without one, passport number and nationality together.
func TestPersonKeyUnique(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	birth := time.Date(1990, 5, 20, 0, 0, 0, 0, time.UTC)
	foreigner := func(passport, nationality string) register.PersonInput {
		return register.PersonInput{NodeID: tr.gridA.ID, Name: "Kim Min-jun", RegType: register.Foreign, Passport: passport,
			Nationality: nationality, Sex: register.Male, Birth: &birth}
	}
	first, err := db.CreatePerson(ctx, worker, foreigner("M12345678", "KOR"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.CreatePerson(ctx, worker, foreigner("m1234-5678", "kor"))
	if e := errs.As(err); e == nil || len(e.Fields) == 0 || e.Fields[0].Field != "passport" {
		t.Fatalf("the same passport twice: %v", err)
	}
	// Passport numbers repeat across countries.
	if _, err := db.CreatePerson(ctx, worker, foreigner("M12345678", "USA")); err != nil {
		t.Fatalf("the same number from another country: %v", err)
	}
	// A foreigner with a permanent residence ID is keyed by it, whatever the passport.
	withID := foreigner("M12345678", "KOR")
	withID.IDNumber = idNum("93112519850707006")
	born := time.Date(1985, 7, 7, 0, 0, 0, 0, time.UTC)
	withID.Sex, withID.Birth = register.Female, &born
	if _, err := db.CreatePerson(ctx, worker, withID); err != nil {
		t.Fatalf("a passport also given with an ID number: %v", err)
	}
	// Changing someone else's ID number to yours is refused on the ID number.
	citizen, err := db.CreatePerson(ctx, worker, register.PersonInput{NodeID: tr.gridA.ID, Name: "张三", RegType: register.Registered,
		IDNumber: idNum("32050819800101123")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.UpdatePerson(ctx, worker, citizen.ID, register.PersonInput{NodeID: tr.gridA.ID, Name: "张三", RegType: register.Registered,
		IDNumber: withID.IDNumber}, citizen.Version)
	if e := errs.As(err); e == nil || len(e.Fields) == 0 || e.Fields[0].Field != "id_number" {
		t.Fatalf("an update to a taken ID number: %v", err)
	}

	// An import finds the foreigners by passport and nationality.
	staff := tr.principal(t, account.Staff, tr.commA.ID, 0)
	code := tr.gridA.FullCode
	file := "网格编码,姓名,人口类别,护照号码,国籍,性别,出生日期\n" +
		code + ",Kim Min-jun,境外人员,M12345678,KOR,男,1990-05-20\n" + // as stored
		code + ",John Smith,境外人员,M12345678,USA,男,1980-01-02\n" + // changed name and birth
		code + ",Jean Dupont,境外人员,M12345678,FRA,男,1985-03-04\n" // new
	if got := counts(runImport(t, db.DB, staff, importer.Residents, file, false)); got != [4]int{1, 1, 1, 0} {
		t.Fatalf("passport import %v", got)
	}
	if got := counts(runImport(t, db.DB, staff, importer.Residents, file, false)); got != [4]int{0, 0, 3, 0} {
		t.Fatalf("passport re-import %v", got)
	}
	if p, err := db.Person(ctx, staff, first.ID); err != nil || p.Name != "Kim Min-jun" {
		t.Fatalf("first foreigner %+v %v", p, err)
	}
}
