package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// treeRoutes are the staff pages and the API of the administrative tree. Reading needs
// tree.view, every change tree.manage; the store checks the caller's scope on each call.
func (s *Server) treeRoutes() []route {
	return []route{
		page("GET", "/admin/nodes", account.TreeView, s.nodesPage),
		page("POST", "/admin/nodes", account.TreeManage, s.nodeCreateSubmit),
		page("GET", "/admin/nodes/{id}", account.TreeView, s.nodeShowPage),
		page("POST", "/admin/nodes/{id}", account.TreeManage, s.nodeRenameSubmit),
		page("POST", "/admin/nodes/{id}/move", account.TreeManage, s.nodeMoveSubmit),
		page("POST", "/admin/nodes/{id}/retire", account.TreeManage, s.nodeRetireSubmit),
		page("POST", "/admin/nodes/{id}/restore", account.TreeManage, s.nodeRestoreSubmit),

		api("GET", "/api/v1/nodes", account.TreeView, s.apiNodes, apiDoc{
			Summary: "List places of the administrative tree in the caller's scope; with no filter, the top of the scope",
			Tag:     "tree", Response: nodeListResponse{}, Query: []param{
				{"parent", "integer", "Children of this node"},
				{"under", "integer", "Anywhere below (and including) this node"},
				{"level", "integer", "1 city, 2 district, 3 street, 4 community, 5 grid, 6 micro-grid"},
				{"q", "string", "Name contains, or full code starts with"},
				{"include_retired", "boolean", "Include retired places (default false)"},
				{"limit", "integer", "At most this many (default 200, at most 1000)"},
			}}),
		api("GET", "/api/v1/nodes/{id}", account.TreeView, s.apiNode, apiDoc{
			Summary: "One place, with the places above it", Tag: "tree", Response: nodeResponse{}}),
		api("POST", "/api/v1/nodes", account.TreeManage, s.apiNodeCreate, apiDoc{
			Summary: "Add a place under a parent (its level is the one below the parent's); administrators may add a root city or district",
			Tag:     "tree", Request: nodeCreateRequest{}, Response: nodeResponse{}, Status: http.StatusCreated}),
		api("PATCH", "/api/v1/nodes/{id}", account.TreeManage, s.apiNodeUpdate, apiDoc{
			Summary: "Rename a place or change its local code (full codes below follow)", Tag: "tree",
			Request: nodePatchRequest{}, Response: nodeResponse{}}),
		api("POST", "/api/v1/nodes/{id}/move", account.TreeManage, s.apiNodeMove, apiDoc{
			Summary: "Move a place (and everything below it) under a new parent of the level above", Tag: "tree",
			Request: nodeMoveRequest{}, Response: nodeResponse{}}),
		api("POST", "/api/v1/nodes/{id}/retire", account.TreeManage, s.apiNodeRetire, apiDoc{
			Summary: "Retire a place that nothing active hangs on any more; it keeps its code and history", Tag: "tree",
			Request: treeVersionRequest{}, Response: nodeResponse{}}),
		api("POST", "/api/v1/nodes/{id}/restore", account.TreeManage, s.apiNodeRestore, apiDoc{
			Summary: "Bring a retired place back into use", Tag: "tree",
			Request: treeVersionRequest{}, Response: nodeResponse{}}),
	}
}

// treeSearchLimit bounds the rows a page lists; a longer result asks for a narrower search.
const treeSearchLimit = 200

// nodeRow is a node as a listing shows it.
type nodeRow struct {
	*admin.Node
	Children int        // active children
	Parent   string     // the parent's name (search results)
	Kids     []*nodeRow // the level below (tree browser)
}

// nodeCrumb is one step of a breadcrumb; places above the caller's scope are named but
// not linked.
type nodeCrumb struct {
	*admin.Node
	Link bool
}

// nodesData is the tree browser and search page.
type nodesData struct {
	Search    bool // a search was asked for (q, level or under)
	Q         string
	Level     admin.Level
	Retired   bool
	Under     *admin.Node
	Crumbs    []nodeCrumb
	Roots     []*nodeRow // browse: the top of the scope and two levels below
	Results   []*nodeRow // search
	More      bool       // the search found more than the page lists
	Limit     int
	ToggleURL string // this page with "show retired" flipped
	CanRoot   bool   // may add a root city or district
	RootV     view   // the add-root form
}

func (s *Server) nodesPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderNodes(w, r, http.StatusOK, nil)
}

