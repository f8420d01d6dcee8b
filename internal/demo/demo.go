// Package demo seeds the demo district: 苏州市姑苏区 with its real streets and communities,
// synthetic grids and micro-grids with polygons, departments and embedded units, and one
// account per role plus grid workers and residents with synthetic names. The same seed
// always gives the same district.
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/demo/district"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// Password is the password of every demo account. The demo is for trying shequ out; a
// real deployment creates its own accounts with `shequ user create`.
const Password = "Shequ-demo-1"

// Account is a demo account to print.
type Account struct {
	Login    string
	Role     account.Role
	Name     string
	Place    string
	Password string
}

// Result summarises what Seed created.
type Result struct {
	Nodes    int
	Units    int
	Accounts []Account // one per role, to print
	Users    int       // all accounts created

	Buildings, Houses, Households, Residents, Organisations, Facilities int

	Cases    int                  // cases seeded over the last CaseDays days
	ByStatus map[cases.Status]int // the cases by status at the end of seeding
	Overdue  int                  // open cases past their limit
	Rules    int                  // dispatch rules
}

// Seed fills an empty database with the demo district, its registers populated as pop
// says.
func Seed(ctx context.Context, db *store.DB, seed int64, pop Population) (*Result, error) {
	if !pop.Valid() {
		return nil, fmt.Errorf("demo population %q: want community, street, district or none", pop)
	}
	d, err := district.Load()
	if err != nil {
		return nil, err
	}
	tree, err := district.Layout(d, seed, district.LayoutOptions{})
	if err != nil {
		return nil, err
	}
	hash, err := secret.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	s := &seeder{ctx: ctx, db: db, sys: account.SystemPrincipal("demo"), rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), res: &Result{},
		seed: seed, pop: pop, now: db.Clock().Now(), hash: hash}
	return s.res, s.run(d, tree)
}

type seeder struct {
	ctx   context.Context
	db    *store.DB
	sys   *account.Principal
	rng   *rand.Rand
	res   *Result
	phone int
	seed  int64
	pop   Population
	now   time.Time
	ids   map[string]bool // first 17 characters of the ID numbers given out
	// firstHead is the mobile number of the first household head seeded; the resident
	// account printed at start has it, so that signing in shows a household.
	firstHead, firstHeadName string
	// What the case seeder works with (see cases.go).
	users map[string]*account.User // the named accounts by login
	sites []site                   // every grid, in tree order
	units demoUnits
	// hash is Password hashed once for every demo account: hashing is made slow on
	// purpose, and the demo's accounts all share the published password anyway.
	hash string
	// facilities are the register's facilities by grid and class, for the cases.
	facilities facilityIndex
}

func (s *seeder) node(parent *admin.Node, level admin.Level, code, name string, a *district.Area) (*admin.Node, error) {
	in := admin.NodeInput{Level: level, Code: code, Name: name}
	if parent != nil {
		in.ParentID = parent.ID
	}
	if a != nil && len(a.Boundary) > 0 {
		b, err := geo.MarshalGeoJSON(a.Boundary)
		if err != nil {
			return nil, err
		}
		in.Boundary = string(b)
		c := a.Center
		in.Center = &c
	}
	n, err := s.db.CreateNode(s.ctx, s.sys, in)
	if err != nil {
		return nil, fmt.Errorf("demo place %s %s: %w", code, name, err)
	}
	s.res.Nodes++
	return n, nil
}

func (s *seeder) unit(n *admin.Node, kind admin.UnitKind, name, phone, duties string) (*admin.Unit, error) {
	u, err := s.db.CreateUnit(s.ctx, s.sys, admin.UnitInput{NodeID: n.ID, Kind: kind, Name: name, Phone: phone, Duties: duties})
	if err != nil {
		return nil, fmt.Errorf("demo unit %s: %w", name, err)
	}
	s.res.Units++
	return u, nil
}

