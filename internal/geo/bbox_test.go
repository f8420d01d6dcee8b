package geo

import "testing"

func TestBBoxContains(t *testing.T) {
	b := BBox{MinLng: 120, MinLat: 31, MaxLng: 121, MaxLat: 32}
	tests := []struct {
		name string
		p    Point
		want bool
	}{
		{"inside", Point{120.5, 31.5}, true},
		{"corner", Point{120, 31}, true},
		{"edge", Point{121, 31.2}, true},
		{"west", Point{119.9, 31.5}, false},
		{"north", Point{120.5, 32.1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Contains(tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
	if EmptyBBox().Contains(Point{}) {
		t.Error("empty box contains the origin")
	}
}

func TestBBoxIntersects(t *testing.T) {
	b := BBox{0, 0, 2, 2}
	tests := []struct {
		name string
		o    BBox
		want bool
	}{
		{"overlap", BBox{1, 1, 3, 3}, true},
		{"inside", BBox{0.5, 0.5, 1, 1}, true},
		{"around", BBox{-1, -1, 3, 3}, true},
		{"touching edge", BBox{2, 0, 3, 2}, true},
		{"touching corner", BBox{2, 2, 3, 3}, true},
		{"apart in lng", BBox{2.1, 0, 3, 2}, false},
		{"apart in lat", BBox{0, -2, 2, -0.1}, false},
		{"empty", EmptyBBox(), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := b.Intersects(tt.o); got != tt.want {
				t.Errorf("Intersects(%v) = %v, want %v", tt.o, got, tt.want)
			}
			if got := tt.o.Intersects(b); got != tt.want {
				t.Errorf("symmetric Intersects = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBBoxExtendUnion(t *testing.T) {
	b := EmptyBBox()
	if !b.IsEmpty() {
		t.Fatal("EmptyBBox is not empty")
	}
	b = b.Extend(Point{1, 2})
	if want := (BBox{1, 2, 1, 2}); b != want {
		t.Fatalf("after one point: %v, want %v", b, want)
	}
	b = b.Extend(Point{-1, 5})
	if want := (BBox{-1, 2, 1, 5}); b != want {
		t.Fatalf("after two points: %v, want %v", b, want)
	}
	if got := b.Union(EmptyBBox()); got != b {
		t.Errorf("union with empty = %v, want %v", got, b)
	}
	if got, want := b.Union(BBox{0, 0, 3, 3}), (BBox{-1, 0, 3, 5}); got != want {
		t.Errorf("union = %v, want %v", got, want)
	}
	if got, want := b.Center(), (Point{0, 3.5}); got != want {
		t.Errorf("center = %v, want %v", got, want)
	}
}

func TestGeometryBBox(t *testing.T) {
	outer := rect(0, 0, 4, 3)
	p := Polygon{outer, reversed(rect(1, 1, 2, 2))}
	if got, want := p.BBox(), (BBox{0, 0, 4, 3}); got != want {
		t.Errorf("polygon bbox = %v, want %v", got, want)
	}
	m := MultiPolygon{p, {rect(10, -1, 11, 0)}}
	if got, want := m.BBox(), (BBox{0, -1, 11, 3}); got != want {
		t.Errorf("multipolygon bbox = %v, want %v", got, want)
	}
	if !(Polygon{}).BBox().IsEmpty() {
		t.Error("empty polygon has a non-empty bbox")
	}
}
