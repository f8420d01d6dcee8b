package importer

import (
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// RentalRow is one row of a rental sheet: the house by grid, building, unit and room and
// the tenant by ID number, for storage to resolve (to the input's HouseID and TenantID).
type RentalRow struct {
	GridCode string
	House    HouseRef
	IDNumber string
	Input    register.RentalInput
}

// Rentals is the register of rental registrations (出租登记).
var Rentals = &Register{
	Name:   "rentals",
	Entity: register.EntityRental,
	Title:  "import.register.rentals",
	Spec: append(append(tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
	}, houseColumns(true)...),
		tabular.Column{Key: "name", Header: "承租人姓名", English: "Tenant", Aliases: []string{"承租人", "租户姓名", "租客姓名", "姓名"}, Width: 10},
		tabular.Column{Key: "id_number", Header: "承租人公民身份号码", English: "Tenant's ID number", Aliases: []string{"承租人身份证号", "租户身份证号", "身份证号", "身份证号码", "公民身份号码"}, Required: true, Width: 21},
		tabular.Column{Key: "start", Header: "起租日期", English: "Start", Aliases: []string{"租赁开始日期", "开始日期", "租期起"}, Required: true, Width: 12},
		tabular.Column{Key: "end", Header: "到期日期", English: "End", Aliases: []string{"租赁结束日期", "结束日期", "租期止", "截止日期"}, Required: true, Width: 12},
	),
	Fields: map[string]string{"node_id": "grid_code", "building_id": "building", "house_id": "room", "room": "room", "floor": "floor",
		"tenant_id": "id_number", "id_number": "id_number", "start": "start", "end": "end"},
	Parse: parseRental,
}

func parseRental(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	r := &RentalRow{GridCode: fold(m.Get(row, "grid_code"))}
	v.Require("node_id", r.GridCode)
	r.House = parseHouseRef(&v, m, row)
	if r.House.IsZero() {
		v.Add("building_id", "err.required")
	}
	r.IDNumber = parseIDCell(&v, "id_number", m.Get(row, "id_number"))
	r.Input.Start = parseDateCell(&v, "start", m.Get(row, "start"))
	r.Input.End = parseDateCell(&v, "end", m.Get(row, "end"))
	return r, v.Err()
}

// RentalCells is a rental as an export row, in the order of Rentals.Spec.
func RentalCells(r *register.Rental, gridCode string, h *register.House, building string, tenant PersonCell) []string {
	out := append([]string{gridCode}, houseCells(h, building)...)
	out = append(out, tenant.cells()...)
	return append(out, r.Start.Format(time.DateOnly), r.End.Format(time.DateOnly))
}
