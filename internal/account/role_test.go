package account_test

import (
	"reflect"
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// allPermissions is every permission the package defines.
var allPermissions = []account.Permission{
	account.TreeView, account.TreeManage, account.UnitManage, account.UserView, account.UserManage,
	account.PersonalUnmask, account.AuditView, account.TokenManage, account.DashboardView, account.OwnAccount,
	account.CaseView, account.CaseReport, account.CaseSensor, account.CaseReview, account.CaseDispatch, account.CaseHandle,
	account.CaseApprove, account.CaseVerify, account.CaseClose, account.CaseSupervise, account.PatrolOwn, account.RuleManage,
	account.CategoryManage, account.CalendarManage, account.AssessmentManage, account.IndicatorManage,
}

// fieldWork are the permissions of the people and machines who do the work themselves:
// administrators configure and oversee, they do not handle cases or walk patrols.
var fieldWork = []account.Permission{account.CaseHandle, account.CaseSensor, account.PatrolOwn}

func TestRoles(t *testing.T) {
	want := []account.Role{account.Admin, account.Staff, account.GridWorker, account.Handler,
		account.Supervisor, account.Leader, account.Resident, account.Device}
	if !reflect.DeepEqual(account.Roles, want) {
		t.Errorf("Roles = %v, want %v", account.Roles, want)
	}
}

func TestRoleValid(t *testing.T) {
	tests := []struct {
		name string
		role account.Role
		want bool
	}{
		{"admin", account.Admin, true},
		{"staff", account.Staff, true},
		{"grid worker", account.GridWorker, true},
		{"handler", account.Handler, true},
		{"supervisor", account.Supervisor, true},
		{"leader", account.Leader, true},
		{"resident", account.Resident, true},
		{"empty", "", false},
		{"capitalised", "Admin", false},
		{"with a space", "grid worker", false},
		{"unknown", "root", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.role.Valid(); got != tt.want {
				t.Errorf("Role(%q).Valid() = %v, want %v", tt.role, got, tt.want)
			}
		})
	}
}

func TestRoleKey(t *testing.T) {
	tests := []struct {
		role account.Role
		want string
	}{
		{account.Admin, "role.admin"},
		{account.Staff, "role.staff"},
		{account.GridWorker, "role.grid_worker"},
		{account.Handler, "role.handler"},
		{account.Supervisor, "role.supervisor"},
		{account.Leader, "role.leader"},
		{account.Resident, "role.resident"},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			if got := tt.role.Key(); got != tt.want {
				t.Errorf("Role(%q).Key() = %q, want %q", tt.role, got, tt.want)
			}
			checkTranslatable(t, errs.M(tt.role.Key()))
		})
	}
}

// TestRoleBinding is what each role's accounts are bound to.
func TestRoleBinding(t *testing.T) {
	tests := []struct {
		name      string
		role      account.Role
		bindsUnit bool
		bindsNode bool
		levels    []admin.Level
	}{
		{"admin: the whole tree, bound to nothing", account.Admin, false, false, nil},
		{"staff: a district, street or community", account.Staff, false, true,
			[]admin.Level{admin.District, admin.Street, admin.Community}},
		{"grid worker: a grid or micro-grid", account.GridWorker, false, true,
			[]admin.Level{admin.Grid, admin.Microgrid}},
		{"handler: a unit", account.Handler, true, false, nil},
		{"supervisor: city down to community", account.Supervisor, false, true,
			[]admin.Level{admin.City, admin.District, admin.Street, admin.Community}},
		{"leader: city down to community", account.Leader, false, true,
			[]admin.Level{admin.City, admin.District, admin.Street, admin.Community}},
		{"resident: nothing", account.Resident, false, false, nil},
		{"unknown role: nothing", "boss", false, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.role.BindsUnit(); got != tt.bindsUnit {
				t.Errorf("BindsUnit() = %v, want %v", got, tt.bindsUnit)
			}
			if got := tt.role.BindsNode(); got != tt.bindsNode {
				t.Errorf("BindsNode() = %v, want %v", got, tt.bindsNode)
			}
			if got := tt.role.NodeLevels(); !reflect.DeepEqual(got, tt.levels) {
				t.Errorf("NodeLevels() = %v, want %v", got, tt.levels)
			}
		})
	}
}

