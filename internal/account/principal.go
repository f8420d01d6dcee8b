package account

import (
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/admin"
)

// Principal is the caller of an operation: who, in which role, with which data scope.
// Storage filters every query by it; the web layer builds it from a session or token.
type Principal struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        Role
	NodeID      int64       // the node the account is bound to (for handlers: their unit's node)
	NodeLevel   admin.Level // the level of the account's own node; 0 for unbound accounts
	UnitID      int64       // handlers only
	ScopePath   string      // materialised path of the scope's root; "" means no part of the tree
	TokenID     int64       // set when the call came with an API token
	IP          string
	System      bool // a command-line or internal job, not a person
}

// SystemPrincipal is the caller for command-line operations and internal jobs: it may do
// anything, and the audit log records what ran it.
func SystemPrincipal(what string) *Principal {
	return &Principal{Username: what, Role: Admin, ScopePath: "/", System: true}
}

// Can reports whether the principal's role grants p.
func (p *Principal) Can(perm Permission) bool { return p != nil && p.Role.Can(perm) }

// InScope reports whether a node with the given materialised path lies in the caller's
// subtree.
func (p *Principal) InScope(path string) bool {
	return p != nil && p.ScopePath != "" && strings.HasPrefix(path, p.ScopePath)
}

// Scope returns the half-open path range of the caller's subtree for storage queries;
// ok is false when the caller reaches no part of the tree (residents).
func (p *Principal) Scope() (lo, hi string, ok bool) {
	if p == nil || p.ScopePath == "" {
		return "", "", false
	}
	lo, hi = admin.SubtreeRange(p.ScopePath)
	return lo, hi, true
}

// Label is how the audit log names the caller.
func (p *Principal) Label() string {
	if p == nil {
		return "anonymous"
	}
	if p.System {
		return "system:" + p.Username
	}
	if p.Username != "" {
		return p.Username
	}
	// Residents sign in by phone and have no user name; their real name stays out of
	// logs, which travel further than the personal data they would expose.
	return "user:" + strconv.FormatInt(p.UserID, 10)
}
