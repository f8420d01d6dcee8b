package tabular

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// heapWatch samples the heap while rows stream through; the peak stays far below
// what holding the rows would take (about 80 MB for these 300,000).
type heapWatch struct {
	peak uint64
	ms   runtime.MemStats
}

func (h *heapWatch) sample() {
	runtime.ReadMemStats(&h.ms)
	h.peak = max(h.peak, h.ms.HeapAlloc)
}

const (
	memoryRows  = 300000
	memoryBound = 32 << 20
)

// Streaming 300,000 rows through the writer and back through the reader keeps the
// heap bounded, in both formats.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 300,000 rows")
	}
	for _, format := range []string{"xlsx", "csv"} {
		t.Run(format, func(t *testing.T) {
			runtime.GC()
			var h heapWatch
			h.sample()
			base := h.ms.HeapAlloc
			path := filepath.Join(t.TempDir(), "big."+format)
			f, err := os.Create(path)
			if err != nil {
				t.Fatal(err)
			}
			var w interface {
				Write([]string) error
				Close() error
			}
			if format == "xlsx" {
				x := NewXLSXWriter(f, XLSXOptions{})
				x.WriteHeader(residentHeader)
				w = x
			} else {
				w = NewCSVWriter(f, CSVOptions{})
				w.Write(residentHeader)
			}
			row := make([]string, 0, 8)
			for i := range memoryRows {
				if err := w.Write(residentRow(row, i)); err != nil {
					t.Fatal(err)
				}
				if i%20000 == 0 {
					h.sample()
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			st, _ := f.Stat()
			writePeak := max(h.peak, base) - base

			h.peak = 0
			r, err := Open(f, st.Size(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for r.Next() {
				if n > 0 && r.Row()[1] != residentRow(row, n-1)[1] {
					t.Fatalf("row %d: %q", n, r.Row())
				}
				n++
				if n%20000 == 0 {
					h.sample()
				}
			}
			if r.Err() != nil {
				t.Fatal(r.Err())
			}
			r.Close()
			f.Close()
			readPeak := max(h.peak, base) - base
			if n != memoryRows+1 {
				t.Errorf("read %d rows, want %d", n, memoryRows+1)
			}
			t.Logf("%s: file %.1f MB, heap peak above baseline: write %.1f MB, read %.1f MB",
				format, float64(st.Size())/(1<<20), float64(writePeak)/(1<<20), float64(readPeak)/(1<<20))
			if writePeak > memoryBound || readPeak > memoryBound {
				t.Errorf("heap grew to %d / %d bytes, bound %d", writePeak, readPeak, memoryBound)
			}
		})
	}
}
