package indicators

// Fact is one kind of counted thing that happened to cases; indicators are formulas over
// facts. The comments say when a case counts, and on which day.
type Fact string

// The facts.
const (
	Reported           Fact = "reported"            // 上报: a case reported, by any channel, on its report day
	Valid              Fact = "valid"               // 有效上报: a report registered, referred (私事) or handled on the spot, on that day
	Registered         Fact = "registered"          // 立案, on its day
	Dispatched         Fact = "dispatched"          // 派遣, each dispatch (a new dispatch after 退单 counts again)
	Returned           Fact = "returned"            // 退单, on its day
	AckDue             Fact = "ack_due"             // 应签收: a dispatch acknowledged, returned, or left past its limit
	AckOnTime          Fact = "ack_on_time"         // 按时签收: acknowledged within the limit
	HandleDue          Fact = "handle_due"          // 应处置: handling due, on the day of its limit or of an earlier handling
	Handled            Fact = "handled"             // 处置: handling reported (处置反馈), counted on the day its handling was due
	HandledOnTime      Fact = "handled_on_time"     // 按期处置: handled within the limit
	Overdue            Fact = "overdue"             // 超期: a stage's limit passed with the stage not done
	Rework             Fact = "rework"              // 返工: sent back by verification
	CloseDue           Fact = "close_due"           // 应结案: closing due, on the day of the limit or of an earlier closing
	Closed             Fact = "closed"              // 结案, counted on the day its closing was due
	ClosedOnTime       Fact = "closed_on_time"      // 按期结案: closed within the limit
	HandleMinutes      Fact = "handle_minutes"      // working minutes from dispatch to handling, summed over handled cases
	Visited            Fact = "visited"             // 回访: a closed case visited, with or without a rating
	Rated              Fact = "rated"               // 参评: a rating given
	Satisfied          Fact = "satisfied"           // 满意
	BasicallySatisfied Fact = "basically_satisfied" // 基本满意
	Dissatisfied       Fact = "dissatisfied"        // 不满意
	Reopened           Fact = "reopened"            // 重办
	SelfHandled        Fact = "self_handled"        // 自行处置 by a grid worker on the spot
	Duplicate          Fact = "duplicate"           // 重复: merged into another case as its duplicate
)

// Facts are every fact, in the order figures list them.
var Facts = []Fact{Reported, Valid, Registered, Dispatched, Returned, AckDue, AckOnTime, HandleDue, Handled,
	HandledOnTime, Overdue, Rework, CloseDue, Closed, ClosedOnTime, HandleMinutes, Visited, Rated, Satisfied,
	BasicallySatisfied, Dissatisfied, Reopened, SelfHandled, Duplicate}

var knownFacts = func() map[Fact]bool {
	m := map[Fact]bool{}
	for _, f := range Facts {
		m[f] = true
	}
	return m
}()

// Known reports whether f is a fact.
func (f Fact) Known() bool { return knownFacts[f] }

// Counts are facts counted over some cases: the number of each, or for HandleMinutes the
// sum.
type Counts map[Fact]int64
