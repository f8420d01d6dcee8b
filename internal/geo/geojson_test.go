package geo

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestGeoJSONRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		g    Geometry
		want string
	}{
		{
			"polygon",
			Polygon{rect(0, 0, 1, 1)},
			`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`,
		},
		{
			"polygon with hole",
			Polygon{rect(120.5, 31.25, 120.75, 31.5), reversed(rect(120.6, 31.3, 120.7, 31.4))},
			`{"type":"Polygon","coordinates":[[[120.5,31.25],[120.75,31.25],[120.75,31.5],[120.5,31.5],[120.5,31.25]],` +
				`[[120.6,31.3],[120.6,31.4],[120.7,31.4],[120.7,31.3],[120.6,31.3]]]}`,
		},
		{
			"multipolygon",
			MultiPolygon{{rect(0, 0, 1, 1)}, {rect(2, 2, 3, 3)}},
			`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,1],[0,0]]],[[[2,2],[3,2],[3,3],[2,3],[2,2]]]]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := MarshalGeoJSON(tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tt.want {
				t.Errorf("MarshalGeoJSON = %s\nwant %s", b, tt.want)
			}
			back, err := ParseGeoJSONGeometry(b)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(back, tt.g) {
				t.Errorf("round trip = %#v, want %#v", back, tt.g)
			}
		})
	}
}

func TestParseGeoJSONGeometryAltitudeDropped(t *testing.T) {
	g, err := ParseGeoJSONGeometry([]byte(`{"type":"Polygon","coordinates":[[[0,0,5],[1,0,5],[1,1,5],[0,0,5]]]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}}
	if !reflect.DeepEqual(g, want) {
		t.Errorf("got %#v, want %#v", g, want)
	}
}

func TestParseGeoJSONGeometryErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr error  // checked with errors.Is when set
		wantMsg string // substring of the message
	}{
		{"unclosed ring", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}`, ErrUnclosedRing, "ring 0"},
		{"unclosed hole", `{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[0,0]],[[1,1],[2,1],[2,2],[1,2]]]}`, ErrUnclosedRing, "ring 1"},
		{"too few points", `{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}`, ErrTooFewPoints, "got 3"},
		{"no rings", `{"type":"Polygon","coordinates":[]}`, ErrEmptyPolygon, ""},
		{"bad polygon in multipolygon", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,1],[0,1]]]]}`, ErrUnclosedRing, "polygon 1"},
		{"empty multipolygon", `{"type":"MultiPolygon","coordinates":[]}`, ErrEmptyPolygon, ""},
		{"point", `{"type":"Point","coordinates":[0,0]}`, ErrUnknownGeometryType, `"Point"`},
		{"misspelt type", `{"type":"polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}`, ErrUnknownGeometryType, `"polygon"`},
		{"missing type", `{"coordinates":[]}`, ErrUnknownGeometryType, ""},
		{"short position", `{"type":"Polygon","coordinates":[[[0,0],[1],[1,1],[0,0]]]}`, nil, "position 1"},
		{"wrong nesting", `{"type":"Polygon","coordinates":[[0,0],[1,0],[1,1],[0,0]]}`, nil, "Polygon"},
		{"not JSON", `{"type":`, nil, "parse GeoJSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ParseGeoJSONGeometry([]byte(tt.in))
			if err == nil {
				t.Fatalf("no error; got %#v", g)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q does not wrap %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q does not mention %q", err, tt.wantMsg)
			}
		})
	}
}

func TestMarshalGeoJSONErrors(t *testing.T) {
	tests := []struct {
		name    string
		g       Geometry
		wantErr error
	}{
		{"nil", nil, nil},
		{"unclosed", Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, ErrUnclosedRing},
		{"too few", Polygon{{{0, 0}, {1, 0}, {0, 0}}}, ErrTooFewPoints},
		{"empty", Polygon{}, ErrEmptyPolygon},
		{"empty multipolygon", MultiPolygon{}, ErrEmptyPolygon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MarshalGeoJSON(tt.g)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q does not wrap %q", err, tt.wantErr)
			}
		})
	}
}

func TestFeatureCollectionRoundTrip(t *testing.T) {
	fc := FeatureCollection{Features: []Feature{
		{
			ID:         "320508",
			Geometry:   Polygon{rect(120.5, 31.25, 120.75, 31.5)},
			Properties: map[string]any{"name": "姑苏区", "level": "district"},
		},
		{
			Geometry:   MultiPolygon{{rect(0, 0, 1, 1)}},
			Properties: map[string]any{"households": 420.0},
		},
		{Properties: map[string]any{"note": "no geometry"}},
	}}
	b, err := json.Marshal(fc)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"type":"FeatureCollection"`, `"type":"Feature"`, `"id":"320508"`, `"geometry":null`, `"name":"姑苏区"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("encoding lacks %s:\n%s", want, b)
		}
	}
	var back FeatureCollection
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, fc) {
		t.Errorf("round trip = %#v\nwant %#v", back, fc)
	}
}

func TestFeatureCollectionEmpty(t *testing.T) {
	b, err := json.Marshal(FeatureCollection{})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"type":"FeatureCollection","features":[]}`; string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
}

func TestFeatureUnmarshalErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantMsg string
	}{
		{"wrong collection type", `{"type":"Feature","features":[]}`, `want "FeatureCollection"`},
		{"wrong feature type", `{"type":"FeatureCollection","features":[{"type":"Polygon"}]}`, "feature 0"},
		{"bad geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]},"properties":{}}]}`, "not closed"},
		{"unknown geometry", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{}}]}`, "LineString"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fc FeatureCollection
			err := json.Unmarshal([]byte(tt.in), &fc)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.wantMsg)
			}
		})
	}
}
