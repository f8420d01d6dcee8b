package register

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/secret"
)

// RegType is how a resident is registered where they live (人口类别).
type RegType string

// The registration types.
const (
	Registered RegType = "registered" // 户籍人口: household registration (hukou) here
	Floating   RegType = "floating"   // 流动人口: living here, hukou elsewhere in China
	Foreign    RegType = "foreign"    // 境外人员: foreigners and residents of Hong Kong, Macao, Taiwan
)

// RegTypes lists the types in display order.
var RegTypes = []RegType{Registered, Floating, Foreign}

// Valid reports whether t is a known type.
func (t RegType) Valid() bool { return oneOf(t, RegTypes) }

// Key is the catalogue key of the type's name.
func (t RegType) Key() string { return "reg_type." + string(t) }

// The problems of a person's documents.
const (
	ErrPassport    Problem = "err.passport"    // not 5–20 letters and digits
	ErrNationality Problem = "err.nationality" // not a three-letter country code
)

// MaxPersonNameLen bounds names; foreign names written in full are long.
const MaxPersonNameLen = 50

// Person is a resident (实有人口). Identity numbers and the phone number are held by
// storage encrypted; a Person carries them only masked.
type Person struct {
	ID             int64
	NodeID         int64 // the grid or micro-grid they live in
	Name           string
	RegType        RegType
	IDMasked       string // 110105********002X, or ""
	PassportMasked string
	Nationality    string     // ISO 3166-1 alpha-3, for foreign residents
	Birth          *time.Time // civil date; nil when unknown
	Sex            Sex        // "" when unknown
	PhoneMasked    string     // 138****5678, or ""
	Ethnicity      Ethnicity
	CareTags       []CareTag // sensitive: see CareTag
	Retired        *time.Time
	Created        time.Time
	Updated        time.Time
	Version        int
}

// IsRetired reports whether the person no longer lives in the area (moved away, died);
// the record stays for history.
func (p *Person) IsRetired() bool { return p.Retired != nil }

// Age is the person's age in whole years at now, and false when the birth date is unknown.
func (p *Person) Age(now time.Time) (int, bool) {
	if p.Birth == nil {
		return 0, false
	}
	return ageOn(*p.Birth, Today(now)), true
}

// PersonInput is what a person types to register or edit a resident, or one row of an
// imported sheet.
//
// Residents of mainland China and of Hong Kong, Macao and Taiwan holding a residence
// permit have an 18-character ID number, from which birth date and sex follow. Other
// foreign residents give a passport (or travel permit) number and nationality, and may
// give their birth date and sex; Nationality is read only for them. When a sheet has both
// an ID number and birth date or sex columns, they must agree: a mismatch means a row was
// mistyped.
type PersonInput struct {
	NodeID      int64      `json:"node_id"`
	Name        string     `json:"name"`
	RegType     RegType    `json:"reg_type"`
	IDNumber    string     `json:"id_number"`
	Passport    string     `json:"passport"`
	Nationality string     `json:"nationality"`
	Sex         Sex        `json:"sex"`
	Birth       *time.Time `json:"birth_date"`
	Phone       string     `json:"phone"`
	Ethnicity   Ethnicity  `json:"ethnicity"`
	CareTags    []CareTag  `json:"care_tags"`
}

// Normalize tidies the input: names trimmed, identifiers without spaces and in upper
// case, the phone in its canonical form, care tags without repeats and in display order.
func (in *PersonInput) Normalize() {
	in.Name = clean(in.Name)
	in.IDNumber = NormalizeIDNumber(in.IDNumber)
	in.Passport = normalizePassport(in.Passport)
	in.Nationality = strings.ToUpper(compact(in.Nationality))
	in.Phone = NormalizeMobile(in.Phone)
	in.CareTags = normalizeCareTags(in.CareTags)
}

