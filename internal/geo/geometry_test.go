package geo

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		g    Geometry
		want error
	}{
		{"ok", Polygon{rect(0, 0, 1, 1)}, nil},
		{"ok with hole", Polygon{rect(0, 0, 3, 3), rect(1, 1, 2, 2)}, nil},
		{"unclosed", Polygon{rect(0, 0, 1, 1)[:4]}, ErrUnclosedRing},
		{"short hole", Polygon{rect(0, 0, 3, 3), {{1, 1}, {2, 2}, {1, 1}}}, ErrTooFewPoints},
		{"no rings", Polygon{}, ErrEmptyPolygon},
		{"no polygons", MultiPolygon{}, ErrEmptyPolygon},
		{"bad member", MultiPolygon{{rect(0, 0, 1, 1)}, {}}, ErrEmptyPolygon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.g.Validate()
			if tt.want == nil && err != nil {
				t.Errorf("Validate() = %v, want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Validate() = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRewind(t *testing.T) {
	tests := []struct {
		name string
		p    Polygon
	}{
		{"already right", Polygon{rect(0, 0, 3, 3), reversed(rect(1, 1, 2, 2))}},
		{"all wrong", Polygon{reversed(rect(0, 0, 3, 3)), rect(1, 1, 2, 2)}},
		{"all counter-clockwise", Polygon{rect(0, 0, 3, 3), rect(1, 1, 2, 2)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := tt.p[0][1]
			for _, p := range []Polygon{tt.p.Rewind(), MultiPolygon{tt.p}.Rewind()[0]} {
				if p[0].Area() <= 0 {
					t.Error("outer ring is not counter-clockwise")
				}
				if p[1].Area() >= 0 {
					t.Error("hole is not clockwise")
				}
				if p.Area() != tt.p.Area() {
					t.Errorf("area changed: %v, want %v", p.Area(), tt.p.Area())
				}
			}
			if tt.p[0][1] != orig {
				t.Error("Rewind modified its receiver")
			}
		})
	}
}
