package admin_test

import (
	"reflect"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestLevels(t *testing.T) {
	want := []admin.Level{admin.City, admin.District, admin.Street, admin.Community, admin.Grid, admin.Microgrid}
	if !reflect.DeepEqual(admin.Levels, want) {
		t.Fatalf("Levels = %v, want %v", admin.Levels, want)
	}
	for i, l := range admin.Levels {
		if int(l) != i+1 {
			t.Errorf("Levels[%d] = %d, want %d (levels are depths from 1)", i, l, i+1)
		}
	}
}

func TestLevelValid(t *testing.T) {
	tests := []struct {
		name  string
		level admin.Level
		want  bool
	}{
		{"city", admin.City, true},
		{"district", admin.District, true},
		{"street", admin.Street, true},
		{"community", admin.Community, true},
		{"grid", admin.Grid, true},
		{"micro-grid", admin.Microgrid, true},
		{"zero", 0, false},
		{"negative", -1, false},
		{"below micro-grid", admin.Microgrid + 1, false},
		{"far out of range", 100, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.level.Valid(); got != tt.want {
				t.Errorf("Level(%d).Valid() = %v, want %v", tt.level, got, tt.want)
			}
		})
	}
}

func TestLevelKey(t *testing.T) {
	tests := []struct {
		name  string
		level admin.Level
		want  string
	}{
		{"city", admin.City, "level.city"},
		{"district", admin.District, "level.district"},
		{"street", admin.Street, "level.street"},
		{"community", admin.Community, "level.community"},
		{"grid", admin.Grid, "level.grid"},
		{"micro-grid", admin.Microgrid, "level.microgrid"},
		{"zero", 0, "level.unknown"},
		{"below micro-grid", admin.Microgrid + 1, "level.unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.level.Key(); got != tt.want {
				t.Errorf("Level(%d).Key() = %q, want %q", tt.level, got, tt.want)
			}
			checkTranslatable(t, errs.M(tt.level.Key()))
		})
	}
}

func TestM(t *testing.T) {
	tests := []struct {
		name  string
		level admin.Level
		want  errs.Message
	}{
		{"city", admin.City, errs.Message{Key: "level.city"}},
		{"street", admin.Street, errs.Message{Key: "level.street"}},
		{"micro-grid", admin.Microgrid, errs.Message{Key: "level.microgrid"}},
		{"unknown", 0, errs.Message{Key: "level.unknown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := admin.M(tt.level); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("M(%d) = %#v, want %#v", tt.level, got, tt.want)
			}
		})
	}
}

func TestLevelChild(t *testing.T) {
	tests := []struct {
		name  string
		level admin.Level
		want  admin.Level
	}{
		{"city holds districts", admin.City, admin.District},
		{"district holds streets", admin.District, admin.Street},
		{"street holds communities", admin.Street, admin.Community},
		{"community holds grids", admin.Community, admin.Grid},
		{"grid holds micro-grids", admin.Grid, admin.Microgrid},
		{"micro-grid holds nothing", admin.Microgrid, 0},
		{"below micro-grid holds nothing", admin.Microgrid + 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.level.Child(); got != tt.want {
				t.Errorf("Level(%d).Child() = %d, want %d", tt.level, got, tt.want)
			}
		})
	}
}

// Walking Child from the city visits every level once, in the order of Levels, and
// ends at 0: the chain of parent/child relations is the list of levels.
func TestLevelChildChain(t *testing.T) {
	var chain []admin.Level
	for l := admin.City; l != 0; l = l.Child() {
		if len(chain) > len(admin.Levels) {
			t.Fatalf("Child chain does not end: %v", chain)
		}
		chain = append(chain, l)
	}
	if !reflect.DeepEqual(chain, admin.Levels) {
		t.Errorf("Child chain from City = %v, want %v", chain, admin.Levels)
	}
}

func TestLevelCodeRule(t *testing.T) {
	tests := []struct {
		name     string
		level    admin.Level
		min, max int
	}{
		{"city: GB/T 2260, 6 digits", admin.City, 6, 6},
		{"district: GB/T 2260, 6 digits", admin.District, 6, 6},
		{"street: 3 digits", admin.Street, 3, 3},
		{"community: 3 digits", admin.Community, 3, 3},
		{"grid: 2 to 3 digits", admin.Grid, 2, 3},
		{"micro-grid: 2 digits", admin.Microgrid, 2, 2},
		{"unknown level: no rule", 0, 0, 0},
		{"below micro-grid: no rule", admin.Microgrid + 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			min, max := tt.level.CodeRule()
			if min != tt.min || max != tt.max {
				t.Errorf("Level(%d).CodeRule() = (%d, %d), want (%d, %d)", tt.level, min, max, tt.min, tt.max)
			}
		})
	}
}
