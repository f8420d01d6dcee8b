package secret

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestMasks(t *testing.T) {
	tests := []struct {
		name string
		fn   func(string) string
		in   string
		want string
	}{
		{"phone", MaskPhone, "13812345678", "138****5678"},
		{"phone with country code", MaskPhone, "+8613812345678", "+86*******5678"},
		{"phone ten digits", MaskPhone, "1381234567", "138****567"},
		{"phone eight digits", MaskPhone, "12345678", "12****78"},
		{"phone five digits", MaskPhone, "12345", "****5"},
		{"phone four digits", MaskPhone, "1234", "****"},
		{"phone one digit", MaskPhone, "1", "*"},
		{"phone empty", MaskPhone, "", ""},
		{"phone full-width digits", MaskPhone, "１３８１２３４５６７８", "１３８****５６７８"},

		{"id", MaskIDNumber, "11010519491231002X", "110105********002X"},
		{"id lower-case x", MaskIDNumber, "11010519491231002x", "110105********002x"},
		{"id old 15-digit", MaskIDNumber, "110105491231002", "110********1002"},
		{"id ten chars", MaskIDNumber, "1101051949", "1********9"},
		{"id eight chars", MaskIDNumber, "11010519", "********"},
		{"id empty", MaskIDNumber, "", ""},
		{"id too long", MaskIDNumber, "11010519491231002X99", "110105**********2X99"},

		{"name three", MaskName, "张三丰", "张*丰"},
		{"name two", MaskName, "张三", "张*"},
		{"name one", MaskName, "张", "*"},
		{"name four", MaskName, "欧阳娜娜", "欧**娜"},
		{"name ethnic with dot", MaskName, "买买提·艾力", "买****力"},
		{"name latin", MaskName, "Li Lei", "L****i"},
		{"name empty", MaskName, "", ""},
		{"name invalid utf-8", MaskName, "\xff\xfe", "\uFFFD*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.fn(tt.in); got != tt.want {
				t.Fatalf("mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestMaskMiddleHidesEnough checks the promise behind every mask: for any
// length, the output keeps the rune count and hides at least minHidden runes
// (or all of them), and every rune it shows stands where it stood.
func TestMaskMiddleHidesEnough(t *testing.T) {
	const all = "零一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申"
	layouts := []struct{ head, tail, minHidden int }{{3, 4, 4}, {6, 4, 8}}
	for _, l := range layouts {
		for n := range utf8.RuneCountInString(all) {
			in := string([]rune(all)[:n])
			out := maskMiddle(in, l.head, l.tail, l.minHidden)
			if utf8.RuneCountInString(out) != n {
				t.Fatalf("%v n=%d: %q changes the length", l, n, out)
			}
			for i, r := range []rune(out) {
				if r != '*' && r != []rune(in)[i] {
					t.Fatalf("%v n=%d: %q moves runes", l, n, out)
				}
			}
			if hidden := strings.Count(out, "*"); hidden < min(n, l.minHidden) {
				t.Fatalf("%v n=%d: %q hides only %d", l, n, out, hidden)
			}
			shown := strings.ReplaceAll(out, "*", "")
			if utf8.RuneCountInString(shown) > l.head+l.tail {
				t.Fatalf("%v n=%d: %q shows too much", l, n, out)
			}
		}
	}
}
