package web

import (
	"context"
	"crypto/rand"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

// Accounts: administrators and staff manage the accounts of their scope. Pages live under
// /admin/users, the same operations under /api/v1/users (user_api.go). Storage checks
// permission and scope on every call; the web layer only decides what to offer.

func (s *Server) userRoutes() []route {
	rs := []route{
		page("GET", "/admin/users", account.UserView, s.usersPage),
		page("GET", "/admin/users/new", account.UserManage, s.userNewPage),
		page("POST", "/admin/users", account.UserManage, s.userCreateSubmit),
		page("GET", "/admin/users/{id}", account.UserView, s.userPage),
		page("POST", "/admin/users/{id}", account.UserManage, s.userEditSubmit),
		page("POST", "/admin/users/{id}/password", account.UserManage, s.userPasswordSubmit),
		page("POST", "/admin/users/{id}/disable", account.UserManage, s.userStatusSubmit("disable")),
		page("POST", "/admin/users/{id}/enable", account.UserManage, s.userStatusSubmit("enable")),
		page("POST", "/admin/users/{id}/unlock", account.UserManage, s.userStatusSubmit("unlock")),
		page("POST", "/admin/users/{id}/unmask", account.PersonalUnmask, s.userUnmaskSubmit),
	}
	return append(rs, s.userAPIRoutes()...)
}

// userPageSize is how many accounts one page of the list shows.
const userPageSize = 50

// ─── Filters ────────────────────────────────────────────────────────────────

// queryIDField reads an optional non-negative number from a query, recording a field
// error when it is not one.
func queryIDField(v *errs.Validation, q url.Values, name string) int64 {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if !v.Check(err == nil && n >= 0, name, "err.number") {
		return 0
	}
	return n
}

// queryLimit reads the API's optional page size (1–500).
func queryLimit(v *errs.Validation, q url.Values, def int) int {
	n := queryIDField(v, q, "limit")
	if n == 0 && !v.Has("limit") {
		return def
	}
	if !v.Check(n >= 1 && n <= 500, "limit", "err.range", 1, 500) {
		return def
	}
	return int(n)
}

// userFilterFrom reads the account list's filters: role, node (a subtree), unit, q,
// status and after (keyset pagination).
func userFilterFrom(q url.Values) (store.UserFilter, error) {
	var v errs.Validation
	f := store.UserFilter{Query: strings.TrimSpace(q.Get("q")), Status: strings.TrimSpace(q.Get("status"))}
	if role := strings.TrimSpace(q.Get("role")); role != "" {
		f.Role = account.Role(role)
		v.Check(f.Role.Valid(), "role", "err.choose_one")
	}
	switch f.Status {
	case "", "active", "disabled", "locked":
	default:
		v.Add("status", "err.choose_one")
	}
	v.MaxLen("q", f.Query, 60)
	f.Under = queryIDField(&v, q, "node")
	f.UnitID = queryIDField(&v, q, "unit")
	f.AfterID = queryIDField(&v, q, "after")
	return f, v.Err()
}

// ─── Choices offered by the forms ───────────────────────────────────────────

// bindChoice is one place in a select of the places an account may be bound to.
type bindChoice struct {
	ID     int64
	Name   string
	Code   string
	Level  admin.Level
	Indent string // non-breaking spaces that show the depth below the group
}

// bindGroup is an <optgroup> of places; Label is empty for an ungrouped list.
type bindGroup struct {
	Label   string
	Choices []bindChoice
}

// assignableRoles are the roles the caller may give: those its role may assign, and
// only roles whose accounts can sit inside its scope (administrators and residents sit
// at the root, so only callers who reach the whole tree are offered them).
func assignableRoles(p *account.Principal) []account.Role {
	var out []account.Role
	for _, r := range account.Roles {
		if !p.Role.CanAssign(r) {
			continue
		}
		if !r.BindsNode() && !r.BindsUnit() && !p.InScope("/") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// bindGroups lists the places in the caller's scope an account of role may be bound to.
// Grid workers pick among many grids, so those are grouped by community; the higher
// levels are few and are shown as one indented list in tree order.
func (s *Server) bindGroups(ctx context.Context, p *account.Principal, role account.Role) ([]bindGroup, error) {
	levels := role.NodeLevels()
	if len(levels) == 0 {
		return nil, nil
	}
	var nodes []*admin.Node
	for _, l := range levels {
		ns, err := s.db.Nodes(ctx, p, store.NodeFilter{Level: l})
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, ns...)
	}
	sort.SliceStable(nodes, func(i, j int) bool { return nodes[i].FullCode < nodes[j].FullCode })
	indent := func(depth int) string { return strings.Repeat("\u00a0\u00a0", max(depth, 0)*2) }
	if !role.AllowsLevel(admin.Grid) {
		top := 0
		for i, n := range nodes {
			if i == 0 || n.Depth() < top {
				top = n.Depth()
			}
		}
		g := bindGroup{}
		for _, n := range nodes {
			g.Choices = append(g.Choices, bindChoice{ID: n.ID, Name: n.Name, Code: n.FullCode, Level: n.Level, Indent: indent(n.Depth() - top)})
		}
		return []bindGroup{g}, nil
	}
	// Group grids and micro-grids under their community, labelled "street · community".
	above, err := s.db.Nodes(ctx, p, store.NodeFilter{Level: admin.Community})
	if err != nil {
		return nil, err
	}
	streets, err := s.db.Nodes(ctx, p, store.NodeFilter{Level: admin.Street})
	if err != nil {
		return nil, err
	}
	names := map[int64]*admin.Node{}
	for _, n := range append(above, streets...) {
		names[n.ID] = n
	}
	// A caller bound to a community does not reach its street: the label is the
	// community's name alone then.
	groups := map[int64]*bindGroup{}
	var order []int64
	for _, n := range nodes {
		var comm *admin.Node
		ids := n.AncestorIDs()
		for i := len(ids) - 1; i >= 0 && comm == nil; i-- {
			if c := names[ids[i]]; c != nil && c.Level == admin.Community {
				comm = c
			}
		}
		var key int64
		label := ""
		if comm != nil {
			key, label = comm.ID, comm.Name
			cids := comm.AncestorIDs()
			if len(cids) >= 2 {
				if st := names[cids[len(cids)-2]]; st != nil {
					label = st.Name + " · " + comm.Name
				}
			}
		}
		g := groups[key]
		if g == nil {
			g = &bindGroup{Label: label}
			groups[key] = g
			order = append(order, key)
		}
		g.Choices = append(g.Choices, bindChoice{ID: n.ID, Name: n.Name, Code: n.FullCode, Level: n.Level,
			Indent: indent(int(n.Level - admin.Grid))})
	}
	out := make([]bindGroup, 0, len(order))
	for _, k := range order {
		out = append(out, *groups[k])
	}
	return out, nil
}

// userFormData is what the create and edit forms offer.
type userFormData struct {
	Roles  []account.Role
	Role   account.Role // the role the form is showing places for
	Groups []bindGroup
	Units  []*admin.Unit
}

// NeedsNode, NeedsUnit and NeedsPhone say which binding fields the role uses.
func (d userFormData) NeedsNode() bool  { return d.Role.BindsNode() }
func (d userFormData) NeedsUnit() bool  { return d.Role.BindsUnit() }
func (d userFormData) NeedsPhone() bool { return d.Role == account.Resident }

func (s *Server) userFormFor(ctx context.Context, p *account.Principal, role account.Role, current account.Role) (userFormData, error) {
	d := userFormData{Roles: assignableRoles(p), Role: role}
	if current != "" && !containsRole(d.Roles, current) {
		d.Roles = append([]account.Role{current}, d.Roles...)
	}
	if !role.Valid() {
		d.Role = ""
		return d, nil
	}
	var err error
	if d.Groups, err = s.bindGroups(ctx, p, role); err != nil {
		return d, err
	}
	if role.BindsUnit() {
		if d.Units, err = s.db.Units(ctx, p, store.UnitFilter{}); err != nil {
			return d, err
		}
	}
	return d, nil
}

func containsRole(rs []account.Role, r account.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// userInputFrom reads the account fields of a create or edit form. Only the binding the
// role uses is kept, so a stale node or unit left in the other select changes nothing.
func userInputFrom(f *form) account.UserInput {
	in := account.UserInput{Username: f.Get("username"), DisplayName: f.Get("display_name"),
		Role: account.Role(f.Get("role")), NodeID: f.Int("node_id"), UnitID: f.Int("unit_id"), Phone: f.Get("phone")}
	return cleanBinding(in)
}

func cleanBinding(in account.UserInput) account.UserInput {
	if !in.Role.BindsNode() {
		in.NodeID = 0
	}
	if !in.Role.BindsUnit() {
		in.UnitID = 0
	}
	return in
}

// generatePassword makes an initial password people can read out and type: three groups
// of four characters without look-alikes (0/O, 1/l/I), with letters and digits, about
// 69 bits of entropy. The owner must change it at first sign-in.
func generatePassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	for {
		var b strings.Builder
		var digits, letters int
		for i := 0; i < 12; i++ {
			if i > 0 && i%4 == 0 {
				b.WriteByte('-')
			}
			n, err := rand.Int(rand.Reader, big.NewInt(int64(len(alphabet))))
			if err != nil {
				panic(err) // crypto/rand does not fail on supported platforms
			}
			c := alphabet[n.Int64()]
			if c >= '2' && c <= '9' {
				digits++
			} else {
				letters++
			}
			b.WriteByte(c)
		}
		if digits > 0 && letters > 0 {
			return b.String()
		}
	}
}

// ─── List ───────────────────────────────────────────────────────────────────

type usersListData struct {
	Users    []*account.User
	Now      time.Time
	Roles    []account.Role
	Places   []bindChoice // filter: places down to communities
	Units    []*admin.Unit
	Filtered bool   // any filter is set
	After    int64  // the page starts after this id
	NextURL  string // the next page, or ""
	FirstURL string // the first page, when not on it
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := usersListData{Now: s.db.Clock().Now(), Roles: account.Roles}
	filter, err := userFilterFrom(q)
	status := http.StatusOK
	if err == nil {
		filter.Limit = userPageSize + 1
		d.Users, err = s.db.Users(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	if len(d.Users) > userPageSize {
		d.Users = d.Users[:userPageSize]
		next := cloneQuery(q)
		next.Set("after", strconv.FormatInt(d.Users[len(d.Users)-1].ID, 10))
		d.NextURL = "/admin/users?" + next.Encode()
	}
	d.After = filter.AfterID
	if filter.AfterID != 0 {
		first := cloneQuery(q)
		first.Del("after")
		d.FirstURL = "/admin/users?" + first.Encode()
	}
	d.Filtered = filter.Role != "" || filter.Under != 0 || filter.UnitID != 0 || filter.Query != "" || filter.Status != ""
	if d.Places, err = s.filterPlaces(ctx, st.p, filter.Under); err != nil {
		return err
	}
	if d.Units, err = s.db.Units(ctx, st.p, store.UnitFilter{IncludeRetired: true}); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "users", view{Title: "title.users", Section: "users", Form: f, Fields: userFilterFields, Data: d})
}

// filterPlaces lists the places a list can be narrowed to: the scope down to communities
// (grids are too many for a select), plus the chosen place when it is a grid.
func (s *Server) filterPlaces(ctx context.Context, p *account.Principal, chosen int64) ([]bindChoice, error) {
	groups, err := s.bindGroups(ctx, p, account.Leader) // leaders bind from city to community
	if err != nil {
		return nil, err
	}
	var out []bindChoice
	for _, g := range groups {
		out = append(out, g.Choices...)
	}
	if chosen != 0 {
		for _, c := range out {
			if c.ID == chosen {
				return out, nil
			}
		}
		if n, err := s.db.Node(ctx, p, chosen); err == nil {
			out = append(out, bindChoice{ID: n.ID, Name: n.Name, Code: n.FullCode, Level: n.Level})
		}
	}
	return out, nil
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		if len(v) > 0 && v[0] != "" {
			out[k] = append([]string(nil), v...)
		}
	}
	return out
}

// ─── Create ─────────────────────────────────────────────────────────────────

// userCreatedData is the page shown once after an account was created with a
// generated password.
type userCreatedData struct {
	U        *account.User
	Password string
}

func (s *Server) userNewPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	role := account.Role(r.URL.Query().Get("role"))
	if !containsRole(assignableRoles(p), role) {
		role = account.GridWorker
	}
	return s.showUserNew(w, r, http.StatusOK, nil, role)
}

func (s *Server) showUserNew(w http.ResponseWriter, r *http.Request, status int, f *form, role account.Role) error {
	d, err := s.userFormFor(r.Context(), principal(r), role, "")
	if err != nil {
		return err
	}
	return s.renderCode(w, r, status, "users_new", view{Title: "title.user_new", Section: "users", Form: f, Fields: userNewFields, Data: d})
}

// userCreateSubmit creates an account. The form is also posted, without action=create,
// when the role changes (by script, or the "show places" button without it), to show the
// places that role may be bound to; nothing is written then.
func (s *Server) userCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := userInputFrom(f)
	if f.Get("action") != "create" {
		f.Errors = map[string]string{}
		return s.showUserNew(w, r, http.StatusOK, f, in.Role)
	}
	generated := ""
	if f.Get("generate") != "" {
		generated = generatePassword()
		in.Password = generated
	} else {
		in.Password = f.Raw("password")
	}
	err = f.numErrs()
	var u *account.User
	if err == nil {
		u, err = s.db.CreateUser(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showUserNew(w, r, statusFor(err), f, in.Role)
	}
	if generated != "" {
		return s.renderCode(w, r, http.StatusCreated, "users_created", view{Title: "title.user_created", Section: "users",
			Data: userCreatedData{U: u, Password: generated}})
	}
	flash(w, "success", "flash.user_created")
	return redirect(w, r, userURL(u.ID))
}

func userURL(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }

// ─── Detail ─────────────────────────────────────────────────────────────────

type userPageData struct {
	U         *account.User
	Now       time.Time
	Self      bool
	CanManage bool // the caller may edit, reset, disable and unlock this account
	CanUnmask bool
	Edit      userFormData
	Tokens    []*account.Token
	ShowTok   bool
	Audit     []auditRow
	ShowAudit bool
	Failed    string // the form the page's Form belongs to: edit, unmask, password, status
	Phone     string // the full number, just unmasked
	Generated string // a password just generated by a reset
}

// Locked reports whether the account is locked out now.
func (d userPageData) Locked() bool { return d.U.IsLocked(d.Now) }

func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.db.User(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	return s.showUser(w, r, http.StatusOK, u, userPageData{}, nil, "")
}

// canManage mirrors storage's rule for changing an account, to decide which forms to
// show (storage checks again on every write).
func canManage(p *account.Principal, u *account.User) bool {
	return p.Can(account.UserManage) && p.InScope(u.NodePath) && p.Role.CanAssign(u.Role)
}

// showUser renders an account's page. f is the form that failed (or the edit form
// refreshed for a new role); the other forms keep the account's own values.
func (s *Server) showUser(w http.ResponseWriter, r *http.Request, status int, u *account.User, d userPageData, f *form, failed string) error {
	ctx := r.Context()
	p := principal(r)
	d.U, d.Now, d.Failed = u, s.db.Clock().Now(), failed
	d.Self = u.ID == p.UserID
	d.CanManage = canManage(p, u)
	d.CanUnmask = p.Can(account.PersonalUnmask) && u.HasPhone
	values := url.Values{"username": {u.Username}, "display_name": {u.DisplayName}, "role": {string(u.Role)},
		"node_id": {idString(u.NodeID)}, "unit_id": {idString(u.UnitID)}, "days": {strconv.Itoa(tokenDefaultDays)}}
	if f == nil {
		f = &form{Errors: map[string]string{}}
	}
	for k, v := range f.Values {
		values[k] = v
	}
	f.Values = values
	role := account.Role(values.Get("role"))
	if d.CanManage {
		var err error
		if d.Edit, err = s.userFormFor(ctx, p, role, u.Role); err != nil {
			return err
		}
	}
	if p.Can(account.TokenManage) {
		d.ShowTok = true
		all, err := s.db.Tokens(ctx, p)
		if err != nil {
			return err
		}
		for _, t := range all {
			if t.UserID == u.ID {
				d.Tokens = append(d.Tokens, t)
			}
		}
	}
	if p.Can(account.AuditView) {
		d.ShowAudit = true
		es, err := s.db.AuditEntries(ctx, p, audit.Filter{Entity: "user", EntityID: strconv.FormatInt(u.ID, 10), Limit: 20})
		if err != nil {
			return err
		}
		d.Audit = auditRows(state(r).lang, es)
	}
	fields := map[string]formFields{"edit": userEditFields, "unmask": userUnmaskFields, "password": userPasswordFields}[failed]
	if failed == "edit" && d.Self {
		fields = userSelfEditFields
	}
	return s.renderCode(w, r, status, "users_detail", view{Title: u.DisplayName, Section: "users", Form: f, Fields: fields, Data: d})
}

func idString(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// userFromPath loads the account named by {id}, in the caller's scope.
func (s *Server) userFromPath(r *http.Request) (*account.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.User(r.Context(), principal(r), id)
}

// userEditSubmit saves the edit form, or shows it again for a newly chosen role.
func (s *Server) userEditSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := userInputFrom(f)
	if f.Get("action") != "save" {
		f.Errors = map[string]string{}
		return s.showUser(w, r, http.StatusOK, u, userPageData{}, f, "edit")
	}
	version := int(f.Int("version"))
	err = f.numErrs()
	if err == nil {
		_, err = s.db.UpdateUser(r.Context(), st.p, u.ID, in, version)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showUser(w, r, statusFor(err), u, userPageData{}, f, "edit")
	}
	flash(w, "success", "flash.saved")
	return redirect(w, r, userURL(u.ID))
}

// userPasswordSubmit sets a new password chosen by the caller or generated; the owner
// must change it at next sign-in. A generated one is shown once, on this response.
func (s *Server) userPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	pw, generated := f.Raw("password"), ""
	if f.Get("generate") != "" {
		generated = generatePassword()
		pw = generated
	}
	if err := s.db.ResetPassword(r.Context(), st.p, u.ID, pw); err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showUser(w, r, statusFor(err), u, userPageData{}, f, "password")
	}
	if generated != "" {
		if u, err = s.db.User(r.Context(), st.p, u.ID); err != nil {
			return err
		}
		return s.showUser(w, r, http.StatusOK, u, userPageData{Generated: generated}, nil, "")
	}
	flash(w, "success", "flash.user_password_reset")
	return redirect(w, r, userURL(u.ID))
}

