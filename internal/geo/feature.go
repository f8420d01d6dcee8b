package geo

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Feature is a GeoJSON Feature: an area with free-form properties, the unit
// that map layers (Leaflet, ECharts) draw and style.
type Feature struct {
	// ID is the optional feature identifier, a string or a number.
	ID any
	// Geometry is the shape, or nil for a feature without one (GeoJSON
	// writes that as null).
	Geometry Geometry
	// Properties holds the feature's attributes. Numbers decode as float64,
	// as with any encoding/json map.
	Properties map[string]any
}

// FeatureCollection is a GeoJSON FeatureCollection.
type FeatureCollection struct {
	Features []Feature
}

// featureJSON is the wire form of a Feature; the geometry stays raw until the
// type is known.
type featureJSON struct {
	Type       string          `json:"type"`
	ID         any             `json:"id,omitempty"`
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
}

// MarshalJSON encodes f as a GeoJSON Feature object.
func (f Feature) MarshalJSON() ([]byte, error) {
	geom := json.RawMessage("null")
	if f.Geometry != nil {
		var err error
		if geom, err = MarshalGeoJSON(f.Geometry); err != nil {
			return nil, err
		}
	}
	return json.Marshal(featureJSON{Type: "Feature", ID: f.ID, Geometry: geom, Properties: f.Properties})
}

// UnmarshalJSON decodes a GeoJSON Feature object, rejecting other types and
// invalid geometries.
func (f *Feature) UnmarshalJSON(data []byte) error {
	var fj featureJSON
	if err := json.Unmarshal(data, &fj); err != nil {
		return fmt.Errorf("geo: parse GeoJSON Feature: %w", err)
	}
	if fj.Type != "Feature" {
		return fmt.Errorf("geo: parse GeoJSON Feature: type is %q, want \"Feature\"", fj.Type)
	}
	var g Geometry
	if len(fj.Geometry) > 0 && !bytes.Equal(bytes.TrimSpace(fj.Geometry), []byte("null")) {
		var err error
		if g, err = ParseGeoJSONGeometry(fj.Geometry); err != nil {
			return err
		}
	}
	*f = Feature{ID: fj.ID, Geometry: g, Properties: fj.Properties}
	return nil
}

// featureCollectionJSON is the wire form of a FeatureCollection.
type featureCollectionJSON struct {
	Type     string    `json:"type"`
	Features []Feature `json:"features"`
}

// MarshalJSON encodes c as a GeoJSON FeatureCollection object. An empty
// collection is written with "features": [] rather than null, as RFC 7946
// requires an array.
func (c FeatureCollection) MarshalJSON() ([]byte, error) {
	fs := c.Features
	if fs == nil {
		fs = []Feature{}
	}
	return json.Marshal(featureCollectionJSON{Type: "FeatureCollection", Features: fs})
}

// UnmarshalJSON decodes a GeoJSON FeatureCollection object. An error in one
// feature names its index.
func (c *FeatureCollection) UnmarshalJSON(data []byte) error {
	var raw struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return fmt.Errorf("geo: parse GeoJSON FeatureCollection: %w", err)
	}
	if raw.Type != "FeatureCollection" {
		return fmt.Errorf("geo: parse GeoJSON FeatureCollection: type is %q, want \"FeatureCollection\"", raw.Type)
	}
	fs := make([]Feature, len(raw.Features))
	for i, r := range raw.Features {
		if err := fs[i].UnmarshalJSON(r); err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
	}
	c.Features = fs
	return nil
}
