package indicators

import (
	"strings"
)

// Unit is how an indicator's value reads.
type Unit string

// The units.
const (
	Count   Unit = "count"   // 件: a number of cases or steps
	Percent Unit = "percent" // %: a share, two decimals
	Hours   Unit = "hours"   // 工作时: an average in working hours, two decimals
)

// Formula is an indicator's arithmetic over facts: a sum of facts, or a share of two sums
// (in percent, or its complement 100 % minus the share), or for Hours an average of summed
// minutes. It is written like "closed / close_due", "1 - returned / dispatched" or
// "(satisfied + basically_satisfied) / rated".
type Formula struct {
	Numerator   []Fact
	Denominator []Fact // empty for a count
	Complement  bool   // 1 − Numerator / Denominator
}

// ParseFormula reads a formula; the error is the message key of what is wrong.
func ParseFormula(s string) (Formula, string) {
	var f Formula
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "1 -"); ok {
		f.Complement, s = true, strings.TrimSpace(rest)
	}
	num, den, share := strings.Cut(s, "/")
	var bad string
	if f.Numerator, bad = parseSum(num); bad != "" {
		return Formula{}, bad
	}
	if share {
		if f.Denominator, bad = parseSum(den); bad != "" {
			return Formula{}, bad
		}
	} else if f.Complement {
		return Formula{}, "err.formula_complement"
	}
	return f, ""
}

// parseSum reads "a + b + c", optionally in parentheses.
func parseSum(s string) ([]Fact, string) {
	s = strings.TrimSpace(s)
	if inner, ok := strings.CutPrefix(s, "("); ok {
		if inner, ok = strings.CutSuffix(inner, ")"); !ok {
			return nil, "err.formula_syntax"
		}
		s = inner
	}
	var out []Fact
	for _, part := range strings.Split(s, "+") {
		f := Fact(strings.TrimSpace(part))
		if f == "" || strings.ContainsAny(string(f), "()/- ") {
			return nil, "err.formula_syntax"
		}
		if !f.Known() {
			return nil, "err.formula_fact"
		}
		out = append(out, f)
	}
	return out, ""
}

// String writes f back in the form ParseFormula reads.
func (f Formula) String() string {
	var b strings.Builder
	if f.Complement {
		b.WriteString("1 - ")
	}
	writeSum(&b, f.Numerator, len(f.Denominator) > 0)
	if len(f.Denominator) > 0 {
		b.WriteString(" / ")
		writeSum(&b, f.Denominator, true)
	}
	return b.String()
}

func writeSum(b *strings.Builder, facts []Fact, group bool) {
	paren := group && len(facts) > 1
	if paren {
		b.WriteByte('(')
	}
	for i, f := range facts {
		if i > 0 {
			b.WriteString(" + ")
		}
		b.WriteString(string(f))
	}
	if paren {
		b.WriteByte(')')
	}
}

// Facts are the facts f reads, numerator first, each once.
func (f Formula) Facts() []Fact {
	seen := map[Fact]bool{}
	var out []Fact
	for _, x := range append(append([]Fact{}, f.Numerator...), f.Denominator...) {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Value is an indicator's figure: Hundredths of its unit (a count is whole, so a count
// of 7 is 700), or Undefined when its denominator is zero (no case to measure: shown as
// "—", never as 0 % or 100 %). Num and Den are the sums the figure is made of.
type Value struct {
	Hundredths int64 `json:"h"`
	Undefined  bool  `json:"u,omitempty"`
	Num        int64 `json:"num"`
	Den        int64 `json:"den,omitempty"`
}

// Evaluate computes f over counts in unit u, rounding half up once at the end.
func (f Formula) Evaluate(u Unit, c Counts) Value {
	v := Value{Num: sum(f.Numerator, c)}
	if len(f.Denominator) == 0 {
		v.Hundredths = 100 * v.Num
		return v
	}
	v.Den = sum(f.Denominator, c)
	if v.Den == 0 {
		v.Undefined = true
		return v
	}
	num, den := v.Num, v.Den
	if f.Complement {
		num = den - num
	}
	switch u {
	case Percent:
		v.Hundredths = roundDiv(num*10000, den)
	case Hours:
		v.Hundredths = roundDiv(num*100, den*60) // minutes to hours
	default:
		v.Hundredths = roundDiv(num*100, den)
	}
	return v
}

func sum(fs []Fact, c Counts) int64 {
	var n int64
	for _, f := range fs {
		n += c[f]
	}
	return n
}

// roundDiv is n / d rounded half away from zero (d > 0).
func roundDiv(n, d int64) int64 {
	if n < 0 {
		return -roundDiv(-n, d)
	}
	return (2*n + d) / (2 * d)
}
