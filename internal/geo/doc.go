// Package geo holds the plane and map geometry the rest of shequ relies on:
// points, rings, polygons with holes, bounding boxes, point-in-polygon tests,
// areas and centroids, conversions between the coordinate systems used by
// Chinese map providers, and GeoJSON encoding.
//
// Coordinates are stored as WGS-84 longitude/latitude in degrees unless a
// function says otherwise (see §5 of the design notes: store WGS-84, convert
// at the edges). GCJ-02 is the datum required by Chinese national map rules
// and used by AMap, Tencent and most Chinese GeoJSON; BD-09 is Baidu's further
// offset of GCJ-02.
//
// The package is pure domain code: standard library only, no I/O.
package geo
