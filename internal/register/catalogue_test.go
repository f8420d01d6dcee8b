package register_test

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
)

// keyRE matches the catalogue keys this package writes as string literals.
var keyRE = regexp.MustCompile(`^(?:err|entity|sex|building_kind|house_use|reg_type|care_tag|relation|residence_role|org_kind|facility_major|facility_class|facility_condition|ethnicity)\.[a-z0-9_.]+$`)

// usedKeys is every catalogue key the package can produce: the keys written as literals
// in its source, and the keys its enumerations build from their values.
func usedKeys(t *testing.T) map[string]bool {
	t.Helper()
	used := map[string]bool{}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && keyRE.MatchString(s) {
					used[s] = true
				}
			}
			return true
		})
	}
	add := func(keys ...string) {
		for _, k := range keys {
			used[k] = true
		}
	}
	for _, v := range register.Sexes {
		add(v.Key())
	}
	for _, v := range register.BuildingKinds {
		add(v.Key())
	}
	for _, v := range register.HouseUses {
		add(v.Key())
	}
	for _, v := range register.RegTypes {
		add(v.Key())
	}
	for _, v := range register.CareTags {
		add(v.Key())
	}
	for _, v := range register.Ethnicities {
		add(v.Key())
	}
	for _, v := range register.Relations {
		add(v.Key())
	}
	for _, v := range register.ResidenceRoles {
		add(v.Key())
	}
	for _, v := range register.OrgKinds {
		add(v.Key())
	}
	for _, v := range register.FacilityMajors {
		add(v.Key())
	}
	for _, v := range register.FacilityClasses {
		add(v.Key())
	}
	for _, v := range register.FacilityConditions {
		add(v.Key())
	}
	return used
}

// Every key the package uses is in the catalogue in both languages (keys shared with
// other packages, such as err.required, included).
func TestCatalogueCoversRegister(t *testing.T) {
	for k := range usedKeys(t) {
		if !i18n.Has(k) {
			t.Errorf("key %q is not in the catalogue", k)
			continue
		}
		if zh, en := i18n.Entry(k); zh == "" || en == "" {
			t.Errorf("key %q lacks a translation", k)
		}
	}
}

// register.json holds only keys the package uses, so it cannot fill with dead entries.
func TestRegisterCatalogueHasNoStrays(t *testing.T) {
	if n := len(usedKeys(t)); n < 200 {
		t.Fatalf("found only %d keys in use: the scan is broken", n)
	}
	b, err := os.ReadFile("../i18n/messages/register.json")
	if err != nil {
		t.Fatal(err)
	}
	var entries map[string][2]string
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatal(err)
	}
	used := usedKeys(t)
	for k := range entries {
		if !used[k] {
			t.Errorf("register.json defines %q, which the package never uses", k)
		}
	}
}
