package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/store"
)

// patrolRoutes are the pages of patrols: /patrol, a grid worker's phone page that starts,
// records and ends a patrol; /patrols, the day's coverage of an area for staff and
// supervisors, drilling into a grid and a patrol's track.
func (s *Server) patrolRoutes() []route {
	return []route{
		page("GET", "/patrol", account.PatrolOwn, s.patrolPage),
		page("POST", "/patrol/start", account.PatrolOwn, s.patrolStartSubmit),
		page("POST", "/patrol/{id}/end", account.PatrolOwn, s.patrolEndSubmit),
		page("GET", "/patrols", account.CaseView, s.patrolsPage),
		page("GET", "/patrols/{id}", account.CaseView, s.patrolShowPage),
	}
}

// patrolReportURL is the case report page for a problem found on a patrol.
func patrolReportURL(id int64) string {
	return "/report?source=patrol&patrol=" + strconv.FormatInt(id, 10)
}

// patrolPageData is the phone page: the grids to start a patrol in, or the open patrol.
type patrolPageData struct {
	Grids     []patrol.Grid
	Open      *patrol.Patrol
	Last      *patrol.Patrol // the patrol ended last today, for its summary
	LastCount bool           // whether it counts towards the day's requirement
	Today     int            // patrols started today
	PerDay    int
	MinMins   int
	ReportURL string
	Config    string // JSON for patrol.js
	V         view   // the end form, with its failed submission
}

var patrolEndFields = formFields{"note", "patrol.field.note"}

func (s *Server) patrolPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPatrol(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderPatrol(w http.ResponseWriter, r *http.Request, status int, start, end *form) error {
	ctx := r.Context()
	st := state(r)
	d := patrolPageData{PerDay: s.cfg.Patrols.PerDay, MinMins: int(s.cfg.Patrols.MinDuration.Minutes()),
		V: view{Lang: st.lang, Form: end, Fields: patrolEndFields, IDPrefix: "end-"}}
	var err error
	if d.Open, err = s.db.OpenPatrol(ctx, st.p); err != nil {
		return err
	}
	if d.Grids, err = s.db.PatrolGrids(ctx, st.p); err != nil {
		return err
	}
	mine, err := s.db.ListPatrols(ctx, st.p, store.PatrolFilter{WorkerID: st.p.UserID, Day: s.db.Clock().Now(), Limit: 50})
	if err != nil {
		return err
	}
	d.Today = len(mine)
	for _, pt := range mine {
		if !pt.Open() {
			d.Last, d.LastCount = pt, s.cfg.Patrols.Counts(pt)
			break
		}
	}
	if d.Open != nil {
		d.ReportURL = patrolReportURL(d.Open.ID)
		d.Config = s.patrolLiveConfig(st.lang, d.Open)
	}
	v := view{Title: "title.patrol", Section: "patrol", Data: d, Form: start, Fields: formFields{"node_id", "patrol.field.grid"}}
	return s.renderCode(w, r, status, "patrol", v)
}

// patrolLiveConfig is what patrol.js needs to record the open patrol.
func (s *Server) patrolLiveConfig(lang i18n.Lang, pt *patrol.Patrol) string {
	texts := map[string]string{}
	for _, k := range []string{"patrol.js.locating", "patrol.js.recording", "patrol.js.denied", "patrol.js.unavailable",
		"patrol.js.unsupported", "patrol.js.offline", "patrol.js.pending", "patrol.js.uploaded", "patrol.js.refused",
		"patrol.js.flushing", "patrol.js.weak"} {
		texts[strings.TrimPrefix(k, "patrol.js.")] = i18n.T(lang, k)
	}
	cfg := map[string]any{
		"id": pt.ID, "started": pt.Started.UnixMilli(), "distance": pt.Distance, "points": pt.Points,
		"pointsURL":   "/api/v1/patrols/" + strconv.FormatInt(pt.ID, 10) + "/points",
		"trackURL":    "/api/v1/patrols/" + strconv.FormatInt(pt.ID, 10) + "?track=true",
		"maxAccuracy": patrol.DefaultLimits().MaxAccuracy, "batch": 200,
		"tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution, "texts": texts,
	}
	b, _ := json.Marshal(cfg)
	return string(b)
}

func (s *Server) patrolStartSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	nodeID := f.Int("node_id")
	if err = f.numErrs(); err == nil {
		_, err = s.db.StartPatrol(r.Context(), st.p, nodeID)
	}
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			// A second tap, or a patrol started on another phone: show the open one.
			flash(w, "info", "flash.patrol_already_open")
			return redirect(w, r, "/patrol")
		}
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderPatrol(w, r, statusFor(err), f, nil)
	}
	flash(w, "success", "flash.patrol_started")
	return redirect(w, r, "/patrol")
}

