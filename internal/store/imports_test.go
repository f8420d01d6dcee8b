package store_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// runImport imports a CSV text into reg as p, through a new job.
func runImport(t *testing.T, db *store.DB, p *account.Principal, reg *importer.Register, csv string, dry bool) *importer.Result {
	t.Helper()
	job, err := db.CreateImportJob(ctx, p, store.ImportJobInput{Register: reg.Name, DryRun: dry, Lang: "zh-CN", Filename: "t.csv", Upload: "x"})
	if err != nil {
		t.Fatal(err)
	}
	sink, err := db.ImportSink(ctx, p, reg.Name, job.ID)
	if err != nil {
		t.Fatal(err)
	}
	data := []byte(csv)
	res, err := importer.Run(ctx, reg, bytes.NewReader(data), int64(len(data)), sink, importer.Options{DryRun: dry, Lang: "zh-CN", Batch: 2})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return res
}

func counts(r *importer.Result) [4]int { return [4]int{r.New, r.Changed, r.Unchanged, r.Errors} }

func TestImportBuildingsAndHouses(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	code := tr.gridA.FullCode
	buildings := "网格编码,楼栋名称,地址,地上层数,地下层数,楼栋类型,经度,纬度\n" +
		code + ",1幢,平江路 1 号,6,1,住宅,120.63,31.31\n" +
		code + ",2幢,平江路 2 号,十,0,住宅,,\n" + // not a number
		code + ",3幢,平江路 3 号,18,2,商住混合,,\n" +
		code + ",1 幢,平江路 1 号,6,1,住宅,,\n" + // the same building as row 2
		gridB.FullCode + ",9幢,南门路 9 号,6,0,住宅,,\n" // outside the caller's scope

	dry := runImport(t, db.DB, staff, importer.Buildings, buildings, true)
	if got := counts(dry); got != [4]int{2, 0, 0, 3} {
		t.Fatalf("dry run counts %v, errors %+v", got, dry.FirstErrors)
	}
	if bs, _ := db.Buildings(ctx, staff, store.RegisterFilter{}); len(bs) != 0 {
		t.Fatalf("a dry run wrote %d buildings", len(bs))
	}
	want := map[int]string{3: "地上层数", 5: "", 6: "网格编码"}
	for _, e := range dry.FirstErrors {
		if col, ok := want[e.Line]; !ok || col != e.Column {
			t.Errorf("error %+v, want column %q", e, col)
		}
		if e.Line == 5 && !strings.Contains(e.Text, "第 2 行") {
			t.Errorf("duplicate message %q", e.Text)
		}
	}

	real := runImport(t, db.DB, staff, importer.Buildings, buildings, false)
	if got := counts(real); got != [4]int{2, 0, 0, 3} {
		t.Fatalf("import counts %v", got)
	}
	again := runImport(t, db.DB, staff, importer.Buildings, buildings, false)
	if got := counts(again); got != [4]int{0, 0, 2, 3} {
		t.Fatalf("re-import counts %v, want everything unchanged", got)
	}
	// A file without the position columns keeps the stored positions.
	changed := runImport(t, db.DB, staff, importer.Buildings, "网格编码,楼栋名称,地址,层数,类型\n"+code+",1幢,平江路 1 号,7,住宅\n", false)
	if got := counts(changed); got != [4]int{0, 1, 0, 0} {
		t.Fatalf("change counts %v", got)
	}
	bs, err := db.Buildings(ctx, staff, store.RegisterFilter{})
	if err != nil || len(bs) != 2 || bs[0].FloorsAbove != 7 || bs[0].Location == nil || bs[0].FloorsBelow != 1 {
		t.Fatalf("buildings %+v, %v", bs, err)
	}

	houses := "网格编码,楼栋,单元,楼层,室号,建筑面积,房屋用途,产权人\n" +
		code + ",1幢,1,1,101,89.5,自住,张三\n" +
		code + ",1幢,1单元,1,102室,90㎡,出租,李四\n" +
		code + ",1幢,1,9,901,90,自住,\n" + // the building has 7 floors
		code + ",5幢,1,1,101,90,自住,\n" + // no such building
		code + ",1幢,1,1,101,89.5,自住,张三\n" // repeated
	res := runImport(t, db.DB, staff, importer.Houses, houses, false)
	if got := counts(res); got != [4]int{2, 0, 0, 3} {
		t.Fatalf("houses counts %v, %+v", got, res.FirstErrors)
	}
	if got := counts(runImport(t, db.DB, staff, importer.Houses, houses, false)); got != [4]int{0, 0, 2, 3} {
		t.Fatalf("houses re-import counts %v", got)
	}
	// A masked export's owner leaves the stored owner alone.
	masked := "网格编码,楼栋,单元,楼层,室号,建筑面积,房屋用途,产权人\n" + code + ",1幢,1,1,101,89.5,自住,张*\n"
	if got := counts(runImport(t, db.DB, staff, importer.Houses, masked, false)); got != [4]int{0, 0, 1, 0} {
		t.Fatalf("masked re-import counts %v", got)
	}
	hs, err := db.Houses(ctx, staff, store.RegisterFilter{ParentID: bs[0].ID})
	if err != nil || len(hs) != 2 || hs[0].OwnerName != "张三" || hs[1].Unit != "1单元" || hs[1].Room != "102室" {
		t.Fatalf("houses %+v, %v", hs, err)
	}

	// One audit entry per written batch, naming the job, with counts and ids only.
	entries, err := db.AuditEntries(ctx, sys, audit.Filter{Action: "import.houses"})
	if err != nil || len(entries) == 0 {
		t.Fatalf("audit %v %v", entries, err)
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, "张三") || !strings.Contains(e.Detail, `"job"`) || e.Entity != "import_job" {
			t.Fatalf("audit detail %q", e.Detail)
		}
	}
	_ = audit.Entry{}
}

