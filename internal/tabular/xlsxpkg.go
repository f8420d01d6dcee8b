package tabular

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
)

// pkg is an opened OOXML package: the zip and a case-insensitive index of its parts.
// Part names are case-insensitive in OPC, and some producers write "\" separators.
type pkg struct {
	zr    *zip.Reader
	parts map[string]*zip.File
}

func openPkg(r io.ReaderAt, size int64) (*pkg, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, corrupt(err)
	}
	p := &pkg{zr: zr, parts: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		p.parts[partKey(f.Name)] = f
	}
	return p, nil
}

func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, `\`, "/"), "/"))
}

func (p *pkg) part(name string) *zip.File { return p.parts[partKey(name)] }

// walk streams the tokens of a part to fn, stopping at the first error fn returns.
// io.EOF from fn stops without error.
func (p *pkg) walk(f *zip.File, maxBytes int64, fn func(xml.Token) error) error {
	rc, err := f.Open()
	if err != nil {
		return corrupt(err)
	}
	defer rc.Close()
	s := newXMLStream(rc, maxBytes)
	for {
		t, err := s.token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return xmlError(err)
		}
		if err := fn(t); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// xmlError turns a decoding failure into a user error: limits are their own message,
// everything else means the workbook is damaged.
func xmlError(err error) error {
	switch {
	case errors.Is(err, errXMLToken):
		return tooLarge("err.tabular_cell_too_large")
	case errors.Is(err, errXMLTotal):
		return tooLarge("err.tabular_xml_too_large")
	}
	return corrupt(err)
}

// rel is one relationship from a .rels part, with its target resolved to a part name.
type rel struct {
	id, typ, target string
}

// rels reads the relationships of the part at source ("" for the package itself).
func (p *pkg) rels(source string) ([]rel, error) {
	dir, file := path.Split(source)
	f := p.part(dir + "_rels/" + file + ".rels")
	if f == nil {
		return nil, nil
	}
	var out []rel
	err := p.walk(f, maxPartBytes, func(t xml.Token) error {
		se, ok := t.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" || strings.EqualFold(attr(se, "TargetMode"), "External") {
			return nil
		}
		target := strings.ReplaceAll(attr(se, "Target"), `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = target[1:]
		} else {
			target = path.Join(dir, target)
		}
		out = append(out, rel{id: attr(se, "Id"), typ: attr(se, "Type"), target: target})
		return nil
	})
	return out, err
}

// relOfType finds a relationship by the last segment of its type URI, which is the
// same in transitional ("http://schemas.openxmlformats.org/…") and strict
// ("http://purl.oclc.org/ooxml/…") workbooks.
func relOfType(rels []rel, kind string) (rel, bool) {
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/"+kind) {
			return r, true
		}
	}
	return rel{}, false
}

// related finds a part of the workbook by relationship type, or by its usual name
// beside the workbook for producers that leave the relationship out.
func (p *pkg) related(wb *workbook, kind, usual string) *zip.File {
	if r, ok := relOfType(wb.rels, kind); ok {
		return p.part(r.target)
	}
	return p.part(path.Join(path.Dir(wb.path), usual))
}

// workbook is what the reader needs from xl/workbook.xml.
type workbook struct {
	path     string
	sheets   []sheetRef
	date1904 bool
	rels     []rel
}

type sheetRef struct {
	name, part string
}

// findWorkbook locates and reads the workbook part. A zip without one is some other
// kind of document, and the error says which when it can tell.
func (p *pkg) findWorkbook() (*workbook, error) {
	if f := p.part("mimetype"); f != nil && f.UncompressedSize64 < 256 {
		if rc, err := f.Open(); err == nil {
			b, _ := io.ReadAll(io.LimitReader(rc, 256))
			rc.Close()
			if strings.HasPrefix(string(b), "application/vnd.oasis.opendocument") {
				return nil, invalid(ErrNotSpreadsheet, "err.tabular_ods")
			}
		}
	}
	root, err := p.rels("")
	if err != nil {
		return nil, err
	}
	wbPath := "xl/workbook.xml"
	if r, ok := relOfType(root, "officeDocument"); ok {
		wbPath = r.target
	}
	f := p.part(wbPath)
	if f == nil || !strings.HasSuffix(strings.ToLower(wbPath), ".xml") {
		return nil, invalid(ErrNotSpreadsheet, "err.tabular_zip_not_xlsx")
	}
	wb := &workbook{path: wbPath}
	if wb.rels, err = p.rels(wbPath); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range wb.rels {
		if strings.HasSuffix(r.typ, "/worksheet") {
			targets[r.id] = r.target
		}
	}
	err = p.walk(f, maxPartBytes, func(t xml.Token) error {
		se, ok := t.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || v == "true"
		case "sheet":
			// Chart sheets and dialog sheets have no cells; they are not offered.
			if target, ok := targets[attr(se, "id")]; ok {
				wb.sheets = append(wb.sheets, sheetRef{name: attr(se, "name"), part: target})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return wb, nil
}

// pick returns the worksheet to read: by name (exactly, then ignoring case and
// surrounding spaces), or the first.
func (wb *workbook) pick(name string) (sheetRef, error) {
	if len(wb.sheets) == 0 {
		return sheetRef{}, invalid(ErrSheetNotFound, "err.tabular_no_sheet")
	}
	if name == "" {
		return wb.sheets[0], nil
	}
	for _, s := range wb.sheets {
		if s.name == name {
			return s, nil
		}
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(strings.TrimSpace(s.name), strings.TrimSpace(name)) {
			return s, nil
		}
	}
	return sheetRef{}, invalid(ErrSheetNotFound, "err.tabular_sheet_not_found", name)
}
