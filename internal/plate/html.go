package plate

import "bytes"

// printCSS makes each page exactly one A4 sheet. @page margin 0 stops the
// browser from adding its own header and footer (URL, date) and from
// shrinking the page; the sheets carry their own margins. On screen the pages
// are shown as sheets on a grey desk, with a reminder to print at 100 %.
const printCSS = `@page { size: A4 portrait; margin: 0; }
html, body { margin: 0; padding: 0; }
.page { width: 210mm; height: 297mm; overflow: hidden; page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
.page svg { display: block; width: 210mm; height: 297mm; }
@media screen {
  body { background: #888; font: 16px/1.5 'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif; }
  .page { background: #fff; margin: 8mm auto; box-shadow: 0 1mm 4mm rgba(0,0,0,.4); }
  .hint { max-width: 210mm; margin: 8mm auto 0; padding: 3mm 4mm; background: #fffbe6; border: 1px solid #e0c200; }
}
@media print { .hint { display: none; } }
`

// HTML renders plates like Sheet but as one HTML document with every page
// inline, so staff can print a whole building from the browser in one go.
// A document with no plates has no pages and only the hint.
func HTML(plates []Plate, opts Options) ([]byte, error) {
	pgs, err := pages(plates, opts)
	if err != nil {
		return nil, err
	}
	title := clean(opts.Title)
	if title == "" {
		title = "门牌 · Door plates"
	}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
	esc(&b, title)
	b.WriteString("</title>\n<style>\n" + printCSS + "</style>\n</head>\n<body>\n")
	b.WriteString(`<p class="hint">打印时请选择 A4 纸、“实际大小”或缩放 100%，不要选“适合页面”。每页下方的线应长 50 毫米。` +
		`<br>Print on A4 at actual size (100 %), not “fit to page”. The line at the foot of each page must measure 50 mm.</p>` + "\n")
	for _, p := range pgs {
		b.WriteString(`<div class="page">` + "\n")
		b.Write(p)
		b.WriteString("</div>\n")
	}
	b.WriteString("</body>\n</html>\n")
	return b.Bytes(), nil
}
