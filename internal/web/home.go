package web

import (
	"net/http"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) homeRoutes() []route {
	return []route{
		page("GET", "/{$}", "", s.home),
	}
}

// homeData is what the home page of each role shows: the caller's place in the tree and
// the figures of their scope.
type homeData struct {
	Root       *admin.Node         // the top of the caller's scope (nil for the whole tree)
	Ancestors  []*admin.Node       // the places above it
	Children   []*admin.Node       // the places directly below it
	ChildCount map[int64]int       // active children of each child
	Levels     []levelCount        // active places per level in scope
	Roles      []roleCount         // active accounts per role in scope
	Units      []*admin.Unit       // units attached to the root (or all, for handlers' own unit)
	Colleagues []*account.User     // other accounts bound to the same node
	MyUnit     *admin.Unit         // handlers: their unit
	NodeCounts map[admin.Level]int // raw counts
	Expiring   *int                // grid workers and community staff: rental registrations about to expire
	Household  *residentHousehold  // residents: their own household, when the register has it
}

// residentHousehold is a resident's own household as their home page shows it: each
// member with their relation to the head, numbers masked.
type residentHousehold struct {
	Number, Address string
	Members         []residentMember
}

type residentMember struct {
	Person   *register.Person
	Relation register.Relation
}

type levelCount struct {
	Level admin.Level
	N     int
}

type roleCount struct {
	Role account.Role
	N    int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	d := homeData{}
	if p.Role == account.Resident {
		// A resident sees their own household and no one else's.
		mine, err := s.db.MyHousehold(ctx, p)
		switch {
		case err == nil:
			d.Household = &residentHousehold{Number: mine.Household.Number, Address: mine.Household.Address}
			for i, m := range mine.Household.Members {
				d.Household.Members = append(d.Household.Members, residentMember{Person: mine.Members[i], Relation: m.Relation})
			}
		case !errs.Is(err, errs.NotFound):
			return err
		}
		return s.render(w, r, "home", view{Title: "title.home", Section: "home", Data: d})
	}
	root, err := s.db.ScopeRoot(ctx, p)
	if err != nil {
		return err
	}
	d.Root = root
	if root != nil {
		if d.Ancestors, err = s.db.Ancestors(ctx, root); err != nil {
			return err
		}
		if d.Children, err = s.db.Nodes(ctx, p, store.NodeFilter{ParentID: root.ID}); err != nil {
			return err
		}
	} else if d.Children, err = s.db.Nodes(ctx, p, store.NodeFilter{Roots: true}); err != nil {
		return err
	}
	ids := make([]int64, len(d.Children))
	for i, c := range d.Children {
		ids[i] = c.ID
	}
	if d.ChildCount, err = s.db.ChildCounts(ctx, ids); err != nil {
		return err
	}
	if d.NodeCounts, err = s.db.NodeCounts(ctx, p); err != nil {
		return err
	}
	for _, l := range admin.Levels {
		if n := d.NodeCounts[l]; n > 0 {
			d.Levels = append(d.Levels, levelCount{l, n})
		}
	}
	if p.Can(account.UserView) {
		counts, err := s.db.CountUsersByRole(ctx, p)
		if err != nil {
			return err
		}
		for _, role := range account.Roles {
			if n := counts[role]; n > 0 {
				d.Roles = append(d.Roles, roleCount{role, n})
			}
		}
	}
	if root != nil {
		if d.Units, err = s.db.Units(ctx, p, store.UnitFilter{NodeID: root.ID}); err != nil {
			return err
		}
	}
	if p.UnitID != 0 {
		if d.MyUnit, err = s.db.Unit(ctx, p, p.UnitID); err != nil {
			return err
		}
	}
	if d.Expiring, err = s.homeExpiring(r, root); err != nil {
		return err
	}
	return s.render(w, r, "home", view{Title: "title.home", Section: "home", Data: d})
}

// navItem is one entry of the main navigation.
type navItem struct {
	Key, Href, Section string
	admin              bool // an administration page (see navMenu)
}

// navMenu is the main navigation. The administration pages go under one 管理 (Admin)
// entry when there are two or more of them, so that an administrator's bar keeps to one
// row on a desktop; a role with one such page keeps it in line.
type navMenu struct {
	Main  []navItem
	Admin []navItem
}

// AdminHas reports whether section is one of the grouped administration pages: the
// group's button then shows as the current entry.
func (m navMenu) AdminHas(section string) bool {
	for _, it := range m.Admin {
		if it.Section == section {
			return true
		}
	}
	return false
}

// navigation lists the entries the caller may use, in order.
func navigation(p *account.Principal) navMenu {
	if p == nil {
		return navMenu{}
	}
	items := []navItem{{Key: "nav.home", Href: "/", Section: "home"}}
	add := func(perm account.Permission, key, href, section string) {
		if p.Can(perm) {
			items = append(items, navItem{Key: key, Href: href, Section: section})
		}
	}
	admin := func(perm account.Permission, key, href, section string) {
		if p.Can(perm) {
			items = append(items, navItem{Key: key, Href: href, Section: section, admin: true})
		}
	}
	add(account.CaseView, "nav.cases", "/cases", "cases")
	add(account.DashboardView, "nav.dashboard", "/dashboard", "dashboard")
	add(account.TreeView, "nav.map", "/map", "map")
	add(account.TreeView, "nav.tree", "/admin/nodes", "tree")
	add(account.TreeView, "nav.units", "/admin/units", "units")
	add(account.RegisterView, "nav.registers", "/registers", "registers")
	admin(account.UserView, "nav.users", "/admin/users", "users")
	admin(account.TokenManage, "nav.tokens", "/admin/tokens", "tokens")
	admin(account.AuditView, "nav.audit", "/admin/audit", "audit")
	admin(account.CalendarManage, "nav.calendar", "/admin/calendar", "calendar")
	admin(account.RuleManage, "nav.categories", "/admin/categories", "categories")
	admin(account.RuleManage, "nav.dispatch_rules", "/admin/dispatch-rules", "dispatch_rules")
	add(account.PatrolOwn, "nav.patrol", "/patrol", "patrol")
	if !p.Role.BindsUnit() { // a handler's case view is their unit's cases, not the area's patrols
		add(account.CaseView, "nav.patrols", "/patrols", "patrols")
	}
	var m navMenu
	for _, it := range items {
		if it.admin {
			m.Admin = append(m.Admin, it)
		}
	}
	if len(m.Admin) < 2 {
		return navMenu{Main: items}
	}
	for _, it := range items {
		if !it.admin {
			m.Main = append(m.Main, it)
		}
	}
	return m
}
