package tabular

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const residentsCSV = "姓名,身份证号,住址\r\n张三,110105199003071234,\"北京市朝阳区\r\n幸福里 3 号\"\r\n李四,11010519900307123X,平江路 5 号\r\n"

var residentsRows = [][]string{
	{"姓名", "身份证号", "住址"},
	{"张三", "110105199003071234", "北京市朝阳区\n幸福里 3 号"},
	{"李四", "11010519900307123X", "平江路 5 号"},
}

func gbk(t testing.TB, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16Bytes(s string, order binary.AppendByteOrder, bom bool) []byte {
	var out []byte
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xfeff}, units...)
	}
	for _, u := range units {
		out = order.AppendUint16(out, u)
	}
	return out
}

// The encodings Excel and other tools write are detected and decoded.
func TestCSVEncodings(t *testing.T) {
	tab := strings.ReplaceAll(strings.ReplaceAll(residentsCSV, ",", "\t"), "\r\n幸", "\n幸")
	tabRows := [][]string{residentsRows[0], {"张三", "110105199003071234", "北京市朝阳区\n幸福里 3 号"}, residentsRows[2]}
	// GB18030 four-byte characters: 𠀀 (outside the BMP) and ㊣ (outside GBK).
	rare := "姓名\r\n𠀀㊣\r\n"
	rareGB, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(rare))
	tests := []struct {
		name string
		file []byte
		enc  Encoding
		want [][]string
	}{
		{"utf-8", []byte(residentsCSV), EncodingUTF8, residentsRows},
		{"utf-8 bom", append([]byte("\xef\xbb\xbf"), residentsCSV...), EncodingUTF8BOM, residentsRows},
		{"gbk from excel", gbk(t, residentsCSV), EncodingGB18030, residentsRows},
		{"gb18030 four-byte", rareGB, EncodingGB18030, [][]string{{"姓名"}, {"𠀀㊣"}}},
		{"utf-16le unicode text", utf16Bytes(tab, binary.LittleEndian, true), EncodingUTF16LE, tabRows},
		{"utf-16be", utf16Bytes(tab, binary.BigEndian, true), EncodingUTF16BE, tabRows},
		{"utf-16le without bom", utf16Bytes(tab, binary.LittleEndian, false), EncodingUTF16LE, tabRows},
		{"ascii", []byte("name,phone\nzhang,13800138000\n"), EncodingUTF8, [][]string{{"name", "phone"}, {"zhang", "13800138000"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := mustRead(t, tt.file, Options{})
			if r.Encoding() != tt.enc || r.Format() != FormatCSV {
				t.Errorf("encoding %q format %q, want %q csv", r.Encoding(), r.Format(), tt.enc)
			}
			if got := cells(rows); !equalRows(got, tt.want) {
				t.Errorf("rows = %q\nwant %q", got, tt.want)
			}
		})
	}
}

// Detection reads the whole file: Chinese text that first appears far into a file of
// ASCII decides the encoding all the same.
func TestCSVEncodingLate(t *testing.T) {
	ascii := strings.Repeat("x,1234567890\n", 20000) // 260 KB, past the first chunk
	for _, tt := range []struct {
		name string
		file []byte
		enc  Encoding
	}{
		{"utf-8", []byte(ascii + "张三,1\n"), EncodingUTF8},
		{"gbk", append([]byte(ascii), gbk(t, "张三,1\n")...), EncodingGB18030},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := mustRead(t, tt.file, Options{})
			if r.Encoding() != tt.enc {
				t.Errorf("encoding %s, want %s", r.Encoding(), tt.enc)
			}
			if last := rows[len(rows)-1]; last.cells[0] != "张三" || last.n != 20001 {
				t.Errorf("last row %d %q", last.n, last.cells)
			}
		})
	}
}

