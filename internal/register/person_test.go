package register_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// The people of the fixtures, as of now (2 March 2026).
const (
	grandma = "11010519491231002X" // a woman born 31 December 1949, 76
	father  = "320508198001010016" // a man born 1 January 1980, 46
)

func TestRegTypesAndCareTags(t *testing.T) {
	for _, r := range register.RegTypes {
		if !r.Valid() {
			t.Errorf("%q is not valid", r)
		}
		checkTranslatable(t, errs.M(r.Key()))
	}
	for _, c := range register.CareTags {
		if !c.Valid() {
			t.Errorf("%q is not valid", c)
		}
		checkTranslatable(t, errs.M(c.Key()))
	}
	for _, e := range register.Ethnicities {
		if !e.Valid() {
			t.Errorf("%q is not valid", e)
		}
		checkTranslatable(t, errs.M(e.Key()))
	}
	if len(register.Ethnicities) != 58 {
		t.Errorf("%d ethnic groups, want 56 and the two codes 97, 98", len(register.Ethnicities))
	}
	for _, bad := range []register.Ethnicity{"", "00", "57", "96", "99", "汉族", "1"} {
		if bad.Valid() {
			t.Errorf("ethnicity %q is valid", bad)
		}
	}
}

func TestCareTagAgeLimits(t *testing.T) {
	tests := []struct {
		tag      register.CareTag
		min, max int
	}{
		{register.ElderlyAlone, 60, 0},
		{register.EmptyNest, 60, 0},
		{register.LeftBehindChild, 0, 16},
		{register.ChildInDifficulty, 0, 18},
		{register.Disabled, 0, 0},
		{register.Subsistence, 0, 0},
		{register.ExtremePoverty, 0, 0},
		{register.Entitled, 0, 0},
	}
	for _, tt := range tests {
		if min, max := tt.tag.AgeLimits(); min != tt.min || max != tt.max {
			t.Errorf("%s.AgeLimits() = %d, %d; want %d, %d", tt.tag, min, max, tt.min, tt.max)
		}
	}
}

func TestPersonInputNormalize(t *testing.T) {
	in := register.PersonInput{
		Name: "  张  三 ", IDNumber: "110105 19491231 002x", Passport: " e-1234 5678 ", Nationality: " kor ",
		Phone:    "+86 138-1234-5678",
		CareTags: []register.CareTag{register.Disabled, register.ElderlyAlone, register.Disabled, "unknown"},
	}
	in.Normalize()
	want := register.PersonInput{
		Name: "张 三", IDNumber: "11010519491231002X", Passport: "E12345678", Nationality: "KOR", Phone: "13812345678",
		CareTags: []register.CareTag{register.ElderlyAlone, register.Disabled, "unknown"},
	}
	if !reflect.DeepEqual(in, want) {
		t.Errorf("Normalize:\n got %+v\nwant %+v", in, want)
	}
	empty := register.PersonInput{CareTags: []register.CareTag{}}
	if empty.Normalize(); empty.CareTags != nil {
		t.Errorf("no care tags normalised to %#v, want nil", empty.CareTags)
	}
}

