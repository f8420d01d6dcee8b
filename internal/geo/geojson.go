package geo

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Geometry is a shape that this package reads and writes as a GeoJSON
// geometry object: a Polygon or a MultiPolygon. The interface is sealed (it
// has an unexported method) so a type switch over it is exhaustive.
type Geometry interface {
	// BBox returns the bounding box of the shape.
	BBox() BBox
	// Contains reports whether a point lies inside the shape.
	Contains(Point) bool
	// Validate reports whether every ring is closed and long enough.
	Validate() error
	geoJSONType() string
}

func (Polygon) geoJSONType() string      { return "Polygon" }
func (MultiPolygon) geoJSONType() string { return "MultiPolygon" }

// ErrUnknownGeometryType reports a GeoJSON geometry whose "type" is missing,
// misspelt, or not one this package handles (Point, LineString… are valid
// GeoJSON but not areas).
var ErrUnknownGeometryType = errors.New("unknown or unsupported geometry type (want Polygon or MultiPolygon)")

// geometryJSON is the wire form of a GeoJSON geometry object.
type geometryJSON struct {
	Type        string          `json:"type"`
	Coordinates json.RawMessage `json:"coordinates"`
}

// MarshalGeoJSON encodes g as a GeoJSON (RFC 7946) geometry object, after
// checking that its rings are valid so that nothing unreadable is written.
// Rings are written in the order and orientation they have.
func MarshalGeoJSON(g Geometry) ([]byte, error) {
	if g == nil {
		return nil, errors.New("geo: marshal GeoJSON: nil geometry")
	}
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("geo: marshal GeoJSON %s: %w", g.geoJSONType(), err)
	}
	var coords any
	switch v := g.(type) {
	case Polygon:
		coords = polygonCoords(v)
	case MultiPolygon:
		mc := make([][][][2]float64, len(v))
		for i, p := range v {
			mc[i] = polygonCoords(p)
		}
		coords = mc
	}
	raw, err := json.Marshal(coords)
	if err != nil {
		// Only NaN or ±Inf coordinates get here.
		return nil, fmt.Errorf("geo: marshal GeoJSON %s: %w", g.geoJSONType(), err)
	}
	return json.Marshal(geometryJSON{Type: g.geoJSONType(), Coordinates: raw})
}

func polygonCoords(p Polygon) [][][2]float64 {
	out := make([][][2]float64, len(p))
	for i, r := range p {
		out[i] = make([][2]float64, len(r))
		for j, pt := range r {
			out[i][j] = [2]float64{pt.Lng, pt.Lat}
		}
	}
	return out
}

// ParseGeoJSONGeometry decodes a GeoJSON geometry object of type Polygon or
// MultiPolygon and validates its rings. Errors name the offending polygon
// and ring and wrap ErrUnknownGeometryType, ErrUnclosedRing,
// ErrTooFewPoints or ErrEmptyPolygon where one of those is the cause.
// Altitudes, if present, are dropped.
func ParseGeoJSONGeometry(data []byte) (Geometry, error) {
	var gj geometryJSON
	if err := json.Unmarshal(data, &gj); err != nil {
		return nil, fmt.Errorf("geo: parse GeoJSON geometry: %w", err)
	}
	return gj.decode()
}

func (gj geometryJSON) decode() (Geometry, error) {
	wrap := func(err error) error {
		return fmt.Errorf("geo: parse GeoJSON %s: %w", gj.Type, err)
	}
	var g Geometry
	switch gj.Type {
	case "Polygon":
		var c [][][]float64
		if err := json.Unmarshal(gj.Coordinates, &c); err != nil {
			return nil, wrap(err)
		}
		p, err := polygonFromCoords(c)
		if err != nil {
			return nil, wrap(err)
		}
		g = p
	case "MultiPolygon":
		var c [][][][]float64
		if err := json.Unmarshal(gj.Coordinates, &c); err != nil {
			return nil, wrap(err)
		}
		m := make(MultiPolygon, len(c))
		for i, pc := range c {
			p, err := polygonFromCoords(pc)
			if err != nil {
				return nil, wrap(fmt.Errorf("polygon %d: %w", i, err))
			}
			m[i] = p
		}
		g = m
	default:
		return nil, fmt.Errorf("geo: parse GeoJSON geometry %q: %w", gj.Type, ErrUnknownGeometryType)
	}
	if err := g.Validate(); err != nil {
		return nil, wrap(err)
	}
	return g, nil
}

func polygonFromCoords(c [][][]float64) (Polygon, error) {
	p := make(Polygon, len(c))
	for i, rc := range c {
		r := make(Ring, len(rc))
		for j, pos := range rc {
			if len(pos) < 2 {
				return nil, fmt.Errorf("ring %d position %d: want [lng, lat], got %d numbers", i, j, len(pos))
			}
			r[j] = Point{pos[0], pos[1]}
		}
		p[i] = r
	}
	return p, nil
}

// AsMultiPolygon returns g as a MultiPolygon: a Polygon becomes a one-part
// MultiPolygon, anything else nil.
func AsMultiPolygon(g Geometry) MultiPolygon {
	switch v := g.(type) {
	case Polygon:
		return MultiPolygon{v}
	case MultiPolygon:
		return v
	}
	return nil
}
