package demo

import (
	"math/rand/v2"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/register"
)

// facilityIndex is the register's facilities of each grid by class, so that a case about
// a lamp or a manhole cover names one the register holds (cases.Report.FacilityID): the
// case page then shows it, and dispatch asks its owner first.
type facilityIndex map[int64]map[register.FacilityClass][]*register.Facility

func (x *facilityIndex) add(grid int64, f *register.Facility) {
	if *x == nil {
		*x = facilityIndex{}
	}
	if (*x)[grid] == nil {
		(*x)[grid] = map[register.FacilityClass][]*register.Facility{}
	}
	(*x)[grid][f.Class] = append((*x)[grid][f.Class], f)
}

// caseFacility is the facility class a case's category is about: a facility category
// (部件) is its class, and some events happen at a facility (a blocked sewer at its
// manhole, a fallen tree). "" for the rest: a blocked fire lane or an elevator fault has
// no class in the register.
func caseFacility(k *caseKind) register.FacilityClass {
	if k.kind == cases.FacilityKind {
		return register.FacilityClass(k.code)
	}
	return eventFacilities[k.code]
}

var eventFacilities = map[string]register.FacilityClass{
	"0404": "0102", // 下水道堵塞或破损: the sewage manhole
	"0406": "0103", // 积水: the storm-water manhole
	"0410": "0402", // 树木倒伏: the street tree
}

// pick draws one of the grid's facilities of class c, nil when it has none.
func (x facilityIndex) pick(rng *rand.Rand, grid int64, c register.FacilityClass) *register.Facility {
	if c == "" {
		return nil
	}
	list := x[grid][c]
	if len(list) == 0 {
		return nil
	}
	return list[rng.IntN(len(list))]
}
