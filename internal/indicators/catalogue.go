package indicators

import "fmt"

// seed is the catalogue a new installation starts with: the figures of digital city
// management and 12345 practice (DESIGN.md §4). Administrators may change the texts and
// add indicators; the codes stay.
var seed = []Input{
	{Code: "reported", NameZH: "上报数", NameEN: "Reports", Formula: "reported", Unit: Count,
		ExplainZH: "期内上报的案件数，含居民、网格员、热线、上级交办和设备报警各渠道。",
		ExplainEN: "Cases reported in the period, from every channel: residents, grid workers, the hotline, superiors and sensors."},
	{Code: "valid", NameZH: "有效上报数", NameEN: "Valid reports", Formula: "valid", Unit: Count,
		ExplainZH: "期内上报并立案、转介（私事）或当场自行处置的案件数；不予立案和合并的重复案件不计。",
		ExplainEN: "Reports of the period that were registered, referred (personal matters) or handled on the spot; rejected reports and merged duplicates do not count."},
	{Code: "valid_rate", NameZH: "有效上报率", NameEN: "Valid report rate", Formula: "valid / reported", Unit: Percent,
		ExplainZH: "有效上报数 ÷ 上报数。", ExplainEN: "Valid reports ÷ reports."},
	{Code: "registered", NameZH: "立案数", NameEN: "Registered", Formula: "registered", Unit: Count,
		ExplainZH: "期内立案的案件数。", ExplainEN: "Cases registered in the period."},
	{Code: "register_rate", NameZH: "立案率", NameEN: "Registration rate", Formula: "registered / valid", Unit: Percent,
		ExplainZH: "立案数 ÷ 有效上报数。", ExplainEN: "Registered ÷ valid reports."},
	{Code: "dispatched", NameZH: "派遣数", NameEN: "Dispatches", Formula: "dispatched", Unit: Count,
		ExplainZH: "期内派遣的次数；退单后重新派遣再计一次。", ExplainEN: "Dispatches in the period; a new dispatch after a return counts again."},
	{Code: "dispatch_accuracy", NameZH: "准确派遣率", NameEN: "Dispatch accuracy", Formula: "1 - returned / dispatched", Unit: Percent,
		ExplainZH: "1 − 退单数 ÷ 派遣数：派对单位的派遣所占比例。",
		ExplainEN: "1 − returns ÷ dispatches: the share of dispatches that went to the right unit."},
	{Code: "ack_on_time_rate", NameZH: "按时签收率", NameEN: "On-time acknowledgement", Formula: "ack_on_time / ack_due", Unit: Percent,
		ExplainZH: "按时签收数 ÷ 应签收数：在签收时限内签收的派遣所占比例。",
		ExplainEN: "Acknowledged in time ÷ due for acknowledgement: the share of dispatches acknowledged within the limit."},
	{Code: "handle_due", NameZH: "应处置数", NameEN: "Due for handling", Formula: "handle_due", Unit: Count,
		ExplainZH: "处置时限落在期内，或在期内提前处置的案件数。",
		ExplainEN: "Cases whose handling limit fell in the period, or that were handled in it before their limit."},
	{Code: "handled", NameZH: "处置数", NameEN: "Handled", Formula: "handled", Unit: Count,
		ExplainZH: "应处置的案件中已反馈处置结果的案件数。", ExplainEN: "Of the cases due for handling, those whose handling was reported."},
	{Code: "handle_on_time_rate", NameZH: "按期处置率", NameEN: "On-time handling", Formula: "handled_on_time / handle_due", Unit: Percent,
		ExplainZH: "按期处置数 ÷ 应处置数。", ExplainEN: "Handled within the limit ÷ due for handling."},
	{Code: "overdue", NameZH: "超期数", NameEN: "Overdue", Formula: "overdue", Unit: Count, LowerIsBetter: true,
		ExplainZH: "期内超过签收、处置或核查时限仍未完成的次数。",
		ExplainEN: "Times in the period that a stage (acknowledgement, handling, verification) passed its limit unfinished."},
	{Code: "rework", NameZH: "返工数", NameEN: "Rework", Formula: "rework", Unit: Count, LowerIsBetter: true,
		ExplainZH: "核查不通过、退回处置单位重新处置的次数。", ExplainEN: "Times verification sent a case back to the unit."},
	{Code: "rework_rate", NameZH: "返工率", NameEN: "Rework rate", Formula: "rework / handled", Unit: Percent, LowerIsBetter: true,
		ExplainZH: "返工数 ÷ 处置数。", ExplainEN: "Rework ÷ handled."},
	{Code: "close_due", NameZH: "应结案数", NameEN: "Due for closing", Formula: "close_due", Unit: Count,
		ExplainZH: "结案时限落在期内，或在期内提前结案的案件数。",
		ExplainEN: "Cases whose closing limit fell in the period, or that were closed in it before their limit."},
	{Code: "closed", NameZH: "结案数", NameEN: "Closed", Formula: "closed", Unit: Count,
		ExplainZH: "应结案的案件中已结案的案件数。", ExplainEN: "Of the cases due for closing, those closed."},
	{Code: "close_rate", NameZH: "结案率", NameEN: "Closing rate", Formula: "closed / close_due", Unit: Percent,
		ExplainZH: "结案数 ÷ 应结案数。", ExplainEN: "Closed ÷ due for closing."},
	{Code: "close_on_time_rate", NameZH: "按期结案率", NameEN: "On-time closing", Formula: "closed_on_time / close_due", Unit: Percent,
		ExplainZH: "按期结案数 ÷ 应结案数：在时限内结案的案件所占比例。",
		ExplainEN: "Closed within the limit ÷ due for closing."},
	{Code: "avg_handle_hours", NameZH: "平均处置时长", NameEN: "Average handling time", Formula: "handle_minutes / handled", Unit: Hours,
		LowerIsBetter: true,
		ExplainZH:     "从派遣到处置反馈的工作时长的平均值，按工作日历计（节假日、午休不计）。",
		ExplainEN:     "The average working time from dispatch to reported handling, by the working calendar (holidays and lunch breaks do not count)."},
	{Code: "visit_rate", NameZH: "回访率", NameEN: "Return-visit rate", Formula: "visited / closed", Unit: Percent,
		ExplainZH: "回访数 ÷ 结案数。", ExplainEN: "Return visits ÷ closed."},
	{Code: "satisfaction_rate", NameZH: "满意率", NameEN: "Satisfaction", Formula: "(satisfied + basically_satisfied) / rated", Unit: Percent,
		ExplainZH: "（满意 + 基本满意）÷ 参评数。", ExplainEN: "(Satisfied + basically satisfied) ÷ ratings."},
	{Code: "reopen_rate", NameZH: "重办率", NameEN: "Reopen rate", Formula: "reopened / closed", Unit: Percent, LowerIsBetter: true,
		ExplainZH: "因不满意等原因重新办理的案件数 ÷ 结案数。", ExplainEN: "Cases reopened (after dissatisfaction, for example) ÷ closed."},
	{Code: "self_handled", NameZH: "自行处置数", NameEN: "Handled on the spot", Formula: "self_handled", Unit: Count,
		ExplainZH: "网格员巡查时当场自行处置的案件数。", ExplainEN: "Cases grid workers solved on the spot while on patrol."},
	{Code: "duplicate_rate", NameZH: "重复案件率", NameEN: "Duplicate rate", Formula: "duplicate / reported", Unit: Percent, LowerIsBetter: true,
		ExplainZH: "合并为重复件的上报数 ÷ 上报数。", ExplainEN: "Reports merged as duplicates ÷ reports."},
}

// Seed is the catalogue a new installation starts with, in the order pages list it.
func Seed() Catalogue {
	out := make(Catalogue, len(seed))
	for i, in := range seed {
		d, err := in.Parse()
		if err != nil {
			panic(fmt.Sprintf("indicator %s: %v", in.Code, err)) // a programming error, caught by the tests
		}
		d.Builtin = true
		out[i] = d
	}
	return out
}

// Catalogue is the indicators figures are computed for, in the order pages list them.
type Catalogue []*Definition

// ByCode is the indicator of the code, or nil.
func (c Catalogue) ByCode(code string) *Definition {
	for _, d := range c {
		if d.Code == code {
			return d
		}
	}
	return nil
}
