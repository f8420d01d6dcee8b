package admin_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// A small tree, with real GB/T 2260 codes where they matter:
//
//	苏州市 320500 (1)        无锡市 320200 (2)        北京市 110000 (9)
//	├─ 姑苏区 320508 (3)                              └─ 东城区 110101 (10)
//	│  └─ 平江街道 001 (5)
//	│     └─ 某社区 002 (7)
//	│        ├─ 网格 01 (11)
//	│        │  └─ 微网格 03 (12)
//	│        └─ 网格 02 (13)
//	├─ 吴中区 320506 (4)
//	│  └─ 双塔街道 002 (6)
//	└─ 相城区 320507 (35)    (its id shares a digit prefix with 姑苏区's)
//
// plus two districts that are roots of their own: 虎丘区 320505 (20), 朝阳区 110105 (21).
var (
	suzhou     = &admin.Node{ID: 1, Level: admin.City, Code: "320500", FullCode: "320500", Name: "苏州市", Path: "/1/"}
	wuxi       = &admin.Node{ID: 2, Level: admin.City, Code: "320200", FullCode: "320200", Name: "无锡市", Path: "/2/"}
	beijing    = &admin.Node{ID: 9, Level: admin.City, Code: "110000", FullCode: "110000", Name: "北京市", Path: "/9/"}
	gusu       = &admin.Node{ID: 3, ParentID: 1, Level: admin.District, Code: "320508", FullCode: "320508", Name: "姑苏区", Path: "/1/3/"}
	wuzhong    = &admin.Node{ID: 4, ParentID: 1, Level: admin.District, Code: "320506", FullCode: "320506", Name: "吴中区", Path: "/1/4/"}
	xiangcheng = &admin.Node{ID: 35, ParentID: 1, Level: admin.District, Code: "320507", FullCode: "320507", Name: "相城区", Path: "/1/35/"}
	dongcheng  = &admin.Node{ID: 10, ParentID: 9, Level: admin.District, Code: "110101", FullCode: "110101", Name: "东城区", Path: "/9/10/"}
	huqiu      = &admin.Node{ID: 20, Level: admin.District, Code: "320505", FullCode: "320505", Name: "虎丘区", Path: "/20/"}
	chaoyang   = &admin.Node{ID: 21, Level: admin.District, Code: "110105", FullCode: "110105", Name: "朝阳区", Path: "/21/"}
	pingjiang  = &admin.Node{ID: 5, ParentID: 3, Level: admin.Street, Code: "001", FullCode: "320508001", Name: "平江街道", Path: "/1/3/5/"}
	shuangta   = &admin.Node{ID: 6, ParentID: 4, Level: admin.Street, Code: "002", FullCode: "320506002", Name: "双塔街道", Path: "/1/4/6/"}
	community  = &admin.Node{ID: 7, ParentID: 5, Level: admin.Community, Code: "002", FullCode: "320508001002", Name: "某社区", Path: "/1/3/5/7/"}
	grid01     = &admin.Node{ID: 11, ParentID: 7, Level: admin.Grid, Code: "01", FullCode: "32050800100201", Name: "第一网格", Path: "/1/3/5/7/11/"}
	grid02     = &admin.Node{ID: 13, ParentID: 7, Level: admin.Grid, Code: "02", FullCode: "32050800100202", Name: "第二网格", Path: "/1/3/5/7/13/"}
	micro03    = &admin.Node{ID: 12, ParentID: 11, Level: admin.Microgrid, Code: "03", FullCode: "3205080010020103", Name: "第三微网格", Path: "/1/3/5/7/11/12/"}
)

