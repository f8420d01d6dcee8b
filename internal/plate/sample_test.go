package plate

import "fmt"

// samplePlates is a building as the house register would give it: 12幢 of
// 平江路社区, two units, rooms 101–302, one house with a long address that
// must wrap.
func samplePlates(n int) []Plate {
	codes := []string{"K7P2QX", "M3RT8W", "H9FA2C", "Q4ZN6E", "W8KD3P", "B2XV7M", "T6JH9R", "N5GW4Y", "C3MP8K"}
	var out []Plate
	for i := range n {
		unit, floor, room := i/6+1, i%6/2+1, i%2+1
		code := codes[i%len(codes)]
		if i >= len(codes) {
			code = fmt.Sprintf("%s%d", code[:4], i)
		}
		p := Plate{
			URL:        "https://shequ.example.gov.cn/p/" + code,
			Code:       code,
			Address:    []string{"平江路社区", fmt.Sprintf("12幢 %d单元", unit), fmt.Sprintf("%d%02d室", floor, room)},
			SmallPrint: "扫码反映问题 · Scan to report a problem",
		}
		if i == 5 {
			p.Address = []string{"平江路社区 · 苏州工业园区星海街道 · 12幢 · 2单元 · 302室（东边户）"}
		}
		out = append(out, p)
	}
	return out
}
