package cases_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/cases"
)

func TestResolveUnit(t *testing.T) {
	// The tree: district 1 > street 2 > community 3 > grid 4; street 5 elsewhere.
	const grid = "/1/2/3/4/"
	refuse := &cases.Category{ID: 12, ParentID: 10, Kind: cases.EventKind, Code: "0102", Responsibility: cases.AreaFirst}
	road := &cases.Category{ID: 13, ParentID: 10, Kind: cases.EventKind, Code: "0104", Responsibility: cases.AreaFirst}
	appearance := &cases.Category{ID: 10, Kind: cases.EventKind, Code: "01"}
	cover := &cases.Category{ID: 22, ParentID: 20, Kind: cases.FacilityKind, Code: "0101", Responsibility: cases.OwnerFirst}
	utility := &cases.Category{ID: 20, Kind: cases.FacilityKind, Code: "01"}
	owner := &cases.FacilityOwner{FacilityID: 7, FacilityCode: "3205080101000001", UnitID: 900}
	noOwner := &cases.FacilityOwner{FacilityID: 8, FacilityCode: "3205080101000002"}
	rule := func(id, node, cat, unit int64) *cases.DispatchRule {
		return &cases.DispatchRule{ID: id, NodeID: node, CategoryID: cat, UnitID: unit}
	}
	retired := rule(9, 4, 0, 109)
	retired.UnitRetired = true
	rules := []*cases.DispatchRule{
		rule(1, 1, 0, 101),   // district: anything
		rule(2, 2, 10, 102),  // street: 市容环境
		rule(3, 2, 12, 103),  // street: 暴露垃圾
		rule(4, 3, 0, 104),   // community: anything
		rule(5, 5, 12, 105),  // another street: 暴露垃圾
		rule(6, 2, 20, 106),  // street: 公用设施
		retired,              // grid: anything, but the unit is retired
		rule(10, 3, 13, 110), // community: 道路不洁
	}
	tests := []struct {
		name     string
		rules    []*cases.DispatchRule
		q        cases.DispatchQuery
		wantUnit int64
		wantWhy  string
	}{
		{"deepest node wins over a more exact category above", rules,
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 104, "rule:4"},
		{"exact category beats any at the same node", rules,
			cases.DispatchQuery{NodePath: grid, Category: road, Major: appearance}, 110, "rule:10"},
		{"exact beats major beats any at one node", []*cases.DispatchRule{rule(1, 2, 0, 101), rule(2, 2, 10, 102), rule(3, 2, 12, 103)},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 103, "rule:3"},
		{"major class beats any at one node", []*cases.DispatchRule{rule(1, 2, 0, 101), rule(2, 2, 10, 102), rule(3, 2, 12, 103)},
			cases.DispatchQuery{NodePath: grid, Category: road, Major: appearance}, 102, "rule:2"},
		{"any category at an ancestor", []*cases.DispatchRule{rule(1, 1, 0, 101), rule(5, 5, 12, 105)},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 101, "rule:1"},
		{"rules of other areas do not apply", []*cases.DispatchRule{rule(5, 5, 12, 105)},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 0, ""},
		{"rules of other categories do not apply", []*cases.DispatchRule{rule(3, 2, 12, 103)},
			cases.DispatchQuery{NodePath: grid, Category: road, Major: appearance}, 0, ""},
		{"retired unit skipped", []*cases.DispatchRule{rule(1, 1, 0, 101), retired},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 101, "rule:1"},
		{"a rule on the case's own node", []*cases.DispatchRule{rule(1, 1, 0, 101), rule(8, 4, 12, 108)},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 108, "rule:8"},
		{"no category: only any-category rules", rules,
			cases.DispatchQuery{NodePath: "/1/2/"}, 101, "rule:1"},
		{"no rules, no owner", nil, cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance}, 0, ""},
		{"owner_first: the owner", rules,
			cases.DispatchQuery{NodePath: grid, Category: cover, Major: utility, Owner: owner}, 900, "owner:3205080101000001"},
		{"owner_first: no owner unit, the area", rules,
			cases.DispatchQuery{NodePath: grid, Category: cover, Major: utility, Owner: noOwner}, 104, "rule:4"},
		{"owner_first: owner unknown, the area by major class", []*cases.DispatchRule{rule(1, 1, 0, 101), rule(6, 2, 20, 106)},
			cases.DispatchQuery{NodePath: grid, Category: cover, Major: utility}, 106, "rule:6"},
		{"owner_first: nothing", nil,
			cases.DispatchQuery{NodePath: grid, Category: cover, Major: utility, Owner: noOwner}, 0, ""},
		{"area_first: the area before the owner", rules,
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance, Owner: owner}, 104, "rule:4"},
		{"area_first: no rule, the owner", []*cases.DispatchRule{rule(5, 5, 12, 105)},
			cases.DispatchQuery{NodePath: grid, Category: refuse, Major: appearance, Owner: owner}, 900, "owner:3205080101000001"},
		{"owner without a code", nil,
			cases.DispatchQuery{NodePath: grid, Category: cover, Owner: &cases.FacilityOwner{FacilityID: 7, UnitID: 900}}, 900, "owner:#7"},
		{"no category: area first, then owner", nil,
			cases.DispatchQuery{NodePath: grid, Owner: owner}, 900, "owner:3205080101000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, ok := cases.ResolveUnit(tt.rules, tt.q)
			if ok != (tt.wantUnit != 0) || res.UnitID != tt.wantUnit || res.Reason() != tt.wantWhy {
				t.Errorf("ResolveUnit = %+v %v (%q), want unit %d (%q)", res, ok, res.Reason(), tt.wantUnit, tt.wantWhy)
			}
		})
	}
}