// renderNodes shows the browser; rootForm is a failed add-root submission, or nil.
func (s *Server) renderNodes(w http.ResponseWriter, r *http.Request, status int, rootForm *form) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	q := r.URL.Query()
	d := nodesData{Q: strings.TrimSpace(q.Get("q")), Limit: treeSearchLimit, RootV: view{Lang: st.lang, Form: rootForm, Fields: nodeRootFields},
		CanRoot: p.Can(account.TreeManage) && p.ScopePath == "/"}
	var err error
	if d.Level, err = treeLevelParam(r); err != nil {
		return err
	}
	if d.Retired, err = treeBoolParam(r, "retired"); err != nil {
		return err
	}
	under, err := queryInt(r, "under")
	if err != nil {
		return err
	}
	if under != 0 {
		if d.Under, err = s.db.Node(ctx, p, under); err != nil {
			return err
		}
	}
	d.ToggleURL = treeToggleURL(r, "retired", !d.Retired)
	d.Search = d.Q != "" || d.Level != 0 || d.Under != nil
	if d.Search {
		ns, err := s.db.Nodes(ctx, p, store.NodeFilter{Query: d.Q, Level: d.Level, Under: under, IncludeRetired: d.Retired,
			Limit: treeSearchLimit + 1})
		if err != nil {
			return err
		}
		if len(ns) > treeSearchLimit {
			ns, d.More = ns[:treeSearchLimit], true
		}
		if d.Results, err = s.nodeRows(r, ns, true); err != nil {
			return err
		}
		if d.Under != nil {
			if d.Crumbs, err = s.nodeCrumbs(r, d.Under, true); err != nil {
				return err
			}
		}
	} else {
		root, err := s.db.ScopeRoot(ctx, p)
		if err != nil {
			return err
		}
		var roots []*admin.Node
		if root != nil {
			roots = []*admin.Node{root}
			if d.Crumbs, err = s.nodeCrumbs(r, root, false); err != nil {
				return err
			}
		} else if roots, err = s.db.Nodes(ctx, p, store.NodeFilter{Roots: true, IncludeRetired: d.Retired}); err != nil {
			return err
		}
		if d.Roots, err = s.nodeRows(r, roots, false); err != nil {
			return err
		}
		for _, row := range d.Roots {
			if err := s.growBranch(r, row, d.Retired); err != nil {
				return err
			}
		}
	}
	return s.renderCode(w, r, status, "nodes", view{Title: "title.nodes", Section: "tree", Data: d})
}

// growBranch fills the two levels below a root of the browser.
func (s *Server) growBranch(r *http.Request, root *nodeRow, retired bool) error {
	if root.Level >= admin.Microgrid {
		return nil
	}
	p := principal(r)
	kids, err := s.db.Nodes(r.Context(), p, store.NodeFilter{ParentID: root.ID, IncludeRetired: retired})
	if err != nil {
		return err
	}
	if root.Kids, err = s.nodeRows(r, kids, false); err != nil {
		return err
	}
	if root.Level+1 >= admin.Microgrid || len(kids) == 0 {
		return nil
	}
	grand, err := s.db.Nodes(r.Context(), p, store.NodeFilter{Under: root.ID, Level: root.Level + 2, IncludeRetired: retired})
	if err != nil {
		return err
	}
	rows, err := s.nodeRows(r, grand, false)
	if err != nil {
		return err
	}
	byParent := map[int64]*nodeRow{}
	for _, k := range root.Kids {
		byParent[k.ID] = k
	}
	for _, g := range rows {
		if k := byParent[g.ParentID]; k != nil {
			k.Kids = append(k.Kids, g)
		}
	}
	return nil
}

