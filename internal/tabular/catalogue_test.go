package tabular

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// Every message key this package uses is in the catalogue in both languages (the
// web package's catalogue test does not look here).
func TestCatalogue(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"((?:err|tabular)\.[a-z0-9_.]+)"`)
	seen := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			seen++
			zh, en := i18n.Entry(m[1])
			if !i18n.Has(m[1]) || zh == "" || en == "" {
				t.Errorf("%s: key %q is not in the catalogue in both languages", f, m[1])
			}
		}
	}
	if seen < 20 {
		t.Errorf("found only %d keys: is the pattern right?", seen)
	}
}

// The messages render without formatting debris for the arguments the package
// passes.
func TestMessagesRender(t *testing.T) {
	msgs := []errs.Message{
		errs.M("err.tabular_column_missing", "身份证号", "ID number"),
		errs.M("err.tabular_column_duplicate", "身份证号", "B", "D", "ID number"),
		errs.M("err.tabular_number_precision", 12, "C"),
		errs.M("err.tabular_mixed_encoding", 1, 7),
		errs.M("err.tabular_record_too_long", 3, 4096),
		errs.M("tabular.unknown_column", "备注", "F"),
		errs.M("tabular.report_item", "姓名", "必填"),
	}
	for _, m := range msgs {
		for _, lang := range i18n.Langs {
			s := i18n.Msg(lang, m)
			if strings.Contains(s, "%!") || s == m.Key {
				t.Errorf("%s in %s: %q", m.Key, lang, s)
			}
		}
	}
}