func TestReasonMessage(t *testing.T) {
	tests := []struct {
		reason, key, arg string
	}{
		{"rule:12", "dispatch.reason.rule", "12"},
		{"owner:3205080101000001", "dispatch.reason.owner", "3205080101000001"},
		{"", "dispatch.reason.none", ""},
		{"guess:1", "dispatch.reason.none", ""},
	}
	for _, tt := range tests {
		m := cases.ReasonMessage(tt.reason)
		if m.Key != tt.key || (tt.arg != "" && (len(m.Args) != 1 || m.Args[0] != tt.arg)) {
			t.Errorf("ReasonMessage(%q) = %+v", tt.reason, m)
		}
	}
}

func TestDispatchRuleInputValidate(t *testing.T) {
	tr := testTree()
	tests := []struct {
		name  string
		in    cases.DispatchRuleInput
		field string
		key   string
	}{
		{"valid any category", cases.DispatchRuleInput{NodeID: 1, UnitID: 2}, "", ""},
		{"valid minor", cases.DispatchRuleInput{NodeID: 1, UnitID: 2, CategoryID: 5}, "", ""},
		{"valid major", cases.DispatchRuleInput{NodeID: 1, UnitID: 2, CategoryID: 1}, "", ""},
		{"no node", cases.DispatchRuleInput{UnitID: 2}, "node_id", "err.required"},
		{"no unit", cases.DispatchRuleInput{NodeID: 1}, "unit_id", "err.required"},
		{"unknown category", cases.DispatchRuleInput{NodeID: 1, UnitID: 2, CategoryID: 99}, "category_id", "err.not_found"},
		{"retired category", cases.DispatchRuleInput{NodeID: 1, UnitID: 2, CategoryID: 6}, "category_id", "err.category_retired"},
		{"long note", cases.DispatchRuleInput{NodeID: 1, UnitID: 2, Note: string(make([]rune, 201))}, "note", "err.too_long"},
	}
	for _, tt := range tests {
		err := tt.in.Validate(tr)
		if tt.field == "" && err != nil || tt.field != "" && fieldKey(err, tt.field) != tt.key {
			t.Errorf("%s: %v, want %s on %s", tt.name, err, tt.key, tt.field)
		}
	}
}
