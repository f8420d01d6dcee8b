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

// placesAndPeople imports two buildings with houses and residents in grid A of tr, and a
// resident in a grid of the other street, and returns that grid.
func placesAndPeople(t *testing.T, tr *tree) *admin.Node {
	t.Helper()
	db := tr.db
	code := tr.gridA.FullCode
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	sys := tr.principal(t, account.Staff, tr.district.ID, 0)
	if got := counts(runImport(t, db.DB, sys, importer.Buildings, "网格编码,楼栋名称,地址,地上层数,楼栋类型\n"+
		code+",1幢,平江路 1 号,6,住宅\n"+code+",2幢,平江路 2 号,6,住宅\n", false)); got != [4]int{2, 0, 0, 0} {
		t.Fatalf("buildings %v", got)
	}
	if got := counts(runImport(t, db.DB, sys, importer.Houses, "网格编码,楼栋名称,单元,楼层,室号,建筑面积,房屋用途\n"+
		code+",1幢,1,1,101,80,自住\n"+code+",1幢,1,2,201,80,出租\n"+code+",1幢,2,1,101,80,自住\n"+
		code+",2幢,,3,301,60,出租\n"+code+",2幢,,4,301,60,自住\n", false)); got != [4]int{5, 0, 0, 0} {
		t.Fatalf("houses %v", got)
	}
	people := "网格编码,姓名,人口类别,公民身份号码\n"
	for i := 1; i <= 6; i++ {
		people += code + ",居民" + itoa(int64(i)) + ",户籍," + idNumber(i) + "\n"
	}
	people += gridB.FullCode + ",外街居民,户籍," + idNumber(9) + "\n"
	if got := counts(runImport(t, db.DB, sys, importer.Residents, people, false)); got != [4]int{7, 0, 0, 0} {
		t.Fatalf("people %v", got)
	}
	return gridB
}

