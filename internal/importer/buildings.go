package importer

import (
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// BuildingRow is one row of a building sheet: the building's input, with its grid named
// by code for storage to resolve (to the input's NodeID).
type BuildingRow struct {
	GridCode string
	Input    register.BuildingInput
}

var buildingKinds = newChoices(register.BuildingKinds, register.BuildingKind.Key, map[string]register.BuildingKind{
	"住宅楼": register.Residential, "居民楼": register.Residential, "商住": register.Mixed, "商住楼": register.Mixed,
	"商业楼": register.Commercial, "公建": register.Public,
})

// Buildings is the register of buildings (楼栋).
var Buildings = &Register{
	Name:   "buildings",
	Entity: "entity.building",
	Title:  "import.register.buildings",
	Spec: tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "grid_name", Header: "网格名称", English: "Grid name", Aliases: []string{"所属网格"}, Width: 16},
		{Key: "name", Header: "楼栋名称", English: "Building", Aliases: []string{"楼栋", "楼号", "楼栋号", "楼栋名", "Building name"}, Required: true, Width: 14},
		{Key: "address", Header: "地址", English: "Address", Aliases: []string{"楼栋地址", "详细地址"}, Required: true, Width: 30},
		{Key: "floors_above", Header: "地上层数", English: "Floors above ground", Aliases: []string{"层数", "总层数", "地上楼层"}, Required: true, Width: 10},
		{Key: "floors_below", Header: "地下层数", English: "Floors below ground", Aliases: []string{"地下楼层"}, Width: 10},
		{Key: "kind", Header: "楼栋类型", English: "Kind", Aliases: []string{"用途", "楼栋用途", "建筑用途", "类型"}, Required: true, Width: 10},
		{Key: "lng", Header: "经度", English: "Longitude", Aliases: []string{"lon", "lng"}, Width: 12},
		{Key: "lat", Header: "纬度", English: "Latitude", Aliases: []string{"lat"}, Width: 12},
	},
	Fields: map[string]string{"node_id": "grid_code", "name": "name", "address": "address", "location": "lng",
		"floors_above": "floors_above", "floors_below": "floors_below", "kind": "kind"},
	Parse:   parseBuilding,
	choices: map[string]namer{"kind": buildingKinds},
}

func parseBuilding(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	b := &BuildingRow{GridCode: fold(m.Get(row, "grid_code"))}
	v.Require("node_id", b.GridCode)
	b.Input = register.BuildingInput{
		Name:        m.Get(row, "name"),
		Address:     m.Get(row, "address"),
		FloorsAbove: parseInt(&v, "floors_above", m.Get(row, "floors_above"), 0, "层"),
		FloorsBelow: parseInt(&v, "floors_below", m.Get(row, "floors_below"), 0, "层"),
		Kind:        buildingKinds.parse(&v, "kind", m.Get(row, "kind")),
	}
	b.Input.Location = parsePoint(&v, "location", m.Get(row, "lng"), m.Get(row, "lat"))
	b.Input.Normalize()
	return b, v.Err()
}

// parsePoint reads an optional position from a longitude and a latitude cell: both or
// neither.
func parsePoint(v *errs.Validation, field, lngCell, latCell string) *geo.Point {
	lng, okLng := parseFloat(v, field, lngCell, "°")
	lat, okLat := parseFloat(v, field, latCell, "°")
	switch {
	case v.Has(field):
		return nil
	case okLng && okLat:
		return &geo.Point{Lng: lng, Lat: lat}
	case okLng || okLat:
		v.Add(field, "err.import_point_half")
	}
	return nil
}

// BuildingCells is a building as an export row, in the order of Buildings.Spec.
func BuildingCells(b *register.Building, gridCode, gridName string) []string {
	lng, lat := "", ""
	if b.Location != nil {
		lng, lat = strconv.FormatFloat(b.Location.Lng, 'f', 6, 64), strconv.FormatFloat(b.Location.Lat, 'f', 6, 64)
	}
	return []string{gridCode, gridName, b.Name, b.Address, strconv.Itoa(b.FloorsAbove), strconv.Itoa(b.FloorsBelow),
		name(b.Kind.Key()), lng, lat}
}
