package importer

import (
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// HouseholdRow is one row of a household sheet: one member of a household. The rows of
// a household share its grid and household number (户号); the household's house, or
// else its address, is taken from its rows.
type HouseholdRow struct {
	GridCode string
	Number   string
	House    HouseRef
	Address  string
	IDNumber string
	Relation register.Relation
}

var relations = newChoices(register.Relations, register.Relation.Key, map[string]register.Relation{
	"户主": register.Self, "本人": register.Self, "夫": register.Spouse, "妻": register.Spouse, "丈夫": register.Spouse, "妻子": register.Spouse,
	"儿子": register.Son, "长子": register.Son, "次子": register.Son, "女儿": register.Daughter, "长女": register.Daughter, "次女": register.Daughter,
	"父亲": register.Parent, "母亲": register.Parent, "父": register.Parent, "母": register.Parent, "祖父": register.Grandparent,
	"祖母": register.Grandparent, "外祖父": register.Grandparent, "外祖母": register.Grandparent, "孙子": register.Grandchild,
	"孙女": register.Grandchild, "外孙子": register.Grandchild, "外孙女": register.Grandchild, "兄": register.Sibling, "弟": register.Sibling,
	"姐": register.Sibling, "妹": register.Sibling, "兄弟": register.Sibling, "姐妹": register.Sibling,
})

// Households is the register of households (户), one row per member.
var Households = &Register{
	Name:   "households",
	Entity: register.EntityHousehold,
	Title:  "import.register.households",
	Spec: append(append(tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "number", Header: "户号", English: "Household number", Aliases: []string{"户编号", "户口簿号", "户籍号"}, Required: true, Width: 14},
	}, houseColumns(false)...),
		tabular.Column{Key: "address", Header: "住址", English: "Address", Aliases: []string{"地址", "家庭住址", "居住地址"}, Width: 30},
		tabular.Column{Key: "name", Header: "姓名", English: "Name", Aliases: []string{"成员姓名", "居民姓名"}, Width: 10},
		tabular.Column{Key: "id_number", Header: "公民身份号码", English: "ID number", Aliases: []string{"身份证号", "身份证号码", "身份证", "证件号码"}, Required: true, Width: 21},
		tabular.Column{Key: "relation", Header: "与户主关系", English: "Relation to the head", Aliases: []string{"关系", "与户主的关系", "家庭关系"}, Required: true, Width: 12},
	),
	Fields: map[string]string{"node_id": "grid_code", "number": "number", "house_id": "building", "building_id": "building",
		"room": "room", "floor": "floor", "address": "address", "person_id": "id_number", "id_number": "id_number",
		"relation": "relation", "members": "relation"},
	Parse:   parseHousehold,
	Group:   func(v any) string { return v.(*HouseholdRow).Group() },
	choices: map[string]namer{"relation": relations},
}

// Group is the household a member's row belongs to in the file: grid and number.
func (h *HouseholdRow) Group() string {
	if h.GridCode == "" || h.Number == "" {
		return ""
	}
	return h.GridCode + "|" + fold(h.Number)
}

func parseHousehold(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	h := &HouseholdRow{GridCode: fold(m.Get(row, "grid_code")), Number: strings.TrimSpace(m.Get(row, "number")),
		Address: strings.TrimSpace(m.Get(row, "address"))}
	v.Require("node_id", h.GridCode)
	v.Require("number", h.Number)
	h.House = parseHouseRef(&v, m, row)
	h.IDNumber = parseIDCell(&v, "id_number", m.Get(row, "id_number"))
	if c := m.Get(row, "relation"); c == "" {
		v.Add("relation", "err.required")
	} else {
		h.Relation = relations.parse(&v, "relation", c)
	}
	return h, v.Err()
}

// HouseholdCells is one member of a household as an export row, in the order of
// Households.Spec.
func HouseholdCells(h *register.Household, gridCode string, house *register.House, building string, m register.Member, person PersonCell) []string {
	out := []string{gridCode, h.Number}
	out = append(out, houseCells(house, building)...)
	out = append(out, h.Address)
	out = append(out, person.cells()...)
	return append(out, name(m.Relation.Key()))
}
