package register_test

import (
	"reflect"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestOrgKinds(t *testing.T) {
	needs := map[register.OrgKind]bool{register.Enterprise: true, register.PropertyCo: true, register.SocialOrg: true}
	for _, k := range register.OrgKinds {
		if !k.Valid() {
			t.Errorf("%q is not valid", k)
		}
		if k.NeedsUSCC() != needs[k] {
			t.Errorf("%q.NeedsUSCC() = %v", k, k.NeedsUSCC())
		}
		checkTranslatable(t, errs.M(k.Key()))
	}
	if register.OrgKind("company").Valid() {
		t.Error("company is a valid kind")
	}
}

func TestOrganisationInputNormalize(t *testing.T) {
	in := register.OrganisationInput{
		Name: " 苏州  平江物业 ", USCC: "9144 0300 7152 6726 xg", Address: " 平江路 100号",
		Contacts: []register.Contact{
			{Name: " 王经理 ", Phone: "+86 138-1234-5678", Role: " 负责人 "},
			{Name: "值班室", Phone: " （０５１２）６５２２１２３４ "},
			{Name: "x", Phone: " not a phone "},
		},
	}
	in.Normalize()
	want := register.OrganisationInput{
		Name: "苏州 平江物业", USCC: "9144030071526726XG", Address: "平江路 100号",
		Contacts: []register.Contact{
			{Name: "王经理", Phone: "13812345678", Role: "负责人"},
			{Name: "值班室", Phone: "051265221234"},
			{Name: "x", Phone: "not a phone"},
		},
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("Normalize:\n got %+v\nwant %+v", in, want)
	}
}

func TestOrganisationInputValidate(t *testing.T) {
	ok := register.OrganisationInput{NodeID: grid01.ID, Kind: register.PropertyCo, Name: "苏州平江物业管理有限公司",
		USCC: "914403001922038216", Address: "平江路100号", Location: pt(120.6312, 31.3162),
		Contacts: []register.Contact{{Name: "王经理", Phone: "13812345678", Role: "负责人"}, {Name: "值班室", Phone: "0512-65221234"}}}
	with := func(f func(*register.OrganisationInput)) register.OrganisationInput {
		in := ok
		in.Contacts = append([]register.Contact(nil), ok.Contacts...)
		f(&in)
		return in
	}
	tests := []struct {
		name string
		in   register.OrganisationInput
		node *admin.Node
		want []errs.FieldError
	}{
		{"property company", ok, grid01, nil},
		{"embedded unit without a code", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.EmbeddedUnit, "" }), grid01, nil},
		{"sole trader without a code", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.Individual, "" }), grid01, nil},
		{"other without a code", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.OtherOrg, "" }), micro01, nil},
		{"social organisation with its code", with(func(in *register.OrganisationInput) {
			in.Kind, in.USCC = register.SocialOrg, "51"+"320508"+"MJ1234567"
			c, _ := register.USCCCheckChar(in.USCC)
			in.USCC += string(c)
		}), grid01, nil},
		{"no location, no contacts", with(func(in *register.OrganisationInput) { in.Location, in.Contacts = nil, nil }), grid01, nil},
		{"a 400 number", with(func(in *register.OrganisationInput) { in.Contacts[1].Phone = "400-820-8820" }), grid01, nil},
		{"limits", with(func(in *register.OrganisationInput) {
			in.Name, in.Address = runes("司", register.MaxOrgNameLen), runes("路", register.MaxAddressLen)
			in.Contacts = make([]register.Contact, register.MaxContacts)
			for i := range in.Contacts {
				in.Contacts[i] = register.Contact{Name: runes("王", register.MaxContactNameLen), Phone: "13812345678", Role: runes("员", register.MaxContactRoleLen)}
			}
		}), grid01, nil},

		{"no node", ok, nil, []errs.FieldError{fe("node_id", "err.required")}},
		{"a community", ok, community, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"no kind", with(func(in *register.OrganisationInput) { in.Kind = "" }), grid01, []errs.FieldError{fe("kind", "err.choose_one")}},
		{"no name", with(func(in *register.OrganisationInput) { in.Name = "" }), grid01, []errs.FieldError{fe("name", "err.required")}},
		{"name too long", with(func(in *register.OrganisationInput) { in.Name = runes("司", register.MaxOrgNameLen+1) }), grid01,
			[]errs.FieldError{fe("name", "err.too_long", register.MaxOrgNameLen)}},
		{"enterprise without a code", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.Enterprise, "" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_required", errs.M("org_kind.enterprise"))}},
		{"social organisation without a code", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.SocialOrg, "" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_required", errs.M("org_kind.social"))}},
		{"property company without a code", with(func(in *register.OrganisationInput) { in.USCC = "" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_required", errs.M("org_kind.property"))}},
		{"code: wrong check character", with(func(in *register.OrganisationInput) { in.USCC = "914403001922038217" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_check")}},
		{"code: wrong length", with(func(in *register.OrganisationInput) { in.USCC = "91440300192203821" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_length")}},
		{"code: letter O", with(func(in *register.OrganisationInput) { in.USCC = "9144030O1922038216" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_chars")}},
		{"code: unknown authority", with(func(in *register.OrganisationInput) { in.USCC = "014403001922038216" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_authority")}},
		{"code: region with letters", with(func(in *register.OrganisationInput) { in.USCC = "9144A3001922038216" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_region")}},
		{"a wrong code is wrong for an embedded unit too", with(func(in *register.OrganisationInput) { in.Kind, in.USCC = register.EmbeddedUnit, "123" }), grid01,
			[]errs.FieldError{fe("uscc", "err.uscc_length")}},
		{"no address", with(func(in *register.OrganisationInput) { in.Address = "" }), grid01, []errs.FieldError{fe("address", "err.required")}},
		{"bad location", with(func(in *register.OrganisationInput) { in.Location = pt(200, 31) }), grid01, []errs.FieldError{fe("location", "err.location")}},
		{"location in Paris", with(func(in *register.OrganisationInput) { in.Location = pt(2.35, 48.85) }), grid01, []errs.FieldError{fe("location", "err.location_china")}},
		{"too many contacts", with(func(in *register.OrganisationInput) {
			in.Contacts = make([]register.Contact, register.MaxContacts+1)
		}), grid01, []errs.FieldError{fe("contacts", "err.contacts_max", register.MaxContacts)}},
		{"contact without a name", with(func(in *register.OrganisationInput) { in.Contacts[1].Name = "" }), grid01,
			[]errs.FieldError{fe("contacts.1.name", "err.required")}},
		{"contact without a phone", with(func(in *register.OrganisationInput) { in.Contacts[0].Phone = "" }), grid01,
			[]errs.FieldError{fe("contacts.0.phone", "err.required")}},
		{"contact phone of the wrong form", with(func(in *register.OrganisationInput) { in.Contacts[0].Phone = "138123456" }), grid01,
			[]errs.FieldError{fe("contacts.0.phone", "err.contact_phone")}},
		{"contact role too long", with(func(in *register.OrganisationInput) { in.Contacts[1].Role = runes("员", register.MaxContactRoleLen+1) }), grid01,
			[]errs.FieldError{fe("contacts.1.role", "err.too_long", register.MaxContactRoleLen)}},

		{"everything wrong at once, in form order",
			register.OrganisationInput{Kind: register.Enterprise, Location: pt(0, 0), Contacts: []register.Contact{{Phone: "1"}}}, nil,
			[]errs.FieldError{
				fe("node_id", "err.required"), fe("name", "err.required"), fe("uscc", "err.uscc_required", errs.M("org_kind.enterprise")),
				fe("address", "err.required"), fe("location", "err.location"), fe("contacts.0.name", "err.required"),
				fe("contacts.0.phone", "err.contact_phone"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.node), tt.want)
		})
	}
}
