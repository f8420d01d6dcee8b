package importer

import (
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// FacilityRow is one row of a facilities sheet: the facility's input, with its grid named
// by code and its owner by name, for storage to resolve.
type FacilityRow struct {
	GridCode  string
	OwnerName string // a unit of the tree, or else an organisation of the register; "" for none
	Input     register.FacilityInput
}

var facilityClasses = newChoices(register.FacilityClasses, register.FacilityClass.Key, nil)

var facilityConditions = newChoices(register.FacilityConditions, register.FacilityCondition.Key, map[string]register.FacilityCondition{
	"正常": register.Good, "良好": register.Good, "损坏": register.Damaged, "缺失": register.Missing, "被占用": register.Occupied,
	"废弃不用": register.Abandoned,
})

// Facilities is the register of city facilities (部件).
var Facilities = &Register{
	Name:   "facilities",
	Entity: "entity.facility",
	Title:  "import.register.facilities",
	Spec: tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "grid_name", Header: "网格名称", English: "Grid name", Aliases: []string{"所属网格"}, Width: 16},
		{Key: "minor", Header: "部件小类", English: "Class", Aliases: []string{"部件类型", "小类", "小类代码", "部件小类代码", "部件名称", "类别", "Minor class"}, Required: true, Width: 16},
		{Key: "code", Header: "部件标识码", English: "Code", Aliases: []string{"部件编码", "部件编号", "标识码", "编码"}, Width: 20},
		{Key: "lng", Header: "经度", English: "Longitude", Aliases: []string{"lon", "lng", "X坐标"}, Required: true, Width: 12},
		{Key: "lat", Header: "纬度", English: "Latitude", Aliases: []string{"lat", "Y坐标"}, Required: true, Width: 12},
		{Key: "address", Header: "位置描述", English: "Location", Aliases: []string{"地址", "位置", "详细地址", "所在位置"}, Width: 30},
		{Key: "owner", Header: "权属单位", English: "Owner", Aliases: []string{"主管单位", "权属部门", "养护单位", "责任单位", "所属单位"}, Width: 20},
		{Key: "condition", Header: "部件状态", English: "Condition", Aliases: []string{"状态", "现状"}, Width: 10},
	},
	Fields: map[string]string{"node_id": "grid_code", "major": "minor", "minor": "minor", "code": "code", "location": "lng",
		"address": "address", "owner_unit_id": "owner", "owner_org_id": "owner", "owner": "owner", "condition": "condition"},
	Parse:   parseFacility,
	choices: map[string]namer{"condition": facilityConditions},
}

func parseFacility(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	f := &FacilityRow{GridCode: fold(m.Get(row, "grid_code")), OwnerName: strings.TrimSpace(m.Get(row, "owner"))}
	v.Require("node_id", f.GridCode)
	f.Input = register.FacilityInput{
		Code:      m.Get(row, "code"),
		Address:   m.Get(row, "address"),
		Condition: register.Good, // a facility on file is taken to be in order unless the sheet says otherwise
	}
	if c := m.Get(row, "condition"); c != "" {
		f.Input.Condition = facilityConditions.parse(&v, "condition", c)
	}
	f.Input.Minor = parseFacilityClass(&v, m.Get(row, "minor"))
	f.Input.Major = f.Input.Minor.Major()
	f.Input.Location = parsePoint(&v, "location", m.Get(row, "lng"), m.Get(row, "lat"))
	if f.Input.Location == nil && !v.Has("location") {
		v.Add("location", "err.required")
	}
	f.Input.Normalize()
	return f, v.Err()
}

// parseFacilityClass reads a minor class by its four-digit code ("0101", also "0101 上水井盖")
// or its name ("上水井盖"). A well-formed code outside the seed is passed on for
// validation to judge against the classes in use.
func parseFacilityClass(v *errs.Validation, cell string) register.FacilityClass {
	s := fold(cell)
	if s == "" {
		v.Add("minor", "err.required")
		return ""
	}
	if len(s) >= 4 && register.FacilityClass(s[:4]).WellFormed() {
		rest := s[4:]
		if rest == "" || facilityClasses.names[rest] == register.FacilityClass(s[:4]) {
			return register.FacilityClass(s[:4])
		}
	}
	if c, ok := facilityClasses.names[s]; ok {
		return c
	}
	v.Add("minor", "err.import_facility_class", strings.TrimSpace(cell))
	return ""
}

// FacilityCells is a facility as an export row, in the order of Facilities.Spec; owner is
// the name of its owning unit or organisation.
func FacilityCells(f *register.Facility, gridCode, gridName, owner string) []string {
	class := string(f.Class)
	if n := name(f.Class.Key()); n != "" {
		class += " " + n
	}
	return []string{gridCode, gridName, class, f.Code, strconv.FormatFloat(f.Location.Lng, 'f', 6, 64),
		strconv.FormatFloat(f.Location.Lat, 'f', 6, 64), f.Address, owner, name(f.Condition.Key())}
}