// Validate checks a resident's fields at now; node is the grid they live in, looked up by
// the caller.
func (in PersonInput) Validate(node *admin.Node, now time.Time) error {
	var v errs.Validation
	checkNode(&v, node)
	checkText(&v, "name", in.Name, MaxPersonNameLen, true)
	v.Check(in.RegType.Valid(), "reg_type", "err.choose_one")

	var id *IDNumber
	switch {
	case in.IDNumber != "":
		if n, err := ParseIDNumber(in.IDNumber, now); err != nil {
			addProblem(&v, "id_number", err)
		} else {
			id = &n
		}
	case in.RegType == Foreign:
		// A passport stands in for the ID number; its absence is reported there.
	case in.RegType.Valid():
		v.Add("id_number", "err.required")
	}

	if in.RegType == Foreign {
		if in.IDNumber == "" {
			v.Check(in.Passport != "", "passport", "err.id_or_passport")
		}
		if v.Require("nationality", in.Nationality) {
			v.Check(validNationality(in.Nationality), "nationality", ErrNationality.Key())
		}
	} else {
		v.Check(in.Passport == "", "passport", "err.passport_foreign_only")
	}
	if in.Passport != "" {
		v.Check(validPassport(in.Passport), "passport", ErrPassport.Key())
	}

	if in.Sex != "" {
		if v.Check(in.Sex.Valid(), "sex", "err.choose_one") && id != nil {
			v.Check(in.Sex == id.Sex, "sex", "err.id_number_mismatch")
		}
	}
	if in.Birth != nil {
		b := dateOf(*in.Birth)
		switch {
		case b.Before(earliestBirth):
			v.Add("birth_date", "err.birth_early")
		case b.After(Today(now)):
			v.Add("birth_date", "err.birth_future")
		case id != nil && !b.Equal(id.Birth):
			v.Add("birth_date", "err.id_number_mismatch")
		}
	}
	birth := in.birth(id)
	if id == nil && v.Has("birth_date") {
		birth = nil // a refused date says nothing about which care tags fit
	}

	if in.Phone != "" {
		if _, err := ParseMobile(in.Phone); err != nil {
			addProblem(&v, "phone", err)
		}
	}
	v.Check(in.Ethnicity == "" || in.Ethnicity.Valid(), "ethnicity", "err.choose_one")
	checkCareTags(&v, in.CareTags, birth, now)
	return v.Err()
}

// birth is the birth date the input establishes: the ID number's, else the one typed.
func (in PersonInput) birth(id *IDNumber) *time.Time {
	switch {
	case id != nil:
		return &id.Birth
	case in.Birth != nil:
		b := dateOf(*in.Birth)
		return &b
	}
	return nil
}

// checkCareTags reports unknown tags and tags that do not fit the person's age.
func checkCareTags(v *errs.Validation, tags []CareTag, birth *time.Time, now time.Time) {
	for _, t := range tags {
		if !t.Valid() {
			v.Add("care_tags", "err.care_tag")
			return
		}
		if birth == nil {
			continue
		}
		age := ageOn(*birth, Today(now))
		min, max := t.AgeLimits()
		switch {
		case min > 0 && age < min:
			v.Add("care_tags", "err.care_tag_min_age", errs.M(t.Key()), min)
		case max > 0 && age >= max:
			v.Add("care_tags", "err.care_tag_max_age", errs.M(t.Key()), max)
		}
	}
}

// PersonFacts are what storage keeps of a valid input besides what was typed: the
// derived birth date and sex, and masked copies of the numbers for display.
type PersonFacts struct {
	Birth          *time.Time
	Sex            Sex
	IDMasked       string
	PassportMasked string
	PhoneMasked    string
}

// Facts derives a valid, normalised input's facts at now: birth date and sex from the ID
// number when there is one, else as typed.
func (in PersonInput) Facts(now time.Time) PersonFacts {
	f := PersonFacts{
		Sex:            in.Sex,
		IDMasked:       secret.MaskIDNumber(in.IDNumber),
		PassportMasked: secret.MaskIDNumber(in.Passport), // same rule: keep little, hide most
		PhoneMasked:    secret.MaskPhone(in.Phone),
	}
	var id *IDNumber
	if n, err := ParseIDNumber(in.IDNumber, now); err == nil {
		id = &n
		f.Sex = n.Sex
	}
	f.Birth = in.birth(id)
	return f
}

// normalizePassport removes spaces and dashes and upper-cases a document number.
func normalizePassport(s string) string {
	return strings.ToUpper(strings.ReplaceAll(compact(s), "-", ""))
}

// validPassport accepts 5–20 ASCII letters and digits: passports (ICAO 9303 allows up to
// 9 characters in the machine-readable zone, but some countries print longer numbers),
// Mainland Travel Permits for Hong Kong, Macao and Taiwan residents (H/M + 8 digits,
// 8 digits) and similar documents.
func validPassport(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 5 || n > 20 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// validNationality accepts an ISO 3166-1 alpha-3 code's shape (three capital letters,
// KOR, USA, HKG); the form offers the list, and this keeps imports honest.
func validNationality(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := range 3 {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
