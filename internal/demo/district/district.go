// Package district provides the demo data set of shequ: a real Chinese
// district (苏州市姑苏区, code 320508) with its real streets and communities
// and their official statistical codes, its outline, and a deterministic
// generator of synthetic but plausible grid and micro-grid polygons below the
// communities.
//
// The data is embedded, so the demo works offline; data/README.md says where
// it comes from and how scripts/demo-district/extract.sh regenerates it.
package district

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shequ-dev/shequ/internal/geo"
)

//go:embed data/district.json data/outline.geojson
var dataFS embed.FS

// District is the demo district as published in the statistical division
// codes, with its outline.
type District struct {
	// CityCode and CityName identify the prefecture-level city (4 digits).
	CityCode, CityName string
	// Code is the 6-digit county-level code, Name the district's name.
	Code, Name string
	// Streets are the district's streets (街道) in code order.
	Streets []StreetEntry
	// Outline is the district boundary in WGS-84. It is coarse and, for
	// the embedded district, larger than the official one (see
	// data/README.md).
	Outline geo.MultiPolygon
}

// StreetEntry is a street (街道) of the district.
type StreetEntry struct {
	// Code is the full 9-digit statistical code.
	Code string
	// Name is the official name, such as "平江街道".
	Name string
	// Communities are the street's communities in code order.
	Communities []CommunityEntry
}

// CommunityEntry is a community (社区, or in a few places a village 村).
type CommunityEntry struct {
	// Code is the full 12-digit statistical code.
	Code string
	// Name is the place name, such as "拙政园社区" (the registered name of
	// its committee without the "居委会" suffix).
	Name string
}

// CommunityCount returns the number of communities in all streets.
func (d *District) CommunityCount() int {
	n := 0
	for _, s := range d.Streets {
		n += len(s.Communities)
	}
	return n
}

// Load parses the embedded demo district and checks that its codes nest:
// every street code extends the district code and every community code its
// street's. Each call returns a fresh copy the caller may modify.
func Load() (*District, error) {
	raw, err := dataFS.ReadFile("data/district.json")
	if err != nil {
		return nil, err
	}
	outline, err := dataFS.ReadFile("data/outline.geojson")
	if err != nil {
		return nil, err
	}
	return parse(raw, outline)
}

// fileJSON is the layout of data/district.json, written by
// scripts/demo-district.
type fileJSON struct {
	City     namedJSON `json:"city"`
	District namedJSON `json:"district"`
	Streets  []struct {
		namedJSON
		Communities []namedJSON `json:"communities"`
	} `json:"streets"`
}

type namedJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func parse(raw, outline []byte) (*District, error) {
	var f fileJSON
	if err := json.Unmarshal(raw, &f); err != nil {
		return nil, fmt.Errorf("district: parse district.json: %w", err)
	}
	d := &District{CityCode: f.City.Code, CityName: f.City.Name, Code: f.District.Code, Name: f.District.Name}
	if err := checkCode(d.CityCode, "", 4); err != nil {
		return nil, fmt.Errorf("district: city: %w", err)
	}
	if err := checkCode(d.Code, d.CityCode, 6); err != nil {
		return nil, fmt.Errorf("district: %w", err)
	}
	if len(f.Streets) == 0 {
		return nil, errors.New("district: no streets")
	}
	for _, s := range f.Streets {
		if err := checkCode(s.Code, d.Code, 9); err != nil {
			return nil, fmt.Errorf("district: street %s: %w", s.Name, err)
		}
		if len(s.Communities) == 0 {
			return nil, fmt.Errorf("district: street %s %s has no communities", s.Code, s.Name)
		}
		st := StreetEntry{Code: s.Code, Name: s.Name, Communities: make([]CommunityEntry, len(s.Communities))}
		for i, c := range s.Communities {
			if err := checkCode(c.Code, s.Code, 12); err != nil {
				return nil, fmt.Errorf("district: community %s: %w", c.Name, err)
			}
			st.Communities[i] = CommunityEntry(c)
		}
		d.Streets = append(d.Streets, st)
	}
	var fc geo.FeatureCollection
	if err := json.Unmarshal(outline, &fc); err != nil {
		return nil, fmt.Errorf("district: parse outline.geojson: %w", err)
	}
	for _, ft := range fc.Features {
		switch g := ft.Geometry.(type) {
		case geo.Polygon:
			d.Outline = append(d.Outline, g)
		case geo.MultiPolygon:
			d.Outline = append(d.Outline, g...)
		}
	}
	if len(d.Outline) == 0 {
		return nil, errors.New("district: outline.geojson has no polygon")
	}
	return d, nil
}

// checkCode reports whether code is n decimal digits extending parent.
func checkCode(code, parent string, n int) error {
	if len(code) != n || strings.Trim(code, "0123456789") != "" {
		return fmt.Errorf("code %q: want %d digits", code, n)
	}
	if !strings.HasPrefix(code, parent) {
		return fmt.Errorf("code %q does not extend %q", code, parent)
	}
	return nil
}
