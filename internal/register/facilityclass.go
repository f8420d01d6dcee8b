package register

// FacilityMajor is a major class of city facilities (部件大类) of GB/T 30428.2 / CJ/T 214,
// written as its two-digit code.
type FacilityMajor string

// The major classes, numbered as the standard numbers them.
const (
	PublicUtility   FacilityMajor = "01" // 公用设施: manholes, lamps, hydrants, kiosks
	RoadTraffic     FacilityMajor = "02" // 道路交通: parking, bus shelters, bridges, signs
	CityAppearance  FacilityMajor = "03" // 市容环境: toilets, litter bins, billboards
	Greening        FacilityMajor = "04" // 园林绿化: trees, green space, benches
	HousingLand     FacilityMajor = "05" // 房屋土地: notice boards, civil-defence works
	OtherFacilities FacilityMajor = "06" // 其他设施: whatever a city adds
)

// FacilityMajors lists the major classes in code order.
var FacilityMajors = []FacilityMajor{PublicUtility, RoadTraffic, CityAppearance, Greening, HousingLand, OtherFacilities}

// Valid reports whether m is a known major class.
func (m FacilityMajor) Valid() bool { return oneOf(m, FacilityMajors) }

// Key is the catalogue key of the major class's name.
func (m FacilityMajor) Key() string { return "facility_major." + string(m) }

// FacilityClass is a minor class of facilities (部件小类), written as its four-digit code:
// the major class, then a two-digit number within it ("0101" is 上水井盖).
type FacilityClass string

// Major is the class's major class (its first two digits).
func (c FacilityClass) Major() FacilityMajor {
	if len(c) < 2 {
		return ""
	}
	return FacilityMajor(c[:2])
}

// WellFormed reports whether c is four digits under a known major class, with a minor
// number other than 00. It says nothing of whether the class is in use.
func (c FacilityClass) WellFormed() bool {
	return len(c) == 4 && allDigits(string(c)) && c.Major().Valid() && c[2:] != "00"
}

// Key is the catalogue key of the class's name; only the seeded classes have one.
func (c FacilityClass) Key() string { return "facility_class." + string(c) }

// FacilityClasses is the seed table of minor classes: the ones grid workers meet most.
// The codes are those of the national classification as Beijing's digital city management
// system (where CJ/T 214 and GB/T 30428 began) numbers them, which is also how Suzhou
// codes 上水井盖 (3205080101000001 in the design notes). Cities extend the lists
// locally, so the table is a seed for the database, not a closed enumeration: validation
// takes the list in use as an argument. Gaps in the numbering are classes left out of the
// seed, not mistakes. 其他设施 (06) has no national minor classes to seed.
var FacilityClasses = []FacilityClass{
	// 01 公用设施
	"0101", // 上水井盖 water-supply manhole cover
	"0102", // 污水井盖 sewage manhole cover
	"0103", // 雨水井盖 storm-water manhole cover
	"0104", // 雨水箅子 gully grate
	"0105", // 电力井盖 power manhole cover
	"0106", // 路灯井盖 street-lighting manhole cover
	"0107", // 通讯井盖 telecom manhole cover
	"0108", // 有线电视井盖 cable-TV manhole cover
	"0109", // 网络井盖 network manhole cover
	"0110", // 热力井盖 district-heating manhole cover
	"0111", // 燃气井盖 gas manhole cover
	"0112", // 公安井盖 police manhole cover
	"0113", // 消防设施 fire-fighting facility (hydrant)
	"0114", // 无主井盖 manhole cover of unknown owner
	"0115", // 通讯交接箱 telecom cabinet
	"0116", // 电力设施 power facility
	"0117", // 电杆 utility pole
	"0118", // 路灯 street lamp
	"0119", // 地灯 ground light
	"0121", // 报刊亭 newsstand
	"0122", // 电话亭 telephone booth
	"0123", // 邮筒 postbox
	"0124", // 信息亭 information kiosk
	"0126", // 健身设施 fitness equipment
	// 02 道路交通
	"0201", // 停车场 car park
	"0202", // 停车咪表 parking meter
	"0203", // 公交站亭 bus shelter
	"0204", // 出租车站牌 taxi-stand sign
	"0205", // 过街天桥 footbridge
	"0206", // 地下通道 underpass
	"0207", // 高架立交桥 flyover
	"0208", // 跨河桥 river bridge
	"0209", // 交通标志牌 traffic sign
	"0211", // 交通护栏 traffic barrier
	"0212", // 存车支架 bicycle rack
	"0213", // 路名牌 street-name sign
	"0214", // 交通信号灯 traffic light
	// 03 市容环境
	"0301", // 公共厕所 public toilet
	"0303", // 公厕指示牌 public-toilet sign
	"0304", // 垃圾间 refuse room
	"0305", // 垃圾箱 litter bin
	"0306", // 灯箱霓虹灯 light box or neon sign
	"0307", // 广告牌匾 billboard or shop sign
	// 04 园林绿化
	"0401", // 古树名木 heritage tree
	"0402", // 行道树 street tree
	"0403", // 树池 tree pit
	"0404", // 花架花钵 flower stand or planter
	"0405", // 绿地 green space
	"0406", // 雕塑 sculpture
	"0407", // 街头座椅 street bench
	// 05 房屋土地
	"0501", // 宣传栏 notice board
	"0502", // 人防工事 civil-defence works
}