func TestImportRentals(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := placesAndPeople(t, tr)
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	code := tr.gridA.FullCode
	header := "网格编码,楼栋名称,单元,楼层,室号,承租人姓名,承租人公民身份号码,起租日期,到期日期\n"
	file := header +
		code + ",1幢,1单元,,201室,居民1," + idNumber(1) + ",2025-01-01,2025-12-31\n" + // 2
		code + ",1幢,1,,201,居民2," + idNumber(2) + ",2025/03/01,2026/02/28\n" + // 3
		code + ",2幢,,4,301,居民3," + idNumber(3) + ",20250101,20251231\n" + // 4: the floor tells the two 301s apart
		code + ",2幢,,,301,居民3," + idNumber(3) + ",2025-01-01,2025-12-31\n" + // 5: which 301?
		code + ",3幢,,,101,居民3," + idNumber(3) + ",2025-01-01,2025-12-31\n" + // 6: no such building
		code + ",1幢,1,,909,居民3," + idNumber(3) + ",2025-01-01,2025-12-31\n" + // 7: no such room
		code + ",1幢,1,,201,外街居民," + idNumber(9) + ",2025-01-01,2025-12-31\n" + // 8: a resident of another street
		code + ",1幢,1,,201,居民4," + idNumber(4) + ",2025-06-01,2025-01-01\n" + // 9: ends before it starts
		code + ",1幢,1,,201,居民4,110105********002X,2025-01-01,2025-12-31\n" + // 10: masked
		code + ",1幢,1,,201,居民4," + idNumber(4) + ",明年,2025-12-31\n" + // 11: not a date
		code + ",1幢,1单元,,201,居民1," + idNumber(1) + ",2025-01-01,2025-12-31\n" + // 12: row 2 again
		gridB.FullCode + ",1幢,1,,201,居民4," + idNumber(4) + ",2025-01-01,2025-12-31\n" // 13: grid outside the scope
	res := runImport(t, db.DB, staff, importer.Rentals, file, false)
	if got := counts(res); got != [4]int{3, 0, 0, 9} {
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
	wantErrors(t, res, map[int]string{5: "室号: 楼栋“2幢”中室号“301”的房屋不止一套", 6: "楼栋名称: ", 7: "室号: 楼栋“1幢”中没有",
		8: "承租人公民身份号码: 您的管辖范围内没有登记", 9: "到期日期: ", 10: "承租人公民身份号码: 这是导出时脱敏的号码", 11: "起租日期: ",
		12: "第 2 行", 13: "网格编码: "})
	rs, _, err := db.Rentals(ctx, staff, store.RentalFilter{})
	if err != nil || len(rs) != 3 {
		t.Fatalf("rentals %d %v", len(rs), err)
	}
	if got := counts(runImport(t, db.DB, staff, importer.Rentals, file, false)); got != [4]int{0, 0, 3, 9} {
		t.Fatalf("re-import %v", got)
	}
	// A later end date updates the registration; a new start is a new one.
	more := header + code + ",1幢,1,,201,居民1," + idNumber(1) + ",2025-01-01,2026-06-30\n" +
		code + ",1幢,1,,201,居民1," + idNumber(1) + ",2026-01-01,2026-12-31\n"
	if got := counts(runImport(t, db.DB, staff, importer.Rentals, more, false)); got != [4]int{1, 1, 0, 0} {
		t.Fatalf("renewal %v", got)
	}
	// Staff of the other street find none of these houses.
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	res = runImport(t, db.DB, staffB, importer.Rentals, header+code+",1幢,1,,201,居民1,"+idNumber(1)+",2025-01-01,2025-12-31\n", false)
	wantErrors(t, res, map[int]string{2: "网格编码: "})
}

func TestImportHouseholds(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := placesAndPeople(t, tr)
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	code := tr.gridA.FullCode
	header := "网格编码,户号,楼栋名称,单元,室号,住址,姓名,公民身份号码,与户主关系\n"
	file := header +
		code + ",H001,1幢,1,101,,居民1," + idNumber(1) + ",户主\n" + // 2: household H001
		code + ",H001,,,,,居民2," + idNumber(2) + ",妻\n" + // 3
		code + ",H002,,,,平江路 9 号,居民3," + idNumber(3) + ",子\n" + // 4: H002 has no head
		code + ",H002,,,,平江路 9 号,居民4," + idNumber(4) + ",女\n" + // 5
		code + ",H003,,,,平江路 8 号,居民5," + idNumber(5) + ",本人\n" + // 6: H003 has two heads
		code + ",H003,,,,平江路 8 号,居民6," + idNumber(6) + ",户主\n" + // 7
		code + ",H004,,,,平江路 7 号,外街居民," + idNumber(9) + ",户主\n" + // 8: not a resident of the scope
		code + ",H005,1幢,1,909,,居民6," + idNumber(6) + ",户主\n" + // 9: no such house
		code + ",H006,,,,平江路 6 号,某人," + idNumber(7) + ",户主\n" + // 10: never registered
		code + ",H007,,,,平江路 5 号,居民5," + idNumber(5) + ",叔叔\n" + // 11: no such relation
		gridB.FullCode + ",H008,,,,南门路 1 号,外街居民," + idNumber(9) + ",户主\n" // 12: grid outside the scope
	res := runImport(t, db.DB, staff, importer.Households, file, false)
	if got := counts(res); got != [4]int{2, 0, 0, 9} {
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
	wantErrors(t, res, map[int]string{4: "与户主关系: ", 5: "与户主关系: ", 6: "与户主关系: ", 7: "与户主关系: ",
		8: "公民身份号码: 您的管辖范围内没有登记", 9: "室号: ", 10: "公民身份号码: 您的管辖范围内没有登记", 11: "与户主关系: “叔叔”不是可选的值",
		12: "网格编码: "})
	hs, _, err := db.Households(ctx, staff, store.HouseholdFilter{})
	if err != nil || len(hs) != 1 || hs[0].Number != "H001" || len(hs[0].Members) != 2 || hs[0].HouseID == 0 || hs[0].HeadID == 0 {
		t.Fatalf("households %+v %v", hs, err)
	}
	if got := counts(runImport(t, db.DB, staff, importer.Households, file, false)); got != [4]int{0, 0, 2, 9} {
		t.Fatalf("re-import %v", got)
	}
	// A member added: the household changes, its rows say so. Someone of another
	// household cannot join, and one bad row keeps the whole household out.
	more := header +
		code + ",H001,1幢,1,101,,居民1," + idNumber(1) + ",户主\n" +
		code + ",H001,1幢,1,101,,居民2," + idNumber(2) + ",配偶\n" +
		code + ",H001,1幢,1,101,,居民3," + idNumber(3) + ",子\n" +
		code + ",H009,,,,平江路 3 号,居民1," + idNumber(1) + ",户主\n" + // 5: already a member of H001 (row 2)
		code + ",H010,,,,平江路 2 号,居民4," + idNumber(4) + ",户主\n" + // 6
		code + ",H010,,,,平江路 2 号,居民5," + idNumber(5) + ",配偶\n" + // 7
		code + ",H010,,,,平江路 2 号,居民6,110105********002X,子\n" // 8: masked
	res = runImport(t, db.DB, staff, importer.Households, more, false)
	if got := counts(res); got != [4]int{0, 3, 0, 4} {
		t.Fatalf("change counts %v %+v", got, res.FirstErrors)
	}
	wantErrors(t, res, map[int]string{5: "公民身份号码: 该人员已是另一户", 6: ": 同一户的第 8 行有错误", 7: ": 同一户的第 8 行有错误",
		8: "公民身份号码: 这是导出时脱敏的号码"})
	h, err := db.Household(ctx, staff, hs[0].ID)
	if err != nil || len(h.Members) != 3 {
		t.Fatalf("household after the change %+v %v", h, err)
	}
	// Members of a household kept in another's import: the form's answer.
	res = runImport(t, db.DB, staff, importer.Households, header+code+",H011,,,,平江路 1 号,居民3,"+idNumber(3)+",户主\n", false)
	wantErrors(t, res, map[int]string{2: "公民身份号码: "})
	// A household's rows far apart across batches (of 2 rows here) are refused after the first part.
	apart := header + code + ",H012,,,,平江路 4 号,居民4," + idNumber(4) + ",户主\n" +
		code + ",H013,,,,平江路 5 号,居民5," + idNumber(5) + ",户主\n" +
		code + ",H013,,,,平江路 5 号,居民6," + idNumber(6) + ",子\n" +
		code + ",H012,,,,平江路 4 号,居民6," + idNumber(6) + ",子\n"
	res = runImport(t, db.DB, staff, importer.Households, apart, true)
	wantErrors(t, res, map[int]string{5: "不相连"})
}
