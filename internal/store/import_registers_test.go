package store_test

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// errorAt maps the listed errors of a result by line: "column: text".
func errorAt(res *importer.Result) map[int]string {
	out := map[int]string{}
	for _, e := range res.FirstErrors {
		if out[e.Line] != "" {
			out[e.Line] += "; "
		}
		out[e.Line] += e.Column + ": " + e.Text
	}
	return out
}

func wantErrors(t *testing.T, res *importer.Result, want map[int]string) {
	t.Helper()
	got := errorAt(res)
	for line, w := range want {
		if !strings.Contains(got[line], w) {
			t.Errorf("line %d: error %q, want it to contain %q", line, got[line], w)
		}
	}
	for line, g := range got {
		if _, ok := want[line]; !ok {
			t.Errorf("line %d: unexpected error %q", line, g)
		}
	}
}

func TestImportFacilities(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	if _, err := db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.district.ID, Kind: admin.Department, Name: "区水务局"}); err != nil {
		t.Fatal(err)
	}
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	if _, err := db.CreateOrganisation(ctx, sys, register.OrganisationInput{NodeID: gridB.ID, Kind: register.OtherOrg, Name: "南门小店",
		Address: "南门路 1 号"}); err != nil {
		t.Fatal(err)
	}
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	code := tr.gridA.FullCode
	header := "网格编码,部件小类,部件标识码,经度,纬度,位置描述,权属单位,部件状态\n"
	file := header +
		code + ",0101,,120.631,31.311,平江路 1 号门前,区水务局,完好\n" + // 2: next serial
		code + ",上水井盖,3205080101000050,120.632,31.312,平江路 2 号,,破损\n" + // 3: a given code raises the counter
		code + ",路灯,,120.633,31.313,,,\n" + // 4: class by name, condition blank
		code + ",9999,,120.634,31.314,,,\n" + // 5: no such class
		code + ",0101,3205080102000001,120.635,31.315,,,\n" + // 6: code of another class
		code + ",0101,,,31.316,,,\n" + // 7: half a position
		code + ",0101,,120.637,31.317,,南门小店,\n" + // 8: an organisation outside the scope
		code + ",0101,,120.631,31.311,平江路 1 号门前,区水务局,完好\n" + // 9: the same as row 2
		gridB.FullCode + ",0101,,120.638,31.318,,,\n" // 10: a grid outside the scope
	res := runImport(t, db.DB, staff, importer.Facilities, file, false)
	if got := counts(res); got != [4]int{3, 0, 0, 6} {
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
	wantErrors(t, res, map[int]string{5: "部件小类: ", 6: "部件标识码: ", 7: "经度: ", 8: "权属单位: ", 9: "第 2 行", 10: "网格编码: "})
	fs, _, err := db.Facilities(ctx, staff, store.FacilityFilter{})
	if err != nil || len(fs) != 3 {
		t.Fatalf("facilities %d %v", len(fs), err)
	}
	codes := map[string]*register.Facility{}
	for _, f := range fs {
		codes[f.Code] = f
	}
	if f := codes["3205080101000051"]; f == nil || f.OwnerUnitID == 0 || f.Condition != register.Good {
		// Rows with a code are written first, so the row without one comes after 50.
		t.Fatalf("codes %v", codes)
	}
	if f := codes["3205080101000050"]; f == nil || f.Condition != register.Damaged {
		t.Fatalf("given code %v", codes)
	}
	// Again: nothing changes, the rows without a code match by class and position.
	if got := counts(runImport(t, db.DB, staff, importer.Facilities, file, false)); got != [4]int{0, 0, 3, 6} {
		t.Fatalf("re-import %v", got)
	}
	// An export names the codes: importing it matches them, and a changed condition changes.
	exported := header + code + ",0101 上水井盖,3205080101000051,120.631000,31.311000,平江路 1 号门前,区水务局,破损\n"
	if got := counts(runImport(t, db.DB, staff, importer.Facilities, exported, false)); got != [4]int{0, 1, 0, 0} {
		t.Fatalf("export re-import %v", got)
	}
	// A new facility now gets the serial after the counter.
	more := runImport(t, db.DB, staff, importer.Facilities, header+code+",0101,,120.64,31.32,,,\n", false)
	if got := counts(more); got != [4]int{1, 0, 0, 0} {
		t.Fatalf("one more %v", got)
	}
	if fs, _, _ := db.Facilities(ctx, staff, store.FacilityFilter{Code: "3205080101000052"}); len(fs) != 1 {
		t.Fatalf("next serial not 52")
	}
	// Staff of the other street may not take over a facility by its code.
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	res = runImport(t, db.DB, staffB, importer.Facilities, header+gridB.FullCode+",0101,3205080101000050,120.632,31.312,,,\n", false)
	wantErrors(t, res, map[int]string{2: "部件标识码: "})
}
