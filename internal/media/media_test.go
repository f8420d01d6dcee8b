package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
)

// The test photos are made here: a picture with a gradient encoded by image/jpeg, and
// Exif written by hand the way phone cameras write it — a TIFF structure in APP1 with
// the camera's make, the orientation and a GPS directory holding the latitude and
// longitude of 平江路 in Suzhou (31°19'5.23"N 120°37'44.10"E).

// picture is a w×h gradient, different in every pixel so that lossless means something.
func picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.NRGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), uint8((x + y) % 256), 0xFF})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The GPS values written, recognisable in the bytes of a file.
var (
	latitude  = [][2]uint32{{31, 1}, {19, 1}, {523, 100}}
	longitude = [][2]uint32{{120, 1}, {37, 1}, {4410, 100}}
)

// exifTIFF builds a little-endian TIFF structure: IFD0 with Make, (Orientation when
// orientation > 0) and, when gps, the pointer to a GPS directory with version,
// latitude and longitude.
func exifTIFF(orientation int, gps bool) []byte {
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
			{0x0002, 5, 3, rationals(latitude)},
			{0x0003, 2, 2, []byte("E\x00")},
			{0x0004, 5, 3, rationals(longitude)},
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

func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xFF, marker, byte(n >> 8), byte(n)}, payload...)
}

// phoneJPEG is a w×h JPEG as a phone writes it: Exif with GPS and the orientation, XMP
// with location too, IPTC, a comment, and after the end of the image a second picture
// with its own Exif (as multi-picture files carry).
func phoneJPEG(t testing.TB, w, h, orientation int) []byte {
	plain := encodeJPEG(t, picture(w, h))
	var b []byte
	b = append(b, plain[:2]...)
	b = append(b, segment(0xE0, []byte("JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00"))...)
	b = append(b, segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(orientation, true)...))...)
	b = append(b, segment(0xE1, []byte(`http://ns.adobe.com/xap/1.0/`+"\x00"+`<x:xmpmeta><rdf:Description exif:GPSLatitude="31,19.087N"/></x:xmpmeta>`))...)
	b = append(b, segment(0xE2, []byte("MPF\x00II*\x00\x08\x00\x00\x00"))...)
	b = append(b, segment(0xED, []byte("Photoshop 3.0\x008BIM\x04\x04 平江路"))...)
	b = append(b, segment(0xFE, []byte("taken at 平江路 17 号"))...)
	b = append(b, plain[2:]...)
	second := encodeJPEG(t, picture(8, 8))
	b = append(b, second[:2]...)
	b = append(b, segment(0xE1, append([]byte("Exif\x00\x00"), exifTIFF(0, true)...))...)
	b = append(b, second[2:]...)
	return b
}

// phonePNG is a PNG with an eXIf chunk carrying GPS and text chunks.
func phonePNG(t testing.TB, w, h, orientation int) []byte {
	plain := encodePNG(t, picture(w, h))
	ihdrEnd := 8 + 12 + 13
	var b []byte
	b = append(b, plain[:ihdrEnd]...)
	b = appendPNGChunk(b, "eXIf", exifTIFF(orientation, true))
	b = appendPNGChunk(b, "tEXt", []byte("Comment\x00at 31.318N 120.628E"))
	b = appendPNGChunk(b, "iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00<x:xmpmeta/>"))
	b = append(b, plain[ihdrEnd:]...)
	return b
}

// gpsIn reports whether b holds the test's coordinates or any TIFF directory with a GPS
// pointer; written apart from the package's own check on purpose.
func gpsIn(b []byte) bool {
	var lat []byte
	for _, r := range latitude {
		lat = binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(lat, r[0]), r[1])
	}
	return bytes.Contains(b, lat) || bytes.Contains(b, []byte("GPSLatitude")) || gpsDirectoryIn(b)
}

// gpsDirectoryIn reports whether b holds, anywhere, a TIFF directory with a GPS pointer.
func gpsDirectoryIn(b []byte) bool {
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

func samePixels(t *testing.T, a, b []byte) {
	t.Helper()
	ia, _, err := image.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatalf("decode original: %v", err)
	}
	ib, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode cleaned: %v", err)
	}
	if ia.Bounds() != ib.Bounds() {
		t.Fatalf("bounds %v, want %v", ib.Bounds(), ia.Bounds())
	}
	for y := ia.Bounds().Min.Y; y < ia.Bounds().Max.Y; y++ {
		for x := ia.Bounds().Min.X; x < ia.Bounds().Max.X; x++ {
			if ia.At(x, y) != ib.At(x, y) {
				t.Fatalf("pixel %d,%d changed: %v → %v", x, y, ia.At(x, y), ib.At(x, y))
			}
		}
	}
}

