// Package cases runs the test cases that sit beside the rules: each case
// gives an enterprise's answers and says what the result must be. Both
// `go test ./...` and `go run ./generator check` run them.
package cases

import (
	"bytes"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"xihuguide/generator/diag"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"

	"github.com/shopspring/decimal"
)

// Profile builds a case's profile: the case defaults, overridden by the
// case's own answers, and the measures' answers.
func Profile(s *rules.Suite, c *rules.Case) map[string]any {
	answers := map[string]any{}
	for k, v := range s.CaseDefaults {
		answers[k] = v
	}
	for k, v := range c.Answers {
		answers[k] = v
	}
	measures := map[string]any{}
	for id, m := range c.Measures {
		mm := map[string]any{}
		for k, v := range m {
			mm[k] = v
		}
		measures[id] = mm
	}
	return map[string]any{"policy": s.Program.Policy, "answers": answers, "measures": measures}
}

// Failure is a case that did not give what it expects.
type Failure struct {
	Case     *rules.Case
	Problems []string
	Field    string // the answer at fault, when the answers do not fit the rules
}

// Error renders the failure at the case's position, or at the answer at
// fault when there is one.
func (f *Failure) Error() error {
	c := f.Case
	e := &diag.Error{Position: diag.Position{File: c.File, Line: c.Line, Col: 1}, Msg: fmt.Sprintf("case %q: %s", c.Name, strings.Join(f.Problems, "; ")),
		Hint: "if the rules changed on purpose, update the case's expect; otherwise fix the rules"}
	if strings.Contains(e.Msg, "write the amount as text with two decimals") {
		e.Hint = `amounts in expect are text with two decimals, as the results give them: low = "80000.00"`
	}
	if f.Field != "" {
		e.Hint = "the case gives an answer the rules do not ask for, or leaves out one they need"
		start := lineOffset(c.Source, c.Line)
		if i := bytes.Index(c.Source[start:], []byte(f.Field)); i >= 0 {
			return diag.At(c.File, c.Source, start+i, 0, e.Msg, e.Hint)
		}
	}
	// The line to change is the expectation, not the case's name: the key
	// the first problem names, inside the case's expect.
	if at := expectOffset(c, f.Problems[0]); at >= 0 {
		return diag.At(c.File, c.Source, at, 0, e.Msg, e.Hint)
	}
	if c.Line > 0 {
		e.Text = diag.LineText(c.Source, c.Line)
	}
	return e
}

// expectOffset finds, in the case's block, where its expect sets the key a
// problem names (03-datasets.low: …), or where the expect starts; -1 when
// the block has no expect.
func expectOffset(c *rules.Case, problem string) int {
	start := lineOffset(c.Source, c.Line)
	block := c.Source[start:]
	if next := bytes.Index(block, []byte("\n[[cases]]")); next >= 0 {
		block = block[:next]
	}
	expect := regexp.MustCompile(`(?m)^\s*(expect\s*=|\[cases\.expect\])`).FindIndex(block)
	if expect == nil {
		return -1
	}
	name, _, _ := strings.Cut(problem, ":")
	name = name[strings.LastIndexAny(name, ".]")+1:]
	if name != "" {
		key := regexp.MustCompile(`(^|[\s{,])` + regexp.QuoteMeta(name) + `\s*=`)
		if m := key.FindIndex(block[expect[0]:]); m != nil {
			at := expect[0] + m[0]
			if block[at] != name[0] {
				at++
			}
			return start + at
		}
	}
	return start + expect[0] + len(bytes.TrimRight(block[expect[0]:expect[0]+1], " \t"))
}

func lineOffset(src []byte, line int) int {
	off := 0
	for n := 1; n < line && off < len(src); n++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}