func TestPersonInputValidate(t *testing.T) {
	child := withCheck(t, "32050820150601002")     // a girl born 1 June 2015, 10
	teen := withCheck(t, "32050820100301001")      // a boy born 1 March 2010, just 16
	seventeen := withCheck(t, "32050820080601002") // a girl of 17
	sixty := withCheck(t, "32050819660302001")     // a man 60 today
	fiftyNine := withCheck(t, "32050819660303001") // a man 60 tomorrow
	tags := func(ts ...register.CareTag) []register.CareTag { return ts }
	ok := register.PersonInput{NodeID: grid01.ID, Name: "王秀英", RegType: register.Registered, IDNumber: grandma,
		Phone: "13812345678", Ethnicity: register.Han, CareTags: tags(register.ElderlyAlone, register.Subsistence)}
	foreigner := register.PersonInput{NodeID: grid01.ID, Name: "Kim Min-jun", RegType: register.Foreign,
		Passport: "M12345678", Nationality: "KOR", Sex: register.Male, Birth: day(1990, 5, 20)}
	with := func(base register.PersonInput, f func(*register.PersonInput)) register.PersonInput {
		in := base
		f(&in)
		return in
	}
	elderlyTag := errs.M("care_tag.elderly_alone")
	tests := []struct {
		name string
		in   register.PersonInput
		node *admin.Node
		want []errs.FieldError
	}{
		{"registered resident", ok, grid01, nil},
		{"in a micro-grid", ok, micro01, nil},
		{"floating resident", with(ok, func(in *register.PersonInput) { in.RegType, in.CareTags = register.Floating, nil }), grid01, nil},
		{"nothing optional", register.PersonInput{NodeID: 4, Name: "李四", RegType: register.Registered, IDNumber: father}, grid01, nil},
		{"sex and birth columns agree with the ID", with(ok, func(in *register.PersonInput) { in.Sex, in.Birth = register.Female, day(1949, 12, 31) }), grid01, nil},
		{"birth with a time of day still agrees", with(ok, func(in *register.PersonInput) {
			b := time.Date(1949, 12, 31, 23, 0, 0, 0, time.UTC)
			in.Birth = &b
		}), grid01, nil},
		{"foreigner with passport", foreigner, grid01, nil},
		{"foreigner without birth or sex", with(foreigner, func(in *register.PersonInput) { in.Sex, in.Birth = "", nil }), grid01, nil},
		{"foreigner with a permanent residence ID", with(foreigner, func(in *register.PersonInput) {
			in.Passport, in.Sex, in.Birth, in.IDNumber = "", "", nil, withCheck(t, "93112519850707006")
		}), grid01, nil},
		{"Hong Kong resident with a travel permit", with(foreigner, func(in *register.PersonInput) { in.Passport, in.Nationality = "H12345678", "HKG" }), grid01, nil},
		{"name of 50 characters", with(ok, func(in *register.PersonInput) { in.Name = runes("名", register.MaxPersonNameLen) }), grid01, nil},
		{"minority name with a dot", with(ok, func(in *register.PersonInput) { in.Name, in.Ethnicity = "买买提·艾力", "05" }), grid01, nil},
		{"every care tag without an age limit", with(ok, func(in *register.PersonInput) {
			in.IDNumber, in.CareTags = father, tags(register.Disabled, register.Subsistence, register.ExtremePoverty, register.Entitled)
		}), grid01, nil},
		{"elderly tag on the 60th birthday", with(ok, func(in *register.PersonInput) { in.IDNumber = sixty }), grid01, nil},
		{"left-behind child of 10", with(ok, func(in *register.PersonInput) { in.IDNumber, in.CareTags = child, tags(register.LeftBehindChild) }), grid01, nil},
		{"child in difficulty of 17", with(ok, func(in *register.PersonInput) { in.IDNumber, in.CareTags = seventeen, tags(register.ChildInDifficulty) }), grid01, nil},
		{"elderly tag, birth unknown", with(foreigner, func(in *register.PersonInput) { in.Birth, in.CareTags = nil, tags(register.EmptyNest) }), grid01, nil},

		{"no node", ok, nil, []errs.FieldError{fe("node_id", "err.required")}},
		{"a community", ok, community, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"retired grid", ok, retired(grid01), []errs.FieldError{fe("node_id", "err.node_parent_retired")}},
		{"no name", with(ok, func(in *register.PersonInput) { in.Name = "" }), grid01, []errs.FieldError{fe("name", "err.required")}},
		{"name too long", with(ok, func(in *register.PersonInput) { in.Name = runes("名", register.MaxPersonNameLen+1) }), grid01,
			[]errs.FieldError{fe("name", "err.too_long", register.MaxPersonNameLen)}},
		{"no registration type", with(ok, func(in *register.PersonInput) { in.RegType = "" }), grid01, []errs.FieldError{fe("reg_type", "err.choose_one")}},
		{"unknown registration type, no ID", with(ok, func(in *register.PersonInput) { in.RegType, in.IDNumber = "tourist", "" }), grid01,
			[]errs.FieldError{fe("reg_type", "err.choose_one")}},
		{"registered without ID number", with(ok, func(in *register.PersonInput) { in.IDNumber = "" }), grid01, []errs.FieldError{fe("id_number", "err.required")}},
		{"floating without ID number", with(ok, func(in *register.PersonInput) { in.RegType, in.IDNumber = register.Floating, "" }), grid01,
			[]errs.FieldError{fe("id_number", "err.required")}},
		{"ID number: wrong length", with(ok, func(in *register.PersonInput) { in.IDNumber = "110105491231002" }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_length")}},
		{"ID number: bad characters", with(ok, func(in *register.PersonInput) { in.IDNumber = "1101051949123100XX" }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_chars")}},
		{"ID number: impossible birth date", with(ok, func(in *register.PersonInput) { in.IDNumber = "110105194902300020" }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_date")}},
		{"ID number: born in the future", with(ok, func(in *register.PersonInput) { in.IDNumber, in.CareTags = withCheck(t, "32050820270101001"), nil }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_future")}},
		{"ID number: wrong check digit", with(ok, func(in *register.PersonInput) { in.IDNumber = "110105194912310021" }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_check")}},
		{"ID number refused: the typed birth date is still checked", with(ok, func(in *register.PersonInput) { in.IDNumber, in.Birth = "110105194912310021", day(2027, 1, 1) }), grid01,
			[]errs.FieldError{fe("id_number", "err.id_number_check"), fe("birth_date", "err.birth_future")}},
		{"foreigner with neither ID nor passport", with(foreigner, func(in *register.PersonInput) { in.Passport = "" }), grid01,
			[]errs.FieldError{fe("passport", "err.id_or_passport")}},
		{"foreigner without nationality", with(foreigner, func(in *register.PersonInput) { in.Nationality = "" }), grid01,
			[]errs.FieldError{fe("nationality", "err.required")}},
		{"nationality written out", with(foreigner, func(in *register.PersonInput) { in.Nationality = "Korea" }), grid01,
			[]errs.FieldError{fe("nationality", "err.nationality")}},
		{"nationality not normalised", with(foreigner, func(in *register.PersonInput) { in.Nationality = "kor" }), grid01,
			[]errs.FieldError{fe("nationality", "err.nationality")}},
		{"passport for a registered resident", with(ok, func(in *register.PersonInput) { in.Passport = "E12345678" }), grid01,
			[]errs.FieldError{fe("passport", "err.passport_foreign_only")}},
		{"passport too short", with(foreigner, func(in *register.PersonInput) { in.Passport = "E123" }), grid01,
			[]errs.FieldError{fe("passport", "err.passport")}},
		{"passport too long", with(foreigner, func(in *register.PersonInput) { in.Passport = runes("E1", 10) + "X" }), grid01,
			[]errs.FieldError{fe("passport", "err.passport")}},
		{"passport with Chinese", with(foreigner, func(in *register.PersonInput) { in.Passport = "护照12345" }), grid01,
			[]errs.FieldError{fe("passport", "err.passport")}},
		{"unknown sex", with(ok, func(in *register.PersonInput) { in.Sex = "M" }), grid01, []errs.FieldError{fe("sex", "err.choose_one")}},
		{"sex contradicts the ID number", with(ok, func(in *register.PersonInput) { in.Sex = register.Male }), grid01,
			[]errs.FieldError{fe("sex", "err.id_number_mismatch")}},
		{"birth date contradicts the ID number", with(ok, func(in *register.PersonInput) { in.Birth = day(1949, 12, 13) }), grid01,
			[]errs.FieldError{fe("birth_date", "err.id_number_mismatch")}},
		{"birth date in the future", with(foreigner, func(in *register.PersonInput) { in.Birth = day(2026, 3, 3) }), grid01,
			[]errs.FieldError{fe("birth_date", "err.birth_future")}},
		{"birth date before 1900", with(foreigner, func(in *register.PersonInput) { in.Birth = day(1899, 12, 31) }), grid01,
			[]errs.FieldError{fe("birth_date", "err.birth_early")}},
		{"phone: 10 digits", with(ok, func(in *register.PersonInput) { in.Phone = "1381234567" }), grid01, []errs.FieldError{fe("phone", "err.mobile")}},
		{"phone: a landline", with(ok, func(in *register.PersonInput) { in.Phone = "0512-65221234" }), grid01, []errs.FieldError{fe("phone", "err.mobile")}},
		{"phone: second digit 2", with(ok, func(in *register.PersonInput) { in.Phone = "12812345678" }), grid01, []errs.FieldError{fe("phone", "err.mobile")}},
		{"unknown ethnicity code", with(ok, func(in *register.PersonInput) { in.Ethnicity = "57" }), grid01, []errs.FieldError{fe("ethnicity", "err.choose_one")}},
		{"ethnicity as a name", with(ok, func(in *register.PersonInput) { in.Ethnicity = "汉族" }), grid01, []errs.FieldError{fe("ethnicity", "err.choose_one")}},
		{"unknown care tag", with(ok, func(in *register.PersonInput) { in.CareTags = tags("poor") }), grid01, []errs.FieldError{fe("care_tags", "err.care_tag")}},
		{"elderly tag on a man of 46", with(ok, func(in *register.PersonInput) { in.IDNumber = father }), grid01,
			[]errs.FieldError{fe("care_tags", "err.care_tag_min_age", elderlyTag, 60)}},
		{"elderly tag the day before the 60th birthday", with(ok, func(in *register.PersonInput) { in.IDNumber = fiftyNine }), grid01,
			[]errs.FieldError{fe("care_tags", "err.care_tag_min_age", elderlyTag, 60)}},
		{"left-behind child of 16", with(ok, func(in *register.PersonInput) { in.IDNumber, in.CareTags = teen, tags(register.LeftBehindChild) }), grid01,
			[]errs.FieldError{fe("care_tags", "err.care_tag_max_age", errs.M("care_tag.left_behind_child"), 16)}},
		{"child tag on a typed birth date", with(foreigner, func(in *register.PersonInput) { in.CareTags = tags(register.ChildInDifficulty) }), grid01,
			[]errs.FieldError{fe("care_tags", "err.care_tag_max_age", errs.M("care_tag.child_in_difficulty"), 18)}},

		{"everything wrong at once, in form order",
			register.PersonInput{Name: runes("名", 51), RegType: register.Registered, IDNumber: "110105194912310021", Passport: "E12345678",
				Sex: "x", Birth: day(1800, 1, 1), Phone: "123", Ethnicity: "99", CareTags: tags("x")}, community,
			[]errs.FieldError{
				fe("node_id", "err.register_node_level"), fe("name", "err.too_long", register.MaxPersonNameLen),
				fe("id_number", "err.id_number_check"), fe("passport", "err.passport_foreign_only"), fe("sex", "err.choose_one"),
				fe("birth_date", "err.birth_early"), fe("phone", "err.mobile"), fe("ethnicity", "err.choose_one"),
				fe("care_tags", "err.care_tag"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.node, now), tt.want)
		})
	}
}

func TestPersonInputFacts(t *testing.T) {
	tests := []struct {
		name string
		in   register.PersonInput
		want register.PersonFacts
	}{
		{"derived from the ID number", register.PersonInput{IDNumber: grandma, Phone: "13812345678"},
			register.PersonFacts{Birth: day(1949, 12, 31), Sex: register.Female, IDMasked: "110105********002X", PhoneMasked: "138****5678"}},
		{"the ID number wins over nothing typed", register.PersonInput{IDNumber: father},
			register.PersonFacts{Birth: day(1980, 1, 1), Sex: register.Male, IDMasked: "320508********0016"}},
		{"a foreigner's typed facts", register.PersonInput{Passport: "M12345678", Sex: register.Female, Birth: day(1990, 5, 20)},
			register.PersonFacts{Birth: day(1990, 5, 20), Sex: register.Female, PassportMasked: "********8"}},
		{"typed birth loses its time of day", register.PersonInput{Passport: "M12345678", Birth: func() *time.Time {
			b := time.Date(1990, 5, 20, 22, 30, 0, 0, time.UTC)
			return &b
		}()}, register.PersonFacts{Birth: day(1990, 5, 20), PassportMasked: "********8"}},
		{"nothing known", register.PersonInput{}, register.PersonFacts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Facts(now); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Facts:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPersonAge(t *testing.T) {
	tests := []struct {
		name  string
		birth *time.Time
		now   time.Time
		age   int
		known bool
	}{
		{"76", day(1949, 12, 31), now, 76, true},
		{"birthday in China, not yet in UTC", day(1966, 3, 2), time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC), 60, true},
		{"unknown", nil, now, 0, false},
	}
	for _, tt := range tests {
		p := register.Person{Birth: tt.birth}
		if age, ok := p.Age(tt.now); age != tt.age || ok != tt.known {
			t.Errorf("%s: Age = %d, %v; want %d, %v", tt.name, age, ok, tt.age, tt.known)
		}
	}
}
