package demo

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/demo/district"
	"github.com/shequ-dev/shequ/internal/register"
)

// Population says which grids of the demo district get residents, houses and the rest.
type Population string

// The population settings.
const (
	// PopulateCommunity fills the grids of the first community, where the demo's
	// community staff and grid worker work: about 1,200 households and 3,300 residents,
	// seeded in seconds.
	PopulateCommunity Population = "community"
	// PopulateStreet fills the grids of the first street: about 40 grids, 17,000
	// households and 45,000 residents, seeded in about a minute.
	PopulateStreet Population = "street"
	// PopulateDistrict fills every grid of the district: about half a million residents,
	// for trying the registers at the scale of a real district (a quarter of an hour).
	PopulateDistrict Population = "district"
	// PopulateNone seeds the tree, units and accounts only.
	PopulateNone Population = "none"
)

// Valid reports whether p is a known setting.
func (p Population) Valid() bool {
	switch p {
	case PopulateCommunity, PopulateStreet, PopulateDistrict, PopulateNone:
		return true
	}
	return false
}

// populates reports whether the grids of community ci of street si are filled.
func (p Population) populates(si, ci int) bool {
	switch p {
	case PopulateDistrict:
		return true
	case PopulateStreet:
		return si == 0
	case PopulateCommunity:
		return si == 0 && ci == 0
	}
	return false
}

// at resolves a micro-grid index of the plan to the node a record belongs to.
func at(grid *admin.Node, micro []*admin.Node, i int64) int64 {
	if i < 0 || int(i) >= len(micro) {
		return grid.ID
	}
	return micro[i].ID
}

// populate stores a grid's planned population through the registers' own storage, so
// that every record passes the same checks and audit as one entered by hand.
// A grid is stored in one batch: one commit for its few thousand records.
func (s *seeder) populate(g district.Grid, grid *admin.Node, micro []*admin.Node) error {
	return s.batch(func() error { return s.populateGrid(g, grid, micro) })
}

func (s *seeder) populateGrid(g district.Grid, grid *admin.Node, micro []*admin.Node) error {
	plan := planGrid(s.seed, g, s.now)
	for _, bp := range plan.Buildings {
		in := bp.In
		in.NodeID = at(grid, micro, in.NodeID)
		b, err := s.db.CreateBuilding(s.ctx, s.sys, in)
		if err != nil {
			return fmt.Errorf("demo building %s in %s: %w", in.Name, g.Code, err)
		}
		s.res.Buildings++
		for _, hp := range bp.Houses {
			if err := s.house(b, hp); err != nil {
				return fmt.Errorf("demo house %s-%s in %s %s: %w", hp.In.Unit, hp.In.Room, g.Code, b.Name, err)
			}
		}
	}
	for _, in := range plan.Orgs {
		in.NodeID = at(grid, micro, in.NodeID)
		if _, err := s.db.CreateOrganisation(s.ctx, s.sys, in); err != nil {
			return fmt.Errorf("demo organisation %s: %w", in.Name, err)
		}
		s.res.Organisations++
	}
	for _, in := range plan.Facilities {
		in.NodeID = at(grid, micro, in.NodeID)
		in.OwnerUnitID = s.facilityOwner(in.Minor)
		f, err := s.db.CreateFacility(s.ctx, s.sys, in)
		if err != nil {
			return fmt.Errorf("demo facility %s in %s: %w", in.Minor, g.Code, err)
		}
		s.res.Facilities++
		s.facilities.add(grid.ID, f)
	}
	return nil
}

// facilityOwners are the departments that own the demo's facilities, by class: the
// water bureau its manholes, the city management bureau lamps, bins, trees, benches and
// signs. Classes not named (telecom and gas covers, hydrants, notice boards) have no
// owner unit in the demo, so their cases go by the area's dispatch rules.
var facilityOwners = map[register.FacilityClass]int{
	"0101": deptWater, "0102": deptWater, "0103": deptWater,
	"0118": deptCityMgmt, "0305": deptCityMgmt, "0402": deptCityMgmt, "0407": deptCityMgmt,
	"0212": deptCityMgmt, "0213": deptCityMgmt, "0111": deptHousing,
}

// facilityOwner is the unit owning facilities of class c, 0 for none; power manholes
// and poles belong to the power company.
func (s *seeder) facilityOwner(c register.FacilityClass) int64 {
	switch c {
	case "0105", "0116", "0117":
		return s.units.power.ID
	}
	if d, ok := facilityOwners[c]; ok {
		return s.units.departments[d].ID
	}
	return 0
}

