package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/demo/district"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

// The demo's population follows the proportions of an old-town district such as 姑苏区:
// about 400 households a grid (the design notes' 300–500), two to three people a
// household, a fifth of the people floating, one house in six rented, a quarter of the
// people over 60. The figures below are those proportions; nothing else depends on them.
const (
	householdsPerGrid = 400
	vacantShare       = 0.07 // houses nobody lives in
	rentedShare       = 0.17 // occupied houses let to tenants
	foreignShare      = 0.01 // people with a passport rather than an ID number
	shopsPerGrid      = 6    // 个体工商户 and small enterprises on the ground floors
	facilitiesPerGrid = 40   // lamps, manholes, hydrants, bins… in one grid
)

// gridPlan is the population of one grid: its buildings with their houses and the
// households living in them, its organisations and its facilities. Records refer to each
// other by position in the plan; the seeder turns positions into ids as it stores them.
type gridPlan struct {
	Buildings  []buildingPlan
	Orgs       []register.OrganisationInput
	Facilities []register.FacilityInput
}

// buildingPlan is a building and its houses; NodeID is the micro-grid it stands in.
type buildingPlan struct {
	In     register.BuildingInput
	Houses []housePlan
}

// housePlan is a house and, when occupied, the household living there.
type housePlan struct {
	In      register.HouseInput // BuildingID filled in by the seeder
	Members []memberPlan        // the household, head first; none when vacant or a shop
	Number  string              // 户号 of the household
	Rented  bool                // the household rents: a rental registration per adult tenant
	Start   time.Time           // start of the tenancy
	End     time.Time           // its last day
}

// memberPlan is one person of a household.
type memberPlan struct {
	In       register.PersonInput
	Relation register.Relation
	Birth    time.Time // the birth date the ID number carries
}

// roads are old-town street names for addresses; the buildings of a grid take one.
var roads = []string{"平江路", "干将东路", "临顿路", "人民路", "十全街", "凤凰街", "道前街", "景德路", "东中市", "西中市",
	"白塔东路", "山塘街", "南门路", "养育巷", "学士街", "十梓街", "仓街", "娄门路", "齐门路", "东环路", "胥江路", "三香路",
	"桐泾北路", "西园路", "阊胥路", "北园路", "相门路", "葑门路", "盘门路", "竹辉路"}

// floatingOrigins are region codes (GB/T 2260) of where Suzhou's floating population
// comes from most: northern Jiangsu, Anhui, Henan, Sichuan, Shandong, Hubei.
var floatingOrigins = []string{"320321", "320829", "321323", "340121", "341221", "341302", "410122", "411421", "510121",
	"511321", "370883", "371321", "421023", "360121"}

// localOrigins are region codes of Suzhou's urban districts, past and present, which
// registered residents' ID numbers carry.
var localOrigins = []string{"320508", "320502", "320503", "320504", "320505", "320506"}

var nationalities = []string{"KOR", "JPN", "USA", "DEU", "FRA", "GBR", "SGP", "MYS", "CAN", "AUS"}

// planner draws one grid's population from its own random source, so that a grid's
// population depends only on the seed and the grid's code.
type planner struct {
	rng   *rand.Rand
	now   time.Time
	grid  district.Grid
	road  string
	house int // door numbers already used on the road
	hh    int // households numbered so far
}

// planGrid draws the population of a grid.
func planGrid(seed int64, g district.Grid, now time.Time) gridPlan {
	code, _ := strconv.ParseUint(g.Code, 10, 64)
	pl := &planner{rng: rand.New(rand.NewPCG(uint64(seed), code)), now: now, grid: g}
	pl.road = roads[pl.rng.IntN(len(roads))]
	var plan gridPlan
	households := 0
	for n := 1; households < householdsPerGrid; n++ {
		b := pl.building(n)
		for i := range b.Houses {
			if len(b.Houses[i].Members) > 0 {
				households++
			}
		}
		plan.Buildings = append(plan.Buildings, b)
	}
	plan.Orgs = pl.organisations()
	plan.Facilities = pl.facilities()
	return plan
}

// point draws a point inside the grid, and the micro-grid (by index) it falls in.
func (pl *planner) point() (geo.Point, int) {
	bb := pl.grid.Boundary.BBox()
	for {
		p := geo.Point{Lng: bb.MinLng + pl.rng.Float64()*(bb.MaxLng-bb.MinLng), Lat: bb.MinLat + pl.rng.Float64()*(bb.MaxLat-bb.MinLat)}
		if !pl.grid.Boundary.Contains(p) {
			continue
		}
		for i, m := range pl.grid.Microgrids {
			if m.Boundary.Contains(p) {
				return round5(p), i
			}
		}
		if len(pl.grid.Microgrids) == 0 {
			return round5(p), -1
		}
	}
}