// nodeRows wraps nodes with their child counts and, when asked, their parents' names.
func (s *Server) nodeRows(r *http.Request, ns []*admin.Node, parents bool) ([]*nodeRow, error) {
	ids := make([]int64, len(ns))
	var pids []int64
	for i, n := range ns {
		ids[i] = n.ID
		if n.ParentID != 0 {
			pids = append(pids, n.ParentID)
		}
	}
	counts, err := s.db.ChildCounts(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	names := map[int64]string{}
	if parents {
		if names, err = s.db.NodeNames(r.Context(), principal(r), treeUniqueIDs(pids)); err != nil {
			return nil, err
		}
	}
	rows := make([]*nodeRow, len(ns))
	for i, n := range ns {
		rows[i] = &nodeRow{Node: n, Children: counts[n.ID], Parent: names[n.ParentID]}
	}
	return rows, nil
}

// nodeCrumbs is the breadcrumb down to n; self says whether n itself is included.
func (s *Server) nodeCrumbs(r *http.Request, n *admin.Node, self bool) ([]nodeCrumb, error) {
	anc, err := s.db.Ancestors(r.Context(), n)
	if err != nil {
		return nil, err
	}
	p := principal(r)
	var out []nodeCrumb
	for _, a := range anc {
		out = append(out, nodeCrumb{Node: a, Link: p.InScope(a.Path)})
	}
	if self {
		out = append(out, nodeCrumb{Node: n, Link: true})
	}
	return out, nil
}

// nodeData is the page of one node.
type nodeData struct {
	Node        *admin.Node
	Crumbs      []nodeCrumb // the places above it
	Parent      *admin.Node // nil for a root
	Children    []*nodeRow
	ShowRetired bool
	ToggleURL   string
	Units       []*admin.Unit
	Usage       store.NodeUsage
	ShowUsers   bool // the caller may list accounts
	History     []historyItem

	Manage         bool // tree.manage over this node
	ChildLevel     admin.Level
	ChildHint      string // the code rule of a new child, translated
	CodeHint       string // the code rule of this node, translated
	CanChild       bool
	CanRename      bool
	CanMove        bool
	CanRetire      bool
	CanRestore     bool
	Candidates     []nodeOption       // possible new parents
	MoveHint       string             // which level a new parent must be, translated
	CanUnits       bool               // unit.manage over this node: "add a unit here"
	Workers        *gridWorkersData   // grids and micro-grids only
	Buildings      *gridBuildingsData // grids and micro-grids only
	Residents      *gridResidents     // grids and micro-grids only
	Map            string             // map.js configuration when the place has a boundary
	CanBoundaries  bool               // grid.manage here: import boundaries
	CanUnitGrids   bool               // a community or grid with a boundary and no children, which unit grids can fill
	Stats          *store.NodeStats   // register counts of the place and below
	HouseUses      []register.HouseUse
	RegTypes       []register.RegType
	FacilityMajors []register.FacilityMajor

	ChildV, RenameV, MoveV, StatusV view // each form with its own submission, if it failed
	LostV                           view // a failed submission whose form the page no longer shows
}

// nodeForms carries a failed submission to the form it came from.
type nodeForms struct {
	child, rename, move, status, assign *form
}

func (s *Server) nodeShowPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.pathNode(r)
	if err != nil {
		return err
	}
	return s.renderNode(w, r, http.StatusOK, n, nodeForms{})
}

// pathNode reads the {id} node of the request, in the caller's scope.
func (s *Server) pathNode(r *http.Request) (*admin.Node, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.Node(r.Context(), principal(r), id)
}

