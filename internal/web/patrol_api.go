package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/store"
)

// patrolAPIRoutes are grid workers' patrols in the API: a phone starts a patrol, uploads
// its track in batches and ends it; staff read patrols and the day's coverage.
func (s *Server) patrolAPIRoutes() []route {
	return []route{
		api("POST", "/api/v1/patrols", account.PatrolOwn, s.apiPatrolStart, apiDoc{
			Summary: "Start a patrol of one of the caller's grids; a worker has one patrol open at a time",
			Tag:     "patrols", Request: patrolStartRequest{}, Response: patrolResponse{}, Status: http.StatusCreated}),
		api("POST", "/api/v1/patrols/{id}/points", account.PatrolOwn, s.apiPatrolPoints, apiDoc{
			Summary: "Upload track points of the caller's open patrol, in time order (at most 500 an upload). Points at or before the last one received are skipped, so a retried upload is harmless; points less accurate than 100 m or implying more than 150 km/h are dropped",
			Tag:     "patrols", Request: patrolPointsRequest{}, Response: patrolPointsResponse{}}),
		api("POST", "/api/v1/patrols/{id}/end", account.PatrolOwn, s.apiPatrolEnd, apiDoc{
			Summary: "End the caller's open patrol now, with an optional note",
			Tag:     "patrols", Request: patrolEndRequest{}, Response: patrolResponse{}}),
		api("GET", "/api/v1/patrols/{id}", account.CaseView, s.apiPatrol, apiDoc{
			Summary: "A patrol: one's own, or one in the caller's area", Tag: "patrols", Response: patrolResponse{},
			Query: []param{{"track", "boolean", "Include the track's points (default false)"}}}),
		api("GET", "/api/v1/patrols", account.CaseView, s.apiPatrols, apiDoc{
			Summary: "Patrols in the caller's area, newest first", Tag: "patrols",
			Response: patrolListResponse{}, Query: []param{
				{"under", "integer", "Only patrols of grids below this node"},
				{"worker", "integer", "Only this worker's patrols"},
				{"day", "string", "Only patrols started this day, 2006-01-02 in China Standard Time"},
				{"limit", "integer", "At most this many (default and maximum 500)"},
			}}),
		api("GET", "/api/v1/patrols/coverage", account.CaseView, s.apiPatrolCoverage, apiDoc{
			Summary: "How well each grid of an area was patrolled on a day, against the requirement (patrols a day of a minimum length)",
			Tag:     "patrols", Response: coverageResponse{}, Query: []param{
				{"node", "integer", "The area (default: the top of the caller's scope)"},
				{"day", "string", "2006-01-02 in China Standard Time (default: today)"},
			}}),
	}
}

type patrolStartRequest struct {
	NodeID int64 `json:"node_id" doc:"The grid or micro-grid to patrol: the caller's own, or one they serve on duty"`
}

type patrolPointJSON struct {
	At       time.Time `json:"at" doc:"When the phone took the position"`
	Lng      float64   `json:"lng" doc:"WGS-84 longitude"`
	Lat      float64   `json:"lat" doc:"WGS-84 latitude"`
	Accuracy float64   `json:"accuracy" doc:"Metres, as the browser's geolocation reports it"`
}

type patrolPointsRequest struct {
	Points []patrolPointJSON `json:"points"`
}

type patrolEndRequest struct {
	Note string `json:"note,omitempty" doc:"At most 500 characters"`
}

type patrolResponse struct {
	ID        int64             `json:"id"`
	WorkerID  int64             `json:"worker_id"`
	Worker    string            `json:"worker" doc:"The worker's name"`
	NodeID    int64             `json:"node_id"`
	NodeName  string            `json:"node_name"`
	Started   time.Time         `json:"started"`
	Ended     *time.Time        `json:"ended,omitempty" doc:"Absent while the patrol is open"`
	Minutes   int               `json:"minutes" doc:"How long it lasted, or has lasted so far"`
	Distance  float64           `json:"distance_m" doc:"Metres along the kept points"`
	Points    int               `json:"points"`
	Dropped   int               `json:"dropped" doc:"Points received but not kept"`
	Cases     int               `json:"cases" doc:"Cases reported on this patrol"`
	Note      string            `json:"note,omitempty"`
	Counts    bool              `json:"counts" doc:"Ended and long enough to count towards the daily requirement"`
	ReportURL string            `json:"report_url" doc:"The page that reports a problem found on this patrol"`
	Track     []patrolPointJSON `json:"track,omitempty" doc:"With track=true"`
}

type patrolListResponse struct {
	Items []patrolResponse `json:"items"`
}

type patrolPointsResponse struct {
	Kept     int            `json:"kept"`
	Dropped  int            `json:"dropped" doc:"Poor accuracy or impossible jumps"`
	Repeated int            `json:"repeated" doc:"Already received"`
	Patrol   patrolResponse `json:"patrol"`
}

type coverageGrid struct {
	NodeID     int64    `json:"node_id"`
	Name       string   `json:"name"`
	Parent     string   `json:"parent" doc:"The name of the place above the grid (its community)"`
	Patrols    int      `json:"patrols" doc:"Patrols started that day, open ones included"`
	Counted    int      `json:"counted" doc:"Patrols that count towards the requirement"`
	Open       int      `json:"open"`
	Minutes    int      `json:"minutes"`
	Distance   float64  `json:"distance_m"`
	Workers    []string `json:"workers"`
	Status     string   `json:"status" doc:"met, partly or none"`
	StatusName string   `json:"status_name" doc:"In the caller's language"`
}