func round5(p geo.Point) geo.Point {
	r := func(f float64) float64 { return float64(int64(f*1e5+0.5)) / 1e5 }
	return geo.Point{Lng: r(p.Lng), Lat: r(p.Lat)}
}

// building draws the n-th building of the grid: mostly six-storey walk-ups of the 1980s
// and 1990s with two units and two flats a landing, some lane houses of two floors, and
// now and then a newer eleven-storey block.
func (pl *planner) building(n int) buildingPlan {
	floors, units, perFloor, area := 6, 2, 2, 60.0
	switch r := pl.rng.Float64(); {
	case r < 0.15:
		floors, units, perFloor, area = 2, 1, 3, 45
	case r < 0.25:
		floors, units, perFloor, area = 11, 2, 3, 90
	}
	at, mg := pl.point()
	pl.house++
	b := buildingPlan{In: register.BuildingInput{
		Name:        fmt.Sprintf("%d幢", n),
		Address:     fmt.Sprintf("%s%d号%d幢", pl.road, pl.house, n),
		Location:    &at,
		FloorsAbove: floors,
		Kind:        register.Residential,
	}}
	b.In.NodeID = int64(mg) // the micro-grid's index; the seeder swaps in its id
	for u := 1; u <= units; u++ {
		for f := 1; f <= floors; f++ {
			for r := 1; r <= perFloor; r++ {
				b.Houses = append(b.Houses, pl.house1(u, f, r, area, units > 1))
			}
		}
	}
	return b
}

// house1 draws one flat and who lives there.
func (pl *planner) house1(unit, floor, room int, area float64, units bool) housePlan {
	h := housePlan{In: register.HouseInput{
		Floor: floor,
		Room:  fmt.Sprintf("%d%02d", floor, room),
		Area:  float64(int((area+pl.rng.NormFloat64()*area*0.15)*10)) / 10,
		Use:   register.SelfOccupied,
	}}
	if units {
		h.In.Unit = strconv.Itoa(unit)
	}
	if h.In.Area < 15 {
		h.In.Area = 15
	}
	switch r := pl.rng.Float64(); {
	case r < vacantShare:
		h.In.Use = register.Vacant
		h.In.OwnerName = pl.name()
		return h
	case r < vacantShare+rentedShare*(1-vacantShare):
		h.In.Use = register.Rented
		h.In.OwnerName = pl.name()
		h.Rented = true
		today := time.Date(pl.now.Year(), pl.now.Month(), pl.now.Day(), 0, 0, 0, 0, time.UTC)
		h.Start = today.AddDate(0, -pl.rng.IntN(30), -1-pl.rng.IntN(28))
		h.End = h.Start.AddDate(1+pl.rng.IntN(2), 0, -1)
		for h.End.Before(pl.now) { // renewed since: the registration in force now
			h.Start = h.End.AddDate(0, 0, 1)
			h.End = h.Start.AddDate(1, 0, -1)
		}
	}
	h.Members = pl.household(h.Rented)
	pl.hh++
	h.Number = fmt.Sprintf("%s%04d", pl.grid.Code[len(pl.grid.Code)-4:], pl.hh)
	if !h.Rented {
		h.In.OwnerName = h.Members[0].In.Name
	}
	return h
}