func (s *Server) renderNode(w http.ResponseWriter, r *http.Request, status int, n *admin.Node, fs nodeForms) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	d := nodeData{Node: n, ChildV: view{Lang: st.lang, Form: fs.child, Fields: nodeChildFields, IDPrefix: "child-"},
		RenameV: view{Lang: st.lang, Form: fs.rename, Fields: nodeRenameFields},
		MoveV:   view{Lang: st.lang, Form: fs.move, Fields: nodeMoveFields}, StatusV: view{Lang: st.lang, Form: fs.status}}
	var err error
	if d.ShowRetired, err = treeBoolParam(r, "retired"); err != nil {
		return err
	}
	// Built from the node, not the request: after a failed form the request is a POST
	// to one of the node's actions.
	d.ToggleURL = "/admin/nodes/" + strconv.FormatInt(n.ID, 10) + "#children"
	if !d.ShowRetired {
		d.ToggleURL = "/admin/nodes/" + strconv.FormatInt(n.ID, 10) + "?retired=1#children"
	}
	if d.Crumbs, err = s.nodeCrumbs(r, n, false); err != nil {
		return err
	}
	if len(d.Crumbs) > 0 {
		d.Parent = d.Crumbs[len(d.Crumbs)-1].Node
	}
	kids, err := s.db.Nodes(ctx, p, store.NodeFilter{ParentID: n.ID, IncludeRetired: d.ShowRetired})
	if err != nil {
		return err
	}
	if d.Children, err = s.nodeRows(r, kids, false); err != nil {
		return err
	}
	if d.Units, err = s.db.Units(ctx, p, store.UnitFilter{NodeID: n.ID, IncludeRetired: true}); err != nil {
		return err
	}
	if d.Usage, err = s.db.NodeUsage(ctx, p, n.ID); err != nil {
		return err
	}
	d.ShowUsers = p.Can(account.UserView)
	if d.History, err = s.historyItems(r, "node", n.ID); err != nil {
		return err
	}
	if d.Workers, err = s.gridWorkers(r, n, fs.assign); err != nil {
		return err
	}
	if d.Buildings, err = s.gridBuildings(r, n); err != nil {
		return err
	}
	if d.Residents, err = s.gridResidentsOf(r, n); err != nil {
		return err
	}
	if n.Boundary != "" && !n.IsRetired() {
		top := n.Level + 1 // its children, drawn inside its outline
		if n.Level == admin.Microgrid {
			top = n.Level
		}
		d.Map = s.mapConfig(st.lang, mapView{focus: n.ID, under: n.ID, top: top})
	}
	d.CanBoundaries = p.Can(account.GridManage) && p.InScope(n.Path) && !n.IsRetired()
	d.CanUnitGrids = d.CanBoundaries && p.Can(account.TreeManage) && n.Boundary != "" && d.Usage.Children == 0 &&
		(n.Level == admin.Community || n.Level == admin.Grid)
	if d.Stats, err = s.db.NodeStats(ctx, p, n.ID); err != nil {
		return err
	}
	d.HouseUses, d.RegTypes, d.FacilityMajors = register.HouseUses, register.RegTypes, register.FacilityMajors
	d.Manage = p.Can(account.TreeManage) && p.InScope(n.Path)
	d.CanUnits = p.Can(account.UnitManage) && p.InScope(n.Path) && !n.IsRetired()
	d.CodeHint = treeCodeHint(st.lang, n.Level)
	if d.Manage {
		d.ChildLevel = n.Level.Child()
		d.CanChild = !n.IsRetired() && d.ChildLevel != 0
		if d.CanChild {
			d.ChildHint = treeCodeHint(st.lang, d.ChildLevel)
		}
		d.CanRename = !n.IsRetired()
		d.CanRetire = !n.IsRetired() && n.Path != p.ScopePath
		d.CanRestore = n.IsRetired() && (d.Parent == nil || !d.Parent.IsRetired())
		if !n.IsRetired() && d.Parent != nil && p.InScope(d.Parent.Path) {
			cands, err := s.db.Nodes(ctx, p, store.NodeFilter{Level: n.Level - 1})
			if err != nil {
				return err
			}
			for _, c := range cands {
				if c.ID != n.ParentID {
					d.Candidates = append(d.Candidates, nodeOption{ID: c.ID, Label: c.Name + " · " + c.FullCode})
				}
			}
			d.CanMove = len(d.Candidates) > 0
			d.MoveHint = i18n.T(st.lang, "tree.hint.move", admin.M(n.Level-1))
		}
	}
	// The node may have changed since the form was sent (retired, say): its problems are
	// then shown at the top of the page, as the form itself is gone.
	switch {
	case fs.child != nil && !d.CanChild:
		d.LostV = d.ChildV
	case fs.rename != nil && !d.CanRename:
		d.LostV = d.RenameV
	case fs.move != nil && !d.CanMove:
		d.LostV = d.MoveV
	case fs.status != nil && !d.CanRetire && !d.CanRestore:
		d.LostV = d.StatusV
	case fs.assign != nil && (d.Workers == nil || !d.Workers.CanAssign):
		d.LostV = view{Lang: st.lang, Form: fs.assign, Fields: assignFields}
	}
	d.LostV.Detached = true
	return s.renderCode(w, r, status, "nodes_show", view{Title: n.Name, Section: "tree", Data: d})
}

// nodeCreateSubmit adds a child under parent_id, or (administrators) a root.
func (s *Server) nodeCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	parentID, level := f.Int("parent_id"), f.Int("level")
	var parent *admin.Node
	if parentID != 0 && !f.HasErrors() {
		// A parent outside the caller's scope is not theirs to see: not found, as on
		// every other route, rather than a message about the form.
		if parent, err = s.db.Node(ctx, st.p, parentID); err != nil {
			return err
		}
	}
	err = f.numErrs()
	var n *admin.Node
	if err == nil {
		n, err = s.db.CreateNode(ctx, st.p, admin.NodeInput{ParentID: parentID, Level: admin.Level(level),
			Code: f.Get("code"), Name: f.Get("name")})
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		switch {
		case parent != nil:
			return s.renderNode(w, r, statusFor(err), parent, nodeForms{child: f})
		case st.p.ScopePath == "/":
			return s.renderNodes(w, r, statusFor(err), f) // the add-root form
		}
		return err // no form on any page sent this: the error page lists the problems
	}
	flash(w, "success", "flash.node_created")
	if parent != nil {
		return redirect(w, r, "/admin/nodes/"+strconv.FormatInt(parent.ID, 10)+"#children")
	}
	return redirect(w, r, "/admin/nodes/"+strconv.FormatInt(n.ID, 10)+"#main")
}

