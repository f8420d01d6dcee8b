package indicators

import (
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

func seeded(t *testing.T, code string) *Definition {
	t.Helper()
	for _, d := range Seed() {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no indicator %s", code)
	return nil
}

// The two formulas checked against published city figures read as the city published
// them: 911 closed of 972 due is 93.72 %, 737 closed on time of 972 due is 75.82 %.
func TestPublishedFigures(t *testing.T) {
	tests := []struct {
		code   string
		counts Counts
		want   string
	}{
		{"close_rate", Counts{Closed: 911, CloseDue: 972}, "93.72%"},
		{"close_on_time_rate", Counts{ClosedOnTime: 737, CloseDue: 972}, "75.82%"},
	}
	for _, tt := range tests {
		d := seeded(t, tt.code)
		if got := d.Format(d.Value(tt.counts), "zh-CN"); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.code, got, tt.want)
		}
	}
}

func TestValues(t *testing.T) {
	tests := []struct {
		name, code string
		counts     Counts
		want       string
		wantNum    int64
		wantDen    int64
	}{
		{"count", "reported", Counts{Reported: 1234}, "1234", 1234, 0},
		{"nothing reported is 0", "reported", Counts{}, "0", 0, 0},
		{"share", "valid_rate", Counts{Valid: 2, Reported: 3}, "66.67%", 2, 3},
		{"rounds half up", "valid_rate", Counts{Valid: 1, Reported: 8}, "12.50%", 1, 8},
		{"rounds up at the third decimal", "valid_rate", Counts{Valid: 1, Reported: 3}, "33.33%", 1, 3},
		{"all of them", "valid_rate", Counts{Valid: 5, Reported: 5}, "100.00%", 5, 5},
		{"nothing to measure", "close_rate", Counts{Closed: 0, CloseDue: 0}, "—", 0, 0},
		{"complement", "dispatch_accuracy", Counts{Returned: 3, Dispatched: 40}, "92.50%", 3, 40},
		{"complement without returns", "dispatch_accuracy", Counts{Dispatched: 7}, "100.00%", 0, 7},
		{"sum over a count", "satisfaction_rate", Counts{Satisfied: 70, BasicallySatisfied: 20, Dissatisfied: 10, Rated: 100}, "90.00%", 90, 100},
		{"hours from minutes", "avg_handle_hours", Counts{HandleMinutes: 3 * 60 * 7, Handled: 2}, "10.50 工作时", 1260, 2},
		{"hours rounded", "avg_handle_hours", Counts{HandleMinutes: 100, Handled: 3}, "0.56 工作时", 100, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := seeded(t, tt.code)
			v := d.Value(tt.counts)
			if got := d.Format(v, "zh-CN"); got != tt.want {
				t.Errorf("%s over %v = %s, want %s", tt.code, tt.counts, got, tt.want)
			}
			if v.Num != tt.wantNum || v.Den != tt.wantDen {
				t.Errorf("%s made of %d / %d, want %d / %d", tt.code, v.Num, v.Den, tt.wantNum, tt.wantDen)
			}
		})
	}
	if got := seeded(t, "avg_handle_hours").Format(Value{Hundredths: 350}, "en"); got != "3.50 working h" {
		t.Errorf("hours in English: %s", got)
	}
}

// Every share rounds as a person would with a pencil: the exact fraction, to two decimals
// of a percent, half up. Checked against float arithmetic away from the halfway points.
func TestSharesRoundOnce(t *testing.T) {
	f := Formula{Numerator: []Fact{Closed}, Denominator: []Fact{CloseDue}}
	for den := int64(1); den <= 400; den++ {
		for num := int64(0); num <= den; num++ {
			got := f.Evaluate(Percent, Counts{Closed: num, CloseDue: den}).Hundredths
			exact := float64(num) * 10000 / float64(den)
			if frac := exact - float64(int64(exact)); frac > 0.499 && frac < 0.501 {
				continue
			}
			if want := int64(exact + 0.5); got != want {
				t.Fatalf("%d / %d = %d hundredths of a percent, want %d", num, den, got, want)
			}
		}
	}
}