// house stores a house, its household, their residences and the tenants' registrations.
func (s *seeder) house(b *register.Building, hp housePlan) error {
	in := hp.In
	in.BuildingID = b.ID
	h, err := s.db.CreateHouse(s.ctx, s.sys, in)
	if err != nil {
		return err
	}
	s.res.Houses++
	if len(hp.Members) == 0 {
		return nil
	}
	hh := register.HouseholdInput{NodeID: b.NodeID, Number: hp.Number, HouseID: h.ID}
	for _, m := range hp.Members {
		pin := m.In
		pin.NodeID = b.NodeID
		pin.IDNumber = s.uniqueID(pin.IDNumber)
		p, err := s.db.CreatePerson(s.ctx, s.sys, pin)
		if err != nil {
			return fmt.Errorf("resident %s: %w", pin.Name, err)
		}
		s.res.Residents++
		if s.firstHead == "" && m.Relation == register.Self && pin.Phone != "" {
			s.firstHead, s.firstHeadName = pin.Phone, pin.Name
		}
		hh.Members = append(hh.Members, register.Member{PersonID: p.ID, Relation: m.Relation})
		role := register.Resident
		switch {
		case hp.Rented && m.age(s.now) >= 18:
			role = register.Tenant
		case !hp.Rented && m.Relation == register.Self:
			role = register.Owner
		}
		var from *time.Time
		if hp.Rented {
			from = &hp.Start
		}
		if _, err := s.db.AddResidence(s.ctx, s.sys, register.ResidenceInput{PersonID: p.ID, HouseID: h.ID, Role: role, From: from}); err != nil {
			return fmt.Errorf("residence of %s: %w", pin.Name, err)
		}
		if role == register.Tenant {
			if _, err := s.db.CreateRental(s.ctx, s.sys, register.RentalInput{HouseID: h.ID, TenantID: p.ID, Start: hp.Start, End: hp.End}); err != nil {
				return fmt.Errorf("rental of %s: %w", pin.Name, err)
			}
		}
	}
	if _, err := s.db.CreateHousehold(s.ctx, s.sys, hh); err != nil {
		return fmt.Errorf("household %s: %w", hp.Number, err)
	}
	s.res.Households++
	return nil
}

// communityOrgs adds what every community has once: the property company that manages
// its estates and a residents' volunteer association, in its first grid.
func (s *seeder) communityOrgs(c district.Community, first *admin.Node) error {
	name := []rune(c.Name)
	short := string(name[:min(len(name), 6)])
	orgs := []register.OrganisationInput{
		{Kind: register.PropertyCo, Name: "苏州" + short + "物业管理有限公司", USCC: uscc(s.rng, register.PropertyCo),
			Contacts: []register.Contact{{Name: s.name(), Phone: s.mobile(), Role: "项目经理"}}},
		{Kind: register.SocialOrg, Name: "姑苏区" + short + "志愿服务协会", USCC: uscc(s.rng, register.SocialOrg),
			Contacts: []register.Contact{{Name: s.name(), Phone: s.mobile(), Role: "会长"}}},
	}
	for _, in := range orgs {
		in.NodeID = first.ID
		in.Address = c.Name + "居民委员会"
		if _, err := s.db.CreateOrganisation(s.ctx, s.sys, in); err != nil {
			return fmt.Errorf("demo organisation %s: %w", in.Name, err)
		}
		s.res.Organisations++
	}
	return nil
}

// mobile returns a synthetic mobile number for a contact.
func (s *seeder) mobile() string { return fmt.Sprintf("137%08d", s.rng.IntN(100000000)) }

// uniqueID returns id, or when another demo resident already has it (same region, birth
// date and sequence) the next free sequence number of the same sex.
func (s *seeder) uniqueID(id string) string {
	if id == "" {
		return ""
	}
	if s.ids == nil {
		s.ids = map[string]bool{}
	}
	for s.ids[id[:17]] {
		seq, _ := strconv.Atoi(id[14:17])
		first := fmt.Sprintf("%s%03d", id[:14], (seq+2)%1000)
		c, _ := register.IDCheckChar(first)
		id = first + string(c)
	}
	s.ids[id[:17]] = true
	return id
}
