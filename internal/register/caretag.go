package register

// CareTag marks a resident the community looks after (关爱对象).
//
// Care tags are sensitive: they reveal health, disability, income and family situation.
// They are visible only to roles that serve these people (the grid worker of the grid,
// community civil-affairs staff), are left out of exports and lists for everyone else,
// and every read of them is audited like a read of an ID number.
type CareTag string

// The care tags.
const (
	ElderlyAlone      CareTag = "elderly_alone"       // 独居老人
	EmptyNest         CareTag = "empty_nest"          // 空巢老人
	Disabled          CareTag = "disabled"            // 残疾人
	Subsistence       CareTag = "subsistence"         // 低保对象 (minimum subsistence allowance)
	ExtremePoverty    CareTag = "extreme_poverty"     // 特困人员 (extreme-poverty support)
	LeftBehindChild   CareTag = "left_behind_child"   // 留守儿童
	ChildInDifficulty CareTag = "child_in_difficulty" // 困境儿童
	Entitled          CareTag = "entitled"            // 优抚对象 (veterans and martyrs' families)
)

// CareTags lists the tags in display order.
var CareTags = []CareTag{ElderlyAlone, EmptyNest, Disabled, Subsistence, ExtremePoverty, LeftBehindChild, ChildInDifficulty, Entitled}

// Valid reports whether t is a known tag.
func (t CareTag) Valid() bool { return oneOf(t, CareTags) }

// Key is the catalogue key of the tag's name.
func (t CareTag) Key() string { return "care_tag." + string(t) }

// AgeLimits returns the ages a tag applies to, from min (inclusive) to below max; 0 means
// no limit. Elderly tags follow the Law on the Protection of the Rights and Interests of
// the Elderly (60 and over); 留守儿童 are under 16 (State Council 国发〔2016〕13号) and
// 困境儿童 under 18 (国发〔2016〕36号). A tag outside its ages is a typo in the tag or in
// the ID number, worth a second look.
func (t CareTag) AgeLimits() (min, max int) {
	switch t {
	case ElderlyAlone, EmptyNest:
		return 60, 0
	case LeftBehindChild:
		return 0, 16
	case ChildInDifficulty:
		return 0, 18
	}
	return 0, 0
}

// normalizeCareTags drops repeated tags and puts the rest in display order, so the same
// set is always stored and compared the same way. Unknown tags are kept, at the end, for
// Validate to report.
func normalizeCareTags(tags []CareTag) []CareTag {
	if len(tags) == 0 {
		return nil
	}
	var out []CareTag
	for _, t := range CareTags {
		if oneOf(t, tags) {
			out = append(out, t)
		}
	}
	for _, t := range tags {
		if !t.Valid() && !oneOf(t, out) {
			out = append(out, t)
		}
	}
	return out
}
