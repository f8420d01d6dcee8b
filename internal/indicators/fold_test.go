package indicators

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/cases"
)

var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// at is the moment h hours after day0.
func at(h float64) time.Time { return day0.Add(time.Duration(h * float64(time.Hour))) }

// counted writes deltas as "fact@hour×n" lines, sorted, for comparing.
func counted(ds []Delta) string {
	var lines []string
	for _, d := range ds {
		s := fmt.Sprintf("%s@%g", d.Fact, d.At.Sub(day0).Hours())
		if d.N != 1 {
			s += fmt.Sprintf("×%d", d.N)
		}
		if d.UnitID != 0 {
			s += fmt.Sprintf("/u%d", d.UnitID)
		}
		lines = append(lines, s)
	}
	slices.Sort(lines)
	return strings.Join(lines, " ")
}

func TestFactsOfTimelines(t *testing.T) {
	report := Step{Action: cases.ActReport, At: at(0)}
	register := Step{Action: cases.ActRegister, At: at(0)}
	dispatch := Step{Action: cases.ActDispatch, At: at(0), UnitID: 7}
	tests := []struct {
		name  string
		steps []Step
		want  string
	}{
		{"rejected: reported only", []Step{report, {Action: cases.ActReject, At: at(1)}}, "reported@0"},
		{"merged as a duplicate", []Step{report, {Action: cases.ActMerge, At: at(1)}}, "duplicate@1 reported@0"},
		{"referred: valid", []Step{report, {Action: cases.ActRefer, At: at(2)}}, "reported@0 valid@2"},
		{"handled on the spot", []Step{report, {Action: cases.ActSelfHandle, At: at(0)}}, "reported@0 self_handled@0 valid@0"},
		{"all in time", []Step{report, register, dispatch,
			{Action: cases.ActAcknowledge, At: at(1), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7},
			{Action: cases.ActHandle, At: at(5), Stage: cases.StageHandle, Due: at(8), UnitID: 7, HandleMinutes: 300},
			{Action: cases.ActVerify, At: at(6), UnitID: 7},
			{Action: cases.ActClose, At: at(7), UnitID: 7},
			{Action: cases.ActRate, At: at(30), Stage: cases.StageVisit, Due: at(40), UnitID: 7, Rating: cases.FairlySatisfied}},
			"ack_due@1/u7 ack_on_time@1/u7 basically_satisfied@30/u7 close_due@7/u7 closed@7/u7 closed_on_time@7/u7 dispatched@0/u7 " +
				"handle_due@5/u7 handle_minutes@5×300/u7 handled@5/u7 handled_on_time@5/u7 rated@30/u7 registered@0 reported@0 valid@0 visited@30/u7"},
		{"acknowledged after the limit, with no overdue entry", []Step{dispatch,
			{Action: cases.ActAcknowledge, At: at(3), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7}},
			"ack_due@2/u7 dispatched@0/u7"},
		{"acknowledged after it went overdue", []Step{dispatch,
			{Action: cases.ActOverdue, At: at(2), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7},
			{Action: cases.ActAcknowledge, At: at(30), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7}},
			"ack_due@2/u7 dispatched@0/u7 overdue@2/u7"},
		{"returned, then dispatched to the right unit", []Step{dispatch,
			{Action: cases.ActReturn, At: at(1), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7},
			{Action: cases.ActDispatch, At: at(2), UnitID: 8},
			{Action: cases.ActAcknowledge, At: at(3), Stage: cases.StageAcknowledge, Due: at(4), UnitID: 8}},
			"ack_due@3/u8 ack_on_time@3/u8 dispatched@0/u7 dispatched@2/u8 returned@1/u7"},
		// Due in one period, done in a later one: the doing counts at the limit.
		{"handled and closed after the handling went overdue", []Step{
			{Action: cases.ActOverdue, At: at(8), Stage: cases.StageHandle, Due: at(8), UnitID: 7},
			{Action: cases.ActHandle, At: at(100), Stage: cases.StageHandle, Due: at(8), UnitID: 7, HandleMinutes: 900},
			{Action: cases.ActClose, At: at(200), UnitID: 7}},
			"close_due@8/u7 closed@8/u7 handle_due@8/u7 handle_minutes@8×900/u7 handled@8/u7 overdue@8/u7"},
		{"handled late with no overdue entry", []Step{
			{Action: cases.ActHandle, At: at(9), Stage: cases.StageHandle, Due: at(8), UnitID: 7, HandleMinutes: 60},
			{Action: cases.ActClose, At: at(10), UnitID: 7}},
			"close_due@8/u7 closed@8/u7 handle_due@8/u7 handle_minutes@8×60/u7 handled@8/u7"},
		{"reworked once, then in time", []Step{
			{Action: cases.ActHandle, At: at(2), Stage: cases.StageHandle, Due: at(8), UnitID: 7, HandleMinutes: 120},
			{Action: cases.ActRework, At: at(3), Stage: cases.StageVerify, UnitID: 7},
			{Action: cases.ActHandle, At: at(4), Stage: cases.StageHandle, Due: at(11), UnitID: 7, HandleMinutes: 60},
			{Action: cases.ActClose, At: at(5), UnitID: 7}},
			"close_due@5/u7 closed@5/u7 closed_on_time@5/u7 handle_due@2/u7 handle_due@4/u7 handle_minutes@2×120/u7 " +
				"handle_minutes@4×60/u7 handled@2/u7 handled@4/u7 handled_on_time@2/u7 handled_on_time@4/u7 rework@3/u7"},
		{"dissatisfied, reopened and closed again", []Step{
			{Action: cases.ActClose, At: at(1), UnitID: 7},
			{Action: cases.ActRate, At: at(2), UnitID: 7, Rating: cases.Dissatisfied},
			{Action: cases.ActReopen, At: at(3), UnitID: 7},
			{Action: cases.ActClose, At: at(9), UnitID: 7}},
			"close_due@1/u7 close_due@9/u7 closed@1/u7 closed@9/u7 closed_on_time@1/u7 closed_on_time@9/u7 dissatisfied@2/u7 " +
				"rated@2/u7 reopened@3/u7 visited@2/u7"},
		{"a duplicate closed with its master", []Step{report, {Action: cases.ActMerge, At: at(1)},
			{Action: cases.ActClose, From: cases.Merged, At: at(5)}}, "duplicate@1 reported@0"},
		{"the clock noticed the limit late", []Step{dispatch,
			{Action: cases.ActOverdue, At: at(2.5), Stage: cases.StageAcknowledge, Due: at(2), UnitID: 7}},
			"ack_due@2/u7 dispatched@0/u7 overdue@2/u7"},
		{"facts of no stage", []Step{{Action: cases.ActUrge, At: at(1)}, {Action: cases.ActComment, At: at(2)},
			{Action: cases.ActOverdue, At: at(3), Stage: cases.StageVerify}}, "overdue@3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := counted(Fold(tt.steps)); got != tt.want {
				t.Errorf("facts\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

// Over random timelines, what is done about a due fact counts at the same moment as the
// due fact, never more of it: so a share over any period keeps the same cases above and
// below the line, and never passes 100 %.
func TestDoneCountsWithItsDue(t *testing.T) {
	pairs := []struct{ done, due Fact }{
		{Closed, CloseDue}, {ClosedOnTime, CloseDue}, {Handled, HandleDue}, {HandledOnTime, HandleDue}, {AckOnTime, AckDue},
	}
	r := rand.New(rand.NewPCG(4, 5))
	for i := range 5000 {
		steps := randomTimeline(r)
		at := map[Fact]map[time.Time]int64{}
		for _, d := range Fold(steps) {
			if at[d.Fact] == nil {
				at[d.Fact] = map[time.Time]int64{}
			}
			at[d.Fact][d.At] += d.N
		}
		for _, p := range pairs {
			for moment, n := range at[p.done] {
				if n > at[p.due][moment] {
					t.Fatalf("timeline %d: %d %s at %v but %d %s\n%v", i, n, p.done, moment, at[p.due][moment], p.due, steps)
				}
			}
		}
		for moment, n := range at[ClosedOnTime] {
			if n > at[Closed][moment] {
				t.Fatalf("timeline %d: more closed on time than closed at %v", i, moment)
			}
		}
	}
}

// randomTimeline is a timeline the workflow allows: dispatches and returns, overdue
// entries at random, handlings and rework, closing, a rating and perhaps a reopening.
func randomTimeline(r *rand.Rand) []Step {
	now := 0.0
	tick := func() time.Time { now += r.Float64() * 20; return at(now) }
	var out []Step
	out = append(out, Step{Action: cases.ActReport, At: at(0)}, Step{Action: cases.ActRegister, At: tick()})
	for cycle := 0; cycle < 1+r.IntN(2); cycle++ {
		if cycle > 0 {
			out = append(out, Step{Action: cases.ActReopen, At: tick(), UnitID: 1})
		}
		unit := int64(1)
		for {
			out = append(out, Step{Action: cases.ActDispatch, At: tick(), UnitID: unit})
			due := at(now + r.Float64()*20)
			if r.IntN(3) == 0 && due.After(at(now)) {
				out = append(out, Step{Action: cases.ActOverdue, At: due, Stage: cases.StageAcknowledge, Due: due, UnitID: unit})
				now = due.Sub(day0).Hours()
			}
			if r.IntN(4) == 0 {
				out = append(out, Step{Action: cases.ActReturn, At: tick(), Stage: cases.StageAcknowledge, Due: due, UnitID: unit})
				unit++
				continue
			}
			out = append(out, Step{Action: cases.ActAcknowledge, At: tick(), Stage: cases.StageAcknowledge, Due: due, UnitID: unit})
			break
		}
		for {
			due := at(now + r.Float64()*30)
			if r.IntN(3) == 0 && due.After(at(now)) {
				out = append(out, Step{Action: cases.ActOverdue, At: due, Stage: cases.StageHandle, Due: due, UnitID: unit})
				now = due.Sub(day0).Hours()
			}
			out = append(out, Step{Action: cases.ActHandle, At: tick(), Stage: cases.StageHandle, Due: due, UnitID: unit, HandleMinutes: int64(r.IntN(600))})
			if r.IntN(3) > 0 {
				break
			}
			out = append(out, Step{Action: cases.ActRework, At: tick(), Stage: cases.StageVerify, UnitID: unit})
		}
		out = append(out, Step{Action: cases.ActVerify, At: tick(), UnitID: unit}, Step{Action: cases.ActClose, At: tick(), UnitID: unit})
		ratings := []cases.Rating{cases.Satisfied, cases.FairlySatisfied, cases.Dissatisfied}
		out = append(out, Step{Action: cases.ActRate, At: tick(), UnitID: unit, Rating: ratings[r.IntN(3)]})
	}
	return out
}

func TestStateReadsBack(t *testing.T) {
	tests := []State{{}, {AckDue: at(1)}, {HandleDue: at(2), CloseDue: at(2), HandledLate: true}, {AckDue: at(1), HandleDue: at(3), CloseDue: at(4)}}
	for _, st := range tests {
		got, err := DecodeState(st.Encode())
		if err != nil || !got.AckDue.Equal(st.AckDue) || !got.HandleDue.Equal(st.HandleDue) || !got.CloseDue.Equal(st.CloseDue) || got.HandledLate != st.HandledLate {
			t.Errorf("%+v read back as %+v (%v)", st, got, err)
		}
	}
	if _, err := DecodeState("1,2"); err == nil {
		t.Error("a broken state read")
	}
}
