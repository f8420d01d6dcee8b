package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Clean removes location and every other kind of metadata from a JPEG or PNG without
// re-encoding the picture, so it loses no quality:
//
//   - JPEG: the marker segments are walked and only what draws the picture is kept: the
//     tables, frame and scans, the JFIF header (APP0), the colour profile (APP2
//     ICC_PROFILE) and Adobe's colour transform (APP14). Exif and XMP (APP1), IPTC
//     (APP13), comments, the other application segments (maker data, the multi-picture
//     index) and anything after the end-of-image marker (phones append depth maps and
//     second pictures there, with their own Exif) are dropped.
//   - PNG: the eXIf, tEXt, zTXt and iTXt chunks are dropped, and anything after IEND.
//
// Phones store a picture sideways and say in Exif how to turn it. When the original's
// orientation is not 1, a minimal Exif holding only the Orientation tag is written back
// (APP1 for JPEG, eXIf for PNG), so the cleaned photo is still shown upright.
//
// As a last guard, a result that still holds an Exif structure with a GPS pointer
// anywhere (which only a crafted file could produce, hidden in scan data) is refused.
func Clean(data []byte) ([]byte, error) {
	var out []byte
	var err error
	switch Sniff(data) {
	case JPEG:
		out, err = cleanJPEG(data)
	case PNG:
		out, err = cleanPNG(data)
	default:
		return nil, errs.FieldInvalid(Field, "err.photo_type")
	}
	if err != nil {
		return nil, err
	}
	if hasGPS(out) {
		return nil, damaged(errors.New("location data left in the picture data"))
	}
	return out, nil
}

// JPEG markers.
const (
	mSOI   = 0xD8
	mEOI   = 0xD9
	mSOS   = 0xDA
	mAPP0  = 0xE0
	mAPP1  = 0xE1
	mAPP2  = 0xE2
	mAPP14 = 0xEE
	mAPP15 = 0xEF
	mCOM   = 0xFE
	mTEM   = 0x01
	mRST0  = 0xD0
	mRST7  = 0xD7
)

var exifHeader = []byte("Exif\x00\x00")

// keepJPEGSegment says whether an application or comment segment draws the picture.
func keepJPEGSegment(marker byte, payload []byte) bool {
	switch {
	case marker == mAPP0:
		// JFIF only: JFXX carries a thumbnail that may be a whole JPEG with its own Exif.
		return bytes.HasPrefix(payload, []byte("JFIF\x00"))
	case marker == mAPP2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case marker == mAPP14:
		return bytes.HasPrefix(payload, []byte("Adobe"))
	case marker >= mAPP0 && marker <= mAPP15, marker == mCOM:
		return false
	}
	return true
}