func TestNodeIsRetired(t *testing.T) {
	tests := []struct {
		name string
		node *admin.Node
		want bool
	}{
		{"active", pingjiang, false},
		{"retired", retired(pingjiang), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.node.IsRetired(); got != tt.want {
				t.Errorf("IsRetired() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNodeDepth(t *testing.T) {
	tests := []struct {
		name string
		path string
		want int
	}{
		{"root", "/1/", 1},
		{"district under a city", "/1/3/", 2},
		{"street", "/1/3/5/", 3},
		{"micro-grid at the bottom of a full tree", "/1/3/5/7/11/12/", 6},
		{"multi-digit ids", "/100/2345/", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := &admin.Node{Path: tt.path}
			if got := n.Depth(); got != tt.want {
				t.Errorf("Node{Path: %q}.Depth() = %d, want %d", tt.path, got, tt.want)
			}
		})
	}
}

func TestPathIDs(t *testing.T) {
	tests := []struct {
		name string
		path string
		want []int64
	}{
		{"root", "/1/", []int64{1}},
		{"deep path", "/1/3/5/7/11/12/", []int64{1, 3, 5, 7, 11, 12}},
		{"multi-digit ids", "/100/2345/67890/", []int64{100, 2345, 67890}},
		{"large id", "/9007199254740993/", []int64{9007199254740993}},
		{"without the outer slashes", "1/3", []int64{1, 3}},
		{"empty path", "", nil},
		{"bare slash", "/", nil},
		{"non-numeric parts are skipped", "/1/x/3/", []int64{1, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := admin.PathIDs(tt.path); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PathIDs(%q) = %v, want %v", tt.path, got, tt.want)
			}
		})
	}
}

func TestNodeAncestorIDs(t *testing.T) {
	tests := []struct {
		name string
		node *admin.Node
		want []int64
	}{
		{"root city is its own only ancestor", suzhou, []int64{1}},
		{"street: city, district, itself last", pingjiang, []int64{1, 3, 5}},
		{"micro-grid: the whole chain", micro03, []int64{1, 3, 5, 7, 11, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.node.AncestorIDs()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("AncestorIDs() = %v, want %v", got, tt.want)
			}
			if len(got) != tt.node.Depth() {
				t.Errorf("len(AncestorIDs()) = %d, Depth() = %d; they must agree", len(got), tt.node.Depth())
			}
			if got[len(got)-1] != tt.node.ID {
				t.Errorf("last ancestor = %d, want the node itself (%d)", got[len(got)-1], tt.node.ID)
			}
		})
	}
}

func TestChildPath(t *testing.T) {
	tests := []struct {
		name       string
		parentPath string
		id         int64
		want       string
	}{
		{"root", "", 1, "/1/"},
		{"root with a large id", "", 123456789, "/123456789/"},
		{"under a root", "/1/", 3, "/1/3/"},
		{"deep", "/1/3/5/7/11/", 12, "/1/3/5/7/11/12/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := admin.ChildPath(tt.parentPath, tt.id)
			if got != tt.want {
				t.Errorf("ChildPath(%q, %d) = %q, want %q", tt.parentPath, tt.id, got, tt.want)
			}
			ids := admin.PathIDs(got)
			if len(ids) == 0 || ids[len(ids)-1] != tt.id {
				t.Errorf("PathIDs(%q) = %v, want it to end with %d", got, ids, tt.id)
			}
		})
	}
}

