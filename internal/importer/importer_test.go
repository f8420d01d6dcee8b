package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// fakeSink accepts every parsed row as new, keyed by its grid code and name.
type fakeSink struct{ written int }

func (s *fakeSink) Prepare(_ context.Context, _ *tabular.Mapping, items []*importer.Item) error {
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		b := it.Value.(*importer.BuildingRow)
		it.Key, it.Status = b.GridCode+"|"+b.Input.Name, importer.New
	}
	return nil
}

func (s *fakeSink) Write(_ context.Context, items []*importer.Item) error {
	for _, it := range items {
		if it.Status == importer.New {
			s.written++
		}
	}
	return nil
}

func run(t *testing.T, csv string, dry bool) (*importer.Result, *fakeSink, error) {
	t.Helper()
	s := &fakeSink{}
	var report bytes.Buffer
	res, err := importer.Run(context.Background(), importer.Buildings, strings.NewReader(csv), int64(len(csv)), s,
		importer.Options{DryRun: dry, Lang: "zh-CN", Batch: 2, Report: &report})
	return res, s, err
}

func TestRunCountsAndReports(t *testing.T) {
	csv := "某社区楼栋台账\n网格编码,楼栋,地址,层数,类型,备注\n" +
		"320508001001,1幢,甲,６,住宅楼,\n" + // full-width digit, an alias of the kind
		"320508001001,2幢,乙,6.0,商住,\n" +
		"320508001001,1幢,甲,6,住宅,重复\n" +
		"320508001001,3幢,丙,6层,别墅,\n" +
		",4幢,丁,6,住宅,\n"
	res, sink, err := run(t, csv, false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Read != 5 || res.New != 2 || res.Errors != 3 || sink.written != 2 || !res.Reported {
		t.Fatalf("result %+v, written %d", res.Progress, sink.written)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "备注") {
		t.Fatalf("warnings %q", res.Warnings)
	}
	want := []struct {
		line int
		col  string
		text string
	}{{5, "", "第 3 行"}, {6, "类型", "别墅"}, {7, "网格编码", "必填"}}
	for i, w := range want {
		e := res.FirstErrors[i]
		if e.Line != w.line || e.Column != w.col || !strings.Contains(e.Text, w.text) {
			t.Errorf("error %d: %+v, want line %d column %q with %q", i, e, w.line, w.col, w.text)
		}
	}
	_, sink, _ = run(t, csv, true)
	if sink.written != 0 {
		t.Fatalf("a dry run wrote %d rows", sink.written)
	}
}

func TestRunHeaderProblems(t *testing.T) {
	_, _, err := run(t, "网格编码,楼名,地址,地上层数,楼栋类型\n1,2,3,4,5\n", true)
	e := errs.As(err)
	if e == nil || !strings.Contains(e.Error(), "err.import_header") || len(e.Fields) != 1 || e.Fields[0].Field != "name" {
		t.Fatalf("wrong header: %v", err)
	}
	if _, _, err := run(t, "a,b,c\n1,2,3\n", true); !strings.Contains(err.Error(), "err.tabular_header_none") {
		t.Fatalf("no header: %v", err)
	}
	if _, _, err := run(t, "", true); err == nil {
		t.Fatal("an empty file imported")
	}
}

func TestCellsRoundTrip(t *testing.T) {
	b := &register.Building{Name: "1幢", Address: "甲", FloorsAbove: 6, Kind: register.Mixed}
	cells := importer.BuildingCells(b, "320508001001", "第1网格")
	if strings.Join(cells, ",") != "320508001001,第1网格,1幢,甲,6,0,商住混合,," {
		t.Fatalf("cells %q", cells)
	}
	h := &register.House{Unit: "1", Floor: 2, Room: "201", Area: 89.5, Use: register.Rented, OwnerName: "张三丰", Code: "X"}
	if c := importer.HouseCells(h, "g", "1幢", false); c[8] != "张*丰" || c[5] != "89.5" || c[6] != "出租" {
		t.Fatalf("house cells %q", c)
	}
	if importer.ChoiceNames(importer.Houses, "use") != "自住、出租、空置、经营、其他" || importer.ChoiceNames(importer.Houses, "room") != "" {
		t.Fatalf("choices %q", importer.ChoiceNames(importer.Houses, "use"))
	}
}