// Run runs every case of the suite and returns the failures. In a suite
// left incomplete by errors, only the cases of the measures that compiled
// are run.
func Run(s *rules.Suite) []*Failure {
	var out []*Failure
	for _, c := range s.Cases {
		if !s.Complete && (c.Measure == "" || s.Program.Measure(c.Measure) == nil) {
			continue
		}
		if problems := Check(s, c); len(problems) > 0 {
			f := &Failure{Case: c, Problems: problems}
			if _, err := eval.Decode(s.Program, Profile(s, c)); err != nil {
				if fe, ok := err.(*eval.FieldError); ok {
					f.Field = fe.Path[strings.LastIndexAny(fe.Path, ".]")+1:]
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// Errors returns the failures of every case as one error, or nil.
func Errors(s *rules.Suite) error {
	var errs diag.List
	for _, f := range Run(s) {
		errs.Add(f.Error())
	}
	return errs.Err()
}

// Check runs one case and lists what differs from its expectations.
func Check(s *rules.Suite, c *rules.Case) []string {
	prof, err := eval.Decode(s.Program, Profile(s, c))
	if err != nil {
		return []string{"the answers do not fit the rules: " + err.Error()}
	}
	res, err := eval.Evaluate(s.Program, prof)
	if err != nil {
		return []string{"evaluation failed: " + err.Error()}
	}
	var problems []string
	expect := c.Expect
	if c.Measure != "" {
		// A measure's case expects things of that measure, and may also
		// say which gates fail.
		top := map[string]any{}
		own := map[string]any{}
		for k, v := range expect {
			if slices.Contains(resultKeys, k) {
				top[k] = v
			} else {
				own[k] = v
			}
		}
		top["measures"] = map[string]any{c.Measure: own}
		expect = top
	}
	problems = append(problems, checkTop(res, expect)...)
	return problems
}

// resultKeys are expectations about the whole result rather than a measure.
var resultKeys = []string{"eligible", "failed_gates", "cash_low", "cash_high", "non_cash"}

func checkTop(res *eval.Result, expect map[string]any) []string {
	var problems []string
	for _, key := range slices.Sorted(maps.Keys(expect)) {
		want := expect[key]
		switch key {
		case "eligible":
			problems = append(problems, same("eligible", want, res.Eligible)...)
		case "failed_gates":
			var failed []any
			for _, g := range res.Gates {
				if !g.Passed {
					failed = append(failed, g.ID)
				}
			}
			problems = append(problems, same("failed_gates", want, failed)...)
		case "cash_low":
			problems = append(problems, amount("cash_low", want, res.Cash.Low)...)
		case "cash_high":
			problems = append(problems, amount("cash_high", want, res.Cash.High)...)
		case "non_cash":
			var got []any
			for _, n := range res.NonCash {
				got = append(got, n.Low+"-"+n.High)
			}
			problems = append(problems, same("non_cash", want, got)...)
		case "measures":
			ms, ok := want.(map[string]any)
			if !ok {
				problems = append(problems, "measures must be a table of measure ids")
				continue
			}
			for _, id := range slices.Sorted(maps.Keys(ms)) {
				var mr *eval.MeasureResult
				for _, m := range res.Measures {
					if m.ID == id {
						mr = m
					}
				}
				exp, ok := ms[id].(map[string]any)
				if mr == nil || !ok {
					problems = append(problems, fmt.Sprintf("no measure %q", id))
					continue
				}
				problems = append(problems, checkMeasure(id, mr, exp)...)
			}
		default:
			problems = append(problems, fmt.Sprintf("unknown expectation %q (eligible, failed_gates, cash_low, cash_high, non_cash, measures, or a measure's status, low, high, flags, failed, items)", key))
		}
	}
	return problems
}

func checkMeasure(id string, mr *eval.MeasureResult, expect map[string]any) []string {
	var problems []string
	for _, key := range slices.Sorted(maps.Keys(expect)) {
		want := expect[key]
		name := id + "." + key
		switch key {
		case "status":
			problems = append(problems, same(name, want, mr.Status)...)
		case "low":
			problems = append(problems, amount(name, want, mr.Low)...)
		case "high":
			problems = append(problems, amount(name, want, mr.High)...)
		case "flags":
			var got []any
			for _, f := range mr.Flags {
				got = append(got, f)
			}
			problems = append(problems, same(name, want, got)...)
		case "failed":
			var got []any
			for _, c := range mr.Conditions {
				if !c.Passed {
					got = append(got, c.ID)
				}
			}
			for _, it := range mr.Items {
				for _, c := range it.Conditions {
					if !c.Passed {
						got = append(got, c.ID)
					}
				}
			}
			problems = append(problems, same(name, want, got)...)
		case "items":
			list, ok := want.([]any)
			if !ok {
				problems = append(problems, name+" must be a list")
				continue
			}
			if len(list) != len(mr.Items) {
				problems = append(problems, fmt.Sprintf("%s: expected %d items, got %d", name, len(list), len(mr.Items)))
				continue
			}
			for i, w := range list {
				it := mr.Items[i]
				got := map[string]any{"status": it.Status, "low": it.Low, "high": it.High}
				switch w := w.(type) {
				case string:
					problems = append(problems, same(fmt.Sprintf("%s[%d].status", name, i), w, it.Status)...)
				case map[string]any:
					for _, k := range slices.Sorted(maps.Keys(w)) {
						if _, known := got[k]; !known {
							problems = append(problems, fmt.Sprintf("%s[%d]: unknown expectation %q", name, i, k))
							continue
						}
						problems = append(problems, same(fmt.Sprintf("%s[%d].%s", name, i, k), w[k], got[k])...)
					}
				}
			}
		default:
			problems = append(problems, fmt.Sprintf("unknown expectation %q for a measure (status, low, high, flags, failed, items)", key))
		}
	}
	return problems
}

var twoDecimals = regexp.MustCompile(`^-?[0-9]+\.[0-9]{2}$`)

// amount compares an expected amount with a result's. Amounts are written
// as text with two decimals, as results give them: a number or a figure
// without its decimals is named as such, with the way to write it, rather
// than as a difference.
func amount(name string, want any, got string) []string {
	s, isText := want.(string)
	if !isText || !twoDecimals.MatchString(s) {
		written := fmt.Sprint(want)
		if isText {
			written = fmt.Sprintf("%q", s)
		}
		fixed := written
		if d, err := decimal.NewFromString(strings.Trim(written, `"`)); err == nil {
			fixed = fmt.Sprintf("%q", d.StringFixed(2))
		}
		return []string{fmt.Sprintf("%s: write the amount as text with two decimals, %s, not %s (the result is %q)", name, fixed, written, got)}
	}
	return same(name, want, got)
}

// same compares an expectation from TOML with a result value.
func same(name string, want, got any) []string {
	w, g := render(want), render(got)
	if w != g {
		return []string{fmt.Sprintf("%s: expected %s, got %s", name, w, g)}
	}
	return nil
}

func render(v any) string {
	switch x := v.(type) {
	case nil:
		return "[]"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case string:
		return fmt.Sprintf("%q", x)
	}
	return fmt.Sprint(v)
}

// JSONProfile turns a case's answers (TOML values: dates, whole numbers) into
// the values of a profile as a browser sends it: dates as YYYY-MM-DD and
// whole numbers as text; maps and lists alike, as plain JSON values.
func JSONProfile(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = JSONProfile(e)
		}
		return out
	case map[string]map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = JSONProfile(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = JSONProfile(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = JSONProfile(e)
		}
		return out
	case time.Time:
		return x.Format(time.DateOnly)
	case int64:
		return strconv.FormatInt(x, 10)
	}
	return v
}
