package tabular

// The fixed parts of the workbooks XLSXWriter produces: one sheet, inline strings, a
// handful of styles. Written out by hand so nothing has to be built per file.

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const contentTypesXML = xmlHeader +
	`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`</Types>`

const rootRelsXML = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

const workbookRelsXML = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// workbookXML takes the escaped sheet name.
const workbookXML = xmlHeader +
	`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
	`<bookViews><workbookView/></bookViews>` +
	`<sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets>` +
	`</workbook>`

// Cell styles (indexes into cellXfs). Every style uses number format 49 ("@", text)
// so that what a person later types into the cell in Excel also stays text: an ID
// number typed into an exported sheet or a template keeps its 18 digits.
const (
	styleText      = 1
	styleHeader    = 2 // bold on light grey
	styleHighlight = 3 // light red fill: the cell a problem is about
	styleProblem   = 4 // dark red text, wrapped: the problems column
	styleNumber    = 5 // general number format: figures Excel can add up (XLSXOptions.Numbers)
	styleLinked    = 6 // a number that is a link (XLSXWriter.Link): blue, underlined
)

// The default font is 等线 (DengXian), Excel's default for Chinese since 2016;
// charset 134 is GB2312, which tells Excel the font's script.
const stylesXML = xmlHeader +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<fonts count="4">` +
	`<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>` +
	`<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>` +
	`<font><sz val="11"/><color rgb="FF9C0006"/><name val="等线"/><family val="2"/><charset val="134"/></font>` +
	`<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="等线"/><family val="2"/><charset val="134"/></font>` +
	`</fonts>` +
	`<fills count="4">` +
	`<fill><patternFill patternType="none"/></fill>` +
	`<fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFFFC7CE"/><bgColor indexed="64"/></patternFill></fill>` +
	`</fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="49" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1"/>` +
	`<xf numFmtId="49" fontId="0" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFill="1"/>` +
	`<xf numFmtId="49" fontId="2" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

const sheetStart = xmlHeader +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

const frozenHeaderView = `<sheetViews><sheetView tabSelected="1" workbookViewId="0">` +
	`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
	`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>` +
	`</sheetView></sheetViews>`

const plainView = `<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>`
