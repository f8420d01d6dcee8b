package district

import (
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if d.CityCode != "3205" || d.CityName != "苏州市" || d.Code != "320508" || d.Name != "姑苏区" {
		t.Errorf("got %s %s %s %s, want 3205 苏州市 320508 姑苏区", d.CityCode, d.CityName, d.Code, d.Name)
	}
	if len(d.Streets) != 8 {
		t.Errorf("%d streets, want 8", len(d.Streets))
	}
	if n := d.CommunityCount(); n != 171 {
		t.Errorf("%d communities, want 171", n)
	}
	// Spot checks against the published codes.
	want := map[string]string{
		"320508017":    "白洋湾街道",
		"320508018":    "平江街道",
		"320508024":    "吴门桥街道",
		"320508017003": "路南社区",
		"320508018025": "拙政园社区",
		"320508018036": "观前社区",
	}
	seen := map[string]bool{}
	for i, s := range d.Streets {
		if i > 0 && s.Code <= d.Streets[i-1].Code {
			t.Errorf("streets out of code order at %s", s.Code)
		}
		seen[s.Code] = true
		if !strings.HasSuffix(s.Name, "街道") {
			t.Errorf("street %s %q is not named …街道", s.Code, s.Name)
		}
		if name, ok := want[s.Code]; ok && name != s.Name {
			t.Errorf("street %s is %q, want %q", s.Code, s.Name, name)
		}
		for _, c := range s.Communities {
			seen[c.Code] = true
			if !strings.HasSuffix(c.Name, "社区") && !strings.HasSuffix(c.Name, "村") {
				t.Errorf("community %s %q is not named …社区 or …村", c.Code, c.Name)
			}
			if strings.Contains(c.Name, "委员会") || strings.Contains(c.Name, "委会") {
				t.Errorf("community %s %q still has its committee suffix", c.Code, c.Name)
			}
			if name, ok := want[c.Code]; ok && name != c.Name {
				t.Errorf("community %s is %q, want %q", c.Code, c.Name, name)
			}
		}
	}
	for code := range want {
		if !seen[code] {
			t.Errorf("code %s missing", code)
		}
	}
	if err := d.Outline.Validate(); err != nil {
		t.Fatal(err)
	}
	// The source outline also covers the Suzhou Industrial Park (see
	// data/README.md), hence about 360 km² rather than the official 83.
	if a := d.Outline.AreaSquareMetres() / 1e6; a < 300 || a > 420 {
		t.Errorf("outline area %.1f km², want about 360", a)
	}
	b := d.Outline.BBox()
	if b.MinLng < 120.4 || b.MaxLng > 121 || b.MinLat < 31.1 || b.MaxLat > 31.5 {
		t.Errorf("outline bbox %v is not around Suzhou", b)
	}
}

func TestLoadReturnsFreshCopies(t *testing.T) {
	a, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	a.Streets[0].Name = "changed"
	a.Outline[0][0][0].Lng = 0
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if b.Streets[0].Name == "changed" || b.Outline[0][0][0].Lng == 0 {
		t.Error("Load shares data between calls")
	}
}

func TestParseErrors(t *testing.T) {
	const outline = `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":` +
		`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{}}]}`
	tests := []struct {
		name     string
		district string
		outline  string
		wantMsg  string
	}{
		{"not JSON", `{`, outline, "district.json"},
		{"bad city code", `{"city":{"code":"32","name":"x"},"district":{"code":"320508","name":"y"}}`, outline, "city"},
		{"district outside city", `{"city":{"code":"3205","name":"x"},"district":{"code":"320608","name":"y"}}`, outline, "does not extend"},
		{"no streets", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},"streets":[]}`, outline, "no streets"},
		{"street code too short", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},` +
			`"streets":[{"code":"32050801","name":"s","communities":[{"code":"320508017001","name":"c"}]}]}`, outline, "9 digits"},
		{"community in another street", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},` +
			`"streets":[{"code":"320508017","name":"s","communities":[{"code":"320508018001","name":"c"}]}]}`, outline, "does not extend"},
		{"street without communities", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},` +
			`"streets":[{"code":"320508017","name":"s","communities":[]}]}`, outline, "no communities"},
		{"non-digit code", `{"city":{"code":"3205","name":"x"},"district":{"code":"3205O8","name":"y"}}`, outline, "6 digits"},
		{"bad outline", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},` +
			`"streets":[{"code":"320508017","name":"s","communities":[{"code":"320508017001","name":"c"}]}]}`,
			`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}}]}`, "outline"},
		{"empty outline", `{"city":{"code":"3205","name":"x"},"district":{"code":"320508","name":"y"},` +
			`"streets":[{"code":"320508017","name":"s","communities":[{"code":"320508017001","name":"c"}]}]}`,
			`{"type":"FeatureCollection","features":[]}`, "no polygon"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse([]byte(tt.district), []byte(tt.outline))
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.wantMsg)
			}
		})
	}
}
