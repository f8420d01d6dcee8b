package web

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/plate"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// plateRoutes are the printable door plates of a building and a house, and the public
// page a plate's QR code opens.
func (s *Server) plateRoutes() []route {
	return []route{
		page("GET", "/registers/buildings/{id}/plates", account.RegisterView, s.buildingPlatesHTML),
		page("GET", "/registers/houses/{id}/plate.svg", account.RegisterView, s.housePlateSVG),
		publicPage("GET", "/h/{code}", s.platePublicPage),
	}
}

// platePath is the public page of a door-plate code.
func platePath(code string) string { return "/h/" + code }

// publicBase is the address the QR codes point at: --public-url when set, else the
// address this request came to.
func (s *Server) publicBase(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// displayCode prints a door-plate code in two groups of five, easier to read out; the
// public page accepts it with or without the dash.
func displayCode(code string) string {
	if len(code) == register.HouseCodeLen {
		return code[:5] + "-" + code[5:]
	}
	return code
}

// houseLabel is how a house is named within its building: "1单元 501室", "B01".
func houseLabel(unit, room string) string {
	var parts []string
	if unit != "" {
		if allASCIIDigits(unit) {
			unit += "单元"
		}
		parts = append(parts, unit)
	}
	if allASCIIDigits(room) {
		room += "室"
	}
	return strings.Join(append(parts, room), " ")
}

func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip shortens s to at most n runes, for the plates' line limits.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// housePlate is the plate of one house.
func (s *Server) housePlate(r *http.Request, b *register.Building, h *register.House) plate.Plate {
	addr := b.Address
	if h.Address != "" {
		addr = h.Address
	}
	return plate.Plate{URL: s.publicBase(r) + platePath(h.Code), Code: displayCode(h.Code),
		Address:    []string{clip(addr, plate.MaxAddressLen), clip(b.Name+" "+houseLabel(h.Unit, h.Room), plate.MaxAddressLen)},
		SmallPrint: "扫码反映问题 · Scan to report a problem"}
}

// buildingPlates are the plates of a building's current houses, in reading order, with
// the sheet options.
func (s *Server) buildingPlates(r *http.Request) (*register.Building, []plate.Plate, plate.Options, error) {
	b, err := s.pathBuilding(r)
	if err != nil {
		return nil, nil, plate.Options{}, err
	}
	hs, err := s.db.ListHouses(r.Context(), principal(r), store.HouseFilter{RegisterFilter: store.RegisterFilter{ParentID: b.ID}, Whole: true})
	if err != nil {
		return nil, nil, plate.Options{}, err
	}
	if len(hs) == 0 {
		return nil, nil, plate.Options{}, errs.E(errs.Invalid, "err.plates_none")
	}
	plates := make([]plate.Plate, len(hs))
	for i, h := range hs {
		plates[i] = s.housePlate(r, b, h)
	}
	return b, plates, plate.Options{Title: clip(b.Address+" "+b.Name+" 门牌", plate.MaxAddressLen)}, nil
}

// apiBuildingPlatesSVG answers with one A4 page of a building's plates.
func (s *Server) apiBuildingPlatesSVG(w http.ResponseWriter, r *http.Request) error {
	var v errs.Validation
	n := int(queryIDField(&v, r.URL.Query(), "page"))
	if err := v.Err(); err != nil {
		return err
	}
	if n == 0 {
		n = 1
	}
	b, plates, opts, err := s.buildingPlates(r)
	if err != nil {
		return err
	}
	pages, err := plate.Sheet(plates, opts)
	if err != nil {
		return err
	}
	if n > len(pages) {
		return errs.FieldInvalid("page", "err.range", 1, len(pages))
	}
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("X-Total-Pages", strconv.Itoa(len(pages)))
	h.Set("Content-Disposition", `attachment; filename="plates-`+strconv.FormatInt(b.ID, 10)+"-"+strconv.Itoa(n)+`.svg"`)
	_, err = w.Write(pages[n-1])
	return err
}

// buildingPlatesHTML answers with every plate of a building as one printable document.
// The document carries its own print stylesheet inline, which the site's CSP allows
// by its hash alone; it runs no script.
func (s *Server) buildingPlatesHTML(w http.ResponseWriter, r *http.Request) error {
	_, plates, opts, err := s.buildingPlates(r)
	if err != nil {
		return err
	}
	doc, err := plate.HTML(plates, opts)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src "+styleHash(doc)+"; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(doc)
	return err
}

// styleHash is the CSP source of the one <style> element of a plate document.
func styleHash(doc []byte) string {
	s := string(doc)
	i := strings.Index(s, "<style>")
	j := strings.Index(s, "</style>")
	if i < 0 || j < i {
		return "'none'"
	}
	sum := sha256.Sum256([]byte(s[i+len("<style>") : j]))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// housePlateSVG is one house's plate, for its page and for a print shop.
func (s *Server) housePlateSVG(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	b, err := s.db.Building(r.Context(), principal(r), h.BuildingID)
	if err != nil {
		return err
	}
	svg, err := plate.SVG(s.housePlate(r, b, h), plate.Options{})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(svg)
	return err
}

// platePublicData is what the public page of a door plate shows.
type platePublicData struct {
	Plate    *store.PlateHouse
	Code     string // as printed
	Label    string // unit and room
	HouseURL string // the house record, for staff whose scope includes it
}

// cacheWriter replaces the Cache-Control the page renderer sets, just before the header
// goes out.
type cacheWriter struct {
	http.ResponseWriter
	value string
}

func (c cacheWriter) WriteHeader(code int) {
	c.Header().Set("Cache-Control", c.value)
	c.Header().Add("Vary", "Cookie")
	c.ResponseWriter.WriteHeader(code)
}

// platePublicPage is what scanning a door plate opens, for anyone: the address and
// nothing about who lives there. Staff whose scope includes the house also get a link
// to its record. Anonymous views are the same for everyone and may be cached.
func (s *Server) platePublicPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	cache := "public, max-age=300"
	if st.p != nil {
		cache = "private, no-store"
	}
	cw := cacheWriter{w, cache}
	code, perr := register.ParseHouseCode(r.PathValue("code"))
	var ph *store.PlateHouse
	var err error
	if perr == nil {
		ph, err = s.db.HouseByCode(r.Context(), code)
	}
	if perr != nil || errs.Is(err, errs.NotFound) {
		return s.renderCode(cw, r, http.StatusNotFound, "plate_public", view{Title: "plate.not_found", Data: platePublicData{}})
	}
	if err != nil {
		return err
	}
	d := platePublicData{Plate: ph, Code: displayCode(ph.Code), Label: houseLabel(ph.Unit, ph.Room)}
	if p := st.p; p != nil && p.Can(account.RegisterView) && p.InScope(ph.NodePath) {
		d.HouseURL = "/registers/houses/" + strconv.FormatInt(ph.HouseID, 10)
	}
	return s.renderCode(cw, r, http.StatusOK, "plate_public", view{Title: ph.Address, Data: d})
}