func TestCleanJPEG(t *testing.T) {
	for _, o := range []int{0, 1, 6, 8, 3} {
		orig := phoneJPEG(t, 64, 48, o)
		if !gpsIn(orig) {
			t.Fatal("the test photo carries no GPS")
		}
		out, err := Clean(orig)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if gpsIn(out) {
			t.Errorf("orientation %d: GPS left in the cleaned photo", o)
		}
		for _, gone := range []string{"Huawei", "xmpmeta", "Photoshop", "平江路", "MPF"} {
			if bytes.Contains(out, []byte(gone)) {
				t.Errorf("orientation %d: %q left in the cleaned photo", o, gone)
			}
		}
		if !bytes.Contains(out, []byte("JFIF\x00")) {
			t.Errorf("orientation %d: the JFIF header was dropped", o)
		}
		if !bytes.HasSuffix(out, []byte{0xFF, 0xD9}) {
			t.Errorf("orientation %d: the cleaned photo does not end at its end-of-image marker", o)
		}
		samePixels(t, orig, out)
		want := max(o, 1)
		if got := jpegOrientation(out); got != want {
			t.Errorf("orientation %d: cleaned photo says %d", o, got)
		}
		if want == 1 && bytes.Contains(out, []byte("Exif")) {
			t.Errorf("orientation %d: an Exif segment was written back without need", o)
		}
		info, err := Inspect(out)
		if err != nil || info.Orientation != want || info.Width != 64 || info.Height != 48 {
			t.Errorf("orientation %d: Inspect(cleaned) = %+v, %v", o, info, err)
		}
		again, err := Clean(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Errorf("orientation %d: cleaning twice changes the file (%v)", o, err)
		}
	}
}

func TestCleanProgressiveAndRestarts(t *testing.T) {
	// A scan with restart markers and a second scan after more tables, as progressive
	// and restart-interval encoders write, must pass through byte for byte.
	plain := encodeJPEG(t, picture(16, 16))
	sos := bytes.Index(plain, []byte{0xFF, 0xDA})
	eoi := len(plain) - 2
	var b []byte
	b = append(b, plain[:sos]...)
	b = append(b, 0xFF, 0xDD, 0, 4, 0, 1) // DRI
	b = append(b, plain[sos:eoi]...)
	b = append(b, 0xFF, 0xD0, 0x12, 0xFF, 0x00, 0x34) // a restart and stuffed data
	b = append(b, segment(0xFE, []byte("between scans"))...)
	b = append(b, plain[sos:eoi]...)
	b = append(b, 0xFF, 0xD9)
	out, err := Clean(b)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Replace(b, segment(0xFE, []byte("between scans")), nil, 1)
	if !bytes.Equal(out, want) {
		t.Errorf("scan data changed by cleaning")
	}
}

func TestCleanPNG(t *testing.T) {
	for _, o := range []int{0, 6} {
		orig := phonePNG(t, 40, 30, o)
		if !gpsIn(orig) {
			t.Fatal("the test PNG carries no GPS")
		}
		out, err := Clean(orig)
		if err != nil {
			t.Fatal(err)
		}
		if gpsIn(out) || bytes.Contains(out, []byte("tEXt")) || bytes.Contains(out, []byte("iTXt")) || bytes.Contains(out, []byte("Huawei")) {
			t.Errorf("orientation %d: metadata left in the cleaned PNG", o)
		}
		samePixels(t, orig, out)
		if got := pngOrientation(out); got != max(o, 1) {
			t.Errorf("orientation %d: cleaned PNG says %d", o, got)
		}
		if (o > 1) != bytes.Contains(out, []byte("eXIf")) {
			t.Errorf("orientation %d: eXIf written back = %v", o, bytes.Contains(out, []byte("eXIf")))
		}
	}
}