// userStatusSubmit disables, enables or unlocks an account.
func (s *Server) userStatusSubmit(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.userFromPath(r)
		if err != nil {
			return err
		}
		f, err := parseForm(r)
		if err != nil {
			return err
		}
		st := state(r)
		if err := s.setUserStatus(r.Context(), st.p, u.ID, action); err != nil {
			if !f.absorb(st.lang, err) {
				return err
			}
			return s.showUser(w, r, statusFor(err), u, userPageData{}, f, "status")
		}
		flash(w, "success", userStatusFlash[action])
		return redirect(w, r, userURL(u.ID))
	}
}

var userStatusFlash = map[string]string{"disable": "flash.user_disabled", "enable": "flash.user_enabled",
	"unlock": "flash.user_unlocked"}

func (s *Server) setUserStatus(ctx context.Context, p *account.Principal, id int64, action string) error {
	switch action {
	case "disable":
		return s.db.SetUserDisabled(ctx, p, id, true)
	case "enable":
		return s.db.SetUserDisabled(ctx, p, id, false)
	case "unlock":
		return s.db.UnlockUser(ctx, p, id)
	}
	return errs.Internalf("unknown account action %q", action)
}

// userUnmaskSubmit reveals the account's full phone number for a stated purpose. Storage
// records the read with its purpose in the audit log; the number is shown on this
// response only, never stored in a cookie or a URL.
func (s *Server) userUnmaskSubmit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	phone, err := s.db.UnmaskPhone(r.Context(), st.p, u.ID, f.Get("purpose"))
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showUser(w, r, statusFor(err), u, userPageData{}, f, "unmask")
	}
	return s.showUser(w, r, http.StatusOK, u, userPageData{Phone: phone}, nil, "")
}