func cleanJPEG(data []byte) ([]byte, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != mSOI {
		return nil, damaged(errors.New("no JPEG start marker"))
	}
	orientation := 1
	var body []byte // everything after SOI that is kept
	afterJFIF := -1 // where the JFIF header ends in body, when it comes first
	i, first, scans := 2, true, false
	for i < len(data) {
		if data[i] != 0xFF {
			return nil, damaged(errors.New("garbage between JPEG segments"))
		}
		for i < len(data) && data[i] == 0xFF { // fill bytes
			i++
		}
		if i == len(data) {
			break
		}
		m := data[i]
		i++
		switch {
		case m == mEOI:
			if !scans {
				return nil, damaged(errors.New("JPEG without a picture"))
			}
			body = append(body, 0xFF, mEOI)
			return assembleJPEG(body, afterJFIF, orientation), nil
		case m == mTEM || m >= mRST0 && m <= mRST7:
			body = append(body, 0xFF, m)
			continue
		case m == 0x00 || m == mSOI:
			return nil, damaged(errors.New("unexpected JPEG marker"))
		}
		if i+2 > len(data) {
			return nil, damaged(errors.New("truncated JPEG segment"))
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, damaged(errors.New("truncated JPEG segment"))
		}
		payload := data[i+2 : i+n]
		i += n
		if m == mAPP1 && orientation == 1 && bytes.HasPrefix(payload, exifHeader) {
			orientation = tiffOrientation(payload[len(exifHeader):])
		}
		if keepJPEGSegment(m, payload) {
			body = append(body, 0xFF, m, byte(n>>8), byte(n))
			body = append(body, payload...)
			if first && m == mAPP0 {
				afterJFIF = len(body)
			}
			first = false
		}
		if m == mSOS {
			scans = true
			// Entropy-coded data runs to the next marker that is neither a stuffed
			// 0xFF00 nor a restart marker.
			start := i
			for i < len(data) {
				if data[i] == 0xFF && i+1 < len(data) && data[i+1] != 0x00 && !(data[i+1] >= mRST0 && data[i+1] <= mRST7) {
					break
				}
				i++
			}
			body = append(body, data[start:i]...)
		}
	}
	// No end-of-image marker: a file cut short. What there is is kept; decoding it (for
	// the thumbnail) tells whether it is usable.
	if !scans {
		return nil, damaged(errors.New("JPEG without a picture"))
	}
	return assembleJPEG(body, afterJFIF, orientation), nil
}

// assembleJPEG puts SOI, the orientation (after the JFIF header when there is one) and
// the kept segments together.
func assembleJPEG(body []byte, afterJFIF, orientation int) []byte {
	out := make([]byte, 0, len(body)+64)
	out = append(out, 0xFF, mSOI)
	if orientation == 1 {
		return append(out, body...)
	}
	at := max(afterJFIF, 0)
	out = append(out, body[:at]...)
	tiff := orientationTIFF(orientation)
	n := 2 + len(exifHeader) + len(tiff)
	out = append(out, 0xFF, mAPP1, byte(n>>8), byte(n))
	out = append(out, exifHeader...)
	out = append(out, tiff...)
	return append(out, body[at:]...)
}

// droppedPNGChunks hold text or Exif metadata.
var droppedPNGChunks = map[string]bool{"eXIf": true, "tEXt": true, "zTXt": true, "iTXt": true}

func cleanPNG(data []byte) ([]byte, error) {
	orientation := pngOrientation(data)
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := len(pngSignature)
	pictures := false
	for i < len(data) {
		if i+12 > len(data) {
			return nil, damaged(errors.New("truncated PNG chunk"))
		}
		n := binary.BigEndian.Uint32(data[i:])
		if uint64(n) > uint64(len(data)-i-12) {
			return nil, damaged(errors.New("truncated PNG chunk"))
		}
		end := i + 12 + int(n)
		typ := string(data[i+4 : i+8])
		if (i == len(pngSignature)) != (typ == "IHDR") {
			return nil, damaged(errors.New("PNG header not first or repeated"))
		}
		pictures = pictures || typ == "IDAT"
		if !droppedPNGChunks[typ] {
			out = append(out, data[i:end]...)
		}
		i = end
		if typ == "IHDR" && orientation != 1 {
			out = appendPNGChunk(out, "eXIf", orientationTIFF(orientation))
		}
		if typ == "IEND" {
			break
		}
	}
	if !pictures {
		return nil, damaged(errors.New("PNG without a picture"))
	}
	return out, nil
}

func appendPNGChunk(out []byte, typ string, payload []byte) []byte {
	out = binary.BigEndian.AppendUint32(out, uint32(len(payload)))
	start := len(out)
	out = append(out, typ...)
	out = append(out, payload...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(out[start:]))
}

// jpegOrientation is the orientation in the first Exif segment before the scans, or 1.
func jpegOrientation(data []byte) int {
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		m := data[i+1]
		if m == mSOS || m == mEOI {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			break
		}
		payload := data[i+4 : i+2+n]
		if m == mAPP1 && bytes.HasPrefix(payload, exifHeader) {
			return tiffOrientation(payload[len(exifHeader):])
		}
		i += 2 + n
	}
	return 1
}