// A file that is part UTF-8 and part GBK (rows pasted from two exports) is refused
// with the lines that show it; so is one whose bytes are no known encoding.
func TestCSVBadEncoding(t *testing.T) {
	var mixed bytes.Buffer
	mixed.WriteString("姓名,住址\n")
	for range 5 {
		mixed.WriteString("王小明,平江路五号\n")
	}
	mixed.Write(gbk(t, "张三,北京市朝阳区\n"))
	_, _, err := readAll(t, mixed.Bytes(), Options{})
	wantErr(t, err, ErrEncoding, "err.tabular_mixed_encoding")
	if e := asErr(err); e.Msg.Args[0] != 1 || e.Msg.Args[1] != 7 {
		t.Errorf("lines %v, want 1 (UTF-8) and 7 (not)", e.Msg.Args)
	}

	_, _, err = readAll(t, []byte("name\nab\xff\xfecd\n"), Options{})
	wantErr(t, err, ErrEncoding, "err.tabular_unknown_encoding")

	withBOM := append([]byte("\xef\xbb\xbf姓名\n王小明\n"), gbk(t, "张三\n")...)
	_, _, err = readAll(t, withBOM, Options{})
	wantErr(t, err, ErrEncoding, "err.tabular_bad_utf8")
	if e := asErr(err); e.Msg.Args[0] != 3 {
		t.Errorf("line %v, want 3", e.Msg.Args[0])
	}
}

// GBK text sometimes forms valid UTF-8 by chance; a realistic GBK register must not be
// taken for a mixed file.
func TestCSVGBKNotMistakenForMixed(t *testing.T) {
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国建华志强春梅海燕桂兰淑珍德胜宇浩然子轩欣怡梓涵")
	places := []string{"平江路", "观前街", "干将西路", "人民路", "十全街", "凤凰街", "道前街", "景德路", "养育巷", "临顿路"}
	var b strings.Builder
	b.WriteString("姓名,身份证号,手机,住址,备注\n")
	seed := uint32(7)
	rnd := func(n int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % n
	}
	for i := range 20000 {
		name := string(surnames[rnd(len(surnames))]) + string(given[rnd(len(given))])
		if rnd(2) == 0 {
			name += string(given[rnd(len(given))])
		}
		b.WriteString(name + ",32050819800101" + string(rune('0'+i%10)) + "23X,1380013" + string(rune('0'+i%10)) + "000,")
		b.WriteString(places[rnd(len(places))] + string(rune('0'+rnd(10))) + "号,独居老人\n")
	}
	r, rows := mustRead(t, gbk(t, b.String()), Options{})
	if r.Encoding() != EncodingGB18030 || len(rows) != 20001 {
		t.Fatalf("encoding %s, %d rows", r.Encoding(), len(rows))
	}
}

