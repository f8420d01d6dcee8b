package patrol

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// A track is stored as one short text per upload rather than one row per point: eight
// hours at 10 s intervals is 2,880 points, which as rows would cost a tuple, a key and an
// index entry each (some 300 KB a patrol and as many index writes), while the encoding
// below takes about 17 bytes a point (some 50 KB a patrol) in one row per upload, read
// back whole when a track is drawn.
//
// Each point is "ms,lng,lat,acc" separated by ";": the first point holds its Unix
// milliseconds and its coordinates in millionths of a degree (about 0.1 m), each later
// point the differences from the one before; the accuracy is whole metres.

const coordScale = 1e6

// EncodeTrack writes points in the compact text form.
func EncodeTrack(pts []Point) string {
	var b strings.Builder
	b.Grow(len(pts) * 18)
	var pt, px, py int64
	for i, p := range pts {
		t, x, y := p.At.UnixMilli(), int64(math.Round(p.Lng*coordScale)), int64(math.Round(p.Lat*coordScale))
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.FormatInt(t-pt, 10))
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(x-px, 10))
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(y-py, 10))
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(int64(math.Round(p.Accuracy)), 10))
		pt, px, py = t, x, y
	}
	return b.String()
}

// DecodeTrack reads points written by EncodeTrack.
func DecodeTrack(s string) ([]Point, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ";")
	out := make([]Point, 0, len(parts))
	var t, x, y int64
	for i, part := range parts {
		f := strings.Split(part, ",")
		if len(f) != 4 {
			return nil, fmt.Errorf("track point %d: %d fields", i+1, len(f))
		}
		var v [4]int64
		for j := range f {
			n, err := strconv.ParseInt(f[j], 10, 64)
			if err != nil {
				return nil, fmt.Errorf("track point %d: %w", i+1, err)
			}
			v[j] = n
		}
		t, x, y = t+v[0], x+v[1], y+v[2]
		out = append(out, Point{At: time.UnixMilli(t).UTC(), Lng: float64(x) / coordScale, Lat: float64(y) / coordScale, Accuracy: float64(v[3])})
	}
	return out, nil
}
