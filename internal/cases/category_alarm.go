package cases

// AlarmType is the kind of alarm a sensor reports (感知设备告警).
type AlarmType string

// The alarm types sensor gateways send.
const (
	AlarmFireLane   AlarmType = "fire_lane_blocked" // 消防通道占用 (camera-free occupancy sensor, geomagnetic detector)
	AlarmElevator   AlarmType = "elevator_fault"    // 电梯故障 (lift monitoring terminal: stuck, door fault, people trapped)
	AlarmSmoke      AlarmType = "smoke"             // 烟感报警 (independent smoke detector)
	AlarmWaterLevel AlarmType = "water_level"       // 积水/水位报警 (underpass, low road, river level gauge)
)

// AlarmTypes lists the alarm types in display order.
var AlarmTypes = []AlarmType{AlarmFireLane, AlarmElevator, AlarmSmoke, AlarmWaterLevel}

// Valid reports whether a is a known alarm type.
func (a AlarmType) Valid() bool {
	_, ok := alarmCategories[a]
	return ok
}

// Key is the catalogue key of the alarm type's name.
func (a AlarmType) Key() string { return "alarm." + string(a) }

// alarmCategories are the seeded event classes (migration 0007) each alarm becomes.
var alarmCategories = map[AlarmType]string{
	AlarmFireLane:   "0511", // 街面秩序 / 占用消防通道
	AlarmElevator:   "0412", // 突发事件 / 电梯故障
	AlarmSmoke:      "0413", // 突发事件 / 烟感报警
	AlarmWaterLevel: "0406", // 突发事件 / 积水(水位报警)
}

// AlarmCategory is the kind and code of the category a case opened from an alarm of type
// a gets; ok is false for an unknown type. Look the category up with Tree.ByCode.
func AlarmCategory(a AlarmType) (kind CategoryKind, code string, ok bool) {
	code, ok = alarmCategories[a]
	if !ok {
		return "", "", false
	}
	return EventKind, code, true
}