func TestImportScopeAndPermission(t *testing.T) {
	tr := newTree(t)
	leader := tr.principal(t, account.Leader, tr.streetA.ID, 0)
	if _, err := tr.db.ImportSink(ctx, leader, "buildings", 1); err == nil {
		t.Fatal("a leader, who only reads, got an import sink")
	}
	if _, err := tr.db.CreateImportJob(ctx, leader, store.ImportJobInput{Register: "buildings"}); err == nil {
		t.Fatal("a leader created an import job")
	}
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	if _, err := tr.db.CreateImportJob(ctx, staff, store.ImportJobInput{Register: "nope"}); err == nil {
		t.Fatal("a job for an unknown register")
	}
	job, err := tr.db.CreateImportJob(ctx, staff, store.ImportJobInput{Register: "houses", DryRun: true, Upload: "u"})
	if err != nil {
		t.Fatal(err)
	}
	other := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	if _, err := tr.db.ImportJob(ctx, other, job.ID); err == nil {
		t.Fatal("someone else's job is visible")
	}
	if err := tr.db.StartImportJob(ctx, job.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := tr.db.InterruptImportJobs(ctx); err != nil || n != 1 {
		t.Fatalf("interrupted %d, %v", n, err)
	}
	j, _ := tr.db.ImportJob(ctx, staff, job.ID)
	if j.Status != store.ImportInterrupted || j.Finished == nil {
		t.Fatalf("job %+v", j)
	}
}

// Buildings and houses stored by the forms get their natural keys, so an import finds them.
func TestImportMatchesRecordsFromForms(t *testing.T) {
	tr := newTree(t)
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	b, err := tr.db.CreateBuilding(ctx, staff, register.BuildingInput{NodeID: tr.gridA.ID, Name: "8幢", Address: "x 路", FloorsAbove: 3, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.db.CreateHouse(ctx, staff, register.HouseInput{BuildingID: b.ID, Unit: "2单元", Floor: 1, Room: "101", Area: 50, Use: register.Vacant}); err != nil {
		t.Fatal(err)
	}
	res := runImport(t, tr.db.DB, staff, importer.Houses, "网格编码,楼栋名称,单元,楼层,室号,面积,用途\n"+tr.gridA.FullCode+",8幢,2,1,101,50,空置\n", false)
	if got := counts(res); got != [4]int{0, 1, 0, 0} { // the unit is now written "2"
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
}

func TestImportOrganisations(t *testing.T) {
	tr := newTree(t)
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	code := tr.gridA.FullCode
	file := "网格编码,单位名称,单位类型,统一社会信用代码,地址\n" +
		code + ",平江物业,物业公司,91320508MA1MXXXX0X,平江路 1 号\n" + // bad check character
		code + ",平江路小学,驻区单位,,平江路 9 号\n" +
		code + ",张记面馆,个体户,,平江路 20 号\n" +
		code + ",张记面馆,个体户,,平江路 20 号\n" + // repeated
		code + ",无名,工厂,,平江路 30 号\n" // unknown kind
	res := runImport(t, tr.db.DB, staff, importer.Organisations, file, false)
	if got := counts(res); got != [4]int{2, 0, 0, 3} {
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
	if got := counts(runImport(t, tr.db.DB, staff, importer.Organisations, file, false)); got != [4]int{0, 0, 2, 3} {
		t.Fatalf("re-import %v", got)
	}
	os, _, err := tr.db.Organisations(ctx, staff, store.OrganisationFilter{})
	if err != nil || len(os) != 2 || os[1].Kind != register.Individual {
		t.Fatalf("organisations %+v %v", os, err)
	}
}

// Renaming a building moves its natural key with it: the next import of the old name
// adds a building instead of renaming this one back.
func TestImportAfterRename(t *testing.T) {
	tr := newTree(t)
	staff := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	in := register.BuildingInput{NodeID: tr.gridA.ID, Name: "8幢", Address: "x 路", FloorsAbove: 3, Kind: register.Residential}
	b, err := tr.db.CreateBuilding(ctx, staff, in)
	if err != nil {
		t.Fatal(err)
	}
	in.Name = "8号楼"
	if _, err := tr.db.UpdateBuilding(ctx, staff, b.ID, in, b.Version); err != nil {
		t.Fatal(err)
	}
	file := "网格编码,楼栋名称,地址,地上层数,楼栋类型\n" + tr.gridA.FullCode + ",8号楼,x 路,3,住宅\n" + tr.gridA.FullCode + ",8幢,x 路,3,住宅\n"
	if got := counts(runImport(t, tr.db.DB, staff, importer.Buildings, file, false)); got != [4]int{1, 0, 1, 0} {
		t.Fatalf("counts %v", got)
	}
}
