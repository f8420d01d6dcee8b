package tabular

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

var residentSpec = Spec{
	{Key: "name", Header: "姓名", English: "Name", Required: true},
	{Key: "id_number", Header: "身份证号", English: "ID number", Aliases: []string{"公民身份号码", "证件号码"}, Required: true, Width: 20},
	{Key: "phone", Header: "手机号码", English: "Mobile", Aliases: []string{"联系电话", "电话"}},
	{Key: "address", Header: "住址", English: "Address", Aliases: []string{"居住地址"}},
}

func TestMap(t *testing.T) {
	tests := []struct {
		name    string
		header  []string
		index   map[string]int
		unknown []string
	}{
		{"exact", []string{"姓名", "身份证号", "手机号码", "住址"}, map[string]int{"name": 0, "id_number": 1, "phone": 2, "address": 3}, nil},
		{"other order, optional absent", []string{"身份证号", "备注", "姓名"}, map[string]int{"name": 2, "id_number": 0, "phone": -1, "address": -1}, []string{"备注"}},
		{"english, any case and spacing", []string{"NAME", " id  Number ", "mobile"}, map[string]int{"name": 0, "id_number": 1, "phone": 2}, nil},
		{"aliases", []string{"公民身份号码", "姓名", "联系电话", "居住地址"}, map[string]int{"name": 1, "id_number": 0, "phone": 2, "address": 3}, nil},
		{"required markers, wrapped and padded cells", []string{"*姓名", "身份证\n号＊", "\u3000住址 "}, map[string]int{"name": 0, "id_number": 1, "address": 2}, nil},
		{"notes in brackets", []string{"姓名（必填）", "身份证号(18位)", "备注（选填）"}, map[string]int{"name": 0, "id_number": 1}, []string{"备注（选填）"}},
		{"full-width latin", []string{"ＮＡＭＥ", "ＩＤ　ｎｕｍｂｅｒ"}, map[string]int{"name": 0, "id_number": 1}, nil},
		{"key as header", []string{"name", "id_number"}, map[string]int{"name": 0, "id_number": 1}, nil},
		{"blank header cells are not unknown", []string{"姓名", "", "身份证号", " "}, map[string]int{"name": 0, "id_number": 2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := residentSpec.Map(tt.header)
			if err != nil {
				t.Fatal(err)
			}
			for k, want := range tt.index {
				if got := m.Index(k); got != want {
					t.Errorf("Index(%s) = %d, want %d", k, got, want)
				}
			}
			var unknown []string
			for _, u := range m.Unknown() {
				unknown = append(unknown, u.Header)
			}
			if strings.Join(unknown, "|") != strings.Join(tt.unknown, "|") || len(m.Warnings()) != len(tt.unknown) {
				t.Errorf("unknown %q, want %q", unknown, tt.unknown)
			}
			if m.Width() != len(tt.header) {
				t.Errorf("width %d", m.Width())
			}
		})
	}
}

func TestMapErrors(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		key    string
		fields map[string]string // column key → message key
	}{
		{"missing required", []string{"姓名", "电话"}, "err.tabular_header", map[string]string{"id_number": "err.tabular_column_missing"}},
		{"duplicate", []string{"姓名", "身份证号", "证件号码", "姓名 "}, "err.tabular_header", map[string]string{"id_number": "err.tabular_column_duplicate", "name": "err.tabular_column_duplicate"}},
		{"nothing recognised", []string{"a", "b"}, "err.tabular_header_none", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := residentSpec.Map(tt.header)
			wantErr(t, err, ErrHeader, tt.key)
			e := errs.As(err)
			if e.Code != errs.Invalid || len(e.Fields) != len(tt.fields) {
				t.Fatalf("code %s, fields %v", e.Code, e.Fields)
			}
			for _, f := range e.Fields {
				if tt.fields[f.Field] != f.Msg.Key {
					t.Errorf("field %s: %s", f.Field, f.Msg.Key)
				}
			}
		})
	}
	_, err := residentSpec.Map([]string{"证件号码", "x", "公民身份号码"})
	if f := errs.As(err).Fields; len(f) < 1 || f[0].Msg.Args[1] != "A" || f[0].Msg.Args[2] != "C" {
		t.Errorf("duplicate should name columns A and C: %v", f)
	}
}

// A spec that answers to one name twice is a bug, caught at the first use.
func TestSpecClash(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Spec{{Key: "a", Header: "电话"}, {Key: "b", Aliases: []string{"电话"}}}.Map(nil)
}

// Find skips title rows above the header, and gives the closest row's error when no
// row is a header.
func TestFind(t *testing.T) {
	file := "平江街道实有人口台账\n填表日期：2024年3月1日\n姓名,身份证号,电话\n张三,110105199003071234,138\n"
	r, err := Open(strings.NewReader(file), int64(len(file)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := residentSpec.Find(r, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Next() || r.Line() != 4 || m.Get(r.Row(), "id_number") != "110105199003071234" || m.Get(r.Row(), "address") != "" {
		t.Errorf("first data row: line %d %q", r.Line(), r.Row())
	}
	if !m.Has("phone") || m.Has("address") {
		t.Error("Has")
	}

	bad := "台账\n姓名,电话\n张三,138\n"
	r, _ = Open(strings.NewReader(bad), int64(len(bad)), Options{})
	_, err = residentSpec.Find(r, 0)
	wantErr(t, err, ErrHeader, "err.tabular_header") // the row with 姓名, not the title

	r, _ = Open(strings.NewReader("\n\n"), 2, Options{})
	_, err = residentSpec.Find(r, 0)
	wantErr(t, err, ErrEmpty, "err.tabular_empty")
}

func TestGetShortRowsAndUnknownKey(t *testing.T) {
	m, err := residentSpec.Map([]string{"姓名", "身份证号", "住址"})
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Get([]string{" 张三\u3000"}, "name"); got != "张三" {
		t.Errorf("Get trims: %q", got)
	}
	if got := m.Get([]string{"张三"}, "address"); got != "" {
		t.Errorf("short row: %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("unknown key did not panic")
		}
	}()
	m.Get(nil, "nope")
}

func TestDuplicates(t *testing.T) {
	d := NewDuplicates()
	if d.Check(2, "张三", "110105199003071234") != 0 || d.Check(3, "张三", "11010519900307123X") != 0 {
		t.Fatal("distinct rows reported as duplicates")
	}
	if got := d.Check(7, " 张三", "110105199003071234 "); got != 2 {
		t.Errorf("duplicate of line 2 reported as %d", got)
	}
	if d.Check(8, "ab", "c") != 0 || d.Check(9, "a", "bc") != 0 {
		t.Error("cell boundaries ignored")
	}
}
