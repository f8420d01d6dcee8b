package importer

import (
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// OrganisationRow is one row of an organisations sheet, with the grid named by code.
// Contacts are kept on the organisation's page, not in the sheet.
type OrganisationRow struct {
	GridCode string
	Input    register.OrganisationInput
}

var orgKinds = newChoices(register.OrgKinds, register.OrgKind.Key, map[string]register.OrgKind{
	"驻社区单位": register.EmbeddedUnit, "机关事业单位": register.EmbeddedUnit, "社团": register.SocialOrg, "民办非企业": register.SocialOrg,
	"公司": register.Enterprise, "物业": register.PropertyCo, "个体户": register.Individual, "个体": register.Individual,
})

// Organisations is the register of organisations (单位、组织).
var Organisations = &Register{
	Name:   "organisations",
	Entity: register.EntityOrganisation,
	Title:  "import.register.organisations",
	Spec: tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "grid_name", Header: "网格名称", English: "Grid name", Aliases: []string{"所属网格"}, Width: 16},
		{Key: "name", Header: "单位名称", English: "Name", Aliases: []string{"组织名称", "名称", "企业名称"}, Required: true, Width: 24},
		{Key: "kind", Header: "单位类型", English: "Kind", Aliases: []string{"组织类型", "类型"}, Required: true, Width: 12},
		{Key: "uscc", Header: "统一社会信用代码", English: "Credit code", Aliases: []string{"信用代码", "社会信用代码", "USCC"}, Width: 22},
		{Key: "address", Header: "地址", English: "Address", Aliases: []string{"单位地址", "经营地址", "详细地址"}, Required: true, Width: 30},
		{Key: "lng", Header: "经度", English: "Longitude", Aliases: []string{"lon", "lng"}, Width: 12},
		{Key: "lat", Header: "纬度", English: "Latitude", Aliases: []string{"lat"}, Width: 12},
	},
	Fields: map[string]string{"node_id": "grid_code", "name": "name", "kind": "kind", "uscc": "uscc", "address": "address",
		"location": "lng"},
	Parse:   parseOrganisation,
	choices: map[string]namer{"kind": orgKinds},
}

func parseOrganisation(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	o := &OrganisationRow{GridCode: fold(m.Get(row, "grid_code"))}
	v.Require("node_id", o.GridCode)
	o.Input = register.OrganisationInput{
		Name:    m.Get(row, "name"),
		Kind:    orgKinds.parse(&v, "kind", m.Get(row, "kind")),
		USCC:    m.Get(row, "uscc"),
		Address: m.Get(row, "address"),
	}
	o.Input.Location = parsePoint(&v, "location", m.Get(row, "lng"), m.Get(row, "lat"))
	o.Input.Normalize()
	return o, v.Err()
}

// OrganisationCells is an organisation as an export row, in the order of
// Organisations.Spec.
func OrganisationCells(o *register.Organisation, gridCode, gridName string) []string {
	lng, lat := "", ""
	if o.Location != nil {
		lng, lat = strconv.FormatFloat(o.Location.Lng, 'f', 6, 64), strconv.FormatFloat(o.Location.Lat, 'f', 6, 64)
	}
	return []string{gridCode, gridName, o.Name, name(o.Kind.Key()), o.USCC, o.Address, lng, lat}
}
