package register

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Natural keys let an import match a row to the record it describes, so that importing
// the same sheet twice changes nothing and a corrected sheet updates in place. Each
// register has one, built from what a spreadsheet row carries:
//
//	person        the keyed hash of the ID number; for foreigners without one, of
//	              nationality and passport number (passport numbers repeat across countries)
//	building      grid and name ("3幢" in grid 0102)
//	house         building, unit, floor and room
//	household     grid and household number; without a number, the head's person key
//	residence     person, house and role (one may own and live in the same flat)
//	rental        house, tenant and start date (a renewal is a new registration)
//	organisation  the credit code; without one, name and address
//	facility      the 16-digit code; without one, class and position to about a metre
//
// Text parts are compared loosely (see keyText). Keys hold no personal data in the clear:
// a person's key is a keyed hash, useless without the key. A key is "" when the row does
// not carry enough to be matched, and such a row is always inserted.

// The lookup kinds passed to the keyed hash, shared with storage's search columns.
const (
	LookupIDNumber = "idnumber"
	LookupPassport = "passport"
	LookupPhone    = "phone"
)

// Hasher is the keyed hash of a normalised value (secret.Keys.Lookup).
type Hasher func(kind, normalized string) string

// PersonKey is the natural key of a normalised person input.
func PersonKey(in PersonInput, hash Hasher) string {
	switch {
	case in.IDNumber != "":
		return joinKey("person", "id", hash(LookupIDNumber, in.IDNumber))
	case in.Passport != "" && in.Nationality != "":
		return joinKey("person", "passport", hash(LookupPassport, in.Nationality+":"+in.Passport))
	}
	return ""
}

// BuildingKey is the natural key of a building named name in a grid.
func BuildingKey(nodeID int64, name string) string {
	if nodeID == 0 || keyText(name) == "" {
		return ""
	}
	return joinKey("building", idPart(nodeID), keyText(name))
}

// HouseKey is the natural key of a house. "2单元" and "2", "501室" and "501" are the same,
// since sheets write them both ways.
func HouseKey(buildingID int64, unit string, floor int, room string) string {
	room = strings.TrimSuffix(keyText(room), "室")
	if buildingID == 0 || room == "" {
		return ""
	}
	unit = strings.TrimSuffix(keyText(unit), "单元")
	return joinKey("house", idPart(buildingID), unit, strconv.Itoa(floor), room)
}

// HouseholdKey is the natural key of a household: its number within the grid, or without
// one its head's person key.
func HouseholdKey(nodeID int64, number, headKey string) string {
	switch {
	case nodeID != 0 && keyText(number) != "":
		return joinKey("household", idPart(nodeID), keyText(number))
	case headKey != "":
		return joinKey("household", "head", headKey)
	}
	return ""
}

// ResidenceKey is the natural key of a person's residence in a house.
func ResidenceKey(personID, houseID int64, role ResidenceRole) string {
	if personID == 0 || houseID == 0 || role == "" {
		return ""
	}
	return joinKey("residence", idPart(personID), idPart(houseID), string(role))
}

// RentalKey is the natural key of a rental registration.
func RentalKey(houseID, tenantID int64, start time.Time) string {
	if houseID == 0 || tenantID == 0 || start.IsZero() {
		return ""
	}
	return joinKey("rental", idPart(houseID), idPart(tenantID), dateOf(start).Format(time.DateOnly))
}

// OrganisationKey is the natural key of an organisation: its normalised credit code, else
// its name and address.
func OrganisationKey(uscc, name, address string) string {
	if uscc = NormalizeUSCC(uscc); uscc != "" {
		return joinKey("org", "uscc", uscc)
	}
	if keyText(name) == "" || keyText(address) == "" {
		return ""
	}
	return joinKey("org", "name", keyText(name), keyText(address))
}

// FacilityKey is the natural key of a facility: its code, else its class and position
// rounded to 10⁻⁵ degree (about a metre, finer than a phone's fix and coarser than the
// noise of re-exporting coordinates). Two exports of one point that straddle a rounding
// boundary still give two keys; that is rare, and the duplicate shows on the map.
func FacilityKey(code string, class FacilityClass, at *geo.Point) string {
	if code = compact(code); code != "" {
		return joinKey("facility", "code", code)
	}
	if class == "" || at == nil || !ValidLocation(*at) {
		return ""
	}
	deg := func(f float64) string { return strconv.FormatFloat(f, 'f', 5, 64) }
	return joinKey("facility", "at", string(class), deg(at.Lng), deg(at.Lat))
}

// keyText folds a text part of a key so that the ways people write one thing match:
// full-width folded, white space removed, letters lower-cased ("３ 幢", "3幢"; "B座", "b座").
func keyText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, foldWidth(s))
}

// joinKey joins parts with "|", escaping "|" and "\" inside parts, so that two different
// lists of parts never give the same key.
func joinKey(parts ...string) string {
	esc := keyEscaper
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteByte('|')
		}
		esc.WriteString(&b, p)
	}
	return b.String()
}

// keyEscaper escapes the separator inside key parts; built once, as imports make a key
// per row.
var keyEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`)

// idPart writes a record id as a key part.
func idPart(n int64) string { return strconv.FormatInt(n, 10) }