// hugePNG is a valid PNG header declaring w×h pixels.
func hugePNG(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	b := appendPNGChunk(append([]byte(nil), pngSignature...), "IHDR", ihdr)
	b = appendPNGChunk(b, "IDAT", []byte{0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	return appendPNGChunk(b, "IEND", nil)
}

// hugeJPEG is a small JPEG whose frame header claims w×h pixels.
func hugeJPEG(t *testing.T, w, h uint16) []byte {
	b := encodeJPEG(t, picture(8, 8))
	sof := bytes.Index(b, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(b[sof+5:], h)
	binary.BigEndian.PutUint16(b[sof+7:], w)
	return b
}

func TestInspect(t *testing.T) {
	jpg := phoneJPEG(t, 64, 48, 6)
	cases := []struct {
		name string
		data []byte
		mime string
		want []errs.FieldError
	}{
		{"phone JPEG", jpg, JPEG, nil},
		{"PNG with eXIf", phonePNG(t, 40, 30, 0), PNG, nil},
		{"empty", nil, "", []errs.FieldError{errstest.FE("file", "err.upload_empty")}},
		{"text named .jpg", []byte("这不是照片，只是一段文字。\n"), "", []errs.FieldError{errstest.FE("file", "err.photo_type")}},
		{"HTML", []byte("<!doctype html><html><script>alert(1)</script></html>"), "", []errs.FieldError{errstest.FE("file", "err.photo_type")}},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "", []errs.FieldError{errstest.FE("file", "err.photo_type")}},
		{"GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), "", []errs.FieldError{errstest.FE("file", "err.photo_type")}},
		{"30 MB", append(append([]byte(nil), jpg...), make([]byte, 30<<20)...), "", []errs.FieldError{errstest.FE("file", "err.photo_too_large", 10)}},
		{"huge JPEG header", hugeJPEG(t, 60000, 60000), "", []errs.FieldError{errstest.FE("file", "err.photo_dimensions", 40)}},
		{"huge PNG header", hugePNG(100000, 100000), "", []errs.FieldError{errstest.FE("file", "err.photo_dimensions", 40)}},
		{"JPEG cut in its header", jpg[:40], "", []errs.FieldError{errstest.FE("file", "err.photo_damaged")}},
		{"only a JPEG start", []byte{0xFF, 0xD8, 0xFF}, "", []errs.FieldError{errstest.FE("file", "err.photo_damaged")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			info, err := Inspect(c.data)
			errstest.CheckFields(t, err, c.want)
			if err == nil && info.Mime != c.mime {
				t.Errorf("mime %q, want %q", info.Mime, c.mime)
			}
		})
	}
}

func TestBrokenFilesRefused(t *testing.T) {
	jpg := phoneJPEG(t, 64, 48, 1)
	sos := bytes.Index(jpg, []byte{0xFF, 0xDA})
	cases := []struct {
		name string
		data []byte
	}{
		{"JPEG cut in its scan", jpg[:sos+40]},
		{"JPEG cut in a segment", jpg[:30]},
		{"PNG cut short", phonePNG(t, 40, 30, 0)[:200]},
		{"huge PNG", hugePNG(100000, 100000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Thumbnail(c.data, ThumbSide)
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "file" {
				t.Fatalf("Thumbnail: %v, want a field error on file", err)
			}
			if cleaned, err := Clean(c.data); err == nil && gpsIn(cleaned) {
				t.Errorf("Clean kept GPS")
			}
		})
	}
}

func TestThumbnail(t *testing.T) {
	cases := []struct {
		name       string
		data       []byte
		side, w, h int
	}{
		{"landscape", encodeJPEG(t, picture(1000, 500)), 320, 320, 160},
		{"portrait", encodeJPEG(t, picture(300, 900)), 320, 107, 320},
		{"small stays small", encodeJPEG(t, picture(100, 50)), 320, 100, 50},
		{"turned a quarter by Exif", phoneJPEG(t, 640, 480, 6), 320, 240, 320},
		{"turned back by Exif", phoneJPEG(t, 640, 480, 8), 320, 240, 320},
		{"upside down", phoneJPEG(t, 640, 480, 3), 320, 320, 240},
		{"PNG", phonePNG(t, 800, 200, 0), 320, 320, 80},
		{"default side", encodeJPEG(t, picture(1000, 1000)), 0, 320, 320},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			th, err := Thumbnail(c.data, c.side)
			if err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(th))
			if err != nil || format != "jpeg" {
				t.Fatalf("thumbnail is not a JPEG: %v %s", err, format)
			}
			if cfg.Width != c.w || cfg.Height != c.h {
				t.Errorf("thumbnail %d×%d, want %d×%d", cfg.Width, cfg.Height, c.w, c.h)
			}
			if gpsIn(th) || bytes.Contains(th, []byte("Exif")) {
				t.Errorf("thumbnail carries Exif")
			}
		})
	}
}

