// Package account holds users, roles, permissions and the data scope of each caller.
// It knows nothing of SQL or HTTP: storage and the web layer ask it what is allowed.
package account

import "github.com/shequ-dev/shequ/internal/admin"

// Role is what a user does in shequ. Each role has a fixed set of permissions; what data
// it reaches is further limited by the node or unit the account is bound to.
type Role string

// The roles.
const (
	Admin      Role = "admin"       // 系统管理员: configures the platform
	Staff      Role = "staff"       // 区/街道/社区工作人员: area staff bound to a district, street or community
	GridWorker Role = "grid_worker" // 网格员
	Handler    Role = "handler"     // 部门处置人员: bound to a unit
	Supervisor Role = "supervisor"  // 监督员
	Leader     Role = "leader"      // 领导: read-only dashboards
	Resident   Role = "resident"    // 居民
	Device     Role = "device"      // 感知设备网关: a machine that reports sensor alarms with an API token
)

// Roles lists every role in display order.
var Roles = []Role{Admin, Staff, GridWorker, Handler, Supervisor, Leader, Resident, Device}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the role's name.
func (r Role) Key() string { return "role." + string(r) }

// BindsUnit reports whether accounts of this role are bound to a unit rather than a node.
func (r Role) BindsUnit() bool { return r == Handler }

// BindsNode reports whether accounts of this role are bound to a node of the tree.
// Administrators are not bound: their scope is the whole tree.
// Unknown roles bind to nothing, so that their only problem reported is the role itself.
func (r Role) BindsNode() bool { return len(r.NodeLevels()) > 0 }

// NodeLevels are the levels an account of this role may be bound to.
func (r Role) NodeLevels() []admin.Level {
	switch r {
	case Leader, Supervisor:
		return []admin.Level{admin.City, admin.District, admin.Street, admin.Community}
	case Staff:
		return []admin.Level{admin.District, admin.Street, admin.Community}
	case GridWorker:
		return []admin.Level{admin.Grid, admin.Microgrid}
	case Device:
		return []admin.Level{admin.District, admin.Street, admin.Community, admin.Grid}
	}
	return nil
}

// AllowsLevel reports whether an account of this role may be bound to a node of level l.
func (r Role) AllowsLevel(l admin.Level) bool {
	for _, x := range r.NodeLevels() {
		if x == l {
			return true
		}
	}
	return false
}

// Permission names one kind of action.
type Permission string

// The permissions. Pages and API routes each require one.
const (
	TreeView       Permission = "tree.view"       // see the tree, units and staff in scope
	TreeManage     Permission = "tree.manage"     // create, rename, move, retire nodes in scope
	UnitManage     Permission = "unit.manage"     // create, edit, retire units in scope
	GridManage     Permission = "grid.manage"     // assign grid workers, draw and import boundaries in scope
	RegisterView   Permission = "register.view"   // see the registers (buildings, houses, people…) in scope, masked
	RegisterEdit   Permission = "register.edit"   // add and change register records in scope
	UserView       Permission = "user.view"       // list accounts in scope
	UserManage     Permission = "user.manage"     // create accounts, reset passwords, unlock
	PersonalUnmask Permission = "personal.unmask" // reveal masked personal data, with a purpose
	AuditView      Permission = "audit.view"      // search the audit log
	TokenManage    Permission = "token.manage"    // issue API tokens for accounts in scope
	DashboardView  Permission = "dashboard.view"  // read figures of the scope
	OwnAccount     Permission = "account.own"     // change one's own password and settings

	CaseView       Permission = "case.view"       // see cases in scope (handlers: their unit's cases)
	CaseReport     Permission = "case.report"     // report a case for others: patrol, hotline, assignment from above
	CaseSensor     Permission = "case.sensor"     // report sensor alarms (machines)
	CaseReview     Permission = "case.review"     // triage, register, reject, merge, refer
	CaseDispatch   Permission = "case.dispatch"   // dispatch and reassign to units
	CaseHandle     Permission = "case.handle"     // acknowledge, return, handle, ask for extension or suspension, answer supervision
	CaseApprove    Permission = "case.approve"    // approve or refuse extensions and suspensions
	CaseVerify     Permission = "case.verify"     // verify handling on site, send back for rework
	CaseClose      Permission = "case.close"      // close, return visit, reopen, archive
	CaseSupervise  Permission = "case.supervise"  // supervise (督办) late cases
	PatrolOwn      Permission = "patrol.own"      // start and end one's own patrols
	RuleManage     Permission = "rule.manage"     // dispatch rules of the areas in scope
	CategoryManage Permission = "category.manage" // the category tree and its time limits
	CalendarManage Permission = "calendar.manage" // the working calendar
	// AssessmentManage: the weights of the area's assessments, publishing a month, and
	// for a community's staff rating the units embedded in it (考核建议权).
	AssessmentManage Permission = "assessment.manage"
	IndicatorManage  Permission = "indicator.manage" // add indicators, reword them
)

var rolePermissions = map[Role][]Permission{
	Admin: {TreeView, TreeManage, UnitManage, GridManage, RegisterView, RegisterEdit, UserView, UserManage, PersonalUnmask, AuditView,
		TokenManage, DashboardView, OwnAccount,
		CaseView, CaseReport, CaseReview, CaseDispatch, CaseApprove, CaseVerify, CaseClose, CaseSupervise, RuleManage, CategoryManage, CalendarManage,
		AssessmentManage, IndicatorManage},
	Staff: {TreeView, TreeManage, UnitManage, GridManage, RegisterView, RegisterEdit, UserView, UserManage, PersonalUnmask, DashboardView, OwnAccount,
		CaseView, CaseReport, CaseReview, CaseDispatch, CaseHandle, CaseApprove, CaseVerify, CaseClose, CaseSupervise, RuleManage, AssessmentManage},
	GridWorker: {TreeView, RegisterView, RegisterEdit, DashboardView, OwnAccount, CaseView, CaseReport, CaseVerify, PatrolOwn},
	Handler:    {TreeView, DashboardView, OwnAccount, CaseView, CaseHandle},
	Supervisor: {TreeView, AuditView, DashboardView, OwnAccount, CaseView, CaseReport, CaseApprove, CaseVerify, CaseSupervise},
	Leader:     {TreeView, UserView, DashboardView, OwnAccount, CaseView, CaseSupervise},
	Resident:   {OwnAccount},
	Device:     {CaseSensor},
}

// Can reports whether the role grants p.
func (r Role) Can(p Permission) bool {
	for _, x := range rolePermissions[r] {
		if x == p {
			return true
		}
	}
	return false
}

// CanAssign reports whether an account of role r may create or manage accounts of role
// target. Only administrators make administrators and device accounts (a device acts
// through an API token, which only administrators issue); staff manage everyone else in
// scope.
func (r Role) CanAssign(target Role) bool {
	switch r {
	case Admin:
		return true
	case Staff:
		return target != Admin && target != Device
	}
	return false
}