// nodeWrite runs one of the write forms of a node page: it reads the node and the
// form's version, calls do, and either redirects with a flash or shows the page again
// with the problem beside the form that caused it.
func (s *Server) nodeWrite(w http.ResponseWriter, r *http.Request, which func(*nodeForms, *form), flashKey string,
	do func(n *admin.Node, f *form, version int) error) error {
	n, err := s.pathNode(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	version, err := formVersion(f)
	if err == nil {
		err = do(n, f, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		// Show the page as it is now: after a conflict the person sees what changed.
		if fresh, err := s.db.Node(r.Context(), st.p, n.ID); err == nil {
			n = fresh
		}
		var fs nodeForms
		which(&fs, f)
		return s.renderNode(w, r, statusFor(err), n, fs)
	}
	flash(w, "success", flashKey)
	return redirect(w, r, "/admin/nodes/"+strconv.FormatInt(n.ID, 10)+"#main") // the flash, not the form sent

}

func (s *Server) nodeRenameSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.nodeWrite(w, r, func(fs *nodeForms, f *form) { fs.rename = f }, "flash.node_saved",
		func(n *admin.Node, f *form, version int) error {
			_, err := s.db.UpdateNode(r.Context(), principal(r), n.ID, f.Get("name"), f.Get("code"), version)
			return err
		})
}

func (s *Server) nodeMoveSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.nodeWrite(w, r, func(fs *nodeForms, f *form) { fs.move = f }, "flash.node_moved",
		func(n *admin.Node, f *form, version int) error {
			parentID := f.Int("parent_id")
			if err := f.numErrs(); err != nil {
				return err
			}
			if parentID == 0 {
				return errs.FieldInvalid("parent_id", "err.choose_one")
			}
			_, err := s.db.MoveNode(r.Context(), principal(r), n.ID, parentID, version)
			return err
		})
}

func (s *Server) nodeRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.nodeWrite(w, r, func(fs *nodeForms, f *form) { fs.status = f }, "flash.node_retired",
		func(n *admin.Node, f *form, version int) error {
			return s.db.RetireNode(r.Context(), principal(r), n.ID, version)
		})
}

func (s *Server) nodeRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.nodeWrite(w, r, func(fs *nodeForms, f *form) { fs.status = f }, "flash.node_restored",
		func(n *admin.Node, f *form, version int) error {
			return s.db.RestoreNode(r.Context(), principal(r), n.ID, version)
		})
}

// treeCodeHint describes the local code of a level, e.g. "3 位数字".
func treeCodeHint(lang i18n.Lang, l admin.Level) string {
	min, max := l.CodeRule()
	if min == max {
		return i18n.T(lang, "tree.hint.code", min)
	}
	return i18n.T(lang, "tree.hint.code_range", min, max)
}

// treeLevelParam reads the optional ?level= of a listing.
func treeLevelParam(r *http.Request) (admin.Level, error) {
	n, err := queryInt(r, "level")
	if err != nil {
		return 0, err
	}
	l := admin.Level(n)
	if n != 0 && !l.Valid() {
		return 0, errs.FieldInvalid("level", "err.range", int(admin.City), int(admin.Microgrid))
	}
	return l, nil
}

// treeBoolParam reads an optional yes/no query parameter.
func treeBoolParam(r *http.Request, name string) (bool, error) {
	switch r.URL.Query().Get(name) {
	case "", "0", "false", "off":
		return false, nil
	case "1", "true", "on":
		return true, nil
	}
	return false, errs.FieldInvalid(name, "tree.err.bool")
}

// treeLimitParam reads ?limit= for the API: 200 by default, at most 1000.
func treeLimitParam(r *http.Request) (int, error) {
	n, err := queryInt(r, "limit")
	if err != nil {
		return 0, err
	}
	switch {
	case n == 0:
		return treeSearchLimit, nil
	case n > 1000:
		return 0, errs.FieldInvalid("limit", "err.range", 1, 1000)
	}
	return int(n), nil
}

// treeToggleURL is the current page with one query parameter set to on or removed.
func treeToggleURL(r *http.Request, name string, on bool) string {
	q := url.Values{}
	for k, v := range r.URL.Query() {
		q[k] = v
	}
	if on {
		q.Set(name, "1")
	} else {
		q.Del(name)
	}
	if len(q) == 0 {
		return r.URL.Path
	}
	return r.URL.Path + "?" + q.Encode()
}

func treeUniqueIDs(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if id != 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