func TestShrinkAverages(t *testing.T) {
	// A 4×2 picture of black and white columns shrinks to 2×1 mid-grey pixels; a
	// half-transparent red pixel is laid on white.
	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	for y := range 2 {
		for x := range 4 {
			if x%2 == 0 {
				img.Set(x, y, color.NRGBA{0, 0, 0, 0xFF})
			} else {
				img.Set(x, y, color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF})
			}
		}
	}
	out := shrink(img, 2)
	for x := range 2 {
		if c := out.RGBAAt(x, 0); c.R != 128 || c.G != 128 || c.B != 128 {
			t.Errorf("pixel %d = %v, want mid-grey", x, c)
		}
	}
	red := image.NewNRGBA(image.Rect(0, 0, 1, 1))
	red.Set(0, 0, color.NRGBA{0xFF, 0, 0, 0x80})
	if c := shrink(red, 1).RGBAAt(0, 0); c.R != 0xFF || c.G < 0x7E || c.G > 0x80 {
		t.Errorf("half-transparent red on white = %v", c)
	}
}

func TestOrient(t *testing.T) {
	// A 3×2 picture with a distinct red value per pixel, turned by each orientation,
	// compared with where the Exif standard puts the stored first row and column.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for y := range 2 {
		for x := range 3 {
			src.SetRGBA(x, y, color.RGBA{uint8(10*y + x), 0, 0, 0xFF})
		}
	}
	// want[o] is the upright picture, rows of red values.
	want := map[int][][]uint8{
		1: {{0, 1, 2}, {10, 11, 12}},
		2: {{2, 1, 0}, {12, 11, 10}},
		3: {{12, 11, 10}, {2, 1, 0}},
		4: {{10, 11, 12}, {0, 1, 2}},
		5: {{0, 10}, {1, 11}, {2, 12}},
		6: {{10, 0}, {11, 1}, {12, 2}},
		7: {{12, 2}, {11, 1}, {10, 0}},
		8: {{2, 12}, {1, 11}, {0, 10}},
	}
	for o, rows := range want {
		got := orient(src, o)
		for y, row := range rows {
			for x, v := range row {
				if r := got.RGBAAt(x, y).R; r != v {
					t.Errorf("orientation %d: pixel %d,%d = %d, want %d", o, x, y, r, v)
				}
			}
		}
	}
}

func TestCleanRefusesOthers(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("hello"), []byte("<html>")} {
		_, err := Clean(data)
		errstest.CheckFields(t, err, []errs.FieldError{errstest.FE("file", "err.photo_type")})
	}
	// Scan data that hides an Exif structure with GPS is refused rather than kept.
	plain := encodeJPEG(t, picture(8, 8))
	eoi := len(plain) - 2
	hidden := append(append(append([]byte(nil), plain[:eoi]...), exifTIFF(1, true)...), 0xFF, 0xD9)
	if _, err := Clean(hidden); err == nil {
		t.Error("GPS hidden in scan data was kept")
	}
}

func FuzzClean(f *testing.F) {
	f.Add(phoneJPEG(f, 16, 16, 6))
	f.Add(phoneJPEG(f, 9, 5, 1))
	f.Add(phonePNG(f, 8, 8, 6))
	f.Add(hugePNG(1, 1))
	f.Add([]byte{0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x02, 0xFF, 0xD9})
	f.Add([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x00eXIf"))
	f.Add([]byte("<html>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := Clean(data)
		if err != nil {
			if e := errs.As(err); e == nil || e.Code != errs.Invalid {
				t.Fatalf("error %v, want a field error", err)
			}
			return
		}
		if gpsDirectoryIn(out) {
			t.Fatalf("GPS directory left in the result")
		}
		if Sniff(out) != Sniff(data) {
			t.Fatalf("type changed by cleaning")
		}
		if again, err := Clean(out); err != nil || !bytes.Equal(again, out) {
			t.Fatalf("cleaning is not idempotent: %v", err)
		}
	})
}