// household draws a household: its size, ages that fit together, and registration types
// (tenants are mostly floating).
func (pl *planner) household(tenants bool) []memberPlan {
	var size int
	switch r := pl.rng.Float64(); {
	case r < 0.18:
		size = 1
	case r < 0.48:
		size = 2
	case r < 0.76:
		size = 3
	case r < 0.90:
		size = 4
	default:
		size = 5
	}
	reg := register.Registered
	if tenants && pl.rng.Float64() < 0.85 || !tenants && pl.rng.Float64() < 0.05 {
		reg = register.Floating
	}
	if pl.rng.Float64() < foreignShare {
		reg = register.Foreign
	}
	headAge := 25 + pl.rng.IntN(60)
	if tenants {
		headAge = 22 + pl.rng.IntN(30)
	}
	if size == 1 && !tenants && pl.rng.Float64() < 0.5 {
		headAge = 62 + pl.rng.IntN(25) // many who live alone in old flats are old
	}
	headSex := register.Male
	if pl.rng.IntN(2) == 0 {
		headSex = register.Female
	}
	members := []memberPlan{pl.person(reg, headAge, headSex, register.Self)}
	if size >= 2 {
		spouse := register.Female
		if headSex == register.Female {
			spouse = register.Male
		}
		members = append(members, pl.person(reg, max(20, headAge-3+pl.rng.IntN(7)), spouse, register.Spouse))
	}
	for i := 2; i < size; i++ {
		if i == 4 && headAge < 70 { // a parent who moved in
			members = append(members, pl.person(reg, headAge+25+pl.rng.IntN(8), register.Female, register.Parent))
			continue
		}
		childAge := headAge - 24 - pl.rng.IntN(12)
		if childAge < 0 {
			childAge = pl.rng.IntN(6)
		}
		sex, rel := register.Male, register.Son
		if pl.rng.IntN(2) == 0 {
			sex, rel = register.Female, register.Daughter
		}
		members = append(members, pl.person(reg, childAge, sex, rel))
	}
	// Children take their father's surname, as most Chinese families do.
	father := ""
	for _, m := range members[:min(2, len(members))] {
		if m.In.Sex == "" && m.In.IDNumber != "" && sexOfID(m.In.IDNumber) == register.Male {
			father = string([]rune(m.In.Name)[:1])
		}
	}
	for i := range members {
		if r := members[i].Relation; father != "" && (r == register.Son || r == register.Daughter) {
			members[i].In.Name = father + given[pl.rng.IntN(len(given))]
		}
	}
	pl.careTags(members)
	return members
}

// sexOfID is the sex an ID number's 17th digit gives: odd for men.
func sexOfID(id string) register.Sex {
	if (id[16]-'0')%2 == 1 {
		return register.Male
	}
	return register.Female
}

// careTags marks the people a community looks after: old people living alone or only
// with each other, and a few with a disability or on minimum-income support.
func (pl *planner) careTags(members []memberPlan) {
	old := 0
	for _, m := range members {
		if m.age(pl.now) >= 60 {
			old++
		}
	}
	for i := range members {
		in := &members[i].In
		a := members[i].age(pl.now)
		switch {
		case len(members) == 1 && a >= 60:
			in.CareTags = append(in.CareTags, register.ElderlyAlone)
		case old == len(members) && a >= 60:
			in.CareTags = append(in.CareTags, register.EmptyNest)
		}
		if pl.rng.Float64() < 0.015 {
			in.CareTags = append(in.CareTags, register.Disabled)
		}
		if pl.rng.Float64() < 0.008 && i == 0 {
			in.CareTags = append(in.CareTags, register.Subsistence)
		}
	}
}

// age is the member's age in whole years at now.
func (m memberPlan) age(now time.Time) int {
	y := now.Year() - m.Birth.Year()
	if now.Month() < m.Birth.Month() || now.Month() == m.Birth.Month() && now.Day() < m.Birth.Day() {
		y--
	}
	return y
}

// person draws a person of the given registration type, age and sex with a valid ID
// number (or passport) and a mobile number.
func (pl *planner) person(reg register.RegType, age int, sex register.Sex, rel register.Relation) memberPlan {
	birth := pl.now.AddDate(-age, 0, -pl.rng.IntN(365))
	birth = time.Date(birth.Year(), birth.Month(), birth.Day(), 0, 0, 0, 0, time.UTC)
	in := register.PersonInput{Name: pl.name(), RegType: reg, Ethnicity: register.Han}
	if pl.rng.Float64() < 0.02 {
		in.Ethnicity = register.Ethnicities[1+pl.rng.IntN(10)]
	}
	switch reg {
	case register.Foreign:
		in.Name = foreignNames[pl.rng.IntN(len(foreignNames))]
		in.Passport = fmt.Sprintf("%c%08d", 'A'+rune(pl.rng.IntN(26)), pl.rng.IntN(100000000))
		in.Nationality = nationalities[pl.rng.IntN(len(nationalities))]
		in.Birth, in.Sex, in.Ethnicity = &birth, sex, ""
	default:
		origin := localOrigins[pl.rng.IntN(len(localOrigins))]
		if reg == register.Floating {
			origin = floatingOrigins[pl.rng.IntN(len(floatingOrigins))]
		}
		in.IDNumber = idNumber(origin, birth, pl.rng.IntN(500), sex)
	}
	if age >= 12 {
		in.Phone = pl.mobile()
	}
	return memberPlan{In: in, Relation: rel, Birth: birth}
}

var foreignNames = []string{"KIM MINJUN", "TANAKA HARUTO", "SMITH JOHN", "MULLER ANNA", "MARTIN LEA", "BROWN EMMA", "TAN WEI MING",
	"LEE JIWOO", "SATO YUI", "GARCIA LUCAS"}

