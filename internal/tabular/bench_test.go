package tabular

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// residentRow fills row with a plausible register row for resident i, the way an
// import file looks: name, ID number, phone, address, registration type, household
// relation, birth date, note. Every row differs, so nothing can be shared.
func residentRow(row []string, i int) []string {
	n := strconv.Itoa(i)
	id := "3205081990" + pad(i%1000000, 6) + "2" + strconv.Itoa(i%10)
	return append(row[:0],
		"居民"+n,
		id[:18],
		"138"+pad(i, 8),
		"平江街道平江路"+strconv.Itoa(i%500)+"号"+strconv.Itoa(i%30)+"幢"+strconv.Itoa(i%6+1)+"0"+strconv.Itoa(i%4+1)+"室",
		[]string{"户籍", "流动", "境外"}[i%3],
		[]string{"户主", "配偶", "子女", "父母"}[i%4],
		"1990-03-"+pad(i%28+1, 2),
		"第"+n+"行",
	)
}

func pad(v, width int) string {
	s := strconv.Itoa(v)
	for len(s) < width {
		s = "0" + s
	}
	return s[len(s)-width:]
}

var residentHeader = []string{"姓名", "身份证号", "手机号码", "住址", "户籍类型", "与户主关系", "出生日期", "备注"}

// writeResidents writes n rows in the format ("xlsx" or "csv") to path.
func writeResidents(tb testing.TB, path, format string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	row := make([]string, 0, 8)
	if format == "xlsx" {
		x := NewXLSXWriter(f, XLSXOptions{})
		x.WriteHeader(residentHeader)
		for i := range n {
			x.Write(residentRow(row, i))
		}
		if err := x.Close(); err != nil {
			tb.Fatal(err)
		}
		return
	}
	w := NewCSVWriter(f, CSVOptions{})
	w.Write(residentHeader)
	for i := range n {
		w.Write(residentRow(row, i))
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
}

// benchRows is the size of the files the read benchmarks go through per iteration.
const benchRows = 100000

// benchmarkRead reads a file of benchRows residents per iteration; convert, if
// given, turns the written file into the one to read.
func benchmarkRead(b *testing.B, format string, convert func([]byte) []byte) {
	path := filepath.Join(b.TempDir(), "r."+format)
	writeResidents(b, path, format, benchRows)
	if convert != nil {
		raw, _ := os.ReadFile(path)
		os.WriteFile(path, convert(raw), 0o600)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	b.SetBytes(st.Size())
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	rows := 0
	for b.Loop() {
		r, err := Open(f, st.Size(), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for r.Next() {
			rows++
		}
		if r.Err() != nil {
			b.Fatal(r.Err())
		}
		r.Close()
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(rows), "B/row")
}

func BenchmarkReadCSV(b *testing.B) { benchmarkRead(b, "csv", nil) }

func BenchmarkReadCSVGBK(b *testing.B) {
	benchmarkRead(b, "csv", func(raw []byte) []byte {
		return gbk(b, string(bytes.TrimPrefix(raw, utf8BOM)))
	})
}

func BenchmarkReadXLSX(b *testing.B) { benchmarkRead(b, "xlsx", nil) }

// BenchmarkReadXLSXShared reads a workbook laid out as Excel saves it: every text in
// the shared strings table (all distinct here, the worst case for its memory), the
// cells referring to it by index.
func BenchmarkReadXLSXShared(b *testing.B) {
	benchmarkRead(b, "xlsx", func([]byte) []byte {
		var strs, rows bytes.Buffer
		strs.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		rows.WriteString(sheetXML("")[:len(sheetXML(""))-len(`</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`)])
		k := 0
		row := make([]string, 0, 8)
		for i := -1; i < benchRows; i++ {
			cells := residentHeader
			if i >= 0 {
				cells = residentRow(row, i)
			}
			r := strconv.Itoa(i + 2)
			rows.WriteString(`<row r="` + r + `">`)
			for j, c := range cells {
				strs.WriteString("<si><t>" + c + "</t></si>")
				rows.WriteString(`<c r="` + ColumnName(j) + r + `" t="s"><v>` + strconv.Itoa(k) + `</v></c>`)
				k++
			}
			rows.WriteString(`</row>`)
		}
		strs.WriteString(`</sst>`)
		rows.WriteString(`</sheetData></worksheet>`)
		return xlsxFile(b, map[string]string{"xl/sharedStrings.xml": strs.String(), "xl/worksheets/sheet1.xml": rows.String()})
	})
}

type discard struct{ n int64 }

func (d *discard) Write(p []byte) (int, error) { d.n += int64(len(p)); return len(p), nil }

func benchmarkWrite(b *testing.B, format string) {
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	rows := 0
	var out discard
	row := make([]string, 0, 8)
	for b.Loop() {
		var err error
		if format == "xlsx" {
			x := NewXLSXWriter(&out, XLSXOptions{})
			x.WriteHeader(residentHeader)
			for i := range benchRows {
				x.Write(residentRow(row, i))
			}
			err = x.Close()
		} else {
			w := NewCSVWriter(&out, CSVOptions{})
			w.Write(residentHeader)
			for i := range benchRows {
				w.Write(residentRow(row, i))
			}
			err = w.Close()
		}
		if err != nil {
			b.Fatal(err)
		}
		rows += benchRows
	}
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(rows), "B/row")
	b.ReportMetric(float64(out.n)/float64(rows), "out-B/row")
}

func BenchmarkWriteCSV(b *testing.B) { benchmarkWrite(b, "csv") }

func BenchmarkWriteXLSX(b *testing.B) { benchmarkWrite(b, "xlsx") }
