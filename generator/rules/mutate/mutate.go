// Package mutate measures how well a policy's test cases pin its rules
// down: it changes each number, comparison, min or max, and or or, and
// each condition of the rules, one at a time, runs the policy's cases
// against each change (a mutant), and reports the mutants that no case
// notices, with where the change was made and, where it can, the case
// that would notice it.
package mutate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"xihuguide/generator/diag"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/rules/expr"
)

// Mutant is one change that no case noticed.
type Mutant struct {
	diag.Position
	Measure  int    // the measure's number; 0 for the policy's own rules
	Original string // what the rules say, as written: 50万, >=, min
	Mutated  string // what the mutant says instead
	Suggest  string // a case that would notice it, in the report's language
}

// Report is the mutation score of one policy.
type Report struct {
	Policy    string
	Total     int // mutants tried
	Killed    int // mutants some case noticed
	Survivors []Mutant
	Unpinned  []string // steps left out, with why: "measure 12 guarantee: …"
}

// Score is the share of mutants killed, in percent; 100 when there are none.
func (r Report) Score() float64 {
	if r.Total == 0 {
		return 100
	}
	return 100 * float64(r.Killed) / float64(r.Total)
}

// site is one place in the rules that can be changed: its expression, the
// file and the text it was compiled from, and what it belongs to.
type site struct {
	node    *expr.Node
	root    *expr.Node // the whole expression
	file    string
	source  string // the expression as written
	measure int
	labels  map[string]string // input id → question, for suggestions
	isWhen  bool              // the root of a condition
}

// Run tries every mutant of the suite's rules. root is the site folder and
// dir the policy's folder under it (content/policies/SLUG), where the rules
// files are; lang is the language of the suggestions.
func Run(root, dir string, s *rules.Suite, lang string) Report {
	rep := Report{Policy: s.Program.Policy}
	var sites []site
	labels := func(inputs ...[]*rules.Input) map[string]string {
		out := map[string]string{}
		for _, list := range inputs {
			for _, in := range list {
				out[in.ID] = in.Label[lang]
			}
		}
		return out
	}
	policyFile := dir + "/rules.toml"
	top := labels(s.Program.Inputs)
	add := func(file string, measure int, l map[string]string, conds []*rules.Condition, steps []*rules.Step) {
		for _, c := range conds {
			sites = append(sites, walk(c.When, file, c.Source, measure, l, true)...)
		}
		for _, st := range steps {
			if st.Unpinned != "" {
				rep.Unpinned = append(rep.Unpinned, fmt.Sprintf("%s %s: %s", file, st.ID, st.Unpinned))
				continue
			}
			sites = append(sites, walk(st.Value, file, st.Source, measure, l, false)...)
		}
	}
	add(policyFile, 0, top, s.Program.Gates, nil)
	if s.Program.EveryItem != nil {
		add(policyFile, 0, labels(s.Program.EveryItem.Inputs), nil, s.Program.EveryItem.Steps)
	}
	for _, m := range s.Program.Measures {
		file := dir + "/measures/" + m.ID + "/rules.toml"
		var item []*rules.Input
		if m.Item != nil {
			item = m.Item.Inputs
		}
		l := labels(s.Program.Inputs, m.Inputs, item)
		// Steps that the policy's every_item added are tried once, as the
		// policy's; here only the measure's own.
		own := m.Steps
		if s.Program.EveryItem != nil && m.Item == nil && m.Kind == rules.Cash {
			own = own[:max(0, len(own)-len(s.Program.EveryItem.Steps))]
		}
		add(file, m.Number, l, m.Conditions, own)
		if m.Item != nil {
			add(file, m.Number, l, m.Item.Conditions, m.Item.Steps)
		}
	}
	sources := map[string][]byte{}
	for _, st := range sites {
		for _, mu := range mutations(st) {
			rep.Total++
			undo := mu.apply()
			killed := len(cases.Run(s)) > 0
			undo()
			if killed {
				rep.Killed++
				continue
			}
			src, ok := sources[st.file]
			if !ok {
				src, _ = os.ReadFile(filepath.Join(root, filepath.FromSlash(st.file)))
				sources[st.file] = src
			}
			rep.Survivors = append(rep.Survivors, Mutant{Position: locate(st.file, src, st.source, st.node.Pos), Measure: st.measure,
				Original: mu.original, Mutated: mu.mutated, Suggest: mu.suggest(lang)})
		}
	}
	return rep
}