func (s *Server) patrolEndSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	if _, err := s.db.EndPatrol(r.Context(), st.p, id, f.Get("note")); err != nil {
		if errs.Is(err, errs.Conflict) {
			flash(w, "info", "flash.patrol_already_ended")
			return redirect(w, r, "/patrol")
		}
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderPatrol(w, r, statusFor(err), nil, f)
	}
	flash(w, "success", "flash.patrol_ended")
	return redirect(w, r, "/patrol")
}

// patrolsData is the coverage page of an area.
type patrolsData struct {
	Node      *admin.Node
	Parent    *admin.Node // the area above, when the caller may see it
	Day       string
	Today     bool
	Prev      string
	Next      string
	Cov       *coverageResponse
	Summary   map[string]int // grids by status
	Patrols   []*patrol.Patrol
	IsGrid    bool
	MapConfig string
	Req       patrol.Requirement
}

func (s *Server) patrolsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	cov, grids, err := s.coverageFor(r)
	if err != nil {
		return err
	}
	n, err := s.db.Node(ctx, st.p, cov.NodeID)
	if err != nil {
		return err
	}
	now := s.db.Clock().Now()
	day, _ := patrol.ParseDay(cov.Day, now)
	today, _ := patrol.DayOf(now)
	d := patrolsData{Node: n, Day: cov.Day, Today: day.Equal(today), Cov: cov, Req: s.cfg.Patrols,
		Prev: day.AddDate(0, 0, -1).Format("2006-01-02"), Next: day.AddDate(0, 0, 1).Format("2006-01-02"),
		Summary: map[string]int{}, IsGrid: n.Level >= admin.Grid}
	if n.ParentID != 0 {
		if parent, err := s.db.Node(ctx, st.p, n.ParentID); err == nil {
			d.Parent = parent
		}
	}
	statuses := map[string]string{}
	for _, g := range grids {
		d.Summary[string(g.Status)]++
		statuses[strconv.FormatInt(g.NodeID, 10)] = string(g.Status)
	}
	if d.IsGrid || len(grids) <= 3 {
		if d.Patrols, err = s.db.ListPatrols(ctx, st.p, store.PatrolFilter{Under: n.ID, Day: day, Limit: 200}); err != nil {
			return err
		}
	}
	if st.p.Can(account.TreeView) {
		areas := "/api/v1/map/areas?level=" + strconv.Itoa(int(admin.Grid)) + "&under=" + strconv.FormatInt(n.ID, 10)
		if d.IsGrid {
			areas = "/api/v1/map/areas?id=" + strconv.FormatInt(n.ID, 10)
		}
		texts := map[string]string{}
		for _, x := range []patrol.Status{patrol.Met, patrol.Partly, patrol.None} {
			texts[string(x)] = i18n.T(st.lang, x.Key())
		}
		texts["no_area"] = i18n.T(st.lang, "patrol.map_no_area")
		texts["failed"] = i18n.T(st.lang, "map.failed")
		b, _ := json.Marshal(map[string]any{"areas": areas, "statuses": statuses, "texts": texts,
			"drill": "/patrols?day=" + cov.Day + "&node=", "tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution})
		d.MapConfig = string(b)
	}
	return s.render(w, r, "patrols", view{Title: "title.patrols", Section: "patrols", Data: d})
}

// patrolShowData is one patrol with its track.
type patrolShowData struct {
	P       *patrol.Patrol
	Minutes int
	Counts  bool
	Day     string
	Track   string // JSON [[lat, lng], …] for patrol.js
	Config  string
}

func (s *Server) patrolShowPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := state(r)
	pt, err := s.db.Patrol(r.Context(), st.p, id)
	if err != nil {
		return err
	}
	track, err := s.db.PatrolTrack(r.Context(), st.p, id)
	if err != nil {
		return err
	}
	line := make([][2]float64, len(track))
	for i, p := range track {
		line[i] = [2]float64{p.Lat, p.Lng}
	}
	b, _ := json.Marshal(map[string]any{"track": line, "tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution,
		"areas": "/api/v1/map/areas?id=" + strconv.FormatInt(pt.NodeID, 10), "texts": map[string]string{"no_track": i18n.T(st.lang, "patrol.no_track")}})
	d := patrolShowData{P: pt, Minutes: int(pt.Duration(s.db.Clock().Now()).Minutes()), Counts: s.cfg.Patrols.Counts(pt),
		Day: pt.Started.In(beijing).Format("2006-01-02"), Config: string(b)}
	return s.render(w, r, "patrol_show", view{Title: "title.patrol_show", Section: "patrols", Data: d})
}
