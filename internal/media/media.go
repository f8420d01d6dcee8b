// Package media checks and prepares the photos people attach to cases: residents' reports
// and the before/after photos of handlers and grid workers. It recognises a file by its
// content, refuses what is not a photo or is too large to decode safely, removes location
// and other metadata without re-encoding the picture, and makes small thumbnails. It knows
// nothing of SQL or HTTP.
package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/shequ-dev/shequ/internal/errs"
)

// MaxPhotoBytes is the largest photo accepted: 10 MB, well above what phones write.
const MaxPhotoBytes = 10 << 20

// MaxPixels bounds a photo's width × height. A small file can declare a picture of
// gigapixels that would take gigabytes to decode (a decompression bomb); the header is
// read and checked against this before anything is decoded.
const MaxPixels = 40_000_000

// Field is the input field photo errors are reported on.
const Field = "file"

// The types of photo accepted.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
)

// Info is what Inspect learns about a photo.
type Info struct {
	Mime          string // JPEG or PNG
	Width, Height int    // as stored, before any orientation is applied
	// Orientation is the EXIF orientation (1–8): how the stored picture must be turned
	// to be seen upright. 1 when the file says nothing.
	Orientation int
}

// Sniff names the type of data by its first bytes, or "" for anything but a JPEG or PNG.
func Sniff(data []byte) string {
	switch {
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		return JPEG
	case bytes.HasPrefix(data, pngSignature):
		return PNG
	}
	return ""
}

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// Inspect checks that data is a JPEG or PNG photo of acceptable size and dimensions,
// judging by its content only (never by a file name or a declared type). Problems are
// field errors on Field.
func Inspect(data []byte) (Info, error) {
	if len(data) == 0 {
		return Info{}, errs.FieldInvalid(Field, "err.upload_empty")
	}
	if len(data) > MaxPhotoBytes {
		return Info{}, errs.FieldInvalid(Field, "err.photo_too_large", MaxPhotoBytes>>20)
	}
	info := Info{Mime: Sniff(data), Orientation: 1}
	var cfg image.Config
	var err error
	switch info.Mime {
	case JPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
		if err == nil {
			info.Orientation = jpegOrientation(data)
		}
	case PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
		if err == nil {
			info.Orientation = pngOrientation(data)
		}
	default:
		return Info{}, errs.FieldInvalid(Field, "err.photo_type")
	}
	if err != nil {
		return Info{}, damaged(err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Info{}, errs.FieldInvalid(Field, "err.photo_dimensions", MaxPixels/1_000_000)
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	return info, nil
}

// damaged is the error for a file that looks like a photo but cannot be read, keeping
// the decoder's complaint as the logged cause.
func damaged(cause error) error {
	e := errs.FieldInvalid(Field, "err.photo_damaged")
	e.Err = cause
	return e
}
