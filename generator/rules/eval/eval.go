package eval

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"

	"xihuguide/generator/rules"
	"xihuguide/generator/rules/expr"
)

// Result is the outcome for one profile. Its JSON form is fixed: field
// order as declared here, amounts as strings with exactly two decimals, no
// HTML escaping, no white space. The browser's evaluator writes the same.
type Result struct {
	Policy   string           `json:"policy"`
	Rules    string           `json:"rules"` // the rules version
	Eligible bool             `json:"eligible"`
	Gates    []ConditionCheck `json:"gates"`
	Measures []*MeasureResult `json:"measures"`
	Cash     Range            `json:"cash"`
	NonCash  []NonCashItem    `json:"non_cash"`
	Notes    []string         `json:"notes"`
}

// ConditionCheck says whether one gate or condition held.
type ConditionCheck struct {
	ID     string `json:"id"`
	Clause string `json:"clause"`
	Passed bool   `json:"passed"`
}

// Range is an estimate in yuan, rounded to the fen.
type Range struct {
	Low  string `json:"low"`
	High string `json:"high"`
}

// Statuses of a measure or an item.
const (
	Eligible    = "eligible"
	Ineligible  = "ineligible"
	NotAnswered = "not-answered"
)

// MeasureResult is one measure's outcome.
type MeasureResult struct {
	ID         string           `json:"id"`
	Number     int              `json:"number"`
	Kind       string           `json:"kind"`
	Status     string           `json:"status"`
	Low        string           `json:"low"`
	High       string           `json:"high"`
	Flags      []string         `json:"flags"`
	Conditions []ConditionCheck `json:"conditions"`
	Items      []*ItemResult    `json:"items"`
	Steps      []StepValue      `json:"steps"`
}

// ItemResult is one item's outcome.
type ItemResult struct {
	Status     string           `json:"status"`
	Low        string           `json:"low"`
	High       string           `json:"high"`
	Conditions []ConditionCheck `json:"conditions"`
	Steps      []StepValue      `json:"steps"`
}

// StepValue is the value of one step, rounded for display.
type StepValue struct {
	ID     string `json:"id"`
	Clause string `json:"clause"`
	Low    string `json:"low"`
	High   string `json:"high"`
}

// NonCashItem is non-cash support, reported apart from the cash total.
type NonCashItem struct {
	Measure string `json:"measure"`
	Item    int    `json:"item"`           // index of the item, or -1 for the measure as a whole
	Kind    string `json:"kind,omitempty"` // the kind of support, when a step of the measure says it
	Low     string `json:"low"`
	High    string `json:"high"`
}

// JSON renders the result in its fixed form.
func (r *Result) JSON() []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		panic(err) // a Result holds only strings, bools, ints and slices
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

var (
	hundred = decimal.NewFromInt(100)
	half    = decimal.New(5, -1)
)

// Fen rounds to 0.01 yuan, half away from zero (四舍五入), and renders the
// amount with exactly two decimals.
func Fen(d decimal.Decimal) string {
	scaled := d.Mul(hundred)
	whole := scaled.Truncate(0)
	frac := scaled.Sub(whole).Abs()
	if frac.GreaterThanOrEqual(half) {
		if scaled.Sign() < 0 {
			whole = whole.Sub(decimal.NewFromInt(1))
		} else {
			whole = whole.Add(decimal.NewFromInt(1))
		}
	}
	return whole.Div(hundred).StringFixed(2)
}

// scope resolves names for expressions: its own values, then its parent's.
type scope struct {
	vals   map[string]expr.Value
	parent *scope
	items  []expr.Scope
}

func (s *scope) Lookup(name string) (expr.Value, bool) {
	for c := s; c != nil; c = c.parent {
		if v, ok := c.vals[name]; ok {
			return v, true
		}
	}
	return expr.Value{}, false
}

func (s *scope) Items() []expr.Scope { return s.items }

func child(parent *scope, vals map[string]expr.Value) *scope {
	m := map[string]expr.Value{}
	for k, v := range vals {
		m[k] = v
	}
	return &scope{vals: m, parent: parent}
}

