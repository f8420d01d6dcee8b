package register

// Ethnicity is a person's ethnic group (民族) as its two-digit code of GB/T 3304-1991
// (names and codes of China's nationalities): 01 汉族 to 56 基诺族, 97 for an
// unidentified group and 98 for Chinese citizens of foreign origin. It is optional.
type Ethnicity string

// Ethnicities lists the codes in the standard's order, which is also how forms list them.
var Ethnicities = []Ethnicity{
	"01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
	"11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
	"21", "22", "23", "24", "25", "26", "27", "28", "29", "30",
	"31", "32", "33", "34", "35", "36", "37", "38", "39", "40",
	"41", "42", "43", "44", "45", "46", "47", "48", "49", "50",
	"51", "52", "53", "54", "55", "56", "97", "98",
}

// Han is the code of the Han majority, the default a form may preselect.
const Han Ethnicity = "01"

// Valid reports whether e is a known code.
func (e Ethnicity) Valid() bool { return oneOf(e, Ethnicities) }

// Key is the catalogue key of the group's name.
func (e Ethnicity) Key() string { return "ethnicity." + string(e) }
