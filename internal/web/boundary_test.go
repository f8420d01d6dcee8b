package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// ring is a GeoJSON polygon of the given corners (closed for you).
func ring(pts ...[2]float64) string {
	pts = append(pts, pts[0])
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "[%g,%g]", p[0], p[1])
	}
	return `{"type":"Polygon","coordinates":[[` + b.String() + `]]}`
}

func rect(x0, y0, x1, y1 float64) string {
	return ring([2]float64{x0, y0}, [2]float64{x1, y0}, [2]float64{x1, y1}, [2]float64{x0, y1})
}

func feature(props, geom string) string {
	return `{"type":"Feature","properties":` + props + `,"geometry":` + geom + `}`
}

func collection(fs ...string) []byte {
	return []byte(`{"type":"FeatureCollection","features":[` + strings.Join(fs, ",") + `]}`)
}

func TestBoundaryImport(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	// The community is a 1 km square; its grids will be imported into it.
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, e.CommA.ID, rect(120.60, 31.30, 120.61, 31.309), 120.605, 31.3045); err != nil {
		t.Fatal(err)
	}
	staff := e.Login(webtest.StaffA)
	path := fmt.Sprintf("/admin/nodes/%d/boundaries", e.CommA.ID)
	opts := url.Values{"code_property": {"code"}, "name_property": {"name"}, "crs": {"wgs84"}, "action": {"preview"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, vs := range opts {
			v[k] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	gridA := e.GridA.FullCode
	inside := feature(`{"code":"`+gridA+`","name":"x"}`, rect(120.601, 31.301, 120.605, 31.305))
	elsewhere := feature(`{"code":"999","name":"外地"}`, rect(121, 32, 121.01, 32.01))

	tests := []struct {
		name   string
		form   url.Values
		file   []byte
		status int
		want   []string // what the page says
	}{
		{"a good file", opts, collection(inside, elsewhere), 200,
			[]string{"文件中共 2 个要素：1 个匹配到区划，其中 0 个有问题；1 个未匹配，不会导入。", "未匹配，跳过", "导入 1 个边界"}},
		{"matched by local code as a number", opts, collection(feature(`{"code":1}`, rect(120.601, 31.301, 120.605, 31.305))), 200,
			[]string{"1 个匹配到区划"}},
		{"matched by name", with("code_property", ""), collection(feature(`{"name":"`+e.GridA.Name+`"}`, rect(120.601, 31.301, 120.605, 31.305))), 200,
			[]string{"1 个匹配到区划"}},
		{"outside the community", opts, collection(feature(`{"code":"`+gridA+`"}`, rect(120.601, 31.301, 120.62, 31.305))), 200,
			[]string{"超出上级边界约", "请先修正文件中标红的问题"}},
		{"a bow-tie", opts, collection(feature(`{"code":"`+gridA+`"}`, ring([2]float64{120.601, 31.301}, [2]float64{120.605, 31.305}, [2]float64{120.605, 31.301}, [2]float64{120.601, 31.305}))), 200,
			[]string{"边界在此自相交"}},
		{"the same place twice", opts, collection(inside, inside), 200, []string{"与第 1 个要素对应同一区划"}},
		{"a point, not an area", opts, collection(feature(`{"code":"`+gridA+`"}`, `{"type":"Point","coordinates":[120.6,31.3]}`)), 200,
			[]string{"只能是面（Polygon）或多面（MultiPolygon）"}},
		{"an unclosed ring", opts, collection(feature(`{"code":"`+gridA+`"}`, `{"type":"Polygon","coordinates":[[[120.601,31.301],[120.605,31.301],[120.605,31.305]]]}`)), 200,
			[]string{"边界"}},
		{"nothing matches", opts, collection(elsewhere), 200, []string{"没有要素匹配到本区划或其下级"}},
		{"not JSON", opts, []byte(`{"type": "FeatureCollection",`), 400, []string{"文件不是有效的 JSON"}},
		{"not a collection", opts, []byte(`{"type":"Feature"}`), 400, []string{"文件应是 GeoJSON FeatureCollection"}},
		{"no features", opts, collection(), 400, []string{"文件中没有要素"}},
		{"an empty file", opts, []byte{}, 400, []string{"上传的文件是空的"}},
		{"no file", opts, nil, 400, []string{"请选择要上传的文件"}},
		{"an unknown coordinate system", with("crs", "mars"), collection(inside), 400, []string{"请选择一项"}},
		{"no property to match by", with("code_property", "", "name_property", ""), collection(inside), 400, []string{"请填写代码字段或名称字段"}},
		{"too large", opts, append(collection(inside), make([]byte, 20<<20)...), 400, []string{"文件超过 20 MB 上限"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			field := "file"
			if tt.file == nil {
				field = ""
			}
			r := staff.PostFile(path, tt.form, field, "grids.geojson", tt.file)
			treeWantStatus(t, r, tt.status)
			treeWantBody(t, r, tt.want...)
		})
	}

	// Applying a file with problems writes nothing; a good one is stored, with the
	// preview's copy of the file sent back instead of a new upload.
	bad := string(collection(feature(`{"code":"`+gridA+`"}`, rect(120.601, 31.301, 120.62, 31.305))))
	r := staff.PostFile(path, with("action", "apply", "payload", bad), "", "", nil)
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "还有问题未解决，没有导入任何边界")
	if n, _ := e.DB.Node(ctx, e.Sys, e.GridA.ID); n.Boundary != "" {
		t.Fatalf("a refused import wrote %s", n.Boundary)
	}
	r = staff.PostFile(path, with("action", "apply", "payload", string(collection(inside, elsewhere))), "", "", nil)
	treeWantStatus(t, r, http.StatusSeeOther)
	n, _ := e.DB.Node(ctx, e.Sys, e.GridA.ID)
	if !strings.Contains(n.Boundary, "120.601") {
		t.Fatalf("boundary not stored: %q", n.Boundary)
	}

	// GCJ-02 input is stored as WGS-84: a few hundred metres west and south in Suzhou.
	r = staff.PostFile(path, with("action", "apply", "crs", "gcj02"), "file", "gcj.geojson",
		collection(feature(`{"code":"`+gridA+`"}`, rect(120.606, 31.303, 120.608, 31.305))))
	treeWantStatus(t, r, http.StatusSeeOther)
	n, _ = e.DB.Node(ctx, e.Sys, e.GridA.ID)
	if strings.Contains(n.Boundary, "120.606,") || !strings.Contains(n.Boundary, "120.60") {
		t.Fatalf("GCJ-02 not converted: %s", n.Boundary)
	}

	// Other streets' staff cannot reach the page.
	if r := e.Login(webtest.StaffB).Get(path); r.StatusCode != 404 {
		t.Errorf("another street: %d", r.StatusCode)
	}
}