// walk lists the places in an expression that mutations change.
func walk(n *expr.Node, file, source string, measure int, labels map[string]string, isWhen bool) []site {
	if n == nil {
		return nil
	}
	var out []site
	root := n
	if isWhen {
		out = append(out, site{node: n, root: n, file: file, source: source, measure: measure, labels: labels, isWhen: true})
	}
	var visit func(n *expr.Node)
	visit = func(n *expr.Node) {
		switch {
		case n.K == "num", n.K == "bin" && flips[n.Op] != "", n.K == "call" && (n.Op == "min" || n.Op == "max"):
			out = append(out, site{node: n, root: root, file: file, source: source, measure: measure, labels: labels})
		}
		for _, a := range n.Args {
			visit(a)
		}
	}
	visit(n)
	return out
}

// flips is what a comparison or a connective becomes in its mutant.
var flips = map[string]string{">=": ">", ">": ">=", "<=": "<", "<": "<=", "==": "!=", "!=": "==", "and": "or", "or": "and"}

type mutation struct {
	original, mutated string
	apply             func() (undo func())
	suggest           func(lang string) string
}

// mutations are the changes tried at one place.
func mutations(st site) []mutation {
	n := st.node
	say := func(zh, en string, args ...any) func(string) string {
		return func(lang string) string {
			if lang == "zh" {
				return fmt.Sprintf(zh, args...)
			}
			return fmt.Sprintf(en, args...)
		}
	}
	if st.isWhen {
		saved := *n
		return []mutation{{original: st.source, mutated: "true",
			apply: func() func() {
				*n = expr.Node{K: "bool", V: "true", Pos: n.Pos, Type: n.Type}
				return func() { *n = saved }
			},
			suggest: say("请加一个不满足这个条件的用例", "add a case that does not meet this condition")}}
	}
	switch n.K {
	case "num":
		v := decimal.RequireFromString(n.V)
		m := v.Mul(decimal.NewFromFloat(1.6))
		if v.IsZero() {
			m = decimal.NewFromInt(1)
		}
		old := n.V
		mu := mutation{original: amount(v), mutated: amount(m),
			apply: func() func() {
				n.V = m.String()
				return func() { n.V = old }
			},
			suggest: say("请加一个结果取决于 %s 的用例", "add a case whose result depends on %s", amount(v))}
		if x, at := threshold(st, n); x != "" {
			mu.suggest = say("请加一个%s恰好为 %s 的用例（正好在界线上）", "add a case with %s exactly %s (just at the threshold)", x, at)
		} else if x, over := capReached(st, n); x != "" {
			mu.suggest = say("请加一个%s超过 %s 的用例（达到上限）", "add a case with %s above %s (one that reaches the cap)", x, over)
		} else if floorOf(st.root, n) {
			mu.suggest = say("请加一个 max 的另一项小于 %s 的用例", "add a case where the other side of max falls below %s", amount(v))
		}
		return []mutation{mu}
	case "bin":
		old, to := n.Op, flips[n.Op]
		mu := mutation{original: old, mutated: to,
			apply: func() func() {
				n.Op = to
				return func() { n.Op = old }
			},
			suggest: say("请加一个两边恰好相等的用例", "add a case where the two sides are exactly equal")}
		if old == "and" || old == "or" {
			mu.suggest = say("请加一个只满足其中一边的用例", "add a case that meets one side and not the other")
		} else if x, at := comparedWith(st, n); x != "" {
			mu.suggest = say("请加一个%s恰好为 %s 的用例（正好在界线上）", "add a case with %s exactly %s (just at the threshold)", x, at)
		}
		return []mutation{mu}
	case "call":
		old := n.Op
		to := map[string]string{"min": "max", "max": "min"}[old]
		return []mutation{{original: old, mutated: to,
			apply: func() func() {
				n.Op = to
				return func() { n.Op = old }
			},
			suggest: say("请加一个 %s 的两项不相等的用例（例如达到上限的用例）", "add a case where the two sides of %s differ (such as one that reaches the cap)", old)}}
	}
	return nil
}

