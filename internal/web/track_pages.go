package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

// trackRoutes are the reporter's tracking page, opened by the ticket with the key
// handed out at intake (or by the signed-in reporter), and its rating form.
func (s *Server) trackRoutes() []route {
	return []route{
		publicPage("GET", "/t/{ticket}", s.trackPage),
		publicPage("POST", "/t/{ticket}/rate", s.trackRate),
		publicPage("GET", "/t/{ticket}/photos/{id}", s.trackPhoto(false)),
		publicPage("GET", "/t/{ticket}/photos/{id}/thumb", s.trackPhoto(true)),
	}
}

// trackURL is the address of a case's tracking page, to bookmark.
func trackURL(ticket, key string) string {
	return "/t/" + url.PathEscape(ticket) + "?k=" + url.QueryEscape(key)
}

// trackPhotoURL is the address of one of the report's photos (or its thumbnail) on the
// tracking page, opened by the same key as the page.
func trackPhotoURL(ticket, key string, id int64, thumb bool) string {
	u := "/t/" + url.PathEscape(ticket) + "/photos/" + strconv.FormatInt(id, 10)
	if thumb {
		u += "/thumb"
	}
	if key != "" {
		u += "?k=" + url.QueryEscape(key)
	}
	return u
}

// trackFields are the rating form's fields (see formFields).
var trackFields = formFields{"rating", "track.rate_title", "note", "track.rate_comment"}

// trackData is what the tracking page shows: plain words, public steps only, nothing
// about the staff who took them.
type trackData struct {
	Case     *cases.Case
	Category string
	Key      string // the key the page was opened with, for the rating form
	Steps    []trackStep
	Photos   []trackPhoto // the photos the reporter sent with the report, and no others
	CanRate  bool
	Ratings  []cases.Rating
	NotFound bool
}

// trackStep is one public step of the timeline.
type trackStep struct {
	Key  string // catalogue key of its plain words
	Note string // what the step says to the reporter: why not taken up, where referred
	At   time.Time
}

// trackPhoto is one of the reporter's photos: a thumbnail linking to the full image.
type trackPhoto struct {
	URL, Thumb string
}

// toReporter are the steps whose note is written for the reporter, not for colleagues.
var toReporter = map[cases.Action]bool{cases.ActReject: true, cases.ActRefer: true}

// trackCase opens the case of the request's {ticket} for the key or the signed-in
// reporter; trackNotFound tells the person, without saying whether the ticket exists.
func (s *Server) trackCase(r *http.Request, key string) (*cases.Case, error) {
	return s.db.CaseByTicket(r.Context(), principal(r), r.PathValue("ticket"), key)
}

func (s *Server) trackNotFound(w http.ResponseWriter, r *http.Request) error {
	return s.renderCode(w, r, http.StatusNotFound, "track", view{Title: "track.not_found", Section: "report", Data: trackData{NotFound: true}})
}

func (s *Server) trackPage(w http.ResponseWriter, r *http.Request) error {
	key := r.URL.Query().Get("k")
	c, err := s.trackCase(r, key)
	if errs.Is(err, errs.NotFound) {
		return s.trackNotFound(w, r)
	} else if err != nil {
		return err
	}
	return s.renderTrack(w, r, http.StatusOK, c, key, nil)
}

// renderTrack shows the tracking page of c, with the rating form f when it failed.
func (s *Server) renderTrack(w http.ResponseWriter, r *http.Request, status int, c *cases.Case, key string, f *form) error {
	evs, err := s.db.CaseEvents(r.Context(), principal(r), c, true)
	if err != nil {
		return err
	}
	d := trackData{Case: c, Category: s.categoryName(r.Context(), c.CategoryID), Key: key,
		CanRate: c.Status == cases.Closed && c.RatedAt == nil, Ratings: cases.Ratings}
	d.Steps = trackSteps(evs)
	photos, err := s.db.ReportPhotos(r.Context(), c)
	if err != nil {
		return err
	}
	for _, ph := range photos {
		d.Photos = append(d.Photos, trackPhoto{URL: trackPhotoURL(c.Ticket, key, ph.ID, false), Thumb: trackPhotoURL(c.Ticket, key, ph.ID, true)})
	}
	v := view{Title: "title.track", Section: "report", Data: d}
	if f != nil {
		v.Form, v.Fields = f, trackFields
	}
	return s.renderCode(w, r, status, "track", v)
}

// trackSteps are the public steps, newest first, in the plain words of the tracking page.
func trackSteps(evs []store.CaseEvent) []trackStep {
	out := make([]trackStep, 0, len(evs))
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if !e.Public {
			continue
		}
		st := trackStep{Key: e.Action.PublicKey(), At: e.At}
		if toReporter[e.Action] {
			st.Note = e.Note
		}
		out = append(out, st)
	}
	return out
}

// trackPhoto sends one of the photos of the report whose tracking page the key (or the
// signed-in reporter) opens; any other photo, and any photo for a wrong key, is not
// found.
func (s *Server) trackPhoto(thumb bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		c, err := s.trackCase(r, r.URL.Query().Get("k"))
		if err != nil {
			return err
		}
		a, err := s.db.ReportPhoto(r.Context(), c, id)
		if err != nil {
			return err
		}
		return sendPhoto(w, r, a, thumb, func() (string, []byte, error) { return s.db.ReportPhotoData(r.Context(), c, id, thumb) })
	}
}

// trackRate records the reporter's rating and thanks them; a second rating, or one
// before the case is done, is refused with a message on the page.
func (s *Server) trackRate(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	key := f.Get("k")
	ticket := r.PathValue("ticket")
	_, err = s.db.RateByReporter(r.Context(), ticket, key, principal(r), cases.Rating(f.Get("rating")), f.Raw("note"))
	if errs.Is(err, errs.NotFound) {
		return s.trackNotFound(w, r)
	}
	if err != nil {
		if !f.absorb(state(r).lang, err) {
			return err
		}
		c, cerr := s.trackCase(r, key)
		if cerr != nil {
			return cerr
		}
		return s.renderTrack(w, r, statusFor(err), c, key, f)
	}
	flash(w, "success", "flash.case_rated")
	return redirect(w, r, trackURL(ticket, key))
}
