package register

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/shequ-dev/shequ/internal/admin"
)

// The problems facility codes can have.
const (
	ErrFacilityCode  Problem = "err.facility_code"  // not 16 digits of area, class and serial
	ErrFacilityClass Problem = "err.facility_class" // a class code not in use
)

// MaxFacilitySerial is the largest serial a facility code has room for (six digits).
const MaxFacilitySerial = 999999

// FacilityCode is a parsed facility code (部件标识码): the 6-digit GB/T 2260 code of the
// district, the 4-digit class and a 6-digit serial within district and class, so
// 3205080101000001 is the first 上水井盖 of 姑苏区 (320508).
type FacilityCode struct {
	Area   string
	Class  FacilityClass
	Serial int
}

// String writes the code as its 16 digits.
func (c FacilityCode) String() string {
	return fmt.Sprintf("%s%s%06d", c.Area, c.Class, c.Serial)
}

// ParseFacilityCode checks the form of a 16-digit facility code: digits only, an area code
// that is not all zeros, a well-formed class and a serial from 1. Whether the class is in
// use and the area is the facility's district is for FacilityInput.Validate to say.
func ParseFacilityCode(s string) (FacilityCode, error) {
	s = compact(s)
	if len(s) != 16 || !allDigits(s) || s[:6] == "000000" {
		return FacilityCode{}, ErrFacilityCode
	}
	c := FacilityCode{Area: s[:6], Class: FacilityClass(s[6:10])}
	c.Serial, _ = strconv.Atoi(s[10:])
	if !c.Class.WellFormed() || c.Serial < 1 {
		return FacilityCode{}, ErrFacilityCode
	}
	return c, nil
}

// AreaCode is the district code that facility codes in node's area start with: the first
// six digits of its full code (the tree writes district, street, community and grid codes
// one after the other). It is "" for a node without a district code, such as a city.
func AreaCode(node *admin.Node) string {
	if node == nil || len(node.FullCode) < 6 || !allDigits(node.FullCode[:6]) || node.Level < admin.District {
		return ""
	}
	return node.FullCode[:6]
}

// NewFacilityCode makes the code of the serial-th facility of class in node's district.
// Serials are handed out by storage, one counter per district and class; it fails when
// node has no district, the class is not in classes, or the serial does not fit.
func NewFacilityCode(node *admin.Node, class FacilityClass, serial int, classes []FacilityClass) (string, error) {
	area := AreaCode(node)
	switch {
	case area == "":
		return "", fmt.Errorf("register: node has no district code")
	case !class.WellFormed() || !slices.Contains(classes, class):
		return "", ErrFacilityClass
	case serial < 1 || serial > MaxFacilitySerial:
		return "", fmt.Errorf("register: facility serial %d out of range 1..%d", serial, MaxFacilitySerial)
	}
	return FacilityCode{Area: area, Class: class, Serial: serial}.String(), nil
}