type coverageResponse struct {
	NodeID     int64          `json:"node_id"`
	Day        string         `json:"day"`
	PerDay     int            `json:"per_day" doc:"Patrols a grid needs a day"`
	MinMinutes int            `json:"min_minutes" doc:"How long a patrol must last to count"`
	Grids      []coverageGrid `json:"grids"`
}

func (s *Server) patrolJSON(pt *patrol.Patrol, track []patrol.Point) patrolResponse {
	now := s.db.Clock().Now()
	out := patrolResponse{ID: pt.ID, WorkerID: pt.WorkerID, Worker: pt.WorkerName, NodeID: pt.NodeID, NodeName: pt.NodeName,
		Started: pt.Started, Ended: pt.Ended, Minutes: int(pt.Duration(now).Minutes()), Distance: float64(int(pt.Distance*10)) / 10,
		Points: pt.Points, Dropped: pt.Dropped, Cases: pt.Cases, Note: pt.Note, Counts: s.cfg.Patrols.Counts(pt),
		ReportURL: patrolReportURL(pt.ID)}
	for _, p := range track {
		out.Track = append(out.Track, patrolPointJSON{At: p.At, Lng: p.Lng, Lat: p.Lat, Accuracy: p.Accuracy})
	}
	return out
}

func (s *Server) apiPatrolStart(w http.ResponseWriter, r *http.Request) error {
	var in patrolStartRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	pt, err := s.db.StartPatrol(r.Context(), principal(r), in.NodeID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.patrolJSON(pt, nil))
	return nil
}

func (s *Server) apiPatrolPoints(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in patrolPointsRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	pts := make([]patrol.Point, len(in.Points))
	for i, p := range in.Points {
		pts[i] = patrol.Point{At: p.At, Lng: p.Lng, Lat: p.Lat, Accuracy: p.Accuracy}
	}
	res, err := s.db.AddPatrolPoints(r.Context(), principal(r), id, pts)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, patrolPointsResponse{Kept: res.Kept, Dropped: res.Dropped, Repeated: res.Repeated, Patrol: s.patrolJSON(res.Patrol, nil)})
	return nil
}

func (s *Server) apiPatrolEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in patrolEndRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	pt, err := s.db.EndPatrol(r.Context(), principal(r), id, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.patrolJSON(pt, nil))
	return nil
}

func (s *Server) apiPatrol(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pt, err := s.db.Patrol(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	var track []patrol.Point
	if r.URL.Query().Get("track") == "true" {
		if track, err = s.db.PatrolTrack(r.Context(), principal(r), id); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, s.patrolJSON(pt, track))
	return nil
}

func (s *Server) apiPatrols(w http.ResponseWriter, r *http.Request) error {
	f, err := s.patrolFilter(r)
	if err != nil {
		return err
	}
	if f.Limit, err = queryIntN(r, "limit"); err != nil {
		return err
	}
	ps, err := s.db.ListPatrols(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := patrolListResponse{Items: make([]patrolResponse, 0, len(ps))}
	for _, pt := range ps {
		out.Items = append(out.Items, s.patrolJSON(pt, nil))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func queryIntN(r *http.Request, name string) (int, error) {
	n, err := queryInt(r, name)
	return int(n), err
}

// patrolFilter reads under, worker and day from the query.
func (s *Server) patrolFilter(r *http.Request) (store.PatrolFilter, error) {
	var f store.PatrolFilter
	var err error
	if f.Under, err = queryInt(r, "under"); err != nil {
		return f, err
	}
	if f.WorkerID, err = queryInt(r, "worker"); err != nil {
		return f, err
	}
	if day := r.URL.Query().Get("day"); day != "" {
		if f.Day, err = patrol.ParseDay(day, s.db.Clock().Now()); err != nil {
			return f, err
		}
	}
	return f, nil
}

// coverageFor reads node and day from the query and returns the area, its day and the
// coverage of its grids.
func (s *Server) coverageFor(r *http.Request) (*coverageResponse, []*store.GridCoverage, error) {
	nodeID, err := queryInt(r, "node")
	if err != nil {
		return nil, nil, err
	}
	if nodeID == 0 {
		root, err := s.mapStatsRoot(r)
		if err != nil {
			return nil, nil, err
		}
		if root == nil {
			return nil, nil, errs.NotFoundf("entity.node")
		}
		nodeID = root.ID
	}
	day, err := patrol.ParseDay(r.URL.Query().Get("day"), s.db.Clock().Now())
	if err != nil {
		return nil, nil, err
	}
	cov, err := s.db.Coverage(r.Context(), principal(r), nodeID, day, s.cfg.Patrols)
	if err != nil {
		return nil, nil, err
	}
	out := &coverageResponse{NodeID: nodeID, Day: day.Format("2006-01-02"), PerDay: s.cfg.Patrols.PerDay,
		MinMinutes: int(s.cfg.Patrols.MinDuration.Minutes()), Grids: make([]coverageGrid, 0, len(cov))}
	lang := state(r).lang
	for _, g := range cov {
		workers := g.Workers
		if workers == nil {
			workers = []string{}
		}
		out.Grids = append(out.Grids, coverageGrid{NodeID: g.NodeID, Name: g.Name, Parent: g.Parent, Patrols: g.Patrols, Counted: g.Counted, Open: g.Open,
			Minutes: int(g.Duration.Minutes()), Distance: float64(int(g.Distance)), Workers: workers, Status: string(g.Status),
			StatusName: i18n.T(lang, g.Status.Key())})
	}
	return out, cov, nil
}

func (s *Server) apiPatrolCoverage(w http.ResponseWriter, r *http.Request) error {
	out, _, err := s.coverageFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