// user creates an account; show lists it among the accounts printed at start.
func (s *seeder) user(username string, role account.Role, nodeID, unitID int64, place string, show bool) error {
	name := s.name()
	s.phone++
	in := account.UserInput{Username: username, DisplayName: name, Role: role, NodeID: nodeID, UnitID: unitID,
		Phone: fmt.Sprintf("139%08d", 10000000+s.phone*7919%89999999), Password: Password, PasswordHash: s.hash}
	if role == account.Resident && show && s.firstHead != "" {
		in.Phone, in.DisplayName, name = s.firstHead, s.firstHeadName, s.firstHeadName
	}
	u, err := s.db.CreateUser(s.ctx, s.sys, in)
	if err != nil {
		return fmt.Errorf("demo account %s: %w", username, err)
	}
	s.res.Users++
	if username != "" {
		if s.users == nil {
			s.users = map[string]*account.User{}
		}
		s.users[username] = u
	}
	if role == account.GridWorker { // on duty, full-time, on the grid the account is bound to
		if _, err := s.db.Assign(s.ctx, s.sys, account.AssignmentInput{NodeID: nodeID, UserID: u.ID, Kind: account.FullTime}); err != nil {
			return fmt.Errorf("demo duty of %s: %w", username, err)
		}
	}
	if show {
		login := username
		if login == "" {
			login = in.Phone
		}
		s.res.Accounts = append(s.res.Accounts, Account{Login: login, Role: role, Name: name, Place: place, Password: Password})
	}
	return nil
}

// batch runs fn with the seeder's writes in one transaction: a commit for many records
// instead of one each, and the statements prepared once for all of them.
func (s *seeder) batch(fn func() error) error {
	return s.db.Batch(s.ctx, s.sys, func(ctx context.Context) error {
		outer := s.ctx
		s.ctx = ctx
		defer func() { s.ctx = outer }()
		return fn()
	})
}

// toPopulate is a grid whose registers are seeded once its street's places are in.
type toPopulate struct {
	area  district.Grid
	grid  *admin.Node
	micro []*admin.Node
}

