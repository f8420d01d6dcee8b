package demo

import (
	"math/rand/v2"
	"strings"

	"github.com/shequ-dev/shequ/internal/cases"
)

// caseKind is a kind of problem the demo's cases are about: its category, how often it
// comes up, through which channels, and what reporters write.
type caseKind struct {
	kind   cases.CategoryKind
	code   string
	weight int
	alarm  cases.AlarmType // sensors raise it too
	self   bool            // a grid worker often solves it on the spot
	texts  []string        // {road} and {spot} are filled in
	fixes  []string        // what the handler reports
}

// spots are where in a grid things happen.
var spots = []string{"小区东门", "小区北门", "菜场门口", "3号楼楼下", "5幢西侧", "公交站旁", "幼儿园门口", "社区卫生服务站旁",
	"便利店门前", "老年活动室旁", "停车场入口", "12号楼与13号楼之间", "河边步道", "弄堂口", "沿街商铺前", "垃圾分类投放点"}

// caseKinds are the demo's problems, the common ones weighted most.
var caseKinds = []caseKind{
	{kind: cases.EventKind, code: "0102", weight: 14, self: true,
		texts: []string{"{road}{spot}有暴露垃圾堆放，已有异味，请尽快清运。", "{spot}垃圾袋堆在路边没人收，招来很多苍蝇。", "{road}{spot}垃圾桶满溢，周边散落生活垃圾。"},
		fixes: []string{"已安排保洁员清运，现场清理干净。", "垃圾已清运完毕，增加该点位收运频次。"}},
	{kind: cases.EventKind, code: "0104", weight: 8, self: true,
		texts: []string{"{road}{spot}路面有大片油污和泥浆，行人容易滑倒。", "{road}路段落叶和纸屑较多，长时间无人清扫。"},
		fixes: []string{"已安排清扫保洁，路面恢复整洁。", "油污已冲洗干净，保洁公司加强巡回保洁。"}},
	{kind: cases.EventKind, code: "0502", weight: 9,
		texts: []string{"{road}{spot}有商贩占用人行道摆摊卖水果，行人只能走机动车道。", "早晚高峰{spot}流动摊点占道经营，堵塞通行。", "{road}{spot}早点摊占道，桌椅摆到人行道上。"},
		fixes: []string{"执法队员现场劝离摊贩，占道物品已清理。", "已对经营者教育并责令整改，现场恢复通行。"}},
	{kind: cases.EventKind, code: "0505", weight: 6,
		texts: []string{"{spot}有机动车长时间乱停，挡住了小区出入口。", "{road}{spot}车辆停在盲道上。"},
		fixes: []string{"已联系车主挪车，并张贴文明停车提示。"}},
	{kind: cases.EventKind, code: "0506", weight: 5, self: true,
		texts: []string{"{spot}共享单车乱停乱放，堆满了人行道。", "{road}{spot}电动车随意停放，影响通行。"},
		fixes: []string{"已通知运维企业清运，车辆规范摆放。"}},
	{kind: cases.EventKind, code: "0511", weight: 6, alarm: cases.AlarmFireLane,
		texts: []string{"{spot}消防通道被私家车占用，消防车无法通行。", "{road}{spot}消防通道堆放杂物和电动车。", "小区{spot}消防通道又被堵了，晚上一直有车停着。"},
		fixes: []string{"已联系车主移车，通道恢复畅通，施划禁停标线。", "杂物已清理，物业加强巡查。"}},
	{kind: cases.EventKind, code: "0101", weight: 4,
		texts: []string{"{spot}有住户在楼顶私自搭建彩钢棚。", "{road}{spot}底楼住户围占公共绿地扩建院子。"},
		fixes: []string{"已下达限期拆除通知书，当事人已自行拆除。", "执法队现场核查，违建部分已拆除。"}},
	{kind: cases.EventKind, code: "0109", weight: 4, self: true,
		texts: []string{"{spot}楼道里堆满纸箱和旧家具，存在消防隐患。", "单元楼道被住户堆放杂物，老人上下楼不方便。"},
		fixes: []string{"社区联合物业清理楼道堆物，通道已畅通。"}},
	{kind: cases.EventKind, code: "0107", weight: 3,
		texts: []string{"{spot}有人丢弃旧沙发和床垫，一直没人清运。"},
		fixes: []string{"社区已联系清运，现场无残留。"}},
	{kind: cases.EventKind, code: "0201", weight: 5, self: true,
		texts: []string{"{spot}墙面和电线杆上贴满小广告。", "{road}{spot}有人喷涂办证小广告。"},
		fixes: []string{"小广告已铲除，墙面已清洗。"}},
	{kind: cases.EventKind, code: "0301", weight: 2,
		texts: []string{"{road}工地夜间施工噪声很大，影响休息。"},
		fixes: []string{"已责令工地停止夜间施工，施工单位已整改。"}},
	{kind: cases.EventKind, code: "0302", weight: 2,
		texts: []string{"{road}工地裸土未覆盖，刮风时扬尘严重。"},
		fixes: []string{"工地已覆盖裸土并增加洒水频次。"}},
	{kind: cases.EventKind, code: "0507", weight: 4,
		texts: []string{"{spot}广场舞音响声音太大，晚上九点后还在跳。", "楼上住户深夜装修敲打，噪声扰民。"},
		fixes: []string{"社区已上门沟通，调低音量并约定时间。"}},
	{kind: cases.EventKind, code: "0512", weight: 2,
		texts: []string{"楼上漏水渗到我家，协商多次无果，请社区帮忙调解。"},
		fixes: []string{"社区组织双方调解，已达成维修协议。"}},
	{kind: cases.EventKind, code: "0503", weight: 3,
		texts: []string{"{road}{spot}饭店在店外摆桌经营，油烟和垃圾很多。"},
		fixes: []string{"已责令回归店内经营，店外物品已清理。"}},
	{kind: cases.EventKind, code: "0501", weight: 2,
		texts: []string{"{spot}有流动摊贩推车卖烧烤，无证经营。"},
		fixes: []string{"执法队员现场劝离，流动摊贩已离开。"}},
	{kind: cases.EventKind, code: "0412", weight: 2, alarm: cases.AlarmElevator,
		texts: []string{"{spot}电梯突然停在两层之间，有老人被困。", "单元电梯门关不上，已经坏了两天。"},
		fixes: []string{"维保单位已到场处置，电梯恢复运行。"}},
	{kind: cases.EventKind, code: "0413", weight: 1, alarm: cases.AlarmSmoke,
		texts: []string{"{spot}楼道烟感报警器一直在响。"},
		fixes: []string{"现场核查为厨房油烟误报，已复位。"}},
	{kind: cases.EventKind, code: "0406", weight: 1, alarm: cases.AlarmWaterLevel,
		texts: []string{"{road}下穿通道积水很深，车辆无法通行。"},
		fixes: []string{"已开启泵站排水，积水已排除。"}},
	{kind: cases.EventKind, code: "0404", weight: 2,
		texts: []string{"{spot}下水道堵塞，污水漫到路面上。"},
		fixes: []string{"已疏通管道，现场冲洗干净。"}},
	{kind: cases.EventKind, code: "0410", weight: 1,
		texts: []string{"{road}{spot}大风刮倒一棵行道树，压住了人行道。"},
		fixes: []string{"倒伏树木已清理，通行恢复。"}},
	{kind: cases.FacilityKind, code: "0102", weight: 3,
		texts: []string{"{road}{spot}污水井盖破损，有塌陷危险。", "{spot}井盖缺失，已用路障临时围挡。"},
		fixes: []string{"井盖已更换，与路面平齐。"}},
	{kind: cases.FacilityKind, code: "0118", weight: 3,
		texts: []string{"{road}{spot}一排路灯晚上不亮。", "{spot}路灯白天一直亮着。"},
		fixes: []string{"已更换灯具，照明恢复。"}},
	{kind: cases.FacilityKind, code: "0305", weight: 3, self: true,
		texts: []string{"{spot}垃圾箱破损，垃圾散落在地上。"},
		fixes: []string{"已更换新垃圾箱。"}},
	{kind: cases.FacilityKind, code: "0402", weight: 2,
		texts: []string{"{road}行道树枝条太低，挡住了红绿灯。"},
		fixes: []string{"园林养护单位已修剪树枝。"}},
	{kind: cases.FacilityKind, code: "0126", weight: 1,
		texts: []string{"{spot}健身器材螺丝松动，有安全隐患。"},
		fixes: []string{"健身器材已维修加固。"}},
	{kind: cases.HotlineKind, code: "0101", weight: 2,
		texts: []string{"来电人咨询老旧小区加装电梯的补贴政策。", "来电人咨询独生子女父母退休补贴如何申请。"},
		fixes: []string{"已电话答复来电人相关政策及申请材料。"}},
	{kind: cases.HotlineKind, code: "0102", weight: 2,
		texts: []string{"来电人咨询居住证办理需要的材料和地点。"},
		fixes: []string{"已告知办理地点和所需材料，来电人表示知晓。"}},
	{kind: cases.HotlineKind, code: "0104", weight: 1,
		texts: []string{"来电人咨询离婚后房产分割的法律问题。"}},
	{kind: cases.HotlineKind, code: "0301", weight: 2,
		texts: []string{"来电人反映小区物业不及时维修单元门禁。", "来电人投诉物业收费不公开。"}},
	{kind: cases.HotlineKind, code: "0302", weight: 1,
		texts: []string{"来电人反映在{road}某理发店办卡后店铺关门，无法退费。"}},
	{kind: cases.HotlineKind, code: "0304", weight: 2,
		texts: []string{"来电人反映{road}一家餐馆油烟直排，影响楼上住户。"},
		fixes: []string{"已责令加装油烟净化设施，答复来电人。"}},
	{kind: cases.HotlineKind, code: "0403", weight: 1,
		texts: []string{"来电人举报{road}{spot}一家小作坊无证生产食品。"},
		fixes: []string{"市场监管所已现场检查并依法查处。"}},
	{kind: cases.HotlineKind, code: "0201", weight: 1,
		texts: []string{"来电人为独居老人，行动不便，希望社区提供助餐服务。"},
		fixes: []string{"已对接社区助餐点，每日送餐上门。"}},
	// No rule sends public-service complaints anywhere: a dispatcher chooses the unit.
	// Keep it last: the seeder takes it for the cases that wait for a person.
	{kind: cases.HotlineKind, code: "0303", weight: 1,
		texts: []string{"来电人反映{road}公交站台长期无人保洁，候车环境差。", "来电人反映社区卫生服务站周末不开门，看病不方便。"},
		fixes: []string{"已协调相关单位整改，答复来电人。"}},
}

// fill fills a template's placeholders.
func fill(rng *rand.Rand, text, road string) string {
	r := strings.NewReplacer("{road}", road, "{spot}", spots[rng.IntN(len(spots))])
	return r.Replace(text)
}

// pick draws one of list.
func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }
