package demo

import (
	"fmt"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/demo/district"
)

// site is one grid of the demo district, where cases are reported.
type site struct {
	grid          *admin.Node
	area          district.Grid
	street        int // index of its street
	community     int // index of its community in the street
	index         int // index of the grid in the community
	communityNode *admin.Node
}

// streetUnits are the units every street has.
type streetUnits struct {
	node    *admin.Node
	enforce *admin.Unit // 综合行政执法队
	police  *admin.Unit // 派出所
}

// demoUnits are the units the dispatch rules send cases to.
type demoUnits struct {
	streets        []streetUnits
	departments    []*admin.Unit // 城管, 住建, 市场监管, 生态环境, 水务, 民政, in that order
	power          *admin.Unit
	district       *admin.Node
	firstCommunity *admin.Node
}

// The district departments by their place in demoUnits.departments.
const (
	deptCityMgmt = iota
	deptHousing
	deptMarket
	deptEcology
	deptWater
	deptCivil
)

// ruleSpec is a dispatch rule of the demo: a category (kind and code, a major class or a
// minor one) sent to a unit, at the district or on every street.
type ruleSpec struct {
	kind   cases.CategoryKind
	code   string
	dept   int  // a district department (deptCityMgmt…), or -1
	street bool // on every street: dept < 0 picks the street's own unit
	police bool // with street: the street's police station rather than its enforcement team
	power  bool // the power supply company
}

// demoRules are the dispatch rules of the demo district. District-wide rules send whole
// major classes to the department in charge; the streets keep street order, illegal
// building and police matters for their own units. A rule on a street beats one on the
// district, so street rules also name the department where a street should not keep the
// case (流浪乞讨 goes to 民政).
var demoRules = []ruleSpec{
	{kind: cases.EventKind, code: "01", dept: deptCityMgmt},    // 市容环境
	{kind: cases.EventKind, code: "02", dept: deptCityMgmt},    // 宣传广告
	{kind: cases.EventKind, code: "03", dept: deptHousing},     // 施工管理
	{kind: cases.EventKind, code: "0302", dept: deptEcology},   // 工地扬尘
	{kind: cases.EventKind, code: "04", dept: deptHousing},     // 突发事件
	{kind: cases.EventKind, code: "0402", dept: deptWater},     // 供水管道破裂
	{kind: cases.EventKind, code: "0404", dept: deptWater},     // 下水道堵塞或破损
	{kind: cases.EventKind, code: "0406", dept: deptWater},     // 积水/水位报警
	{kind: cases.EventKind, code: "0408", power: true},         // 架空线缆损坏
	{kind: cases.EventKind, code: "0410", dept: deptCityMgmt},  // 树木倒伏
	{kind: cases.EventKind, code: "0412", dept: deptMarket},    // 电梯故障: 特种设备
	{kind: cases.EventKind, code: "05", dept: deptCityMgmt},    // 街面秩序
	{kind: cases.EventKind, code: "0507", dept: deptEcology},   // 噪声扰民 (大事 when re-triaged)
	{kind: cases.HotlineKind, code: "01", dept: deptCivil},     // 咨询
	{kind: cases.HotlineKind, code: "02", dept: deptCivil},     // 求助
	{kind: cases.HotlineKind, code: "0301", dept: deptHousing}, // 物业服务投诉, when re-triaged
	{kind: cases.HotlineKind, code: "0304", dept: deptEcology}, // 环境问题投诉
	{kind: cases.HotlineKind, code: "04", dept: deptMarket},    // 举报
	{kind: cases.HotlineKind, code: "0402", dept: deptHousing}, // 安全隐患举报
	{kind: cases.HotlineKind, code: "05", dept: deptCityMgmt},  // 建议
	{kind: cases.HotlineKind, code: "06", dept: deptCivil},     // 表扬
	{kind: cases.FacilityKind, code: "01", dept: deptWater},    // 公用设施: 井盖 mostly
	{kind: cases.FacilityKind, code: "0105", power: true},      // 电力井盖
	{kind: cases.FacilityKind, code: "0111", dept: deptHousing},
	{kind: cases.FacilityKind, code: "0116", power: true},
	{kind: cases.FacilityKind, code: "0117", power: true},
	{kind: cases.FacilityKind, code: "0118", dept: deptCityMgmt}, // 路灯
	{kind: cases.FacilityKind, code: "0119", dept: deptCityMgmt},
	{kind: cases.FacilityKind, code: "0126", dept: deptCivil}, // 健身设施
	{kind: cases.FacilityKind, code: "02", dept: deptHousing},
	{kind: cases.FacilityKind, code: "03", dept: deptCityMgmt},
	{kind: cases.FacilityKind, code: "04", dept: deptCityMgmt},
	{kind: cases.FacilityKind, code: "05", dept: deptHousing},

	{kind: cases.EventKind, code: "0101", dept: -1, street: true},               // 违法建设
	{kind: cases.EventKind, code: "0501", dept: -1, street: true},               // 无照经营游商
	{kind: cases.EventKind, code: "0502", dept: -1, street: true},               // 占道经营
	{kind: cases.EventKind, code: "0503", dept: -1, street: true},               // 店外经营
	{kind: cases.EventKind, code: "0508", dept: -1, street: true},               // 露天烧烤
	{kind: cases.EventKind, code: "0509", dept: -1, street: true},               // 废品收购占道
	{kind: cases.EventKind, code: "0511", dept: -1, street: true, police: true}, // 占用消防通道
	{kind: cases.EventKind, code: "0409", dept: -1, street: true, police: true}, // 火灾
	{kind: cases.EventKind, code: "0413", dept: -1, street: true, police: true}, // 烟感报警
	{kind: cases.EventKind, code: "0504", dept: deptCivil, street: true},        // 流浪乞讨
	{kind: cases.HotlineKind, code: "0202", dept: -1, street: true, police: true},
	{kind: cases.HotlineKind, code: "0401", dept: -1, street: true}, // 违法建设举报
}

// seedRules stores the demo's dispatch rules. The first community, where sq.staff and wgy
// work, sends fire-lane cases to the city management bureau, whose handler is
// cgj.handler: a resident's report of a blocked fire lane there is registered and
// dispatched to that account at once.
func (s *seeder) seedRules(tree *cases.Tree) error {
	add := func(node *admin.Node, c *cases.Category, unit *admin.Unit, note string) error {
		if _, err := s.db.CreateDispatchRule(s.ctx, s.sys, cases.DispatchRuleInput{NodeID: node.ID, CategoryID: c.ID, UnitID: unit.ID, Note: note}); err != nil {
			return fmt.Errorf("demo dispatch rule %s %s: %w", c.Code, node.Name, err)
		}
		s.res.Rules++
		return nil
	}
	u := s.units
	for _, r := range demoRules {
		c := tree.ByCode(r.kind, r.code)
		if c == nil {
			return fmt.Errorf("demo dispatch rule: no %s category %s", r.kind, r.code)
		}
		if !r.street {
			unit := u.power
			if !r.power {
				unit = u.departments[r.dept]
			}
			if err := add(u.district, c, unit, "区级部门职责"); err != nil {
				return err
			}
			continue
		}
		for _, st := range u.streets {
			unit := st.enforce
			switch {
			case r.dept >= 0:
				unit = u.departments[r.dept]
			case r.police:
				unit = st.police
			}
			if err := add(st.node, c, unit, "街道属地处置"); err != nil {
				return err
			}
		}
	}
	for _, code := range []string{"0511", "0102"} {
		c := tree.ByCode(cases.EventKind, code)
		if err := add(u.firstCommunity, c, u.departments[deptCityMgmt], "社区试点：直派区城管局"); err != nil {
			return err
		}
	}
	return nil
}

// handlers creates one handler account for every unit but the city management bureau,
// whose handler is the demo's cgj.handler, and returns the principal acting for each
// unit.
func (s *seeder) handlers() (map[int64]*account.Principal, error) {
	out := map[int64]*account.Principal{}
	cgj := s.users["cgj.handler"]
	out[cgj.UnitID] = s.principal("cgj.handler")
	units := []*admin.Unit{s.units.power}
	units = append(units, s.units.departments...)
	for _, st := range s.units.streets {
		units = append(units, st.enforce, st.police)
	}
	for i, u := range units {
		if out[u.ID] != nil {
			continue
		}
		login := fmt.Sprintf("unit%02d.handler", i)
		if err := s.user(login, account.Handler, 0, u.ID, u.Name, false); err != nil {
			return nil, err
		}
		out[u.ID] = s.principal(login)
	}
	return out, nil
}

// principal is how a demo account acts, as it would once signed in.
func (s *seeder) principal(login string) *account.Principal {
	u := s.users[login]
	p := &account.Principal{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role,
		NodeID: u.NodeID, UnitID: u.UnitID, ScopePath: u.NodePath}
	if u.Role == account.Admin {
		p.ScopePath = "/"
	}
	return p
}