func (s *seeder) run(d *district.District, t *district.Tree) error {
	var dist *admin.Node
	var cityMgmt *admin.Unit
	// The district's departments come first: the facilities of the registers name the
	// ones that own them.
	if err := s.batch(func() error {
		city, err := s.node(nil, admin.City, d.CityCode+"00", d.CityName, nil)
		if err != nil {
			return err
		}
		if dist, err = s.node(city, admin.District, d.Code, d.Name, &t.District); err != nil {
			return err
		}
		departments := []struct{ name, phone, duties string }{
			{d.Name + "城市管理局", "0512-65220001", "市容环境卫生、户外广告、占道经营、渣土管理"},
			{d.Name + "住房和城乡建设局", "0512-65220002", "房屋安全、物业管理、老旧小区改造、电梯安全协调"},
			{d.Name + "市场监督管理局", "0512-65220003", "食品安全、无证经营、价格投诉、特种设备"},
			{d.Name + "生态环境局", "0512-65220004", "噪声、油烟、污水、扬尘污染"},
			{d.Name + "水务局", "0512-65220005", "供排水设施、河道、窨井盖"},
			{d.Name + "民政局", "0512-65220006", "社会救助、养老服务、社区治理指导"},
		}
		for i, dep := range departments {
			u, err := s.unit(dist, admin.Department, dep.name, dep.phone, dep.duties)
			if err != nil {
				return err
			}
			if i == 0 {
				cityMgmt = u
			}
			s.units.departments = append(s.units.departments, u)
		}
		power, err := s.unit(dist, admin.Embedded, "国网苏州供电公司姑苏供电服务中心", "95598", "供电设施、停电抢修")
		s.units.power, s.units.district = power, dist
		return err
	}); err != nil {
		return err
	}
	var firstStreet, firstComm, firstGrid *admin.Node
	for si, st := range t.Streets {
		// A street's places go in one batch; its registers after, a grid a batch.
		var pops []toPopulate
		if err := s.batch(func() error {
			sn, err := s.node(dist, admin.Street, st.Code[6:], st.Name, &st.Area)
			if err != nil {
				return err
			}
			eu, err := s.unit(sn, admin.Department, st.Name+"综合行政执法队", fmt.Sprintf("0512-6%03d%04d", 500+si, 1100),
				"街面秩序、市容环境、违法建设的巡查与处置")
			if err != nil {
				return err
			}
			pu, err := s.unit(sn, admin.Embedded, trimStreet(st.Name)+"派出所", fmt.Sprintf("0512-6%03d%04d", 500+si, 1110),
				"治安、消防通道占用、噪声扰民等警情")
			if err != nil {
				return err
			}
			if si == 0 {
				firstStreet = sn
			}
			s.units.streets = append(s.units.streets, streetUnits{node: sn, enforce: eu, police: pu})
			for ci, c := range st.Communities {
				cn, err := s.node(sn, admin.Community, c.Code[9:], c.Name, &c.Area)
				if err != nil {
					return err
				}
				if si == 0 && ci == 0 {
					firstComm = cn
				}
				for gi, g := range c.Grids {
					gn, err := s.node(cn, admin.Grid, g.Code[12:], g.Name, &g.Area)
					if err != nil {
						return err
					}
					if gi == 0 && s.pop.populates(si, ci) {
						if err := s.communityOrgs(c, gn); err != nil {
							return err
						}
					}
					if si == 0 && ci == 0 && gi == 0 {
						firstGrid = gn
					}
					s.sites = append(s.sites, site{grid: gn, area: g, street: si, community: ci, index: gi, communityNode: cn})
					micro := make([]*admin.Node, len(g.Microgrids))
					for mi, m := range g.Microgrids {
						if micro[mi], err = s.node(gn, admin.Microgrid, m.Code[len(g.Code):], m.Name, &m); err != nil {
							return err
						}
					}
					if s.pop.populates(si, ci) {
						pops = append(pops, toPopulate{area: g, grid: gn, micro: micro})
					}
					// The first street has a full-time grid worker on every grid.
					if si == 0 && !(ci == 0 && gi == 0) {
						if err := s.user(fmt.Sprintf("wg%s", g.Code[9:]), account.GridWorker, gn.ID, 0, "", false); err != nil {
							return err
						}
					}
				}
			}
			return nil
		}); err != nil {
			return err
		}
		for _, g := range pops {
			if err := s.populate(g.area, g.grid, g.micro); err != nil {
				return err
			}
		}
	}
	s.units.firstCommunity = firstComm
	accounts := []struct {
		username string
		role     account.Role
		node     *admin.Node
		unit     *admin.Unit
	}{
		{"admin", account.Admin, nil, nil},
		{"qu.staff", account.Staff, dist, nil},
		{"jd.staff", account.Staff, firstStreet, nil},
		{"sq.staff", account.Staff, firstComm, nil},
		{"wgy", account.GridWorker, firstGrid, nil},
		{"cgj.handler", account.Handler, nil, cityMgmt},
		{"jd.supervisor", account.Supervisor, firstStreet, nil},
		{"qu.leader", account.Leader, dist, nil},
	}
	if err := s.batch(func() error {
		for _, a := range accounts {
			var nodeID, unitID int64
			place := ""
			if a.node != nil {
				nodeID, place = a.node.ID, a.node.Name
			}
			if a.unit != nil {
				unitID, place = a.unit.ID, a.unit.Name
			}
			if err := s.user(a.username, a.role, nodeID, unitID, place, true); err != nil {
				return err
			}
		}
		for i := 0; i < 12; i++ {
			if err := s.user("", account.Resident, 0, 0, "", i == 0); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	if err := s.seedCases(); err != nil {
		return err
	}
	return s.seedRatings()
}

func trimStreet(name string) string {
	r := []rune(name)
	if len(r) > 2 && string(r[len(r)-2:]) == "街道" {
		return string(r[:len(r)-2])
	}
	return name
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")

var given = []string{"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
	"刚", "桂英", "建华", "文", "华", "红", "建国", "晓燕", "志强", "海燕", "玉兰", "丹", "婷", "雪梅", "子涵", "梓轩", "一诺", "浩然", "思远", "欣怡"}

// name returns a synthetic Chinese name.
func (s *seeder) name() string {
	return string(surnames[s.rng.IntN(len(surnames))]) + given[s.rng.IntN(len(given))]
}

// Print writes the demo accounts as a table.
func Print(w io.Writer, r *Result) {
	fmt.Fprintf(w, "\nDemo district seeded: %d places, %d units, %d accounts.\n", r.Nodes, r.Units, r.Users)
	if r.Residents > 0 {
		fmt.Fprintf(w, "Registers: %d buildings, %d houses, %d households, %d residents, %d organisations, %d facilities.\n",
			r.Buildings, r.Houses, r.Households, r.Residents, r.Organisations, r.Facilities)
	}
	if r.Cases > 0 {
		fmt.Fprintf(w, "Cases: %d over the last %d days (%s), %d open past their limit; %d dispatch rules.\n",
			r.Cases, CaseDays, statusLine(r.ByStatus), r.Overdue, r.Rules)
	}
	fmt.Fprintln(w, "Demo accounts (every password is the same; for trying shequ out only):")
	fmt.Fprintf(w, "  %-14s %-12s %-18s %s\n", "login", "role", "password", "bound to")
	for _, a := range r.Accounts {
		fmt.Fprintf(w, "  %-14s %-12s %-18s %s\n", a.Login, a.Role, a.Password, a.Place)
	}
	fmt.Fprintln(w)
}
