// Package admin is the administrative tree (行政区划 / 组织树) and the units that receive
// cases (职能部门 / 驻区单位): their types, codes and the rules for changing them. It
// knows nothing of SQL or HTTP.
package admin

import (
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Level is a node's depth in the tree, from city (1) to micro-grid (6).
type Level int

// The levels of the administrative tree.
const (
	City Level = iota + 1
	District
	Street
	Community
	Grid
	Microgrid
)

// Levels lists every level from the top.
var Levels = []Level{City, District, Street, Community, Grid, Microgrid}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return l >= City && l <= Microgrid }

// Key is the catalogue key of the level's name (市, 区, 街道…).
func (l Level) Key() string {
	switch l {
	case City:
		return "level.city"
	case District:
		return "level.district"
	case Street:
		return "level.street"
	case Community:
		return "level.community"
	case Grid:
		return "level.grid"
	case Microgrid:
		return "level.microgrid"
	}
	return "level.unknown"
}

// Child is the level directly below l (0 for micro-grids, which have no children).
func (l Level) Child() Level {
	if l >= Microgrid {
		return 0
	}
	return l + 1
}

// CodeRule says how the local code of a node of this level is written: its length bounds,
// and a hint users read in forms. District-level codes follow GB/T 2260 (6 digits), streets
// and communities the statistical division codes (3 digits each), grids and micro-grids the
// CJ/T 349 style 2–3 digit serials.
func (l Level) CodeRule() (min, max int) {
	switch l {
	case City, District:
		return 6, 6
	case Street, Community:
		return 3, 3
	case Grid:
		return 2, 3
	case Microgrid:
		return 2, 2
	}
	return 0, 0
}

// Node is one place in the administrative tree.
type Node struct {
	ID       int64
	ParentID int64 // 0 for a root
	Level    Level
	Code     string // local code: 6 digits for city/district, 3 for street/community, 2–3 for grids
	FullCode string // the official code: district 6 + street 3 + community 3 + grid + micro-grid
	Name     string
	Path     string // materialised path of ids, "/1/5/23/"; a subtree is every path with this prefix
	Boundary string // GeoJSON geometry in WGS-84, or ""
	Retired  *time.Time
	Created  time.Time
	Updated  time.Time
	Version  int
}

// IsRetired reports whether the node has been retired (停用); retired nodes keep their
// history and code but receive nothing new.
func (n *Node) IsRetired() bool { return n.Retired != nil }

// Depth is the number of ancestors plus one (the number of ids in Path).
func (n *Node) Depth() int { return strings.Count(n.Path, "/") - 1 }

// AncestorIDs returns the ids on the node's path from the root, the node itself last.
func (n *Node) AncestorIDs() []int64 { return PathIDs(n.Path) }

// PathIDs parses a materialised path into its ids.
func PathIDs(path string) []int64 {
	var ids []int64
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// ChildPath is the path of a child with id under a parent path ("" for a root).
func ChildPath(parentPath string, id int64) string {
	if parentPath == "" {
		parentPath = "/"
	}
	return parentPath + strconv.FormatInt(id, 10) + "/"
}

// SubtreeRange returns the half-open string range [lo, hi) that holds exactly the paths
// under (and including) path. Range scans use a plain b-tree index on both databases,
// where LIKE 'prefix%' would not: '0' is the byte after '/', so hi closes the range.
func SubtreeRange(path string) (lo, hi string) {
	return path, strings.TrimSuffix(path, "/") + "0"
}

// NodeInput is what a person types to create or rename a node.
type NodeInput struct {
	ParentID int64
	Level    Level
	Code     string
	Name     string
	Boundary string     // optional GeoJSON geometry in WGS-84
	Center   *geo.Point // optional label point
}

// MaxNameLen bounds names of nodes and units.
const MaxNameLen = 60

// ValidateNew checks a node to be created under parent (nil for a root city or district).
func ValidateNew(in NodeInput, parent *Node) error {
	var v errs.Validation
	if parent == nil {
		v.Check(in.Level == City || in.Level == District, "parent_id", "err.node_parent_required")
	} else {
		switch {
		case parent.IsRetired():
			v.Add("parent_id", "err.node_parent_retired")
		case parent.Level == Microgrid:
			v.Add("parent_id", "err.node_no_children")
		default:
			in.Level = parent.Level.Child()
		}
	}
	validateName(&v, in.Name)
	if in.Level.Valid() { // else the parent's problem above says it all
		validateCode(&v, in.Level, in.Code, parent)
	}
	return v.Err()
}

// ValidateRename checks a new name and code for an existing node.
func ValidateRename(n *Node, name, code string, parent *Node) error {
	var v errs.Validation
	if n.IsRetired() {
		v.Add("name", "err.node_retired")
	}
	validateName(&v, name)
	validateCode(&v, n.Level, code, parent)
	return v.Err()
}

// ValidateMove checks moving n under newParent: the new parent must be of the level
// directly above, active, and not n itself or one of n's descendants (no cycles).
func ValidateMove(n, newParent *Node) error {
	var v errs.Validation
	switch {
	case n.IsRetired():
		v.Add("parent_id", "err.node_retired")
	case n.Level == City:
		v.Add("parent_id", "err.node_city_move")
	case newParent == nil:
		v.Add("parent_id", "err.required")
	case newParent.ID == n.ID || strings.HasPrefix(newParent.Path, n.Path):
		v.Add("parent_id", "err.node_cycle")
	case newParent.IsRetired():
		v.Add("parent_id", "err.node_parent_retired")
	case newParent.Level != n.Level-1:
		v.Add("parent_id", "err.node_parent_level", M(n.Level-1))
	case newParent.ID == n.ParentID:
		v.Add("parent_id", "err.node_same_parent")
	}
	if v.OK() && n.Level == District && newParent != nil && !districtInCity(n.Code, newParent.Code) {
		v.Add("parent_id", "err.node_district_city")
	}
	return v.Err()
}

// M is the message for a level's name, for use as a message argument.
func M(l Level) errs.Message { return errs.M(l.Key()) }

func validateName(v *errs.Validation, name string) {
	if v.Require("name", name) {
		v.MaxLen("name", name, MaxNameLen)
	}
}

func validateCode(v *errs.Validation, l Level, code string, parent *Node) {
	if !v.Require("code", code) {
		return
	}
	min, max := l.CodeRule()
	if !allDigits(code) || len(code) < min || len(code) > max {
		if min == max {
			v.Add("code", "err.code_digits", min)
		} else {
			v.Add("code", "err.code_digits_range", min, max)
		}
		return
	}
	if strings.Trim(code, "0") == "" {
		v.Add("code", "err.code_zero")
		return
	}
	switch l {
	case City:
		v.Check(strings.HasSuffix(code, "00"), "code", "err.code_city")
	case District:
		v.Check(!strings.HasSuffix(code, "00"), "code", "err.code_district")
		if parent != nil {
			v.Check(districtInCity(code, parent.Code), "code", "err.node_district_city")
		}
	}
}

// districtInCity reports whether a GB/T 2260 district code belongs to a city code: the
// first four digits are the prefecture (or, for municipalities, the first two).
func districtInCity(district, city string) bool {
	if len(district) != 6 || len(city) != 6 {
		return false
	}
	if strings.HasSuffix(city, "0000") { // municipality: 110000 holds 1101xx
		return district[:2] == city[:2]
	}
	return district[:4] == city[:4]
}

// FullCode is the official code of a node with local code under parent.
func FullCode(parent *Node, l Level, code string) string {
	if l <= District || parent == nil {
		return code
	}
	return parent.FullCode + code
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