// parent is the node of which n is an argument in the tree under root,
// or nil.
func parent(root, n *expr.Node) *expr.Node {
	for _, a := range root.Args {
		if a == n {
			return root
		}
		if p := parent(a, n); p != nil {
			return p
		}
	}
	return nil
}

// comparison reports whether n compares two values.
func comparison(n *expr.Node) bool {
	return n != nil && n.K == "bin" && flips[n.Op] != "" && n.Op != "and" && n.Op != "or" && len(n.Args) == 2
}

// threshold finds the input a number is compared with: cost >= 20万.
func threshold(st site, num *expr.Node) (input, at string) {
	if p := parent(st.root, num); comparison(p) {
		return comparedWith(st, p)
	}
	return "", ""
}

// floorOf reports whether num is a side of a max: max(0, cap - paid).
func floorOf(root, num *expr.Node) bool {
	p := parent(root, num)
	return p != nil && p.K == "call" && p.Op == "max"
}

// comparedWith names the input and the number of a comparison.
func comparedWith(st site, cmp *expr.Node) (input, at string) {
	if len(cmp.Args) == 2 {
		for i, a := range cmp.Args {
			if a.K == "num" && cmp.Args[1-i].K == "var" {
				return label(st, cmp.Args[1-i].V), amount(decimal.RequireFromString(a.V))
			}
		}
	}
	return "", ""
}

// capReached finds min(x * rate, cap) around a cap, and the x that
// reaches it: cap / rate.
func capReached(st site, num *expr.Node) (input, over string) {
	p := parent(st.root, num)
	if p == nil || p.K != "call" || p.Op != "min" || len(p.Args) != 2 {
		return "", ""
	}
	other := p.Args[0]
	if other == num {
		other = p.Args[1]
	}
	if other.K != "bin" || other.Op != "*" || len(other.Args) != 2 {
		return "", ""
	}
	for j, f := range other.Args {
		if rate := other.Args[1-j]; f.K == "var" && rate.K == "num" {
			if r := decimal.RequireFromString(rate.V); r.IsPositive() {
				return label(st, f.V), amount(decimal.RequireFromString(num.V).DivRound(r, 2))
			}
		}
	}
	return "", ""
}

func label(st site, id string) string {
	if l := st.labels[id]; l != "" {
		return "“" + strings.TrimRight(l, "？?") + "”"
	}
	return id
}

// amount writes a number of the rules as they write it: 50万, 0.3, 1000.
func amount(d decimal.Decimal) string {
	wan := decimal.NewFromInt(10000)
	if w := d.Div(wan); d.Abs().GreaterThanOrEqual(wan) && w.Equal(w.Round(2)) {
		return w.String() + "万"
	}
	return d.String()
}

// locate finds where in its file an expression's character at offset
// stands: on the expression's own line, when = "…" or value = "…".
func locate(file string, src []byte, source string, offset int) diag.Position {
	at := rules.Assignment(src, "when", source)
	if at < 0 {
		at = rules.Assignment(src, "value", source)
	}
	if at < 0 {
		return diag.Position{File: file}
	}
	line, col, _ := diag.Locate(src, at)
	return diag.Position{File: file, Line: line, Col: col + utf8.RuneCountInString(source[:min(offset, len(source))])}
}