func TestRoleAllowsLevel(t *testing.T) {
	tests := []struct {
		name    string
		role    account.Role
		allowed []admin.Level
	}{
		{"admin", account.Admin, nil},
		{"staff", account.Staff, []admin.Level{admin.District, admin.Street, admin.Community}},
		{"grid worker", account.GridWorker, []admin.Level{admin.Grid, admin.Microgrid}},
		{"handler", account.Handler, nil},
		{"supervisor", account.Supervisor, []admin.Level{admin.City, admin.District, admin.Street, admin.Community}},
		{"leader", account.Leader, []admin.Level{admin.City, admin.District, admin.Street, admin.Community}},
		{"resident", account.Resident, nil},
		{"unknown", "boss", nil},
	}
	// Every level, plus the invalid ones on either side.
	levels := append([]admin.Level{0}, admin.Levels...)
	levels = append(levels, admin.Microgrid+1)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, l := range levels {
				want := slices.Contains(tt.allowed, l)
				if got := tt.role.AllowsLevel(l); got != want {
					t.Errorf("Role(%q).AllowsLevel(%d) = %v, want %v", tt.role, l, got, want)
				}
			}
		})
	}
}

func TestPermissionNames(t *testing.T) {
	tests := []struct {
		perm account.Permission
		want string
	}{
		{account.TreeView, "tree.view"},
		{account.TreeManage, "tree.manage"},
		{account.UnitManage, "unit.manage"},
		{account.UserView, "user.view"},
		{account.UserManage, "user.manage"},
		{account.PersonalUnmask, "personal.unmask"},
		{account.AuditView, "audit.view"},
		{account.TokenManage, "token.manage"},
		{account.DashboardView, "dashboard.view"},
		{account.OwnAccount, "account.own"},
		{account.CaseView, "case.view"},
		{account.CaseReport, "case.report"},
		{account.CaseSensor, "case.sensor"},
		{account.CaseReview, "case.review"},
		{account.CaseDispatch, "case.dispatch"},
		{account.CaseHandle, "case.handle"},
		{account.CaseApprove, "case.approve"},
		{account.CaseVerify, "case.verify"},
		{account.CaseClose, "case.close"},
		{account.CaseSupervise, "case.supervise"},
		{account.PatrolOwn, "patrol.own"},
		{account.RuleManage, "rule.manage"},
		{account.CategoryManage, "category.manage"},
		{account.CalendarManage, "calendar.manage"},
		{account.AssessmentManage, "assessment.manage"},
		{account.IndicatorManage, "indicator.manage"},
	}
	if len(tests) != len(allPermissions) {
		t.Fatalf("table has %d permissions, allPermissions %d", len(tests), len(allPermissions))
	}
	for _, tt := range tests {
		if string(tt.perm) != tt.want {
			t.Errorf("permission %q, want %q", tt.perm, tt.want)
		}
	}
}

// TestRolePermissions is each role's complete permission set: Can must grant exactly
// these and refuse every other permission.
func TestRolePermissions(t *testing.T) {
	tests := []struct {
		name  string
		role  account.Role
		perms []account.Permission
	}{
		{"admin: everything but field work", account.Admin,
			slices.DeleteFunc(slices.Clone(allPermissions), func(p account.Permission) bool { return slices.Contains(fieldWork, p) })},
		{"staff: manage the tree, units and accounts in scope and run the loop, no audit or tokens", account.Staff, []account.Permission{
			account.TreeView, account.TreeManage, account.UnitManage, account.UserView, account.UserManage,
			account.PersonalUnmask, account.DashboardView, account.OwnAccount,
			account.CaseView, account.CaseReport, account.CaseReview, account.CaseDispatch, account.CaseHandle,
			account.CaseApprove, account.CaseVerify, account.CaseClose, account.CaseSupervise, account.RuleManage, account.AssessmentManage}},
		{"grid worker: see the tree and figures, report, verify, patrol", account.GridWorker, []account.Permission{
			account.TreeView, account.DashboardView, account.OwnAccount,
			account.CaseView, account.CaseReport, account.CaseVerify, account.PatrolOwn}},
		{"handler: see the tree and the unit's figures, handle the unit's cases", account.Handler, []account.Permission{
			account.TreeView, account.DashboardView, account.OwnAccount, account.CaseView, account.CaseHandle}},
		{"supervisor: see the tree, figures and audit log; report, approve, verify, supervise", account.Supervisor, []account.Permission{
			account.TreeView, account.AuditView, account.DashboardView, account.OwnAccount,
			account.CaseView, account.CaseReport, account.CaseApprove, account.CaseVerify, account.CaseSupervise}},
		{"leader: read only, and supervise", account.Leader, []account.Permission{
			account.TreeView, account.UserView, account.DashboardView, account.OwnAccount, account.CaseView, account.CaseSupervise}},
		{"device: sensor alarms only", account.Device, []account.Permission{account.CaseSensor}},
		{"resident: own account only", account.Resident, []account.Permission{account.OwnAccount}},
		{"unknown role: nothing", "boss", nil},
		{"empty role: nothing", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range allPermissions {
				want := slices.Contains(tt.perms, p)
				if got := tt.role.Can(p); got != want {
					t.Errorf("Role(%q).Can(%q) = %v, want %v", tt.role, p, got, want)
				}
			}
			if tt.role.Can("no.such.permission") {
				t.Errorf("Role(%q) grants an unknown permission", tt.role)
			}
		})
	}
}