func TestSubtreeRange(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		lo, hi string
	}{
		{"whole tree", "/", "/", "0"},
		{"root", "/1/", "/1/", "/10"},
		{"deep", "/1/3/5/", "/1/3/5/", "/1/3/50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := admin.SubtreeRange(tt.path)
			if lo != tt.lo || hi != tt.hi {
				t.Errorf("SubtreeRange(%q) = (%q, %q), want (%q, %q)", tt.path, lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

// SubtreeRange must select exactly the paths that have the root's path as a prefix:
// the range scan and the prefix test are interchangeable.
func TestSubtreeRangeHoldsExactlyTheSubtree(t *testing.T) {
	tests := []struct {
		name string
		root string
		path string
		in   bool
	}{
		{"the root itself", "/1/3/", "/1/3/", true},
		{"a child", "/1/3/", "/1/3/5/", true},
		{"a deep descendant", "/1/3/", "/1/3/5/7/11/12/", true},
		{"a descendant with a large id", "/1/3/", "/1/3/99999999/", true},
		{"a sibling whose id starts with the same digit", "/1/3/", "/1/35/", false},
		{"a sibling whose id starts with the same digits, deep", "/1/3/", "/1/30/5/", false},
		{"a smaller sibling", "/1/3/", "/1/2/", false},
		{"a larger sibling", "/1/3/", "/1/4/", false},
		{"the parent", "/1/3/", "/1/", false},
		{"another root", "/1/3/", "/2/3/", false},
		{"the root's path without its slash", "/1/3/", "/1/3", false},
		{"whole tree holds a root", "/", "/1/", true},
		{"whole tree holds a deep node", "/", "/9/10/", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := admin.SubtreeRange(tt.root)
			got := lo <= tt.path && tt.path < hi
			if got != tt.in {
				t.Errorf("%q in SubtreeRange(%q) = [%q, %q): %v, want %v", tt.path, tt.root, lo, hi, got, tt.in)
			}
			if prefix := strings.HasPrefix(tt.path, tt.root); prefix != got {
				t.Errorf("range says %v but prefix test says %v", got, prefix)
			}
		})
	}
}

func TestFullCode(t *testing.T) {
	tests := []struct {
		name   string
		parent *admin.Node
		level  admin.Level
		code   string
		want   string
	}{
		{"root city is its own code", nil, admin.City, "320500", "320500"},
		{"root district is its own code", nil, admin.District, "320508", "320508"},
		{"district under a city keeps its GB/T 2260 code", suzhou, admin.District, "320508", "320508"},
		{"street: district 6 + street 3", gusu, admin.Street, "001", "320508001"},
		{"community: + 3", pingjiang, admin.Community, "002", "320508001002"},
		{"grid: + 2", community, admin.Grid, "01", "32050800100201"},
		{"grid: + 3", community, admin.Grid, "101", "320508001002101"},
		{"micro-grid: + 2", grid01, admin.Microgrid, "03", "3205080010020103"},
		{"street without a parent is its local code", nil, admin.Street, "001", "001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := admin.FullCode(tt.parent, tt.level, tt.code); got != tt.want {
				t.Errorf("FullCode(%v, %d, %q) = %q, want %q", tt.parent, tt.level, tt.code, got, tt.want)
			}
		})
	}
}

// codeRuleParent gives, for each level, a parent to create a node of that level under
// in ValidateNew (nil: a root).
func codeRuleParent(l admin.Level) *admin.Node {
	switch l {
	case admin.Street:
		return gusu
	case admin.Community:
		return pingjiang
	case admin.Grid:
		return community
	case admin.Microgrid:
		return grid01
	}
	return nil
}

// TestCodeRules checks the local code rules of each level. Each case runs through both
// ValidateNew (creating a node of the level) and ValidateRename (renaming one), which
// must agree.
func TestCodeRules(t *testing.T) {
	tests := []struct {
		name   string
		level  admin.Level
		parent *admin.Node // for districts: the city (nil: a root district)
		code   string
		want   []errs.FieldError
	}{
		{"city 320500", admin.City, nil, "320500", nil},
		{"municipality 110000", admin.City, nil, "110000", nil},
		{"city not ending in 00", admin.City, nil, "320501", []errs.FieldError{fe("code", "err.code_city")}},
		{"city of 5 digits", admin.City, nil, "32050", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"city of 7 digits", admin.City, nil, "3205000", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"city with a letter O for a zero", admin.City, nil, "32O500", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"city with a space", admin.City, nil, "3205 0", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"city in full-width digits", admin.City, nil, "３２０５００", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"city all zeros", admin.City, nil, "000000", []errs.FieldError{fe("code", "err.code_zero")}},
		{"city empty", admin.City, nil, "", []errs.FieldError{fe("code", "err.required")}},

		{"root district 320508", admin.District, nil, "320508", nil},
		{"root district of any city", admin.District, nil, "320205", nil},
		{"district ending in 00", admin.District, nil, "320500", []errs.FieldError{fe("code", "err.code_district")}},
		{"district all zeros", admin.District, nil, "000000", []errs.FieldError{fe("code", "err.code_zero")}},
		{"district of 4 digits", admin.District, nil, "3205", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"district with a letter", admin.District, nil, "32050a", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"district with a minus sign", admin.District, nil, "-32050", []errs.FieldError{fe("code", "err.code_digits", 6)}},
		{"district in its city", admin.District, suzhou, "320508", nil},
		{"district of another city", admin.District, suzhou, "320205", []errs.FieldError{fe("code", "err.node_district_city")}},
		{"district of another province", admin.District, suzhou, "330508", []errs.FieldError{fe("code", "err.node_district_city")}},
		{"district in a municipality", admin.District, beijing, "110105", nil},
		{"district of another municipality", admin.District, beijing, "120101", []errs.FieldError{fe("code", "err.node_district_city")}},
		{"district ending in 00 in its city: first problem only", admin.District, suzhou, "320500", []errs.FieldError{fe("code", "err.code_district")}},

		{"street 001", admin.Street, gusu, "001", nil},
		{"street 123", admin.Street, gusu, "123", nil},
		{"street all zeros", admin.Street, gusu, "000", []errs.FieldError{fe("code", "err.code_zero")}},
		{"street of 2 digits", admin.Street, gusu, "01", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"street of 4 digits", admin.Street, gusu, "0001", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"street full code instead of local", admin.Street, gusu, "320508001", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"street with a letter", admin.Street, gusu, "00a", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"street with a sign", admin.Street, gusu, "-01", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"street empty", admin.Street, gusu, "", []errs.FieldError{fe("code", "err.required")}},

		{"community 002", admin.Community, pingjiang, "002", nil},
		{"community all zeros", admin.Community, pingjiang, "000", []errs.FieldError{fe("code", "err.code_zero")}},
		{"community of 1 digit", admin.Community, pingjiang, "2", []errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"community in Arabic-Indic digits", admin.Community, pingjiang, "٠٠٢", []errs.FieldError{fe("code", "err.code_digits", 3)}},

		{"grid of 2 digits", admin.Grid, community, "01", nil},
		{"grid of 3 digits", admin.Grid, community, "001", nil},
		{"grid 999", admin.Grid, community, "999", nil},
		{"grid of 1 digit", admin.Grid, community, "1", []errs.FieldError{fe("code", "err.code_digits_range", 2, 3)}},
		{"grid of 4 digits", admin.Grid, community, "0001", []errs.FieldError{fe("code", "err.code_digits_range", 2, 3)}},
		{"grid with a letter", admin.Grid, community, "0a", []errs.FieldError{fe("code", "err.code_digits_range", 2, 3)}},
		{"grid 00", admin.Grid, community, "00", []errs.FieldError{fe("code", "err.code_zero")}},
		{"grid 000", admin.Grid, community, "000", []errs.FieldError{fe("code", "err.code_zero")}},

		{"micro-grid of 2 digits", admin.Microgrid, grid01, "03", nil},
		{"micro-grid of 1 digit", admin.Microgrid, grid01, "3", []errs.FieldError{fe("code", "err.code_digits", 2)}},
		{"micro-grid of 3 digits", admin.Microgrid, grid01, "003", []errs.FieldError{fe("code", "err.code_digits", 2)}},
		{"micro-grid all zeros", admin.Microgrid, grid01, "00", []errs.FieldError{fe("code", "err.code_zero")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := tt.parent
			if parent == nil {
				parent = codeRuleParent(tt.level)
			}
			t.Run("ValidateNew", func(t *testing.T) {
				in := admin.NodeInput{Level: tt.level, Code: tt.code, Name: "名称"}
				if parent != nil {
					in.ParentID = parent.ID
				}
				checkFields(t, admin.ValidateNew(in, parent), tt.want)
			})
			t.Run("ValidateRename", func(t *testing.T) {
				n := &admin.Node{ID: 999, Level: tt.level, Code: "x", Name: "旧名称", Path: "/999/"}
				checkFields(t, admin.ValidateRename(n, "名称", tt.code, parent), tt.want)
			})
		})
	}
}

func TestValidateNew(t *testing.T) {
	tests := []struct {
		name   string
		in     admin.NodeInput
		parent *admin.Node
		want   []errs.FieldError
	}{
		{"root city", admin.NodeInput{Level: admin.City, Code: "320500", Name: "苏州市"}, nil, nil},
		{"root municipality", admin.NodeInput{Level: admin.City, Code: "110000", Name: "北京市"}, nil, nil},
		{"root district", admin.NodeInput{Level: admin.District, Code: "320508", Name: "姑苏区"}, nil, nil},
		{"district under its city, level from the parent", admin.NodeInput{ParentID: 1, Code: "320508", Name: "姑苏区"}, suzhou, nil},
		{"district under a municipality", admin.NodeInput{ParentID: 9, Code: "110101", Name: "东城区"}, beijing, nil},
		{"street under a district", admin.NodeInput{ParentID: 3, Code: "001", Name: "平江街道"}, gusu, nil},
		{"community under a street", admin.NodeInput{ParentID: 5, Code: "002", Name: "社区"}, pingjiang, nil},
		{"grid under a community", admin.NodeInput{ParentID: 7, Code: "01", Name: "第一网格"}, community, nil},
		{"micro-grid under a grid", admin.NodeInput{ParentID: 11, Code: "03", Name: "第三微网格"}, grid01, nil},
		{"name of 60 characters", admin.NodeInput{ParentID: 5, Code: "002", Name: runes("社", admin.MaxNameLen)}, pingjiang, nil},

		{"root street", admin.NodeInput{Level: admin.Street, Code: "001", Name: "平江街道"}, nil,
			[]errs.FieldError{fe("parent_id", "err.node_parent_required")}},
		{"root grid", admin.NodeInput{Level: admin.Grid, Code: "01", Name: "网格"}, nil,
			[]errs.FieldError{fe("parent_id", "err.node_parent_required")}},
		{"root without a level reports only the missing parent", admin.NodeInput{Code: "320500", Name: "苏州市"}, nil,
			[]errs.FieldError{fe("parent_id", "err.node_parent_required")}},
		{"district of another city", admin.NodeInput{ParentID: 1, Code: "320205", Name: "梁溪区"}, suzhou,
			[]errs.FieldError{fe("code", "err.node_district_city")}},
		{"level is the parent's child level, not the input's", admin.NodeInput{ParentID: 5, Level: admin.Grid, Code: "01", Name: "网格"}, pingjiang,
			[]errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"a city cannot be created under a district", admin.NodeInput{ParentID: 3, Level: admin.City, Code: "320500", Name: "苏州市"}, gusu,
			[]errs.FieldError{fe("code", "err.code_digits", 3)}},
		{"retired parent", admin.NodeInput{ParentID: 5, Level: admin.Community, Code: "002", Name: "社区"}, retired(pingjiang),
			[]errs.FieldError{fe("parent_id", "err.node_parent_retired")}},
		{"micro-grid parent, input says micro-grid", admin.NodeInput{ParentID: 12, Level: admin.Microgrid, Code: "03", Name: "子微网格"}, micro03,
			[]errs.FieldError{fe("parent_id", "err.node_no_children")}},
		// The store passes Level = parent.Level.Child(), which is 0 under a micro-grid.
		{"micro-grid parent reports only that it has no children", admin.NodeInput{ParentID: 12, Level: admin.Microgrid.Child(), Code: "03", Name: "子微网格"}, micro03,
			[]errs.FieldError{fe("parent_id", "err.node_no_children")}},
		{"retired micro-grid parent: retired first", admin.NodeInput{ParentID: 12, Level: admin.Microgrid, Code: "03", Name: "子微网格"}, retired(micro03),
			[]errs.FieldError{fe("parent_id", "err.node_parent_retired")}},
		{"empty name", admin.NodeInput{ParentID: 5, Code: "002", Name: ""}, pingjiang,
			[]errs.FieldError{fe("name", "err.required")}},
		{"name of 61 characters", admin.NodeInput{ParentID: 5, Code: "002", Name: runes("社", admin.MaxNameLen+1)}, pingjiang,
			[]errs.FieldError{fe("name", "err.too_long", admin.MaxNameLen)}},
		{"empty code", admin.NodeInput{ParentID: 5, Code: "", Name: "社区"}, pingjiang,
			[]errs.FieldError{fe("code", "err.required")}},
		{"everything wrong at once, in form order", admin.NodeInput{Level: admin.Street, Code: "1", Name: ""}, nil,
			[]errs.FieldError{fe("parent_id", "err.node_parent_required"), fe("name", "err.required"), fe("code", "err.code_digits", 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, admin.ValidateNew(tt.in, tt.parent), tt.want)
		})
	}
}

func TestValidateRename(t *testing.T) {
	tests := []struct {
		name    string
		node    *admin.Node
		newName string
		code    string
		parent  *admin.Node
		want    []errs.FieldError
	}{
		{"new name for a street", pingjiang, "平江路街道", "001", gusu, nil},
		{"new code for a street", pingjiang, "平江街道", "009", gusu, nil},
		{"unchanged", pingjiang, pingjiang.Name, pingjiang.Code, gusu, nil},
		{"city", suzhou, "苏州", "320500", nil, nil},
		{"district to another code of its city", gusu, "姑苏区", "320509", suzhou, nil},
		{"root district to any city's code", huqiu, "虎丘区", "320205", nil, nil},
		{"district to a code of another city", gusu, "姑苏区", "320205", suzhou,
			[]errs.FieldError{fe("code", "err.node_district_city")}},
		{"district to a city code", gusu, "姑苏区", "320500", suzhou,
			[]errs.FieldError{fe("code", "err.code_district")}},
		{"grid to a 1-digit code", grid01, "网格", "1", community,
			[]errs.FieldError{fe("code", "err.code_digits_range", 2, 3)}},
		{"empty name", pingjiang, "", "001", gusu,
			[]errs.FieldError{fe("name", "err.required")}},
		{"name of 61 characters", pingjiang, runes("街", admin.MaxNameLen+1), "001", gusu,
			[]errs.FieldError{fe("name", "err.too_long", admin.MaxNameLen)}},
		{"retired node", retired(pingjiang), "平江路街道", "001", gusu,
			[]errs.FieldError{fe("name", "err.node_retired")}},
		{"retired node with an empty name: retired only", retired(pingjiang), "", "001", gusu,
			[]errs.FieldError{fe("name", "err.node_retired")}},
		{"retired node with a bad code", retired(pingjiang), "平江街道", "1", gusu,
			[]errs.FieldError{fe("name", "err.node_retired"), fe("code", "err.code_digits", 3)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, admin.ValidateRename(tt.node, tt.newName, tt.code, tt.parent), tt.want)
		})
	}
}

