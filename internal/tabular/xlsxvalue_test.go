package tabular

import "testing"

func TestClassifyFormat(t *testing.T) {
	tests := map[string]valueKind{
		"General":                        kindNumber,
		"@":                              kindNumber,
		"0.00":                           kindNumber,
		"0.00E+00":                       kindNumber,
		`#,##0.00"元"`:                    kindNumber,
		"#,##0;[Red]-#,##0":              kindNumber,
		"0%":                             kindNumber,
		`"天数"0`:                          kindNumber,
		"yyyy-mm-dd":                     kindDate,
		"yyyy/m/d;@":                     kindDate,
		"[$-804]yyyy\"年\"m\"月\"d\"日\"":   kindDate,
		"[DBNum1][$-804]yyyy\"年\"m\"月\"": kindDate,
		"mmm-yy":                         kindDate,
		"d-mmm":                          kindDate,
		"dd/mm/yyyy hh:mm":               kindDateTime,
		"yyyy-mm-dd hh:mm:ss":            kindDateTime,
		"h:mm AM/PM":                     kindTime,
		"hh:mm:ss":                       kindTime,
		"mm:ss":                          kindTime,
		"h\"时\"mm\"分\"":                  kindTime,
		"[h]:mm:ss":                      kindDuration,
		"[mm]:ss":                        kindDuration,
		`\d\a\y 0`:                       kindNumber,
		"_(* #,##0_);_(* (#,##0)":        kindNumber,
	}
	for code, want := range tests {
		if got := classifyFormat(code); got != want {
			t.Errorf("classifyFormat(%q) = %d, want %d", code, got, want)
		}
	}
	for id, want := range map[int]valueKind{0: kindNumber, 1: kindNumber, 9: kindNumber, 14: kindDate, 17: kindDate, 18: kindTime, 21: kindTime, 22: kindDateTime,
		27: kindDate, 31: kindDate, 32: kindTime, 36: kindDate, 45: kindTime, 49: kindNumber, 50: kindDate, 55: kindTime, 58: kindDate} {
		if got := builtinKind(id); got != want {
			t.Errorf("builtinKind(%d) = %d, want %d", id, got, want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"0", "0", true},
		{"-0", "0", true},
		{"42", "42", true},
		{"-7", "-7", true},
		{"007", "7", true},
		{"85.700000000000003", "85.7", true},
		{"0.30000000000000004", "0.3", true},
		{"2.2999999999999998", "2.3", true},
		{"1.0000000000000001E-3", "0.001", true},
		{"123456789012345", "123456789012345", true},
		{"1.23456789012345E+14", "123456789012345", true},
		{"999999999999999", "999999999999999", true},
		{"12345.678901234567", "12345.6789012346", true},
		{"1E-12", "1e-12", true},
		{"1.5E+15", "1.5E+15", false},
		{"1000000000000000", "1000000000000000", false},
		{"110105199003071234", "110105199003071234", false},
		{"1.10105199003071E+17", "1.10105199003071E+17", false},
		{"-1.10105199003071E+17", "-1.10105199003071E+17", false},
		{"abc", "abc", true},
	}
	for _, tt := range tests {
		got, ok := formatNumber(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("formatNumber(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatSerial(t *testing.T) {
	tests := []struct {
		in   string
		kind valueKind
		y04  bool
		want string
		ok   bool
	}{
		{"32939", kindDate, false, "1990-03-07", true},
		{"32939.99", kindDate, false, "1990-03-07", true},
		{"45352", kindDateTime, false, "2024-03-01", true},
		{"45352.25", kindDateTime, false, "2024-03-01 06:00:00", true},
		{"45352.999999999", kindDateTime, false, "2024-03-02", true}, // rounds to the next midnight
		{"0.5", kindTime, false, "12:00:00", true},
		{"0.3333333333", kindTime, false, "08:00:00", true},
		{"2.25", kindDuration, false, "54:00:00", true},
		{"2958465", kindDate, false, "9999-12-31", true},
		{"2958467", kindDate, false, "", false},
		{"-1", kindDate, false, "", false},
		{"x", kindDate, false, "", false},
		{"0", kindDate, true, "1904-01-01", true},
		{"60", kindDate, false, "1900-02-29", false},
	}
	for _, tt := range tests {
		got, ok := formatSerial(tt.in, tt.kind, tt.y04)
		if tt.in == "60" {
			// Excel's phantom 29 February 1900: any rendering will do but it must not fail.
			if !ok {
				t.Errorf("formatSerial(60) failed")
			}
			continue
		}
		if got != tt.want || ok != tt.ok {
			t.Errorf("formatSerial(%q, %d, %v) = %q %v, want %q %v", tt.in, tt.kind, tt.y04, got, ok, tt.want, tt.ok)
		}
	}
}
