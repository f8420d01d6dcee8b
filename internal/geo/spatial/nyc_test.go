package spatial_test

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// nycDir finds ../shared/data/nyc next to the repository (the directory
// holding go.mod), wherever the test runs from. It skips with a message when
// the folder is absent, as it is in a user's fresh clone: the data is not
// the project's to ship.
func nycDir(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return findNYC(t, wd)
}

// skipper is the part of testing.TB that findNYC uses, so its skip and
// failure paths can be tested without the data being absent.
type skipper interface {
	Helper()
	Fatalf(format string, args ...any)
	Skipf(format string, args ...any)
}

func findNYC(t skipper, from string) string {
	t.Helper()
	dir := from
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("no go.mod above %s", from)
			return ""
		}
		dir = parent
	}
	nyc := filepath.Join(dir, "..", "shared", "data", "nyc")
	if _, err := os.Stat(nyc); err != nil {
		t.Skipf("real NYC data not found at %s: skipping the real-data check", nyc)
		return ""
	}
	return nyc
}

// recorder is a skipper that notes what happened instead of stopping.
type recorder struct{ fatal, skip string }

func (r *recorder) Helper()                        {}
func (r *recorder) Fatalf(format string, a ...any) { r.fatal = fmt.Sprintf(format, a...) }
func (r *recorder) Skipf(format string, a ...any)  { r.skip = fmt.Sprintf(format, a...) }

// TestFindNYC: a checkout without ../shared skips with a message; a nested
// package directory still finds the module root.
func TestFindNYC(t *testing.T) {
	root := filepath.Join(t.TempDir(), "repo")
	pkg := filepath.Join(root, "internal", "geo", "spatial")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var r0 recorder
	if got := findNYC(&r0, pkg); got != "" || r0.skip == "" || r0.fatal != "" {
		t.Errorf("empty checkout: found %q, skip %q, fatal %q", got, r0.skip, r0.fatal)
	}
	data := filepath.Join(root, "..", "shared", "data", "nyc")
	if err := os.MkdirAll(data, 0o755); err != nil {
		t.Fatal(err)
	}
	var r recorder
	if got := findNYC(&r, pkg); got != data || r.fatal != "" || r.skip != "" {
		t.Errorf("findNYC = %q (skip %q, fatal %q), want %q", got, r.skip, r.fatal, data)
	}
}

// boroughs maps the borough names of the 311 "Community Board" labels to the
// first digit of BoroCD.
var boroughs = map[string]int64{"MANHATTAN": 1, "BRONX": 2, "BROOKLYN": 3, "QUEENS": 4, "STATEN ISLAND": 5}

// boroCD turns a label such as "05 BROOKLYN" into 305. Labels that name no
// district ("Unspecified QUEENS", "0 Unspecified") give false.
func boroCD(label string) (int64, bool) {
	num, boro, ok := strings.Cut(strings.TrimSpace(label), " ")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(num)
	b, known := boroughs[boro]
	if err != nil || !known || n < 1 || n > 99 {
		return 0, false
	}
	return b*100 + int64(n), true
}

func TestBoroCD(t *testing.T) {
	for label, want := range map[string]int64{
		"05 BROOKLYN": 305, "12 QUEENS": 412, "01 STATEN ISLAND": 501, "82 QUEENS": 482, "64 MANHATTAN": 164,
		"Unspecified BROOKLYN": 0, "0 Unspecified": 0, "": 0, "05 GOTHAM": 0,
	} {
		if got, ok := boroCD(label); got != want || ok != (want != 0) {
			t.Errorf("boroCD(%q) = %d, %v; want %d", label, got, ok, want)
		}
	}
}

// TestNYC311 locates real NYC 311 requests among the real community-district
// polygons and compares with the district the city itself recorded: data
// nobody on this project drew or labelled. Boundary cases and the city's own
// labelling choices leave about 1 % disagreeing (see the data's README).
func TestNYC311(t *testing.T) {
	dir := nycDir(t)
	entries := loadDistricts(t, filepath.Join(dir, "community_districts.geojson"))
	ix := mustBuild(t, entries)
	bf := newBruteForce(entries)

	f, err := os.Open(filepath.Join(dir, "311_animals_2025q1.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(header, name)
		if i < 0 {
			t.Fatalf("CSV has no column %q", name)
		}
		return i
	}
	latCol, lngCol, cbCol := col("Latitude"), col("Longitude"), col("Community Board")

	var rows, located, labelled, agree, outside int
	var examples []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		rows++
		lat, err1 := strconv.ParseFloat(rec[latCol], 64)
		lng, err2 := strconv.ParseFloat(rec[lngCol], 64)
		if err1 != nil || err2 != nil {
			continue // no coordinates: nothing to locate
		}
		located++
		p := geo.Point{Lng: lng, Lat: lat}
		hits := ix.Locate(p)
		if want := bf.locate(p); !slices.Equal(hits, want) {
			t.Errorf("Locate(%v) = %v, brute force says %v", p, hits, want)
		}
		label, ok := boroCD(rec[cbCol])
		if !ok {
			continue
		}
		labelled++
		switch {
		case len(hits) == 0:
			outside++
		case hits[0].ID == label:
			agree++
			continue
		}
		if len(examples) < 8 {
			examples = append(examples, rec[cbCol]+" → "+strconv.Quote(hitIDs(hits)))
		}
	}
	ratio := float64(agree) / float64(labelled)
	t.Logf("%d rows, %d with coordinates, %d of them with a district label", rows, located, labelled)
	t.Logf("agree %d / %d = %.2f %%; disagree %d, of which %d outside every district", agree, labelled, 100*ratio, labelled-agree, outside)
	t.Logf("some disagreements (label → located): %s", strings.Join(examples, "; "))
	if rows != 4969 || located < 4900 {
		t.Errorf("read %d rows, %d with coordinates: not the file the README describes", rows, located)
	}
	if ratio < 0.99 {
		t.Errorf("agreement %.2f %% is below 99 %%", 100*ratio)
	}
}

func hitIDs(hs []spatial.Hit) string {
	var s []string
	for _, h := range hs {
		s = append(s, strconv.FormatInt(h.ID, 10))
	}
	if len(s) == 0 {
		return "nowhere"
	}
	return strings.Join(s, ",")
}

// loadDistricts reads the community districts as district-level entries
// whose ID is BoroCD.
func loadDistricts(t *testing.T, path string) []spatial.Entry {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc geo.FeatureCollection
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	var entries []spatial.Entry
	for i, f := range fc.Features {
		cd, ok := f.Properties["BoroCD"].(float64)
		if !ok {
			t.Fatalf("feature %d: BoroCD is %v", i, f.Properties["BoroCD"])
		}
		var mp geo.MultiPolygon
		switch g := f.Geometry.(type) {
		case geo.Polygon:
			mp = geo.MultiPolygon{g}
		case geo.MultiPolygon:
			mp = g
		default:
			t.Fatalf("feature %d: geometry %T", i, f.Geometry)
		}
		entries = append(entries, spatial.Entry{ID: int64(cd), Level: int(admin.District), Geometry: mp})
	}
	if len(entries) != 71 {
		t.Fatalf("%d districts, want 71", len(entries))
	}
	return entries
}
