package cases

// Status is where a case stands in the loop.
type Status string

// The statuses, in the order a case usually passes them.
const (
	Reported     Status = "reported"     // 上报: waiting for review
	Reviewing    Status = "reviewing"    // 受理: a reviewer has taken it
	Registered   Status = "registered"   // 立案: waiting for dispatch
	Rejected     Status = "rejected"     // 不予立案
	Merged       Status = "merged"       // 合并: a duplicate of another case, closed with it
	Dispatched   Status = "dispatched"   // 派遣: waiting for the unit to acknowledge
	Returned     Status = "returned"     // 退单: the unit sent it back; waiting for dispatch again
	Acknowledged Status = "acknowledged" // 签收
	InProgress   Status = "in_progress"  // 处置中
	Suspended    Status = "suspended"    // 挂起: the clock is paused
	Handled      Status = "handled"      // 处置反馈: waiting for verification
	Verified     Status = "verified"     // 核查通过: waiting for closure
	Closed       Status = "closed"       // 结案: waiting for the return visit
	Rated        Status = "rated"        // 已评价
	Archived     Status = "archived"     // 归档
)

// Statuses lists every status in loop order.
var Statuses = []Status{Reported, Reviewing, Registered, Rejected, Merged, Dispatched, Returned, Acknowledged,
	InProgress, Suspended, Handled, Verified, Closed, Rated, Archived}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the status's name for staff.
func (s Status) Key() string { return "case_status." + string(s) }

// PublicKey is the catalogue key of the plain words a reporter sees on the tracking page.
func (s Status) PublicKey() string { return "case_public." + string(s) }

// Open reports whether the problem is still being worked on: not yet closed, rejected,
// merged or archived.
func (s Status) Open() bool {
	switch s {
	case Rejected, Merged, Closed, Rated, Archived:
		return false
	}
	return true
}

// OpenStatuses are the statuses of cases still being worked on.
var OpenStatuses = func() []Status {
	var out []Status
	for _, s := range Statuses {
		if s.Open() {
			out = append(out, s)
		}
	}
	return out
}()

// WithUnit reports whether a unit holds the case in this status: it has been dispatched
// and not yet handled.
func (s Status) WithUnit() bool {
	switch s {
	case Dispatched, Acknowledged, InProgress, Suspended:
		return true
	}
	return false
}