// Separators are sniffed; quoted fields may hold separators, quotes and line breaks;
// line numbers are where each record starts.
func TestCSVShapes(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		comma rune
		want  []line
	}{
		{"comma", "a,b\n1,2\n", ',', []line{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"semicolon", "a;b;c\n1;\"2;3\";4\n", ';', []line{{1, []string{"a", "b", "c"}}, {2, []string{"1", "2;3", "4"}}}},
		{"tab", "a\tb\n1,5\t2\n", '\t', []line{{1, []string{"a", "b"}}, {2, []string{"1,5", "2"}}}},
		{"separators inside quotes do not count", "\"a,b,c\";d\n1;2\n", ';', []line{{1, []string{"a,b,c", "d"}}, {2, []string{"1", "2"}}}},
		{"excel sep line", "sep=;\na,b;c\n1;2\n", ';', []line{{2, []string{"a,b", "c"}}, {3, []string{"1", "2"}}}},
		{"title row above header", "居民台账\n姓名,电话,住址\n张三,1,x\n", ',', []line{{1, []string{"居民台账"}}, {2, []string{"姓名", "电话", "住址"}}, {3, []string{"张三", "1", "x"}}}},
		{"multi-line field", "a,b\n\"1\n2\n3\",x\ny,z\n", ',', []line{{1, []string{"a", "b"}}, {2, []string{"1\n2\n3", "x"}}, {5, []string{"y", "z"}}}},
		{"quotes doubled", "a\n\"他说\"\"好\"\"\"\n", ',', []line{{1, []string{"a"}}, {2, []string{`他说"好"`}}}},
		{"trailing separator of excel exports", "a,b,\n1,2,\n3,,\n", ',', []line{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}, {3, []string{"3"}}}},
		{"blank and empty rows skipped", "a,b\n\n,\n  , \n1,2\n", ',', []line{{1, []string{"a", "b"}}, {5, []string{"1", "2"}}}},
		{"ragged rows", "a,b,c\n1\n1,2,3,4\n", ',', []line{{1, []string{"a", "b", "c"}}, {2, []string{"1"}}, {3, []string{"1", "2", "3", "4"}}}},
		{"excel text formulas unwrapped", "id,code\n=\"110105199003071234\",=\"007\"\n=\"a\"\"b\",=SUM(A1)\n", ',', []line{{1, []string{"id", "code"}}, {2, []string{"110105199003071234", "007"}}, {3, []string{`a"b`, "=SUM(A1)"}}}},
		{"bare quotes are text, as in Excel", "a,b\n3,他说\"好\n4,6\"\n", ',', []line{{1, []string{"a", "b"}}, {2, []string{"3", `他说"好`}}, {3, []string{"4", `6"`}}}},
		{"text after a closing quote is kept", "a,b\n\"x\"y,2\n", ',', []line{{1, []string{"a", "b"}}, {2, []string{"xy", "2"}}}},
		{"line longer than the buffer", "a\n" + strings.Repeat("长", 40000) + "\n", ',', []line{{1, []string{"a"}}, {2, []string{strings.Repeat("长", 40000)}}}},
		{"classic mac line ends", "a,b\r1,2\r", ',', []line{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
		{"no final newline", "a,b\n1,2", ',', []line{{1, []string{"a", "b"}}, {2, []string{"1", "2"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, rows := mustRead(t, []byte(tt.file), Options{})
			if r.Comma() != tt.comma {
				t.Errorf("comma %q, want %q", r.Comma(), tt.comma)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("rows = %v\nwant %v", rows, tt.want)
			}
			for i := range rows {
				if rows[i].n != tt.want[i].n || !equalRows([][]string{rows[i].cells}, [][]string{tt.want[i].cells}) {
					t.Errorf("row %d = %d %q, want %d %q", i, rows[i].n, rows[i].cells, tt.want[i].n, tt.want[i].cells)
				}
			}
		})
	}
}

// Malformed records stop the reader with the line to look at.
func TestCSVMalformed(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		opts     Options
		sentinel error
		key      string
		line     int
	}{
		{"quote never closed", "a,b\n1,\"2\n3,4\n", Options{}, ErrSyntax, "err.tabular_csv_quote", 2},
		{"quote closed too late", "a,b\n1,\"2\n3,4\n5,6\"\"\n", Options{}, ErrSyntax, "err.tabular_csv_quote", 2},
		{"long line", "a\n" + strings.Repeat("x", 100<<10) + "\n", Options{MaxRecordBytes: 64 << 10}, ErrTooLarge, "err.tabular_record_too_long", 2},
		{"runaway record", "a,b\n1,\"" + strings.Repeat("x\n", 200<<10), Options{MaxRecordBytes: 64 << 10}, ErrTooLarge, "err.tabular_record_too_long", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, []byte(tt.file), tt.opts)
			wantErr(t, err, tt.sentinel, tt.key)
			if e := asErr(err); e != nil && e.Msg.Args[0] != tt.line {
				t.Errorf("line %v, want %d", e.Msg.Args[0], tt.line)
			}
		})
	}
}
