package account

import "github.com/shequ-dev/shequ/internal/admin"

// SeesCareTags reports whether the caller serves the people that care tags mark
// (register.CareTag): the grid workers of the grid, the community's staff, who do its
// civil-affairs work, and system jobs such as imports. Everyone else (district and street
// staff, leaders, supervisors, administrators, residents) gets records without care tags
// and cannot search by them: the tags reveal health, income and family situation, which
// those roles do not need to do their work. Scope still applies on top of this rule.
func (p *Principal) SeesCareTags() bool {
	if p == nil {
		return false
	}
	if p.System {
		return true
	}
	switch p.Role {
	case GridWorker:
		return p.ScopePath != ""
	case Staff:
		return p.NodeLevel == admin.Community
	}
	return false
}
