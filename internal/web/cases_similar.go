package web

import (
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
)

// The duplicate check at intake: while a report is being written, the open cases nearby
// in its category with alike text, so that a resident who sees their problem already
// raised need not raise it again, and an operator taking a call can open the case
// instead of registering a second one. Review has its own list (GET
// /api/v1/cases/{id}/similar); both run the store's one check.

type similarDraftRequest struct {
	CategoryID  int64          `json:"category_id" doc:"A minor class, as for a report"`
	Description string         `json:"description" doc:"What has been typed so far; at most 2,000 characters"`
	Location    *casePointJSON `json:"location,omitempty" doc:"Where; or plate_code"`
	PlateCode   string         `json:"plate_code,omitempty" doc:"A scanned door plate: its house's point"`
}

// similarCaseJSON is one suggestion. What a caller is told depends on who they are:
// anyone gets what the public tracking page of any case would show without its key
// and less (no description, no address, no timeline); the case's own reporter and the
// staff who may open it get more.
type similarCaseJSON struct {
	Ticket       string `json:"ticket"`
	CategoryName string `json:"category_name"`
	StatusText   string `json:"status_text" doc:"Where it stands, in plain words (to the caller as its reporter when mine)"`
	DistanceM    int    `json:"distance_m" doc:"How far from the draft's point, in metres (to the nearest 10 unless the caller may open the case)"`
	ReportedOn   string `json:"reported_on" doc:"The day it was reported (YYYY-MM-DD, China Standard Time)"`
	Mine         bool   `json:"mine,omitempty" doc:"The caller reported it, signed in"`
	TrackURL     string `json:"track_url,omitempty" doc:"Its tracking page: only for the caller's own case"`
	Description  string `json:"description,omitempty" doc:"Only for the caller's own case or staff who may open it"`
	ID           int64  `json:"id,omitempty" doc:"Staff who may open it"`
	URL          string `json:"url,omitempty" doc:"The case's page, for staff who may open it"`
	Status       string `json:"status,omitempty" doc:"Staff who may open it"`
	StatusName   string `json:"status_name,omitempty" doc:"Staff who may open it"`
}

type similarDraftResponse struct {
	Items   []similarCaseJSON `json:"items" doc:"At most 5, the most alike first; empty when none"`
	RadiusM int               `json:"radius_m" doc:"How far around the point cases are looked for"`
}

// apiSimilarDraft suggests the open cases a report being written may repeat. Anyone
// may ask, as anyone may report; those who may not see cases are held to a rate per
// address (and per account when signed in), since each answer tells something of the
// cases around a point.
func (s *Server) apiSimilarDraft(w http.ResponseWriter, r *http.Request) error {
	ctx, lang, p := r.Context(), state(r).lang, principal(r)
	if !p.Can(account.CaseView) {
		key := "similar:" + state(r).ip
		if p != nil && p.UserID != 0 {
			key = "similar:user:" + strconv.FormatInt(p.UserID, 10)
		}
		if !s.similarLimiter.allow(key) {
			return errs.E(errs.TooMany, "err.too_many_requests")
		}
	}
	var req similarDraftRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	d := cases.Draft{CategoryID: req.CategoryID, Description: req.Description, Location: req.Location.wgs84(&v, "location"),
		PlateCode: strings.TrimSpace(req.PlateCode)}
	// The classes offered are those of the report form: the hotline's only to those who
	// take hotline calls.
	if d.CategoryID != 0 {
		groups, err := s.reportGroups(ctx, slices.Contains(reportChannels(p), cases.FromHotline))
		if err != nil {
			return err
		}
		v.Check(reportable(groups, d.CategoryID), "category_id", "err.case_category")
	}
	if d.Location == nil && d.PlateCode != "" && !v.Has("location") {
		norm, err := register.ParseHouseCode(d.PlateCode)
		if v.Check(err == nil, "plate_code", "err.case_plate") {
			h, err := s.db.HouseByCode(ctx, norm)
			switch {
			case errs.Is(err, errs.NotFound):
				v.Add("plate_code", "err.case_plate")
			case err != nil:
				return err
			default:
				d.Location = h.Location
			}
		}
	}
	if err := mergeValidation(&v, d.Validate()); err != nil {
		return err
	}
	found, err := s.db.CasesLikeDraft(ctx, p, d)
	if err != nil {
		return err
	}
	out := similarDraftResponse{Items: []similarCaseJSON{}, RadiusM: int(math.Round(s.db.DuplicateRadius()))}
	for _, a := range found {
		c := a.Case
		item := similarCaseJSON{Ticket: c.Ticket, CategoryName: s.categoryName(ctx, c.CategoryID),
			StatusText: i18n.T(lang, c.Status.NearbyKey()), ReportedOn: c.ReportedAt.In(calendar.Location).Format("2006-01-02"),
			DistanceM: roundTo(a.Distance, 10)}
		// Another resident's description stays theirs: it is free text and often names
		// a person, a flat or a phone number ("502 的王阿姨家…"), and this answer goes to
		// whoever asks, signed in or not. The ticket, the class and where it stands are
		// enough to recognise one's problem; the tracking page, which shows the words,
		// opens only with the key its reporter was given.
		if a.Mine {
			item.Mine, item.Description, item.StatusText = true, c.Description, i18n.T(lang, c.Status.PublicKey())
			item.TrackURL = trackURL(c.Ticket, s.db.TrackKey(c.Ticket))
		}
		if a.Open {
			item.ID, item.URL, item.Description = c.ID, "/cases/"+strconv.FormatInt(c.ID, 10), c.Description
			item.Status, item.StatusName = string(c.Status), i18n.T(lang, c.Status.Key())
			item.DistanceM = int(math.Round(a.Distance))
		}
		out.Items = append(out.Items, item)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// roundTo rounds metres to the nearest step, at least one step: a distance told to
// anyone should not pin a case down to the metre.
func roundTo(m float64, step int) int {
	return max(step, int(math.Round(m/float64(step)))*step)
}