// TestRolePermissionInvariants states the rules the permission table must keep whatever
// is added to it.
func TestRolePermissionInvariants(t *testing.T) {
	writes := []account.Permission{account.TreeManage, account.UnitManage, account.UserManage,
		account.TokenManage, account.PersonalUnmask}
	tests := []struct {
		name  string
		roles []account.Role
		perms []account.Permission
		want  bool
	}{
		{"every person's role manages its own account",
			slices.DeleteFunc(slices.Clone(account.Roles), func(r account.Role) bool { return r == account.Device }),
			[]account.Permission{account.OwnAccount}, true},
		{"a device only reports sensor alarms", []account.Role{account.Device},
			slices.DeleteFunc(slices.Clone(allPermissions), func(p account.Permission) bool { return p == account.CaseSensor }), false},
		{"admin has every permission but field work", []account.Role{account.Admin},
			slices.DeleteFunc(slices.Clone(allPermissions), func(p account.Permission) bool { return slices.Contains(fieldWork, p) }), true},
		{"admins do no field work", []account.Role{account.Admin}, fieldWork, false},
		{"leaders and supervisors change nothing and unmask nothing",
			[]account.Role{account.Leader, account.Supervisor}, writes, false},
		{"residents have no administrative permission", []account.Role{account.Resident},
			slices.DeleteFunc(slices.Clone(allPermissions), func(p account.Permission) bool { return p == account.OwnAccount }), false},
		{"only admins and supervisors read the audit log",
			[]account.Role{account.Staff, account.GridWorker, account.Handler, account.Leader, account.Resident},
			[]account.Permission{account.AuditView}, false},
		{"only admins issue tokens",
			[]account.Role{account.Staff, account.GridWorker, account.Handler, account.Supervisor, account.Leader, account.Resident},
			[]account.Permission{account.TokenManage}, false},
		{"field roles cannot unmask personal data",
			[]account.Role{account.GridWorker, account.Handler, account.Supervisor, account.Leader, account.Resident},
			[]account.Permission{account.PersonalUnmask}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, r := range tt.roles {
				for _, p := range tt.perms {
					if got := r.Can(p); got != tt.want {
						t.Errorf("Role(%q).Can(%q) = %v, want %v", r, p, got, tt.want)
					}
				}
			}
		})
	}
}

func TestRoleCanAssign(t *testing.T) {
	tests := []struct {
		name       string
		role       account.Role
		assignable []account.Role
	}{
		{"admin assigns every role", account.Admin, account.Roles},
		{"staff assign every role but admin", account.Staff, []account.Role{account.Staff, account.GridWorker,
			account.Handler, account.Supervisor, account.Leader, account.Resident}},
		{"grid worker assigns none", account.GridWorker, nil},
		{"handler assigns none", account.Handler, nil},
		{"supervisor assigns none", account.Supervisor, nil},
		{"leader assigns none", account.Leader, nil},
		{"resident assigns none", account.Resident, nil},
		{"unknown role assigns none", "boss", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, target := range account.Roles {
				want := slices.Contains(tt.assignable, target)
				if got := tt.role.CanAssign(target); got != want {
					t.Errorf("Role(%q).CanAssign(%q) = %v, want %v", tt.role, target, got, want)
				}
			}
			// Assigning accounts is managing them.
			if len(tt.assignable) > 0 && !tt.role.Can(account.UserManage) {
				t.Errorf("Role(%q) may assign roles without %q", tt.role, account.UserManage)
			}
		})
	}
}
