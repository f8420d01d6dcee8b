// Package mediatest makes test photos the way phone cameras write them: a gradient
// picture encoded by the standard library, with Exif written by hand — a TIFF structure
// with the camera's make, the orientation and a GPS directory holding the latitude and
// longitude of 平江路 in Suzhou (31°19'5.23"N 120°37'44.10"E) — and XMP, IPTC, comments
// and a second picture after the end of the image. HasLocation finds what must be gone.
package mediatest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// Picture is a w×h gradient, different in every pixel so that lossless means something.
func Picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), uint8((x + y) % 256), 0xFF})
		}
	}
	return img
}

func EncodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func EncodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The GPS values written, recognisable in the bytes of a file.
var (
	Latitude  = [][2]uint32{{31, 1}, {19, 1}, {523, 100}}
	Longitude = [][2]uint32{{120, 1}, {37, 1}, {4410, 100}}
)

// ExifTIFF builds a little-endian TIFF structure: IFD0 with Make, (Orientation when
// orientation > 0) and, when gps, the pointer to a GPS directory with version,
// latitude and longitude.
func ExifTIFF(orientation int, gps bool) []byte {
	le := binary.LittleEndian
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when ≤ 4 bytes, else placed after the directories
	}
	u16 := func(v uint16) []byte { return le.AppendUint16(nil, v) }
	u32 := func(v uint32) []byte { return le.AppendUint32(nil, v) }
	rationals := func(rs [][2]uint32) []byte {
		var b []byte
		for _, r := range rs {
			b = le.AppendUint32(le.AppendUint32(b, r[0]), r[1])
		}
		return b
	}
	ifd0 := []entry{{0x010F, 2, 7, []byte("Huawei\x00")}}
	if orientation > 0 {
		ifd0 = append(ifd0, entry{0x0112, 3, 1, u16(uint16(orientation))})
	}
	var gpsIFD []entry
	if gps {
		ifd0 = append(ifd0, entry{0x8825, 4, 1, nil}) // offset filled below
		gpsIFD = []entry{
			{0x0000, 1, 4, []byte{2, 2, 0, 0}},
			{0x0001, 2, 2, []byte("N\x00")},
			{0x0002, 5, 3, rationals(Latitude)},
			{0x0003, 2, 2, []byte("E\x00")},
			{0x0004, 5, 3, rationals(Longitude)},
		}
	}
	dirSize := func(es []entry) int { return 2 + 12*len(es) + 4 }
	extra := func(es []entry) int {
		n := 0
		for _, e := range es {
			if len(e.value) > 4 {
				n += len(e.value)
			}
		}
		return n
	}
	ifd0At := 8
	gpsAt := ifd0At + dirSize(ifd0) + extra(ifd0)
	for i := range ifd0 {
		if ifd0[i].tag == 0x8825 {
			ifd0[i].value = u32(uint32(gpsAt))
		}
	}
	out := []byte("II*\x00")
	out = le.AppendUint32(out, uint32(ifd0At))
	write := func(es []entry, at int) {
		data := at + dirSize(es)
		out = le.AppendUint16(out, uint16(len(es)))
		var tail []byte
		for _, e := range es {
			out = le.AppendUint16(out, e.tag)
			out = le.AppendUint16(out, e.typ)
			out = le.AppendUint32(out, e.count)
			if len(e.value) > 4 {
				out = le.AppendUint32(out, uint32(data+len(tail)))
				tail = append(tail, e.value...)
			} else {
				v := append(append([]byte(nil), e.value...), make([]byte, 4-len(e.value))...)
				out = append(out, v...)
			}
		}
		out = le.AppendUint32(out, 0)
		out = append(out, tail...)
	}
	write(ifd0, ifd0At)
	if gps {
		write(gpsIFD, gpsAt)
	}
	return out
}

func Segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// PhoneJPEG is a w×h JPEG as a phone writes it: Exif with GPS and the orientation, XMP
// with location too, IPTC, a comment, and after the end of the image a second picture
// with its own Exif (as multi-picture files carry).
func PhoneJPEG(t testing.TB, w, h, orientation int) []byte {
	plain := EncodeJPEG(t, Picture(w, h))
	var b []byte
	b = append(b, plain[:2]...)
	b = append(b, Segment(0xE0, []byte("JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00"))...)
	b = append(b, Segment(0xE1, append([]byte("Exif\x00\x00"), ExifTIFF(orientation, true)...))...)
	b = append(b, Segment(0xE1, []byte(`http://ns.adobe.com/xap/1.0/`+"\x00"+`<x:xmpmeta><rdf:Description exif:GPSLatitude="31,19.087N"/></x:xmpmeta>`))...)
	b = append(b, Segment(0xE2, []byte("MPF\x00II*\x00\x08\x00\x00\x00"))...)
	b = append(b, Segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04 平江路"))...)
	b = append(b, Segment(0xFE, []byte("taken at 平江路 17 号"))...)
	b = append(b, plain[2:]...)
	second := EncodeJPEG(t, Picture(8, 8))
	b = append(b, second[:2]...)
	b = append(b, Segment(0xE1, append([]byte("Exif\x00\x00"), ExifTIFF(0, true)...))...)
	b = append(b, second[2:]...)
	return b
}

// PhonePNG is a PNG with an eXIf chunk carrying GPS and text chunks.
func PhonePNG(t testing.TB, w, h, orientation int) []byte {
	plain := EncodePNG(t, Picture(w, h))
	ihdrEnd := 8 + 12 + 13
	var b []byte
	b = append(b, plain[:ihdrEnd]...)
	b = AppendPNGChunk(b, "eXIf", ExifTIFF(orientation, true))
	b = AppendPNGChunk(b, "tEXt", []byte("Comment\x00at 31.318N 120.628E"))
	b = AppendPNGChunk(b, "iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta/>"))
	b = append(b, plain[ihdrEnd:]...)
	return b
}

// HasLocation reports whether b holds the test's coordinates or any TIFF directory with a GPS
// pointer: the coordinates of the test photos,
// XMP location, or any TIFF directory with a GPS pointer. It is written apart from the
// media package's own check on purpose.
func HasLocation(b []byte) bool {
	var lat []byte
	for _, r := range Latitude {
		lat = binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(lat, r[0]), r[1])
	}
	return bytes.Contains(b, lat) || bytes.Contains(b, []byte("GPSLatitude")) || HasGPSDirectory(b)
}

// HasGPSDirectory reports whether b holds, anywhere, a TIFF directory with a GPS pointer.
func HasGPSDirectory(b []byte) bool {
	for i := 0; i+8 <= len(b); i++ {
		var order binary.ByteOrder
		switch {
		case b[i] == 'I' && b[i+1] == 'I' && b[i+2] == 42 && b[i+3] == 0:
			order = binary.LittleEndian
		case b[i] == 'M' && b[i+1] == 'M' && b[i+2] == 0 && b[i+3] == 42:
			order = binary.BigEndian
		default:
			continue
		}
		t := b[i:]
		off := int64(order.Uint32(t[4:]))
		if off < 0 || off+2 > int64(len(t)) {
			continue
		}
		n := int64(order.Uint16(t[off:]))
		for e := int64(0); e < n && off+2+12*e+2 <= int64(len(t)); e++ {
			if order.Uint16(t[off+2+12*e:]) == 0x8825 {
				return true
			}
		}
	}
	return false
}

// AppendPNGChunk appends a PNG chunk with its length and checksum.
func AppendPNGChunk(out []byte, typ string, payload []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(payload)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, payload...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}
