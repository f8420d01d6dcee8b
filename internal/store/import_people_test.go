package store_test

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// idNumber makes the i-th of many distinct valid ID numbers: born on one of 20,000 days
// from 1950, with a sequence number, and the GB 11643 check character.
func idNumber(i int) string {
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)
	first := fmt.Sprintf("320508%s%03d", birth.Format("20060102"), (i/20000)%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

// writeResidents writes a residents CSV of n rows spread over grids to w.
func writeResidents(w io.Writer, n int, grids []string) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("网格编码,姓名,人口类别,公民身份号码,手机号码,民族\n")
	surnames := []string{"张", "王", "李", "赵", "陈", "刘", "杨", "黄"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(bw, "%s,%s%s,户籍人口,%s,139%08d,汉族\n", grids[i%len(grids)], surnames[i%len(surnames)], "小明", idNumber(i), i)
	}
	return bw.Flush()
}

func TestImportResidents(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	community := tr.principal(t, account.Staff, tr.commA.ID, 0) // community staff see care tags
	street := tr.principal(t, account.Staff, tr.streetA.ID, 0)  // street staff do not
	code := tr.gridA.FullCode
	header := "网格编码,姓名,人口类别,身份证号,性别,手机号码,民族,关爱对象类别\n"
	good := idNumber(1)
	badCheck := good[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", good[17])+1)%11])
	file := header +
		code + ",张三,户籍," + good + ",,13912345678,汉,\n" +
		code + ",李四,流动人口," + badCheck + ",,,汉族,\n" +
		code + ",王五,户籍,110105********002X,,,,\n" +
		code + ",张三,户籍," + strings.ToLower(good) + ",,,,\n" + // the same person again
		code + ",赵六,户籍," + idNumber(2) + ",男,1381234567,,\n" + // phone of 10 digits
		code + ",钱七,户籍," + idNumber(3) + ",,,,低保\n"
	res := runImport(t, db.DB, community, importer.Residents, file, false)
	if got := counts(res); got != [4]int{2, 0, 0, 4} {
		t.Fatalf("counts %v %+v", got, res.FirstErrors)
	}
	cols := map[int]string{}
	for _, e := range res.FirstErrors {
		cols[e.Line] = e.Column
	}
	if cols[3] != "身份证号" || cols[4] != "身份证号" || cols[5] != "" || cols[6] != "手机号码" {
		t.Fatalf("error columns %v (%+v)", cols, res.FirstErrors)
	}
	ps, _, err := db.People(ctx, community, store.PeopleFilter{})
	if err != nil || len(ps) != 2 || ps[0].IDMasked == good || ps[0].PhoneMasked != "139****5678" || ps[0].Ethnicity != "01" {
		t.Fatalf("people %+v %v", ps, err)
	}
	// Again: nothing changes. A masked phone (from an export) keeps the stored one.
	if got := counts(runImport(t, db.DB, community, importer.Residents, file, false)); got != [4]int{0, 0, 2, 4} {
		t.Fatalf("re-import %v", got)
	}
	masked := header + code + ",张三,户籍," + good + ",,139****5678,汉族,\n"
	if got := counts(runImport(t, db.DB, community, importer.Residents, masked, false)); got != [4]int{0, 0, 1, 0} {
		t.Fatalf("masked phone re-import %v", got)
	}
	n, err := db.UnmaskPerson(ctx, sys, ps[0].ID, "核对测试")
	if err != nil || n.Phone != "13912345678" || n.IDNumber != good {
		t.Fatalf("numbers %+v %v", n, err)
	}
	// Street staff may not record care tags; without the column they change nothing.
	if got := counts(runImport(t, db.DB, street, importer.Residents, header+code+",钱七,户籍,"+idNumber(3)+",,,,低保\n", true)); got != [4]int{0, 0, 0, 1} {
		t.Fatalf("care tags by street staff %v", got)
	}
	if got := counts(runImport(t, db.DB, street, importer.Residents, "网格编码,姓名,人口类别,身份证号\n"+code+",钱七,户籍,"+idNumber(3)+"\n", true)); got != [4]int{0, 0, 1, 0} {
		t.Fatalf("street staff without tags %v", got)
	}
	// Someone registered in another street is not touched, and not revealed beyond what
	// registering them by hand would say.
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	staffB := tr.principal(t, account.Staff, tr.commB.ID, 0)
	res = runImport(t, db.DB, staffB, importer.Residents, header+gridB.FullCode+",张三,户籍,"+good+",,,,\n", false)
	if got := counts(res); got != [4]int{0, 0, 0, 1} || !strings.Contains(res.FirstErrors[0].Text, "已登记") {
		t.Fatalf("out of scope %v %+v", got, res.FirstErrors)
	}
}

// BenchmarkImportResidents imports a generated CSV of residents (SHEQU_BENCH_ROWS,
// default 100,000; the target is 1,000,000 in two minutes) with full validation and
// encryption, and reports rows per second and the peak heap.
//
//	SHEQU_BENCH_ROWS=1000000 go test ./internal/store/ -run '^$' -bench ImportResidents -benchtime 1x
func BenchmarkImportResidents(b *testing.B) {
	rows := 100000
	if s := os.Getenv("SHEQU_BENCH_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		tr := newTreeB(b)
		var grids []string
		for g := 1; g <= 50; g++ {
			n, err := tr.db.CreateNode(ctx, sys, admin.NodeInput{ParentID: tr.commA.ID, Level: admin.Grid, Code: fmt.Sprintf("%02d", g+10), Name: fmt.Sprintf("网格%d", g)})
			if err != nil {
				b.Fatal(err)
			}
			grids = append(grids, n.FullCode)
		}
		path := filepath.Join(b.TempDir(), "residents.csv")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := writeResidents(f, rows, grids); err != nil {
			b.Fatal(err)
		}
		info, _ := f.Stat()
		f.Close()
		f, _ = os.Open(path)
		runtime.GC()
		var base runtime.MemStats
		runtime.ReadMemStats(&base)
		var peak atomic.Uint64
		stop := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(50 * time.Millisecond):
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse)
					}
				}
			}
		}()
		sink, err := tr.db.ImportSink(ctx, sys, importer.Residents.Name, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cpu0 := cpuTime()
		start := time.Now()
		res, err := importer.Run(ctx, importer.Residents, f, info.Size(), sink, importer.Options{Lang: "zh-CN"})
		elapsed := time.Since(start)
		cpu := cpuTime() - cpu0
		b.StopTimer()
		close(stop)
		f.Close()
		if err != nil || res.New != rows {
			b.Fatalf("import: %v, %+v %+v", err, res.Progress, res.FirstErrors)
		}
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		b.ReportMetric(float64(info.Size())/(1<<20), "file-MB")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.Logf("%d residents (%.0f MB CSV) in %v (%v of CPU): %.0f rows/s, peak heap %.1f MB (%.1f MB before)", rows,
			float64(info.Size())/(1<<20), elapsed.Round(time.Millisecond), cpu.Round(time.Millisecond), float64(rows)/elapsed.Seconds(),
			float64(peak.Load())/(1<<20), float64(base.HeapInuse)/(1<<20))
	}
}

// newTreeB is newTree for a benchmark: a city, district, street and community.
func newTreeB(b *testing.B) *tree {
	db := storetest.New(b)
	tr := &tree{db: db}
	node := func(parent int64, level admin.Level, code, name string) *admin.Node {
		n, err := db.CreateNode(ctx, sys, admin.NodeInput{ParentID: parent, Level: level, Code: code, Name: name})
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	tr.city = node(0, admin.City, "320500", "苏州市")
	tr.district = node(tr.city.ID, 0, "320508", "姑苏区")
	tr.streetA = node(tr.district.ID, 0, "001", "平江街道")
	tr.commA = node(tr.streetA.ID, 0, "001", "平江路社区")
	return tr
}

// cpuTime is the CPU time the process has used, user and system: on a shared machine
// it says more about the import's cost than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
