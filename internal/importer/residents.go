package importer

import (
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// PersonRow is one row of a residents sheet: the resident's input with the grid named
// by code for storage to resolve.
type PersonRow struct {
	GridCode string
	Input    register.PersonInput
	// PhoneMasked is set when the phone cell holds a masked number from an export: the
	// stored phone is kept.
	PhoneMasked bool
}

var regTypes = newChoices(register.RegTypes, register.RegType.Key, map[string]register.RegType{
	"户籍": register.Registered, "常住户籍": register.Registered, "本地户籍": register.Registered,
	"流动": register.Floating, "外来人口": register.Floating, "暂住": register.Floating,
	"境外": register.Foreign, "外籍": register.Foreign, "外籍人员": register.Foreign, "港澳台": register.Foreign,
})

var sexes = newChoices(register.Sexes, register.Sex.Key, map[string]register.Sex{
	"m": register.Male, "f": register.Female, "男性": register.Male, "女性": register.Female,
})

var ethnicities = newChoices(register.Ethnicities, register.Ethnicity.Key, ethnicityShortNames())

// ethnicityShortNames accepts "汉" for "汉族", as sheets often write it.
func ethnicityShortNames() map[string]register.Ethnicity {
	out := map[string]register.Ethnicity{}
	for _, e := range register.Ethnicities {
		if n := strings.TrimSuffix(name(e.Key()), "族"); n != "" && n != name(e.Key()) {
			out[n] = e
		}
	}
	return out
}

var careTags = newChoices(register.CareTags, register.CareTag.Key, map[string]register.CareTag{
	"低保": register.Subsistence, "低保户": register.Subsistence, "特困": register.ExtremePoverty, "残疾": register.Disabled,
	"独居": register.ElderlyAlone, "空巢": register.EmptyNest, "优抚": register.Entitled,
})

// Residents is the register of residents (实有人口).
var Residents = &Register{
	Name:   "people",
	Entity: register.EntityPerson,
	Title:  "import.register.people",
	Spec: tabular.Spec{
		{Key: "grid_code", Header: "网格编码", English: "Grid code", Aliases: []string{"所属网格编码", "网格代码", "网格编号"}, Required: true, Width: 16},
		{Key: "name", Header: "姓名", English: "Name", Aliases: []string{"居民姓名", "人员姓名"}, Required: true, Width: 10},
		{Key: "reg_type", Header: "人口类别", English: "Registration", Aliases: []string{"人口类型", "人员类别", "人员类型", "类别"}, Required: true, Width: 10},
		{Key: "id_number", Header: "公民身份号码", English: "ID number", Aliases: []string{"身份证号", "身份证号码", "身份证", "证件号码"}, Width: 21},
		{Key: "passport", Header: "护照号码", English: "Passport", Aliases: []string{"护照号", "通行证号码", "境外证件号码"}, Width: 14},
		{Key: "nationality", Header: "国籍", English: "Nationality", Aliases: []string{"国籍(地区)", "国家地区"}, Width: 8},
		{Key: "sex", Header: "性别", English: "Sex", Width: 6},
		{Key: "birth_date", Header: "出生日期", English: "Birth date", Aliases: []string{"出生年月日", "生日"}, Width: 12},
		{Key: "phone", Header: "手机号码", English: "Mobile", Aliases: []string{"手机号", "联系电话", "手机", "电话"}, Width: 14},
		{Key: "ethnicity", Header: "民族", English: "Ethnicity", Width: 8},
		{Key: "care_tags", Header: "关爱对象类别", English: "Care categories", Aliases: []string{"关爱类别", "关怀标签", "重点人群", "特殊人群"}, Width: 16},
	},
	Fields: map[string]string{"node_id": "grid_code", "name": "name", "reg_type": "reg_type", "id_number": "id_number",
		"passport": "passport", "nationality": "nationality", "sex": "sex", "birth_date": "birth_date", "phone": "phone",
		"ethnicity": "ethnicity", "care_tags": "care_tags"},
	Parse:   parsePerson,
	choices: map[string]namer{"reg_type": regTypes, "sex": sexes, "care_tags": careTags},
}

func parsePerson(m *tabular.Mapping, row []string) (any, error) {
	var v errs.Validation
	p := &PersonRow{GridCode: fold(m.Get(row, "grid_code"))}
	v.Require("node_id", p.GridCode)
	id := m.Get(row, "id_number")
	if IsMasked(id) {
		v.Add("id_number", "err.import_masked")
	}
	pass := m.Get(row, "passport")
	if IsMasked(pass) {
		v.Add("passport", "err.import_masked")
	}
	phone := m.Get(row, "phone")
	if IsMasked(phone) {
		p.PhoneMasked, phone = true, ""
	}
	p.Input = register.PersonInput{
		Name:        m.Get(row, "name"),
		RegType:     regTypes.parse(&v, "reg_type", m.Get(row, "reg_type")),
		IDNumber:    id,
		Passport:    pass,
		Nationality: m.Get(row, "nationality"),
		Sex:         sexes.parse(&v, "sex", m.Get(row, "sex")),
		Phone:       phone,
		Ethnicity:   ethnicities.parse(&v, "ethnicity", m.Get(row, "ethnicity")),
	}
	if s := m.Get(row, "birth_date"); s != "" {
		if d, err := register.ParseDate(s); err != nil {
			v.Add("birth_date", "err.date")
		} else {
			p.Input.Birth = &d
		}
	}
	if s := m.Get(row, "care_tags"); s != "" {
		for _, part := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；/ ", r) }) {
			if t := careTags.parse(&v, "care_tags", part); t != "" {
				p.Input.CareTags = append(p.Input.CareTags, t)
			}
		}
	}
	p.Input.Normalize()
	return p, v.Err()
}

// PersonCells is a resident as an export row, in the order of Residents.Spec. The
// numbers are the masked ones unless numbers (the opened ones) is given; care tags only
// when showTags.
func PersonCells(p *register.Person, gridCode string, numbers *[3]string, showTags bool) []string {
	id, pass, phone := p.IDMasked, p.PassportMasked, p.PhoneMasked
	if numbers != nil {
		id, pass, phone = numbers[0], numbers[1], numbers[2]
	}
	birth, tags := "", ""
	if p.Birth != nil {
		birth = p.Birth.Format(time.DateOnly)
	}
	if showTags {
		names := make([]string, len(p.CareTags))
		for i, t := range p.CareTags {
			names[i] = name(t.Key())
		}
		tags = strings.Join(names, "、")
	}
	sex, eth := "", ""
	if p.Sex != "" {
		sex = name(p.Sex.Key())
	}
	if p.Ethnicity != "" {
		eth = name(p.Ethnicity.Key())
	}
	return []string{gridCode, p.Name, name(p.RegType.Key()), id, pass, p.Nationality, sex, birth, phone, eth, tags}
}
