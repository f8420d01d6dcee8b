package indicators

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Definition is one indicator.
type Definition struct {
	Code    string // stable, e.g. "close_rate"
	NameZH  string
	NameEN  string
	Formula Formula
	Unit    Unit
	// LowerIsBetter is set where fewer is better (超期数, 返工率): rankings turn around.
	LowerIsBetter bool
	// ExplainZH and ExplainEN say in a sentence or two what is counted, for the page
	// that shows the figure.
	ExplainZH string
	ExplainEN string
	// Builtin marks the seeded definitions, which follow the published formulas: their
	// code, formula and unit are fixed; their names and explanations may be reworded.
	Builtin bool
	// Version counts the stored definition's edits (0 before it is stored).
	Version int
}

// Limits of a definition's texts.
const (
	MaxNameLen    = 40
	MaxExplainLen = 500
)

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,39}$`)

// Input is a definition as an administrator writes it, its formula as text.
type Input struct {
	Code, NameZH, NameEN, Formula string
	Unit                          Unit
	LowerIsBetter                 bool
	ExplainZH, ExplainEN          string
}

// InputOf is d as its form starts.
func InputOf(d *Definition) Input {
	return Input{Code: d.Code, NameZH: d.NameZH, NameEN: d.NameEN, Formula: d.Formula.String(), Unit: d.Unit,
		LowerIsBetter: d.LowerIsBetter, ExplainZH: d.ExplainZH, ExplainEN: d.ExplainEN}
}

// Parse checks in and returns its definition, or an Invalid error naming each field
// that is wrong.
func (in Input) Parse() (*Definition, error) {
	var v errs.Validation
	in.Code = strings.TrimSpace(in.Code)
	in.NameZH, in.NameEN = strings.TrimSpace(in.NameZH), strings.TrimSpace(in.NameEN)
	if v.Require("code", in.Code) {
		v.Check(codePattern.MatchString(in.Code), "code", "err.indicator_code")
	}
	if v.Require("name_zh", in.NameZH) {
		v.MaxLen("name_zh", in.NameZH, MaxNameLen)
	}
	if v.Require("name_en", in.NameEN) {
		v.MaxLen("name_en", in.NameEN, MaxNameLen)
	}
	v.MaxLen("explain_zh", in.ExplainZH, MaxExplainLen)
	v.MaxLen("explain_en", in.ExplainEN, MaxExplainLen)
	f, bad := ParseFormula(in.Formula)
	if v.Require("formula", strings.TrimSpace(in.Formula)) && bad != "" {
		v.Add("formula", bad)
	}
	switch in.Unit {
	case Count:
		v.Check(bad != "" || len(f.Denominator) == 0, "formula", "err.formula_count")
	case Percent, Hours:
		v.Check(bad != "" || len(f.Denominator) > 0, "formula", "err.formula_share")
	default:
		v.Add("unit", "err.indicator_unit")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &Definition{Code: in.Code, NameZH: in.NameZH, NameEN: in.NameEN, Formula: f, Unit: in.Unit,
		LowerIsBetter: in.LowerIsBetter, ExplainZH: strings.TrimSpace(in.ExplainZH), ExplainEN: strings.TrimSpace(in.ExplainEN)}, nil
}

// Value computes d over counts.
func (d *Definition) Value(c Counts) Value { return d.Formula.Evaluate(d.Unit, c) }

// Name is d's name in lang ("en" or zh-CN).
func (d *Definition) Name(lang string) string {
	if lang == "en" {
		return d.NameEN
	}
	return d.NameZH
}

// Format writes v as d's figure reads in lang: "93.72%", "972", "3.50 工作时", or "—"
// when there is nothing to measure.
func (d *Definition) Format(v Value, lang string) string {
	if v.Undefined {
		return "—"
	}
	switch d.Unit {
	case Percent:
		return decimal(v.Hundredths) + "%"
	case Hours:
		if lang == "en" {
			return decimal(v.Hundredths) + " working h"
		}
		return decimal(v.Hundredths) + " 工作时"
	default:
		return fmt.Sprint(v.Hundredths / 100)
	}
}

// decimal writes hundredths with two decimals.
func decimal(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%d.%02d", sign, h/100, h%100)
}

// Change is how a figure moved from prev to cur, for a reader: its sign, the size in the
// figure's unit (percentage points for a share), and whether that is for the better.
type Change struct {
	Hundredths int64 // cur − prev
	Better     bool  // the move is the good way for d (up, or down where lower is better)
	Known      bool  // both figures are defined
}

// ChangeOf compares cur with prev.
func (d *Definition) ChangeOf(cur, prev Value) Change {
	if cur.Undefined || prev.Undefined {
		return Change{}
	}
	diff := cur.Hundredths - prev.Hundredths
	return Change{Hundredths: diff, Known: true, Better: diff != 0 && (diff > 0) != d.LowerIsBetter}
}

// FormatChange writes c as "+1.20 个百分点", "-3", "+0.50 工作时", "0", or "" when it is
// not known.
func (d *Definition) FormatChange(c Change, lang string) string {
	if !c.Known {
		return ""
	}
	sign := ""
	if c.Hundredths > 0 {
		sign = "+"
	}
	switch d.Unit {
	case Percent:
		if lang == "en" {
			return sign + decimal(c.Hundredths) + " pp"
		}
		return sign + decimal(c.Hundredths) + " 个百分点"
	case Hours:
		return sign + d.Format(Value{Hundredths: c.Hundredths}, lang)
	default:
		return sign + fmt.Sprint(c.Hundredths/100)
	}
}
