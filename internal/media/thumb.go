package media

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"github.com/shequ-dev/shequ/internal/errs"
)

// ThumbSide is the longest side of the thumbnails shown in lists and pickers.
const ThumbSide = 320

// Thumbnail makes a small JPEG of a photo whose longest side is at most maxSide pixels
// (a smaller photo keeps its size). Each thumbnail pixel is the average of the block of
// photo pixels it covers (a box filter), which is what shrinking by large factors
// needs: no pixel is skipped, so fine detail turns into its mean colour instead of
// noise. The thumbnail is turned upright by the photo's Exif orientation (all eight
// values: turns and mirror images), since it carries no Exif of its own; transparent
// PNG pixels are laid on white.
func Thumbnail(data []byte, maxSide int) ([]byte, error) {
	info, err := Inspect(data)
	if err != nil {
		return nil, err
	}
	var img image.Image
	switch info.Mime {
	case JPEG:
		img, err = jpeg.Decode(bytes.NewReader(data))
	case PNG:
		img, err = png.Decode(bytes.NewReader(data))
	}
	if err != nil {
		return nil, damaged(err)
	}
	small := shrink(img, maxSide)
	small = orient(small, info.Orientation)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, small, &jpeg.Options{Quality: 80}); err != nil {
		return nil, errs.Internalf("encode thumbnail: %v", err)
	}
	return buf.Bytes(), nil
}

// fitSize scales w×h down so that its longer side is at most side.
func fitSize(w, h, side int) (int, int) {
	if side <= 0 {
		side = ThumbSide
	}
	if w <= side && h <= side {
		return w, h
	}
	if w >= h {
		return side, max(1, (h*side+w/2)/w)
	}
	return max(1, (w*side+h/2)/h), side
}

// shrink averages img down to fit maxSide. One pass over the photo in memory order adds
// every pixel to the thumbnail pixel whose box holds it; source column x falls in box
// x·dw/sw, so every box covers the same share of the photo, give or take one pixel.
func shrink(img image.Image, maxSide int) *image.RGBA {
	b := img.Bounds()
	sw, sh := b.Dx(), b.Dy()
	dw, dh := fitSize(sw, sh, maxSide)
	col := make([]int, sw)
	for x := range col {
		col[x] = x * dw / sw
	}
	sum := make([]uint64, dw*dh*3)
	cnt := make([]uint32, dw*dh)
	px := pixelReader(img)
	for y := 0; y < sh; y++ {
		row := (y * dh / sh) * dw
		for x := 0; x < sw; x++ {
			r, g, bl := px(b.Min.X+x, b.Min.Y+y)
			k := row + col[x]
			sum[3*k] += uint64(r)
			sum[3*k+1] += uint64(g)
			sum[3*k+2] += uint64(bl)
			cnt[k]++
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for k, n := range cnt {
		if n == 0 {
			continue
		}
		half := uint64(n) / 2
		out.Pix[4*k] = uint8((sum[3*k] + half) / uint64(n))
		out.Pix[4*k+1] = uint8((sum[3*k+1] + half) / uint64(n))
		out.Pix[4*k+2] = uint8((sum[3*k+2] + half) / uint64(n))
		out.Pix[4*k+3] = 0xFF
	}
	return out
}

// pixelReader returns a function reading one pixel as 8-bit RGB laid on white, fast for
// the image types the JPEG and PNG decoders return most.
func pixelReader(img image.Image) func(x, y int) (r, g, b uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(x, y int) (uint8, uint8, uint8) {
			return color.YCbCrToRGB(m.Y[m.YOffset(x, y)], m.Cb[m.COffset(x, y)], m.Cr[m.COffset(x, y)])
		}
	case *image.Gray:
		return func(x, y int) (uint8, uint8, uint8) {
			v := m.Pix[m.PixOffset(x, y)]
			return v, v, v
		}
	case *image.RGBA:
		return func(x, y int) (uint8, uint8, uint8) {
			i := m.PixOffset(x, y)
			w := 0xFF - m.Pix[i+3] // premultiplied: add the white showing through
			return m.Pix[i] + w, m.Pix[i+1] + w, m.Pix[i+2] + w
		}
	case *image.NRGBA:
		return func(x, y int) (uint8, uint8, uint8) {
			i := m.PixOffset(x, y)
			a := uint32(m.Pix[i+3])
			over := func(c uint8) uint8 { return uint8((uint32(c)*a + 0xFF*(0xFF-a) + 0x7F) / 0xFF) }
			return over(m.Pix[i]), over(m.Pix[i+1]), over(m.Pix[i+2])
		}
	}
	return func(x, y int) (uint8, uint8, uint8) {
		r, g, b, a := img.At(x, y).RGBA() // premultiplied, 16 bits
		w := 0xFFFF - a
		return uint8((r + w) >> 8), uint8((g + w) >> 8), uint8((b + w) >> 8)
	}
}

// orient turns a picture upright by its Exif orientation:
// 1 as stored, 2 mirrored, 3 turned half round, 4 mirrored upside down, 5 mirrored
// along the main diagonal, 6 turned a quarter clockwise, 7 mirrored along the other
// diagonal, 8 turned a quarter anticlockwise.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2:
				dx, dy = w-1-x, y
			case 3:
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6:
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8:
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dst.PixOffset(dx, dy):][:4], src.Pix[src.PixOffset(x, y):][:4])
		}
	}
	return dst
}