func TestSeedCatalogue(t *testing.T) {
	required := []string{"reported", "valid", "valid_rate", "registered", "register_rate", "dispatched", "dispatch_accuracy",
		"ack_on_time_rate", "handle_due", "handled", "handle_on_time_rate", "overdue", "rework", "rework_rate", "close_due",
		"closed", "close_rate", "close_on_time_rate", "avg_handle_hours", "visit_rate", "satisfaction_rate", "reopen_rate",
		"self_handled", "duplicate_rate"}
	seen := map[string]bool{}
	for _, d := range Seed() {
		if seen[d.Code] {
			t.Errorf("indicator %s twice", d.Code)
		}
		seen[d.Code] = true
		if d.ExplainZH == "" || d.ExplainEN == "" {
			t.Errorf("%s has no explanation", d.Code)
		}
		again, bad := ParseFormula(d.Formula.String())
		if bad != "" || again.String() != d.Formula.String() {
			t.Errorf("%s: formula %q does not read back (%s)", d.Code, d.Formula, bad)
		}
	}
	for _, c := range required {
		if !seen[c] {
			t.Errorf("the catalogue has no %s", c)
		}
	}
}

func TestBadDefinitions(t *testing.T) {
	good := Input{Code: "x_rate", NameZH: "某率", NameEN: "Some rate", Formula: "closed / close_due", Unit: Percent}
	tests := []struct {
		name   string
		change func(*Input)
		field  string
	}{
		{"no code", func(in *Input) { in.Code = " " }, "code"},
		{"code with capitals", func(in *Input) { in.Code = "CloseRate" }, "code"},
		{"code with a space", func(in *Input) { in.Code = "close rate" }, "code"},
		{"no Chinese name", func(in *Input) { in.NameZH = "" }, "name_zh"},
		{"Chinese name too long", func(in *Input) { in.NameZH = string(make([]rune, MaxNameLen+1)) }, "name_zh"},
		{"no English name", func(in *Input) { in.NameEN = "" }, "name_en"},
		{"explanation too long", func(in *Input) { in.ExplainEN = string(make([]byte, MaxExplainLen+1)) }, "explain_en"},
		{"no formula", func(in *Input) { in.Formula = "" }, "formula"},
		{"unknown fact", func(in *Input) { in.Formula = "closed / cases" }, "formula"},
		{"two divisions", func(in *Input) { in.Formula = "closed / close_due / reported" }, "formula"},
		{"unclosed parenthesis", func(in *Input) { in.Formula = "(satisfied + basically_satisfied / rated" }, "formula"},
		{"empty term", func(in *Input) { in.Formula = "satisfied + / rated" }, "formula"},
		{"complement of a count", func(in *Input) { in.Formula = "1 - returned"; in.Unit = Count }, "formula"},
		{"a count with a share", func(in *Input) { in.Unit = Count }, "formula"},
		{"a percent without a share", func(in *Input) { in.Formula = "closed" }, "formula"},
		{"unknown unit", func(in *Input) { in.Unit = "dozen" }, "unit"},
		{"script in the name is text, but too long", func(in *Input) { in.NameEN = "<script>alert(1)</script><script>alert(2)</script>" }, "name_en"},
	}
	if _, err := good.Parse(); err != nil {
		t.Fatalf("good input: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := good
			tt.change(&in)
			_, err := in.Parse()
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid {
				t.Fatalf("got %v, want a field error", err)
			}
			if len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Fatalf("fields %+v, want %s first", e.Fields, tt.field)
			}
		})
	}
}

// A change reads in the figure's unit and says whether it is for the better.
func TestChanges(t *testing.T) {
	v := func(h int64) Value { return Value{Hundredths: h} }
	none := Value{Undefined: true}
	for _, tc := range []struct {
		code      string
		cur, prev Value
		lang      string
		want      string
		better    bool
	}{
		{"close_rate", v(9372), v(9252), "zh", "+1.20 个百分点", true},
		{"close_rate", v(9252), v(9372), "en", "-1.20 pp", false},
		{"overdue", v(300), v(500), "zh", "-2", true}, // fewer late cases is better
		{"overdue", v(500), v(300), "zh", "+2", false},
		{"reported", v(700), v(700), "zh", "0", false},
		{"avg_handle_hours", v(350), v(300), "zh", "+0.50 工作时", false},
		{"close_rate", v(9372), none, "zh", "", false},
		{"close_rate", none, v(9372), "zh", "", false},
	} {
		d := seeded(t, tc.code)
		c := d.ChangeOf(tc.cur, tc.prev)
		if got := d.FormatChange(c, tc.lang); got != tc.want || c.Better != tc.better {
			t.Errorf("%s %v→%v: %q better %v, want %q %v", tc.code, tc.prev, tc.cur, got, c.Better, tc.want, tc.better)
		}
	}
}