// idNumber builds an 18-character ID number (GB 11643): region, birth date, a sequence
// whose last digit is odd for men, and the check character.
func idNumber(region string, birth time.Time, seq int, sex register.Sex) string {
	seq = seq*2 + 1
	if sex == register.Female {
		seq--
	}
	first := fmt.Sprintf("%s%s%03d", region, birth.Format("20060102"), seq%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

var mobilePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "157",
	"158", "159", "166", "173", "176", "177", "180", "181", "182", "183", "186", "187", "188", "189", "191", "199"}

func (pl *planner) mobile() string {
	return mobilePrefixes[pl.rng.IntN(len(mobilePrefixes))] + fmt.Sprintf("%08d", pl.rng.IntN(100000000))
}

func (pl *planner) name() string {
	return string(surnames[pl.rng.IntN(len(surnames))]) + given[pl.rng.IntN(len(given))]
}

// shopTrades are what the ground-floor shops of an old-town grid sell.
var shopTrades = []string{"便利店", "面馆", "理发店", "水果店", "五金店", "药房", "早餐店", "洗衣店", "裁缝铺", "茶叶店", "糕团店", "快递驿站"}

// organisations draws the shops and small enterprises of the grid; the community's
// property company and social organisations are added once per community by the seeder.
func (pl *planner) organisations() []register.OrganisationInput {
	var out []register.OrganisationInput
	for i := 0; i < shopsPerGrid; i++ {
		at, mg := pl.point()
		pl.house++
		trade := shopTrades[pl.rng.IntN(len(shopTrades))]
		in := register.OrganisationInput{
			Kind:     register.Individual,
			Name:     fmt.Sprintf("姑苏区%s%s", string(surnames[pl.rng.IntN(len(surnames))])+"记", trade),
			Address:  fmt.Sprintf("%s%d号", pl.road, pl.house),
			Location: &at,
			Contacts: []register.Contact{{Name: pl.name(), Phone: pl.mobile(), Role: "经营者"}},
			NodeID:   int64(mg), // the micro-grid's index, as for buildings
		}
		if pl.rng.IntN(3) == 0 {
			in.Kind = register.Enterprise
			in.Name = fmt.Sprintf("苏州%s%s有限公司", string(surnames[pl.rng.IntN(len(surnames))])+"氏", trade)
			in.Contacts[0].Role = "负责人"
		}
		if in.Kind.NeedsUSCC() || pl.rng.IntN(2) == 0 {
			in.USCC = uscc(pl.rng, in.Kind)
		}
		out = append(out, in)
	}
	return out
}

// uscc builds a unified social credit code (GB 32100) for an organisation of the kind
// registered in 姑苏区, with a random subject identifier and the check character.
func uscc(rng *rand.Rand, kind register.OrgKind) string {
	prefix := "91" // 工商 · 企业
	switch kind {
	case register.Individual:
		prefix = "92"
	case register.SocialOrg:
		prefix = "52"
	}
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	subject := make([]byte, 9)
	for i := range subject {
		subject[i] = alphabet[rng.IntN(len(alphabet))]
	}
	first := prefix + "320508" + string(subject)
	c, _ := register.USCCCheckChar(first)
	return first + string(c)
}

// facilityMix is how often each class occurs among an old-town grid's facilities.
var facilityMix = []struct {
	class  register.FacilityClass
	weight int
}{
	{"0118", 10}, {"0102", 6}, {"0103", 6}, {"0101", 4}, {"0105", 3}, {"0107", 3}, {"0111", 2}, {"0113", 3}, {"0117", 2},
	{"0305", 6}, {"0301", 1}, {"0402", 8}, {"0407", 2}, {"0212", 2}, {"0213", 2}, {"0501", 1},
}

// facilities draws the grid's facilities, most in good condition.
func (pl *planner) facilities() []register.FacilityInput {
	total := 0
	for _, f := range facilityMix {
		total += f.weight
	}
	var out []register.FacilityInput
	for i := 0; i < facilitiesPerGrid; i++ {
		k := pl.rng.IntN(total)
		var class register.FacilityClass
		for _, f := range facilityMix {
			if k < f.weight {
				class = f.class
				break
			}
			k -= f.weight
		}
		at, mg := pl.point()
		cond := register.Good
		switch r := pl.rng.Float64(); {
		case r < 0.04:
			cond = register.Damaged
		case r < 0.05:
			cond = register.Occupied
		case r < 0.055:
			cond = register.Missing
		}
		out = append(out, register.FacilityInput{NodeID: int64(mg), Major: class.Major(), Minor: class, Location: &at,
			Address: pl.road, Condition: cond})
	}
	return out
}
