package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// HouseRef names a house the way household and rental sheets do: the building by name in
// the row's grid, then unit and room. The floor is optional; it only tells apart two
// rooms of the same number on different floors.
type HouseRef struct {
	Building   string
	Unit       string
	Room       string
	Floor      int
	FloorGiven bool
}

// IsZero reports whether the row names no house at all.
func (h HouseRef) IsZero() bool { return h.Building == "" && h.Room == "" && h.Unit == "" }

// houseColumns are the columns that name a house, after the grid.
func houseColumns(required bool) tabular.Spec {
	return tabular.Spec{
		{Key: "building", Header: "楼栋名称", English: "Building", Aliases: []string{"楼栋", "楼号", "楼栋号", "所属楼栋"}, Required: required, Width: 14},
		{Key: "unit", Header: "单元", English: "Unit", Aliases: []string{"单元号"}, Width: 8},
		{Key: "floor", Header: "楼层", English: "Floor", Aliases: []string{"所在楼层", "层"}, Width: 8},
		{Key: "room", Header: "室号", English: "Room", Aliases: []string{"房号", "房间号", "室", "门牌号"}, Required: required, Width: 10},
	}
}

// parseHouseRef reads the house columns; a room needs its building and the other way round.
func parseHouseRef(v *errs.Validation, m *tabular.Mapping, row []string) HouseRef {
	h := HouseRef{Building: strings.TrimSpace(m.Get(row, "building")), Unit: strings.TrimSpace(m.Get(row, "unit")),
		Room: strings.TrimSpace(m.Get(row, "room"))}
	if s := m.Get(row, "floor"); strings.TrimSpace(s) != "" {
		h.Floor, h.FloorGiven = parseInt(v, "floor", s, 0, "层", "楼"), true
	}
	if !h.IsZero() {
		v.Require("building_id", h.Building)
		v.Require("room", h.Room)
	}
	return h
}

// houseCells writes a house reference for an export.
func houseCells(h *register.House, building string) []string {
	if h == nil {
		return []string{"", "", "", ""}
	}
	return []string{building, h.Unit, strconv.Itoa(h.Floor), h.Room}
}

// parseIDCell reads a resident's ID number cell: required, not masked, well formed.
func parseIDCell(v *errs.Validation, field, cell string) string {
	id := register.NormalizeIDNumber(cell)
	switch {
	case id == "":
		v.Add(field, "err.required")
	case IsMasked(id):
		v.Add(field, "err.import_masked")
	default:
		if _, err := register.ParseIDNumber(id, time.Now()); err != nil {
			if pr, ok := err.(register.Problem); ok {
				v.Add(field, string(pr))
			} else {
				v.Add(field, "err.invalid")
			}
		}
	}
	return id
}

// parseDateCell reads a required date cell.
func parseDateCell(v *errs.Validation, field, cell string) time.Time {
	if strings.TrimSpace(cell) == "" {
		v.Add(field, "err.required")
		return time.Time{}
	}
	d, err := register.ParseDate(cell)
	if err != nil {
		v.Add(field, "err.date")
	}
	return d
}

// PersonCell is how an export names a resident: name and ID number, masked unless the
// opened number is given.
type PersonCell struct {
	Name     string
	IDMasked string
	IDNumber string // the full number, for an unmasked export; "" otherwise
}

func (p PersonCell) cells() []string {
	if p.IDNumber != "" {
		return []string{p.Name, p.IDNumber}
	}
	return []string{secret.MaskName(p.Name), p.IDMasked}
}
