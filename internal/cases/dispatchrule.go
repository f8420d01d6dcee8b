package cases

import (
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// MaxRuleNoteLen bounds a dispatch rule's note.
const MaxRuleNoteLen = 200

// DispatchRule says which unit receives the cases of an area (a node and everything below
// it), for one category, for all the minor classes of a major class, or (CategoryID 0)
// for any category. The most specific rule wins: see ResolveUnit.
type DispatchRule struct {
	ID         int64
	NodeID     int64
	CategoryID int64 // a minor or a major class; 0 for any category
	UnitID     int64
	Note       string
	Created    time.Time
	Updated    time.Time
	Version    int

	// Filled by queries that join the node and the unit.
	NodePath    string
	NodeName    string
	UnitName    string
	UnitRetired bool
}

// DispatchRuleInput is what a person types to add or change a rule.
type DispatchRuleInput struct {
	NodeID     int64
	CategoryID int64
	UnitID     int64
	Note       string
}

// Validate checks a rule's fields against the category tree. Whether the node and the
// unit exist, are active and in the caller's scope is storage's to check.
func (in DispatchRuleInput) Validate(t *Tree) error {
	var v errs.Validation
	v.Check(in.NodeID != 0, "node_id", "err.required")
	v.Check(in.UnitID != 0, "unit_id", "err.required")
	if in.CategoryID != 0 {
		c := t.ByID(in.CategoryID)
		switch {
		case c == nil:
			v.Add("category_id", "err.not_found", errs.M("entity.category"))
		case c.IsRetired():
			v.Add("category_id", "err.category_retired")
		}
	}
	v.MaxLen("note", strings.TrimSpace(in.Note), MaxRuleNoteLen)
	return v.Err()
}

// FacilityOwner is the owner unit of the facility a case is about, when the register
// knows it.
type FacilityOwner struct {
	FacilityID   int64
	FacilityCode string // 部件标识码
	UnitID       int64  // 0 when the facility has no owner unit (or an organisation owns it)
}

// Via says how a unit was found.
type Via string

// The ways a unit is found.
const (
	ViaRule  Via = "rule"  // a dispatch rule of the area
	ViaOwner Via = "owner" // the owner unit of the facility
)

// Resolution is the unit a case goes to and why, to show the dispatcher.
type Resolution struct {
	UnitID       int64
	Via          Via
	RuleID       int64 // ViaRule: the rule that matched
	FacilityID   int64 // ViaOwner: the facility
	FacilityCode string
}

// Reason is the resolution as one stable token, stored with the case and turned back into
// a message by ReasonMessage: "rule:12" or "owner:3205080101000001".
func (r Resolution) Reason() string {
	switch r.Via {
	case ViaRule:
		return "rule:" + strconv.FormatInt(r.RuleID, 10)
	case ViaOwner:
		code := r.FacilityCode
		if code == "" {
			code = "#" + strconv.FormatInt(r.FacilityID, 10)
		}
		return "owner:" + code
	}
	return ""
}

// ReasonMessage turns a Reason token into a message for the dispatcher ("派遣规则 #12",
// "部件 3205080101000001 的权属单位"); an empty or unknown token gives the "no rule" message.
func ReasonMessage(reason string) Message {
	switch via, arg, _ := strings.Cut(reason, ":"); Via(via) {
	case ViaRule:
		return errs.M("dispatch.reason.rule", arg)
	case ViaOwner:
		return errs.M("dispatch.reason.owner", arg)
	}
	return errs.M("dispatch.reason.none")
}

// Message is a translatable text (an alias, so callers need not import errs for it).
type Message = errs.Message

// DispatchQuery is what ResolveUnit needs to know of a case.
type DispatchQuery struct {
	NodePath string    // the materialised path of the case's node (its grid, or the deepest node known)
	Category *Category // the minor class, or nil when not yet classified
	Major    *Category // its major class, or nil
	Owner    *FacilityOwner
}

// ResolveUnit picks the unit for a case from the rules of its area and the owner of its
// facility (DESIGN.md §3):
//
//   - owner_first (部件先属主、后属地): the facility's owner unit, else the area rule;
//   - area_first (事件先属地、后属主): the area rule, else the facility's owner unit.
//
// The area rule is the one of the deepest node on the case's path that has a matching
// rule; at that node a rule for the exact category beats one for its major class, which
// beats one for any category. Rules whose unit is retired are skipped. ok is false when
// nothing matches: the case then waits in the to-dispatch queue for a person.
func ResolveUnit(rules []*DispatchRule, q DispatchQuery) (res Resolution, ok bool) {
	resp := AreaFirst
	if q.Category != nil && q.Category.Responsibility.Valid() {
		resp = q.Category.Responsibility
	}
	owner := func() (Resolution, bool) {
		if q.Owner == nil || q.Owner.UnitID == 0 {
			return Resolution{}, false
		}
		return Resolution{UnitID: q.Owner.UnitID, Via: ViaOwner, FacilityID: q.Owner.FacilityID, FacilityCode: q.Owner.FacilityCode}, true
	}
	area := func() (Resolution, bool) {
		r := AreaRule(rules, q.NodePath, q.Category, q.Major)
		if r == nil {
			return Resolution{}, false
		}
		return Resolution{UnitID: r.UnitID, Via: ViaRule, RuleID: r.ID}, true
	}
	first, then := area, owner
	if resp == OwnerFirst {
		first, then = owner, area
	}
	if res, ok := first(); ok {
		return res, true
	}
	return then()
}

// AreaRule is the most specific rule for a case at nodePath of category cat (major its
// major class; either may be nil), or nil.
func AreaRule(rules []*DispatchRule, nodePath string, cat, major *Category) *DispatchRule {
	depth := map[int64]int{}
	for i, id := range admin.PathIDs(nodePath) {
		depth[id] = i + 1
	}
	var best *DispatchRule
	bestDepth, bestRank := 0, -1
	for _, r := range rules {
		d := depth[r.NodeID]
		if d == 0 || r.UnitRetired || r.UnitID == 0 {
			continue
		}
		rank := -1
		switch {
		case r.CategoryID == 0:
			rank = 0
		case major != nil && r.CategoryID == major.ID && (cat == nil || cat.ID != major.ID):
			rank = 1
		case cat != nil && r.CategoryID == cat.ID:
			rank = 2
		}
		if rank < 0 {
			continue
		}
		if d > bestDepth || d == bestDepth && rank > bestRank || d == bestDepth && rank == bestRank && r.ID < best.ID {
			best, bestDepth, bestRank = r, d, rank
		}
	}
	return best
}
