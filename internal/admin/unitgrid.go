package admin

import (
	"fmt"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Bounds of the side of a generated unit grid, in metres. GB/T 30428 unit grids are about
// 100 m × 100 m; a little either way suits denser or sparser places.
const (
	MinUnitGridMetres = 50
	MaxUnitGridMetres = 500
)

// UnitCell is one generated unit grid: the child it becomes, with its shape.
type UnitCell struct {
	Code, Name       string
	Row, Col         int
	Shape            geo.MultiPolygon
	AreaSquareMetres float64
}

// UnitGridPlan is what cutting a place into unit grids would create.
type UnitGridPlan struct {
	Parent *Node
	Level  Level // of the new children
	Metres float64
	Cells  []UnitCell
}

// PlanUnitGrids cuts n (a community or a grid with a boundary and no active children)
// into unit grids of about metres × metres (geo.UnitGrids), each a child of the level
// below with the next free serial code of that level's width: taken holds n's children,
// retired ones included, whose codes are never reused. Cells are numbered row by row
// from the south-west.
func PlanUnitGrids(n *Node, taken []*Node, metres float64) (*UnitGridPlan, error) {
	var v errs.Validation
	if metres == 0 {
		metres = geo.DefaultUnitGridMetres
	}
	v.Check(metres >= MinUnitGridMetres && metres <= MaxUnitGridMetres, "cell_metres", "err.unitgrid_metres",
		MinUnitGridMetres, MaxUnitGridMetres)
	switch {
	case n.IsRetired():
		v.Add("node", "err.node_retired")
	case n.Level != Community && n.Level != Grid:
		v.Add("node", "err.unitgrid_level")
	case n.Boundary == "":
		v.Add("node", "err.unitgrid_no_boundary")
	}
	used := map[string]bool{}
	for _, c := range taken {
		if !c.IsRetired() {
			v.Add("node", "err.unitgrid_has_children")
			break
		}
		used[c.Code] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	shape := n.Shape()
	if shape == nil {
		return nil, errs.FieldInvalid("node", "err.unitgrid_no_boundary")
	}
	cells := geo.UnitGrids(shape, metres)
	if len(cells) == 0 {
		return nil, errs.FieldInvalid("node", "err.unitgrid_empty")
	}
	p := &UnitGridPlan{Parent: n, Level: n.Level.Child(), Metres: metres}
	codes, ok := serialCodes(p.Level, len(cells), used)
	if !ok {
		_, max := p.Level.CodeRule()
		return nil, errs.FieldInvalid("cell_metres", "err.unitgrid_too_many", len(cells), maxSerial(max))
	}
	for i, c := range cells {
		p.Cells = append(p.Cells, UnitCell{Code: codes[i], Name: unitCellName(n.Name, codes[i]), Row: c.Row, Col: c.Col,
			Shape: c.Shape, AreaSquareMetres: c.AreaSquareMetres})
	}
	return p, nil
}

// serialCodes returns count free serial codes of level l: "01", "02"… at the level's
// shortest width while they suffice, else at its longest, skipping used ones.
func serialCodes(l Level, count int, used map[string]bool) ([]string, bool) {
	lo, hi := l.CodeRule()
	for width := lo; width <= hi; width++ {
		var out []string
		for k := 1; k <= maxSerial(width) && len(out) < count; k++ {
			c := fmt.Sprintf("%0*d", width, k)
			if !used[c] {
				out = append(out, c)
			}
		}
		if len(out) == count {
			return out, true
		}
	}
	return nil, false
}

// maxSerial is the largest serial of width digits (99 for 2).
func maxSerial(width int) int {
	m := 0
	for range width {
		m = m*10 + 9
	}
	return m
}

// unitCellName names a generated unit grid after its parent and code, within MaxNameLen.
func unitCellName(parent, code string) string {
	suffix := "单元网格" + code
	room := MaxNameLen - utf8.RuneCountInString(suffix)
	if r := []rune(parent); len(r) > room {
		parent = string(r[:room])
	}
	return parent + suffix
}
