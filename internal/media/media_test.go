package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
	"github.com/shequ-dev/shequ/internal/media/mediatest"
)

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
		orig := mediatest.PhoneJPEG(t, 64, 48, o)
		if !mediatest.HasLocation(orig) {
			t.Fatal("the test photo carries no GPS")
		}
		out, err := Clean(orig)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if mediatest.HasLocation(out) {
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
	plain := mediatest.EncodeJPEG(t, mediatest.Picture(16, 16))
	sos := bytes.Index(plain, []byte{0xFF, 0xDA})
	eoi := len(plain) - 2
	var b []byte
	b = append(b, plain[:sos]...)
	b = append(b, 0xFF, 0xDD, 0, 4, 0, 1) // DRI
	b = append(b, plain[sos:eoi]...)
	b = append(b, 0xFF, 0xD0, 0x12, 0xFF, 0x00, 0x34) // a restart and stuffed data
	b = append(b, mediatest.Segment(0xFE, []byte("between scans"))...)
	b = append(b, plain[sos:eoi]...)
	b = append(b, 0xFF, 0xD9)
	out, err := Clean(b)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Replace(b, mediatest.Segment(0xFE, []byte("between scans")), nil, 1)
	if !bytes.Equal(out, want) {
		t.Errorf("scan data changed by cleaning")
	}
}

func TestCleanPNG(t *testing.T) {
	for _, o := range []int{0, 6} {
		orig := mediatest.PhonePNG(t, 40, 30, o)
		if !mediatest.HasLocation(orig) {
			t.Fatal("the test PNG carries no GPS")
		}
		out, err := Clean(orig)
		if err != nil {
			t.Fatal(err)
		}
		if mediatest.HasLocation(out) || bytes.Contains(out, []byte("tEXt")) || bytes.Contains(out, []byte("iTXt")) || bytes.Contains(out, []byte("Huawei")) {
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
	b := mediatest.EncodeJPEG(t, mediatest.Picture(8, 8))
	sof := bytes.Index(b, []byte{0xFF, 0xC0})
	binary.BigEndian.PutUint16(b[sof+5:], h)
	binary.BigEndian.PutUint16(b[sof+7:], w)
	return b
}

func TestInspect(t *testing.T) {
	jpg := mediatest.PhoneJPEG(t, 64, 48, 6)
	cases := []struct {
		name string
		data []byte
		mime string
		want []errs.FieldError
	}{
		{"phone JPEG", jpg, JPEG, nil},
		{"PNG with eXIf", mediatest.PhonePNG(t, 40, 30, 0), PNG, nil},
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
	jpg := mediatest.PhoneJPEG(t, 64, 48, 1)
	sos := bytes.Index(jpg, []byte{0xFF, 0xDA})
	cases := []struct {
		name string
		data []byte
	}{
		{"JPEG cut in its scan", jpg[:sos+40]},
		{"JPEG cut in a segment", jpg[:30]},
		{"PNG cut short", mediatest.PhonePNG(t, 40, 30, 0)[:200]},
		{"huge PNG", hugePNG(100000, 100000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Thumbnail(c.data, ThumbSide)
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || len(e.Fields) != 1 || e.Fields[0].Field != "file" {
				t.Fatalf("Thumbnail: %v, want a field error on file", err)
			}
			if cleaned, err := Clean(c.data); err == nil && mediatest.HasLocation(cleaned) {
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
		{"landscape", mediatest.EncodeJPEG(t, mediatest.Picture(1000, 500)), 320, 320, 160},
		{"portrait", mediatest.EncodeJPEG(t, mediatest.Picture(300, 900)), 320, 107, 320},
		{"small stays small", mediatest.EncodeJPEG(t, mediatest.Picture(100, 50)), 320, 100, 50},
		{"turned a quarter by Exif", mediatest.PhoneJPEG(t, 640, 480, 6), 320, 240, 320},
		{"turned back by Exif", mediatest.PhoneJPEG(t, 640, 480, 8), 320, 240, 320},
		{"upside down", mediatest.PhoneJPEG(t, 640, 480, 3), 320, 320, 240},
		{"PNG", mediatest.PhonePNG(t, 800, 200, 0), 320, 320, 80},
		{"default side", mediatest.EncodeJPEG(t, mediatest.Picture(1000, 1000)), 0, 320, 320},
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
			if mediatest.HasLocation(th) || bytes.Contains(th, []byte("Exif")) {
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
	plain := mediatest.EncodeJPEG(t, mediatest.Picture(8, 8))
	eoi := len(plain) - 2
	hidden := append(append(append([]byte(nil), plain[:eoi]...), mediatest.ExifTIFF(1, true)...), 0xFF, 0xD9)
	if _, err := Clean(hidden); err == nil {
		t.Error("GPS hidden in scan data was kept")
	}
}

func FuzzClean(f *testing.F) {
	f.Add(mediatest.PhoneJPEG(f, 16, 16, 6))
	f.Add(mediatest.PhoneJPEG(f, 9, 5, 1))
	f.Add(mediatest.PhonePNG(f, 8, 8, 6))
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
		if mediatest.HasGPSDirectory(out) {
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
