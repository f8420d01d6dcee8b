package account

import (
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Session is a signed-in browser. Only the hash of its id is stored.
type Session struct {
	UserID   int64
	Created  time.Time
	LastSeen time.Time
	Expires  time.Time
	IP       string
}

// Token is an API token for a machine client. It acts as the account it belongs to, with
// that account's role and scope; only the hash of its secret is stored.
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	Prefix    string // the first characters, so people can tell tokens apart
	Created   time.Time
	Expires   *time.Time
	LastUsed  *time.Time
	Revoked   *time.Time
	CreatedBy string

	UserName string // the owning account's name, filled by list queries
}

// Active reports whether the token may be used at now.
func (t *Token) Active(now time.Time) bool {
	return t.Revoked == nil && (t.Expires == nil || now.Before(*t.Expires))
}

// ValidateTokenInput checks the name and lifetime of a new token.
func ValidateTokenInput(name string, days int) error {
	var v errs.Validation
	if v.Require("name", name) {
		v.MaxLen("name", name, 60)
	}
	v.Check(days >= 0 && days <= 3650, "days", "err.range", 0, 3650)
	return v.Err()
}