// Evaluate computes the result for a decoded profile.
func Evaluate(p *rules.Program, prof *Profile) (*Result, error) {
	r := &Result{Policy: p.Policy, Rules: p.Version, Eligible: true, Gates: []ConditionCheck{},
		Measures: []*MeasureResult{}, NonCash: []NonCashItem{}, Notes: []string{}}
	top := child(nil, prof.Answers)
	var err error
	r.Gates, r.Eligible, err = conditions(p.Gates, top)
	if err != nil {
		return nil, err
	}
	cashLow, cashHigh := decimal.Zero, decimal.Zero
	for _, m := range p.Measures {
		mr, err := evaluateMeasure(p, m, prof.Measures[m.ID], top, r.Eligible)
		if err != nil {
			return nil, fmt.Errorf("measure %s: %w", m.ID, err)
		}
		r.Measures = append(r.Measures, mr)
		if mr.Status != Eligible {
			continue
		}
		if m.Kind == rules.Cash {
			cashLow = cashLow.Add(decimal.RequireFromString(mr.Low))
			cashHigh = cashHigh.Add(decimal.RequireFromString(mr.High))
			continue
		}
		if m.ReportsByKind() {
			// The measure's steps say what each figure is (equity, a
			// guarantee): each is reported apart, by kind, and a kind
			// that comes to nothing is not reported. mr.Steps holds one
			// value per step, in order.
			for i, sv := range mr.Steps {
				if k := m.Steps[i].Support; k != "" && !decimal.RequireFromString(sv.High).IsZero() {
					r.NonCash = append(r.NonCash, NonCashItem{Measure: m.ID, Item: -1, Kind: k, Low: sv.Low, High: sv.High})
				}
			}
			continue
		}
		if m.Item == nil {
			r.NonCash = append(r.NonCash, NonCashItem{Measure: m.ID, Item: -1, Low: mr.Low, High: mr.High})
		}
		for i, it := range mr.Items {
			if it.Status == Eligible {
				r.NonCash = append(r.NonCash, NonCashItem{Measure: m.ID, Item: i, Low: it.Low, High: it.High})
			}
		}
	}
	r.Cash = Range{Low: cashLow.StringFixed(2), High: cashHigh.StringFixed(2)}
	for _, n := range p.Notes {
		r.Notes = append(r.Notes, n.ID)
	}
	return r, nil
}

func conditions(conds []*rules.Condition, s *scope) ([]ConditionCheck, bool, error) {
	out := []ConditionCheck{}
	all := true
	for _, c := range conds {
		v, err := expr.Eval(c.When, s)
		if err != nil {
			return nil, false, err
		}
		out = append(out, ConditionCheck{ID: c.ID, Clause: c.Clause, Passed: v.Bool})
		all = all && v.Bool
	}
	return out, all, nil
}

// steps evaluates steps in order into s and returns their values and the
// last one.
func steps(list []*rules.Step, s *scope) ([]StepValue, expr.Value, error) {
	out := []StepValue{}
	var last expr.Value
	for _, st := range list {
		v, err := expr.Eval(st.Value, s)
		if err != nil {
			return nil, last, err
		}
		s.vals[st.ID] = v
		last = v
		out = append(out, StepValue{ID: st.ID, Clause: st.Clause, Low: Fen(v.Lo), High: Fen(v.Hi)})
	}
	return out, last, nil
}

func flagsOf(p *rules.Program, m *rules.Measure) []string {
	used := map[string]bool{}
	for _, st := range append(append([]*rules.Step{}, m.Steps...), p.ItemSteps(m)...) {
		for _, f := range st.Flags {
			used[f] = true
		}
	}
	out := []string{}
	for _, f := range p.Flags { // in the order the policy declares them
		if used[f.ID] {
			out = append(out, f.ID)
		}
	}
	return out
}

func evaluateMeasure(p *rules.Program, m *rules.Measure, answers *MeasureAnswers, top *scope, gatesPassed bool) (*MeasureResult, error) {
	mr := &MeasureResult{ID: m.ID, Number: m.Number, Kind: m.Kind, Status: NotAnswered, Low: "0.00", High: "0.00",
		Flags: flagsOf(p, m), Conditions: []ConditionCheck{}, Items: []*ItemResult{}, Steps: []StepValue{}}
	if answers == nil {
		return mr, nil
	}
	ms := child(top, answers.Answers)
	conds, ok, err := conditions(m.Conditions, ms)
	if err != nil {
		return nil, err
	}
	mr.Conditions = conds
	var itemTotals []expr.Value // exact, for a measure without steps of its own
	if m.Item != nil {
		for _, vals := range answers.Items {
			is := child(ms, vals)
			ir := &ItemResult{Status: Ineligible, Low: "0.00", High: "0.00", Steps: []StepValue{}}
			var iok bool
			if ir.Conditions, iok, err = conditions(m.Item.Conditions, is); err != nil {
				return nil, err
			}
			if iok && ok && gatesPassed {
				var last expr.Value
				if ir.Steps, last, err = steps(p.ItemSteps(m), is); err != nil {
					return nil, err
				}
				ir.Status, ir.Low, ir.High = Eligible, Fen(last.Lo), Fen(last.Hi)
				ms.items = append(ms.items, is)
				itemTotals = append(itemTotals, last)
			}
			mr.Items = append(mr.Items, ir)
		}
	}
	if !gatesPassed || !ok || m.Item != nil && len(itemTotals) == 0 {
		mr.Status = Ineligible
		return mr, nil
	}
	var total expr.Value
	if len(m.Steps) > 0 {
		if mr.Steps, total, err = steps(m.Steps, ms); err != nil {
			return nil, err
		}
	} else {
		// Without steps of its own, a measure's award is the sum of its items.
		total = expr.Point(expr.Money, decimal.Zero)
		for _, v := range itemTotals {
			total.Lo, total.Hi = total.Lo.Add(v.Lo), total.Hi.Add(v.Hi)
		}
	}
	mr.Status, mr.Low, mr.High = Eligible, Fen(total.Lo), Fen(total.Hi)
	return mr, nil
}