// pngOrientation is the orientation in the eXIf chunk, or 1.
func pngOrientation(data []byte) int {
	i := len(pngSignature)
	for i+12 <= len(data) {
		n := binary.BigEndian.Uint32(data[i:])
		if uint64(n) > uint64(len(data)-i-12) {
			break
		}
		if string(data[i+4:i+8]) == "eXIf" {
			// Some writers keep the "Exif\0\0" of JPEG in front of the TIFF header.
			return tiffOrientation(bytes.TrimPrefix(data[i+8:i+8+int(n)], exifHeader))
		}
		i += 12 + int(n)
	}
	return 1
}

// Exif tags used here.
const (
	tagOrientation = 0x0112
	tagGPSInfo     = 0x8825
)

// tiffIFD0 finds the first image directory of a TIFF (Exif) structure: its byte order
// and the entries.
func tiffIFD0(b []byte) (order binary.ByteOrder, entries []byte, ok bool) {
	if len(b) < 8 {
		return nil, nil, false
	}
	switch string(b[:4]) {
	case "II*\x00":
		order = binary.LittleEndian
	case "MM\x00*":
		order = binary.BigEndian
	default:
		return nil, nil, false
	}
	off := uint64(order.Uint32(b[4:]))
	if off+2 > uint64(len(b)) {
		return nil, nil, false
	}
	n := uint64(order.Uint16(b[off:]))
	end := off + 2 + 12*n
	if end > uint64(len(b)) {
		end = off + 2 + 12*((uint64(len(b))-off-2)/12) // a cut directory: the whole entries
	}
	return order, b[off+2 : end], true
}

// tiffOrientation reads the Orientation tag of IFD0; 1 when absent or out of range.
func tiffOrientation(b []byte) int {
	order, entries, ok := tiffIFD0(b)
	if !ok {
		return 1
	}
	for e := 0; e+12 <= len(entries); e += 12 {
		if order.Uint16(entries[e:]) == tagOrientation && order.Uint16(entries[e+2:]) == 3 {
			if v := int(order.Uint16(entries[e+8:])); v >= 1 && v <= 8 {
				return v
			}
		}
	}
	return 1
}

// orientationTIFF is a minimal Exif structure: one directory with only the Orientation.
func orientationTIFF(o int) []byte {
	b := []byte("MM\x00*\x00\x00\x00\x08")
	b = append(b, 0, 1)                      // one entry
	b = append(b, 0x01, 0x12, 0, 3)          // Orientation, SHORT
	b = append(b, 0, 0, 0, 1)                // count 1
	b = append(b, byte(o>>8), byte(o), 0, 0) // the value, left-justified
	return append(b, 0, 0, 0, 0)             // no next directory
}

// hasGPS reports whether b holds, anywhere, a TIFF structure whose first directory
// names the GPS pointer, even in a directory cut short.
func hasGPS(b []byte) bool {
	for _, sig := range [][]byte{[]byte("II*\x00"), []byte("MM\x00*")} {
		for i := 0; ; i++ {
			j := bytes.Index(b[i:], sig)
			if j < 0 {
				break
			}
			i += j
			t := b[i:]
			order := binary.ByteOrder(binary.LittleEndian)
			if t[0] == 'M' {
				order = binary.BigEndian
			}
			if len(t) < 8 {
				continue
			}
			off := uint64(order.Uint32(t[4:]))
			if off+2 > uint64(len(t)) {
				continue
			}
			n := uint64(order.Uint16(t[off:]))
			for e, at := uint64(0), off+2; e < n && at+2 <= uint64(len(t)); e, at = e+1, at+12 {
				if order.Uint16(t[at:]) == tagGPSInfo {
					return true
				}
			}
		}
	}
	return false
}
