package account_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
)

func TestSystemPrincipal(t *testing.T) {
	p := account.SystemPrincipal("migrate")
	want := account.Principal{Username: "migrate", Role: account.Admin, ScopePath: "/", System: true}
	if *p != want {
		t.Fatalf("SystemPrincipal(%q) = %+v, want %+v", "migrate", *p, want)
	}
	for _, perm := range allPermissions {
		if !slices.Contains(fieldWork, perm) && !p.Can(perm) {
			t.Errorf("system principal cannot %q", perm)
		}
	}
	if !p.InScope("/1/3/5/") {
		t.Errorf("system principal does not reach the whole tree")
	}
}

func TestPrincipalCan(t *testing.T) {
	tests := []struct {
		name string
		p    *account.Principal
		perm account.Permission
		want bool
	}{
		{"nil principal can nothing", nil, account.OwnAccount, false},
		{"admin manages the tree", &account.Principal{Role: account.Admin}, account.TreeManage, true},
		{"staff manage accounts", &account.Principal{Role: account.Staff}, account.UserManage, true},
		{"staff do not issue tokens", &account.Principal{Role: account.Staff}, account.TokenManage, false},
		{"leader views dashboards", &account.Principal{Role: account.Leader}, account.DashboardView, true},
		{"leader does not manage the tree", &account.Principal{Role: account.Leader}, account.TreeManage, false},
		{"resident manages own account", &account.Principal{Role: account.Resident}, account.OwnAccount, true},
		{"resident does not view the tree", &account.Principal{Role: account.Resident}, account.TreeView, false},
		{"no role can nothing", &account.Principal{UserID: 1}, account.OwnAccount, false},
		{"system flag alone grants nothing", &account.Principal{System: true}, account.TreeView, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Can(tt.perm); got != tt.want {
				t.Errorf("Can(%q) = %v, want %v", tt.perm, got, tt.want)
			}
		})
	}
}

func TestPrincipalInScope(t *testing.T) {
	tests := []struct {
		name  string
		scope string // the principal's ScopePath
		nilP  bool
		path  string
		want  bool
	}{
		{"nil principal", "", true, "/1/", false},
		{"no scope (resident)", "", false, "/1/", false},
		{"no scope, empty path", "", false, "", false},
		{"whole tree holds a root", "/", false, "/1/", true},
		{"whole tree holds a deep node", "/", false, "/1/3/5/7/11/12/", true},
		{"the scope's own node", "/1/3/", false, "/1/3/", true},
		{"a child", "/1/3/", false, "/1/3/5/", true},
		{"a deep descendant", "/1/3/", false, "/1/3/5/7/11/12/", true},
		{"the parent", "/1/3/", false, "/1/", false},
		{"a sibling", "/1/3/", false, "/1/4/", false},
		{"a sibling whose id starts with the same digit", "/1/3/", false, "/1/35/", false},
		{"another root", "/1/3/", false, "/2/3/", false},
		{"empty path", "/1/3/", false, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &account.Principal{Role: account.Staff, ScopePath: tt.scope}
			if tt.nilP {
				p = nil
			}
			if got := p.InScope(tt.path); got != tt.want {
				t.Errorf("Principal{ScopePath: %q}.InScope(%q) = %v, want %v", tt.scope, tt.path, got, tt.want)
			}
		})
	}
}

func TestPrincipalScope(t *testing.T) {
	tests := []struct {
		name   string
		p      *account.Principal
		lo, hi string
		ok     bool
	}{
		{"nil principal", nil, "", "", false},
		{"resident without scope", &account.Principal{Role: account.Resident}, "", "", false},
		{"admin: whole tree", &account.Principal{Role: account.Admin, ScopePath: "/"}, "/", "0", true},
		{"system", account.SystemPrincipal("job"), "/", "0", true},
		{"staff of a district", &account.Principal{Role: account.Staff, ScopePath: "/1/3/"}, "/1/3/", "/1/30", true},
	}
	// Paths the range and InScope must agree on.
	paths := []string{"/", "/1/", "/1/3/", "/1/3/5/", "/1/30/", "/1/35/7/", "/1/4/", "/2/", "/9/10/"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, ok := tt.p.Scope()
			if lo != tt.lo || hi != tt.hi || ok != tt.ok {
				t.Errorf("Scope() = (%q, %q, %v), want (%q, %q, %v)", lo, hi, ok, tt.lo, tt.hi, tt.ok)
			}
			if ok {
				if wlo, whi := admin.SubtreeRange(tt.p.ScopePath); lo != wlo || hi != whi {
					t.Errorf("Scope() = [%q, %q), SubtreeRange = [%q, %q)", lo, hi, wlo, whi)
				}
			}
			for _, path := range paths {
				inRange := ok && lo <= path && path < hi
				if in := tt.p.InScope(path); in != inRange {
					t.Errorf("path %q: InScope = %v but in Scope() range = %v", path, in, inRange)
				}
			}
		})
	}
}

func TestPrincipalLabel(t *testing.T) {
	tests := []struct {
		name string
		p    *account.Principal
		want string
	}{
		{"anonymous", nil, "anonymous"},
		{"system job", account.SystemPrincipal("backup"), "system:backup"},
		{"system flag wins over the name", &account.Principal{Username: "import", System: true, DisplayName: "导入"}, "system:import"},
		{"staff by user name", &account.Principal{UserID: 7, Username: "zhangwei", DisplayName: "张伟", Role: account.Staff}, "zhangwei"},
		{"resident without user name by id", &account.Principal{UserID: 42, DisplayName: "王秀英", Role: account.Resident}, "user:42"},
		{"resident without user name or display name", &account.Principal{UserID: 43, Role: account.Resident}, "user:43"},
		{"resident with a user name", &account.Principal{UserID: 44, Username: "wangxy", DisplayName: "王秀英", Role: account.Resident}, "wangxy"},
		{"token caller", &account.Principal{UserID: 8, Username: "gateway", TokenID: 3, Role: account.Staff}, "gateway"},
		{"failed sign-in labelled by masked phone", &account.Principal{Username: "138****5678", IP: "192.0.2.1"}, "138****5678"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.Label()
			if got != tt.want {
				t.Errorf("Label() = %q, want %q", got, tt.want)
			}
			// The audit log must never carry a person's real name.
			if tt.p != nil && tt.p.DisplayName != "" && strings.Contains(got, tt.p.DisplayName) {
				t.Errorf("Label() = %q reveals the display name %q", got, tt.p.DisplayName)
			}
		})
	}
}