func TestValidateMove(t *testing.T) {
	tests := []struct {
		name      string
		node      *admin.Node
		newParent *admin.Node
		want      []errs.FieldError
	}{
		{"street to another district of the city", pingjiang, wuzhong, nil},
		{"street to a district whose id starts with its district's", pingjiang, xiangcheng, nil},
		{"grid to another community", grid01, &admin.Node{ID: 15, ParentID: 6, Level: admin.Community, Code: "003", Path: "/1/4/6/15/"}, nil},
		{"micro-grid to another grid", micro03, grid02, nil},
		{"root district into its city", huqiu, suzhou, nil},
		{"root district into its municipality", chaoyang, beijing, nil},

		{"no new parent", pingjiang, nil, []errs.FieldError{fe("parent_id", "err.required")}},
		{"a city: the top of the tree", suzhou, beijing, []errs.FieldError{fe("parent_id", "err.node_city_move")}},
		{"retired node", retired(pingjiang), wuzhong, []errs.FieldError{fe("parent_id", "err.node_retired")}},
		{"retired node without a new parent: retired first", retired(pingjiang), nil, []errs.FieldError{fe("parent_id", "err.node_retired")}},
		{"under itself", pingjiang, pingjiang, []errs.FieldError{fe("parent_id", "err.node_cycle")}},
		{"under itself, by id", pingjiang, &admin.Node{ID: 5, Level: admin.District, Path: "/2/5/"}, []errs.FieldError{fe("parent_id", "err.node_cycle")}},
		{"under its own child", gusu, pingjiang, []errs.FieldError{fe("parent_id", "err.node_cycle")}},
		{"under its own grandchild", gusu, community, []errs.FieldError{fe("parent_id", "err.node_cycle")}},
		{"under a retired descendant: cycle first", gusu, retired(pingjiang), []errs.FieldError{fe("parent_id", "err.node_cycle")}},
		{"retired parent", pingjiang, retired(wuzhong), []errs.FieldError{fe("parent_id", "err.node_parent_retired")}},
		{"street under a city", pingjiang, suzhou, []errs.FieldError{fe("parent_id", "err.node_parent_level", admin.M(admin.District))}},
		{"street under another street", pingjiang, shuangta, []errs.FieldError{fe("parent_id", "err.node_parent_level", admin.M(admin.District))}},
		{"grid under a street", grid01, shuangta, []errs.FieldError{fe("parent_id", "err.node_parent_level", admin.M(admin.Community))}},
		{"micro-grid under a community", micro03, community, []errs.FieldError{fe("parent_id", "err.node_parent_level", admin.M(admin.Grid))}},
		{"street to its own district", pingjiang, gusu, []errs.FieldError{fe("parent_id", "err.node_same_parent")}},
		{"district to its own city", gusu, suzhou, []errs.FieldError{fe("parent_id", "err.node_same_parent")}},
		{"district to a city with another prefix", gusu, wuxi, []errs.FieldError{fe("parent_id", "err.node_district_city")}},
		{"municipality district to a provincial city", dongcheng, suzhou, []errs.FieldError{fe("parent_id", "err.node_district_city")}},
		{"provincial district to a municipality", huqiu, beijing, []errs.FieldError{fe("parent_id", "err.node_district_city")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, admin.ValidateMove(tt.node, tt.newParent), tt.want)
		})
	}
}
