package importer

import (
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// HouseRow is one row of a house sheet: the house's input, with its building named by
// grid code and building name for storage to resolve (to the input's BuildingID).
type HouseRow struct {
	GridCode     string
	BuildingName string
	Input        register.HouseInput
	// OwnerMasked is set when the owner cell holds a masked name from an export: the
	// stored owner is kept.
	OwnerMasked bool
}

var houseUses = newChoices(register.HouseUses, register.HouseUse.Key, map[string]register.HouseUse{
	"自用": register.SelfOccupied, "自有自住": register.SelfOccupied, "租赁": register.Rented, "出租房": register.Rented,
	"闲置": register.Vacant, "商用": register.CommercialUse, "经营用房": register.CommercialUse,
})

// Houses is the register of houses (房屋).
var Houses = &Register{
	Name:   "houses",
	Entity: "entity.house",
	Title:  "import.register.houses",
	Spec: tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "building", Header: "楼栋名称", English: "Building", Aliases: []string{"楼栋", "楼号", "楼栋号", "所属楼栋"}, Required: true, Width: 14},
		{Key: "unit", Header: "单元", English: "Unit", Aliases: []string{"单元号"}, Width: 8},
		{Key: "floor", Header: "楼层", English: "Floor", Aliases: []string{"所在楼层", "层"}, Required: true, Width: 8},
		{Key: "room", Header: "室号", English: "Room", Aliases: []string{"房号", "房间号", "室", "门牌号"}, Required: true, Width: 10},
		{Key: "area", Header: "建筑面积", English: "Area", Aliases: []string{"面积", "建筑面积(平方米)", "建筑面积(㎡)", "面积(㎡)", "Area (m²)"}, Required: true, Width: 10},
		{Key: "use", Header: "房屋用途", English: "Use", Aliases: []string{"用途", "使用情况", "房屋使用情况", "使用状态"}, Required: true, Width: 10},
		{Key: "address", Header: "房屋地址", English: "House address", Aliases: []string{"地址"}, Width: 30},
		{Key: "owner_name", Header: "产权人", English: "Owner", Aliases: []string{"房主", "业主", "产权人姓名", "房屋所有人"}, Width: 12},
		{Key: "code", Header: "门牌码", English: "Plate code", Aliases: []string{"二维码门牌", "门牌二维码"}, Width: 14},
	},
	Fields: map[string]string{"building_id": "building", "unit": "unit", "floor": "floor", "room": "room", "area": "area",
		"use": "use", "address": "address", "owner_name": "owner_name", "node_id": "grid_code"},
	Parse:   parseHouse,
	choices: map[string]namer{"use": houseUses},
}

func parseHouse(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	h := &HouseRow{GridCode: fold(m.Get(row, "grid_code")), BuildingName: m.Get(row, "building")}
	v.Require("node_id", h.GridCode)
	v.Require("building_id", h.BuildingName)
	owner := m.Get(row, "owner_name")
	if IsMasked(owner) {
		h.OwnerMasked, owner = true, ""
	}
	h.Input = register.HouseInput{
		Unit:      m.Get(row, "unit"),
		Floor:     parseInt(&v, "floor", m.Get(row, "floor"), 0, "层", "楼"),
		Room:      m.Get(row, "room"),
		Address:   m.Get(row, "address"),
		Use:       houseUses.parse(&v, "use", m.Get(row, "use")),
		OwnerName: owner,
	}
	if m.Get(row, "area") == "" {
		v.Add("area", "err.required")
	} else if a, ok := parseFloat(&v, "area", m.Get(row, "area"), "平方米", "㎡", "m²", "m2"); ok {
		h.Input.Area = a
	}
	h.Input.Normalize()
	return h, v.Err()
}

// HouseCells is a house as an export row, in the order of Houses.Spec; the owner's
// name is masked unless unmasked is set.
func HouseCells(h *register.House, gridCode, buildingName string, unmasked bool) []string {
	owner := h.OwnerName
	if !unmasked {
		owner = secret.MaskName(owner)
	}
	return []string{gridCode, buildingName, h.Unit, strconv.Itoa(h.Floor), h.Room, formatFloat(h.Area), name(h.Use.Key()),
		h.Address, owner, h.Code}
}
