package account

import (
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// DutyKind is how a grid worker serves a grid: full-time (专职), part-time (兼职), or as
// the backup (B角) who stands in when the full-time worker is away.
type DutyKind string

// The duty kinds.
const (
	FullTime DutyKind = "full_time"
	PartTime DutyKind = "part_time"
	Backup   DutyKind = "backup"
)

// DutyKinds lists the kinds in display order.
var DutyKinds = []DutyKind{FullTime, PartTime, Backup}

// Valid reports whether k is a known kind.
func (k DutyKind) Valid() bool { return k == FullTime || k == PartTime || k == Backup }

// Key is the catalogue key of the kind's name.
func (k DutyKind) Key() string { return "duty." + string(k) }

// Assignment puts a grid worker on a grid or micro-grid for a time. Ended assignments
// stay as the grid's history.
type Assignment struct {
	ID      int64
	NodeID  int64
	UserID  int64
	Kind    DutyKind
	Started time.Time
	Ended   *time.Time
	Note    string

	// Filled by queries that join the account and the node.
	WorkerName string
	WorkerCode string // the worker's user name
	NodeName   string
	NodePath   string
}

// Active reports whether the assignment has not ended.
func (a *Assignment) Active() bool { return a.Ended == nil }

// MaxNoteLen bounds an assignment's note.
const MaxNoteLen = 200

// AssignmentInput is what staff choose to assign a worker.
type AssignmentInput struct {
	NodeID int64
	UserID int64
	Kind   DutyKind
	Note   string
}

// ValidateAssignment checks an assignment of worker to node, given the grid's active
// assignments and the worker's: one full-time worker and one backup per grid at a time,
// a full-time worker serves one grid only, and nobody holds two duties on one grid.
func ValidateAssignment(in AssignmentInput, node *admin.Node, worker *User, onNode, ofWorker []*Assignment) error {
	var v errs.Validation
	switch {
	case node == nil:
		v.Add("node_id", "err.required")
	case node.IsRetired():
		v.Add("node_id", "err.node_retired")
	case node.Level != admin.Grid && node.Level != admin.Microgrid:
		v.Add("node_id", "err.assign_level")
	}
	switch {
	case worker == nil:
		v.Add("user_id", "err.choose_one")
	case worker.Role != GridWorker:
		v.Add("user_id", "err.assign_role")
	case worker.IsDisabled():
		v.Add("user_id", "err.assign_disabled")
	}
	if !in.Kind.Valid() {
		v.Add("kind", "err.choose_one")
	}
	v.MaxLen("note", in.Note, MaxNoteLen)
	if !v.OK() {
		return v.Err()
	}
	for _, a := range onNode {
		switch {
		case a.UserID == worker.ID:
			v.Add("user_id", "err.assign_twice")
		case a.Kind == in.Kind && in.Kind != PartTime:
			v.Add("kind", "err.assign_taken", a.WorkerName)
		}
	}
	if in.Kind == FullTime {
		for _, a := range ofWorker {
			if a.Kind == FullTime && a.NodeID != in.NodeID {
				v.Add("user_id", "err.assign_full_time_elsewhere", a.NodeName)
			}
		}
	}
	return v.Err()
}
