package rules

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/rules/expr"
	"xihuguide/generator/tomldecode"
	"xihuguide/generator/urls"
)

// File names of the rules beside a policy and beside each measure.
const (
	PolicyFile  = "rules.toml"
	MeasureFile = "rules.toml"
)

// Suite is a policy's compiled rules with the test cases that sit beside
// them.
type Suite struct {
	Program *Program
	Cases   []*Case
	// Examples are the cases as the rules page shows them, in the same
	// order; they stay when a build lets the cases go.
	Examples []Example
	// CaseDefaults are the answers every case starts from: the answers
	// under which every gate passes.
	CaseDefaults map[string]any
	// Complete is false when some rules failed to compile and were left out.
	Complete bool
}

// Case is one test case: answers and what the result must say.
type Case struct {
	File    string
	Line    int
	Name    string
	Title   Text           // the name in the page's language, where given; else Name
	Measure string         // the measure whose file holds the case; "" for policy cases
	Answers map[string]any // the enterprise's answers, over CaseDefaults
	// Measures holds each measure's answers: {"answers": {…}, "items": […]}.
	Measures map[string]map[string]any
	Expect   map[string]any
	Source   []byte // the text of File, to point into it
}

type rawInput struct {
	ID      string      `toml:"id"`
	Type    string      `toml:"type"`
	Options []rawOption `toml:"options"`
	Default any         `toml:"default"`
	Label   Text        `toml:"label"`
	Help    Text        `toml:"help"`
}

type rawOption struct {
	ID    string `toml:"id"`
	Label Text   `toml:"label"`
}

type rawCondition struct {
	ID      string `toml:"id"`
	When    string `toml:"when"`
	Clause  string `toml:"clause"`
	Explain Text   `toml:"explain"`
}

type rawStep struct {
	ID      string   `toml:"id"`
	Value   string   `toml:"value"`
	Clause  string   `toml:"clause"`
	Flags   []string `toml:"flags"`
	Explain Text     `toml:"explain"`
	Support string   `toml:"support"`
	// Unpinned says why no case can pin the step's numbers down (each is
	// capped by a later step, say): check --mutate leaves them out.
	Unpinned string `toml:"unpinned"`
}

type rawLevel struct {
	Name       Text           `toml:"name"`
	Inputs     []rawInput     `toml:"inputs"`
	Conditions []rawCondition `toml:"conditions"`
	Steps      []rawStep      `toml:"steps"`
}

type rawNote struct {
	ID     string `toml:"id"`
	Clause string `toml:"clause"`
	Text   Text   `toml:"text"`
}

type rawFlag struct {
	ID      string `toml:"id"`
	Label   Text   `toml:"label"`
	Maximum bool   `toml:"maximum"`
}

type rawCase struct {
	Name     string                    `toml:"name"`
	Title    Text                      `toml:"title"` // the name in each language, for the rules page
	Answers  map[string]any            `toml:"answers"`
	Measure  map[string]any            `toml:"measure"` // in a measure file: its answers
	Items    []map[string]any          `toml:"items"`   // in a measure file: its items
	Measures map[string]map[string]any `toml:"measures"`
	Expect   map[string]any            `toml:"expect"`
}

type rawPolicy struct {
	Inputs       []rawInput     `toml:"inputs"`
	Gates        []rawCondition `toml:"gates"`
	EveryItem    *rawLevel      `toml:"every_item"`
	Notes        []rawNote      `toml:"notes"`
	Flags        []rawFlag      `toml:"flags"`
	CaseDefaults map[string]any `toml:"case_defaults"`
	Cases        []rawCase      `toml:"cases"`
}

type rawMeasure struct {
	Kind       string         `toml:"kind"`
	Support    []string       `toml:"support"`
	Ask        Text           `toml:"ask"`
	Inputs     []rawInput     `toml:"inputs"`
	Conditions []rawCondition `toml:"conditions"`
	Steps      []rawStep      `toml:"steps"`
	Item       *rawLevel      `toml:"item"`
	Chart      *rawChart      `toml:"chart"`
	Cases      []rawCase      `toml:"cases"`
}

// rawChart asks for a picture of the measure's award against one amount.
type rawChart struct {
	X     string         `toml:"x"`
	To    string         `toml:"to"`
	Given map[string]any `toml:"given"`
}

// Exists reports whether the policy has rules.
func Exists(site *content.Site, p *content.Policy) bool {
	_, err := os.Stat(path.Join(site.Root, p.Dir, PolicyFile))
	return err == nil
}

// Load reads and compiles a policy's rules. It reports every problem it
// finds, each at its file and line. With errors, the suite it returns (when
// the policy's own file could be read) holds only the measures that compiled
// and is marked incomplete, so that a check can still run their cases.
func Load(site *content.Site, p *content.Policy, prefix func(lang string) string) (*Suite, error) {
	l := &loader{site: site, policy: p, prefix: prefix, sources: map[string][]byte{}, dates: policyDates(p)}
	suite := l.load()
	if err := l.errs.Err(); err != nil {
		return suite, err
	}
	suite.Complete = true
	return suite, nil
}

type loader struct {
	site    *content.Site
	policy  *content.Policy
	prefix  func(lang string) string
	errs    diag.List
	sources map[string][]byte
	langs   []string
	flags   map[string]bool
	clauses map[string]bool
	dates   map[string]time.Time // the policy's dates, by the names formulas and texts use
}

func (l *loader) read(rel string, v any) bool {
	src, err := l.site.ReadFile(rel)
	if err != nil {
		l.errs.Add(err)
		return false
	}
	l.sources[rel] = src
	l.errs = append(l.errs, content.Placeholders(rel, src)...)
	if err := tomldecode.Decode(rel, src, 0, v); err != nil {
		l.errs.Add(err)
		return false
	}
	return true
}

// atLast reports a problem where file last sets key to needle: a duplicate
// is the later of two.
func (l *loader) atLast(file, key, needle, msg, hint string) {
	src := l.sources[file]
	last := -1
	for from := 0; ; {
		i := Assignment(src[from:], key, needle)
		if i < 0 {
			break
		}
		last = from + i
		nl := bytes.IndexByte(src[last:], '\n')
		if nl < 0 {
			break
		}
		from = last + nl + 1
	}
	if last < 0 {
		l.at(file, key, needle, msg, hint)
		return
	}
	l.errs = append(l.errs, diag.At(file, src, last, 0, msg, hint))
}

// at reports a problem where file sets key to needle (id = "cost"), or else
// at the first place that holds needle, or else at the top of the file.
func (l *loader) at(file, key, needle, msg, hint string) {
	l.errs = append(l.errs, l.position(file, key, needle, 0, msg, hint))
}

// Assignment finds the line `key = "needle"` (or with single quotes) in src
// and returns where needle starts, or -1. Every case is located this way,
// so it scans lines rather than compiling a pattern each time.
func Assignment(src []byte, key, needle string) int {
	for at := 0; at < len(src); {
		line := src[at:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		rest := bytes.TrimLeft(line, " \t")
		if bytes.HasPrefix(rest, []byte(key)) {
			rest = bytes.TrimLeft(rest[len(key):], " \t")
			if len(rest) > 0 && rest[0] == '=' {
				rest = bytes.TrimLeft(rest[1:], " \t")
				if len(rest) > len(needle)+1 && (rest[0] == '"' || rest[0] == '\'') &&
					string(rest[1:1+len(needle)]) == needle && rest[1+len(needle)] == rest[0] {
					return at + (len(line) - len(rest)) + 1
				}
			}
		}
		at += len(line) + 1
	}
	return -1
}

func (l *loader) position(file, key, needle string, offset int, msg, hint string) *diag.Error {
	src := l.sources[file]
	if key != "" && needle != "" {
		if start := Assignment(src, key, needle); start >= 0 {
			return diag.At(file, src, start+offset, 0, msg, hint)
		}
	}
	if needle != "" {
		for _, quoted := range []string{`"` + needle + `"`, `'` + needle + `'`, needle} {
			if i := bytes.Index(src, []byte(quoted)); i >= 0 {
				start := i
				if quoted != needle {
					start++
				}
				return diag.At(file, src, start+offset, 0, msg, hint)
			}
		}
	}
	return &diag.Error{Position: diag.Position{File: file, Line: 1}, Msg: msg, Hint: hint}
}

func (l *loader) load() *Suite {
	p := l.policy
	for _, lang := range l.site.Languages() {
		l.langs = append(l.langs, lang.Code)
	}
	prog := &Program{Policy: p.Slug, Languages: l.langs}
	file := path.Join(p.Dir, PolicyFile)
	var raw rawPolicy
	if !l.read(file, &raw) {
		return nil
	}
	l.clauses = map[string]bool{}
	prog.Clauses = l.clauseList()
	for _, c := range prog.Clauses {
		l.clauses[c.ID] = true
	}
	l.flags = map[string]bool{}
	for _, f := range raw.Flags {
		l.requireID(file, "flag", f.ID)
		l.texts(file, f.ID, "label", f.Label, true)
		l.flags[f.ID] = true
		prog.Flags = append(prog.Flags, &Flag{ID: f.ID, Label: f.Label, Maximum: f.Maximum})
	}
	env := &expr.Env{Vars: map[string]expr.Type{}}
	prog.Inputs = l.inputs(file, raw.Inputs, env)
	prog.Gates = l.conditions(file, raw.Gates, env)
	for _, n := range raw.Notes {
		l.requireID(file, "note", n.ID)
		l.clause(file, n.ID, n.Clause)
		l.texts(file, n.ID, "text", n.Text, true)
		prog.Notes = append(prog.Notes, &Note{ID: n.ID, Clause: n.Clause, Text: n.Text})
	}
	var everyItem *rawLevel
	if raw.EveryItem != nil {
		everyItem = raw.EveryItem
		prog.EveryItem = &Level{Inputs: l.inputs(file, everyItem.Inputs, &expr.Env{Vars: map[string]expr.Type{}})}
		if len(everyItem.Conditions) > 0 {
			l.at(file, "", "every_item", "every_item cannot have conditions", "put conditions in the measures")
		}
	}
	suite := &Suite{Program: prog, CaseDefaults: raw.CaseDefaults}
	suite.Cases = append(suite.Cases, l.cases(file, "", raw.Cases)...)
	for _, m := range p.Measures {
		mfile := path.Join(m.Dir, MeasureFile)
		if _, err := os.Stat(path.Join(l.site.Root, mfile)); err != nil {
			l.errs.Add(&diag.Error{Position: diag.Position{File: mfile}, Msg: fmt.Sprintf("measure %d has no rules", m.Number),
				Hint: "every measure of a policy with rules needs its rules.toml; `go run ./generator new measure` writes a skeleton"})
			continue
		}
		var rm rawMeasure
		if !l.read(mfile, &rm) {
			continue
		}
		before := len(l.errs)
		measure := l.measure(mfile, m, &rm, policyScope{file: file, env: env, everyItem: everyItem, prog: prog})
		measureCases := l.cases(mfile, m.Slug, rm.Cases)
		if len(l.errs) > before {
			continue // left out: its cases would only repeat its errors
		}
		prog.Measures = append(prog.Measures, measure)
		suite.Cases = append(suite.Cases, measureCases...)
	}
	if len(l.errs) == 0 {
		prog.Version = version(prog)
	}
	for _, c := range suite.Cases {
		suite.Examples = append(suite.Examples, example(c))
	}
	return suite
}

// version is a short hash of the compiled rules, so that a result or a
// saved answer can say which rules it was made with.
func version(p *Program) string {
	b, _ := json.Marshal(p)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func (l *loader) clauseList() []*Clause {
	p := l.policy
	var out []*Clause
	base := urls.Policy(p.Slug, "")
	add := func(id string, label Text, page string) {
		url := Text{}
		for _, lang := range l.langs {
			url[lang] = l.prefix(lang) + base + page
		}
		out = append(out, &Clause{ID: id, Label: label, URL: url})
	}
	add("scope", Text(p.Meta.Headings.Scope), "text/#scope")
	add("preamble", l.same("preamble"), "text/#preamble")
	for _, m := range p.Measures {
		label := Text{}
		for _, lang := range l.langs {
			if s, ok := l.site.Strings[lang]["measure_number"]; ok {
				label[lang] = fmt.Sprintf(s, m.Number)
			}
		}
		add(fmt.Sprintf("measure-%d", m.Number), label, "measures/"+m.Slug+"/")
	}
	for _, pr := range p.Provisions {
		label := Text{}
		for _, lang := range l.langs {
			if s, ok := l.site.Strings[lang]["provision_number"]; ok {
				label[lang] = fmt.Sprintf(s, pr.Number)
			}
		}
		add(fmt.Sprintf("provision-%d", pr.Number), label, fmt.Sprintf("provisions/#provision-%d", pr.Number))
	}
	return out
}

func (l *loader) same(s string) Text {
	t := Text{}
	for _, lang := range l.langs {
		t[lang] = s
	}
	return t
}

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)
var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func (l *loader) requireID(file, what, id string) {
	if !idRE.MatchString(id) {
		l.at(file, "id", id, fmt.Sprintf("%s id %q must be lowercase letters, digits, _ or -", what, id), `for example id = "trade-amount"`)
	}
}

// texts requires a text in every language of the site.
func (l *loader) texts(file, owner, key string, t Text, required bool) {
	if !required && len(t) == 0 {
		return
	}
	for _, lang := range l.langs {
		if strings.TrimSpace(t[lang]) == "" {
			l.at(file, "id", owner, fmt.Sprintf("%s of %q has no %s text", key, owner, lang),
				fmt.Sprintf("add %s.%s = \"…\"", key, lang))
		}
	}
	expandDates(t, l.dates)
	for lang := range t {
		if !slices.Contains(l.langs, lang) {
			l.at(file, "id", owner, fmt.Sprintf("%s of %q has text in %q, which is not a language of the site", key, owner, lang), "use the codes of content/site.toml")
		}
	}
}

func (l *loader) clause(file, owner, id string) {
	if !l.clauses[id] {
		hint := "clauses are scope, preamble, measure-N and provision-N for the policy's measures and provisions"
		if best, ok := diag.Closest(id, slices.Sorted(maps.Keys(l.clauses))); ok {
			hint = "did you mean " + best + "? " + hint
		}
		l.at(file, "clause", id, fmt.Sprintf("%q cites clause %q, which the policy does not have", owner, id), hint)
	}
}

// Type returns the expression type of an input.
func (in *Input) ExprType() expr.Type {
	t := expr.Type{Kind: expr.Kind(in.Type)}
	for _, o := range in.Options {
		t.Options = append(t.Options, o.ID)
	}
	return t
}

func (l *loader) inputs(file string, raws []rawInput, env *expr.Env) []*Input {
	var out []*Input
	for _, r := range raws {
		if !nameRE.MatchString(r.ID) {
			l.at(file, "id", r.ID, fmt.Sprintf("input id %q must be lowercase letters, digits and _", r.ID), "it is used as a name in formulas: paid_this_year")
			continue
		}
		if _, dup := env.Vars[r.ID]; dup {
			l.at(file, "id", r.ID, fmt.Sprintf("the name %q is already defined", r.ID), "give each input its own name")
			continue
		}
		if _, date := l.dates[r.ID]; date {
			l.at(file, "id", r.ID, fmt.Sprintf("the name %q is the policy's date from policy.toml", r.ID), "give the input another name")
			continue
		}
		if !slices.Contains(InputKinds, r.Type) {
			l.at(file, "type", r.Type, fmt.Sprintf("input %q has type %q", r.ID, r.Type), "the types are "+strings.Join(InputKinds, ", "))
			continue
		}
		in := &Input{ID: r.ID, Type: r.Type, Label: r.Label, Help: r.Help}
		l.texts(file, r.ID, "label", r.Label, true)
		l.texts(file, r.ID, "help", r.Help, false)
		if (r.Type == "choice") != (len(r.Options) > 0) {
			l.at(file, "id", r.ID, fmt.Sprintf("input %q: options go with type \"choice\", and a choice needs options", r.ID), "add [[inputs.options]] tables, or change the type")
		}
		for _, o := range r.Options {
			l.requireID(file, "option", o.ID)
			l.texts(file, o.ID, "label", o.Label, true)
			in.Options = append(in.Options, Option(o))
		}
		if r.Default != nil {
			d, err := defaultText(r.Type, r.Default)
			if err != nil {
				l.at(file, "id", r.ID, fmt.Sprintf("default of %q: %v", r.ID, err), "write money as text (\"0\"), dates bare (2026-01-01)")
			} else {
				in.Default = &d
			}
		}
		env.Vars[r.ID] = in.ExprType()
		out = append(out, in)
	}
	return out
}

func defaultText(kind string, v any) (string, error) {
	switch x := v.(type) {
	case string:
		if kind == "money" || kind == "choice" {
			return x, nil
		}
	case int64:
		if kind == "money" || kind == "count" {
			return fmt.Sprint(x), nil
		}
	case bool:
		if kind == "bool" {
			return fmt.Sprint(x), nil
		}
	case time.Time:
		if kind == "date" {
			return x.Format(time.DateOnly), nil
		}
	}
	return "", fmt.Errorf("%v does not fit type %s", v, kind)
}

func (l *loader) parse(file, key, source string, env *expr.Env, want expr.Kind) (*expr.Node, expr.Type, bool) {
	n, err := expr.Parse(source)
	var t expr.Type
	if err == nil {
		withDates(n, l.dates)
		t, err = expr.CheckAs(n, env, want)
	}
	if err != nil {
		if e, ok := err.(*expr.Error); ok {
			l.errs = append(l.errs, l.position(file, key, source, e.Pos, e.Msg, e.Hint))
		} else {
			l.at(file, key, source, err.Error(), "")
		}
		return nil, t, false
	}
	return n, t, true
}

// conditions compiles a list of conditions (or gates), whose ids must
// differ: a failed condition is named by its id.
func (l *loader) conditions(file string, raws []rawCondition, env *expr.Env) []*Condition {
	var out []*Condition
	seen := map[string]bool{}
	for _, r := range raws {
		if seen[r.ID] && r.ID != "" {
			l.atLast(file, "id", r.ID, fmt.Sprintf("two conditions are named %q", r.ID), "give each condition its own id: a result names the conditions that failed by it")
			continue
		}
		seen[r.ID] = true
		if c := l.condition(file, r, env); c != nil {
			out = append(out, c)
		}
	}
	return out
}

func (l *loader) condition(file string, r rawCondition, env *expr.Env) *Condition {
	l.requireID(file, "condition", r.ID)
	l.clause(file, r.ID, r.Clause)
	l.texts(file, r.ID, "explain", r.Explain, true)
	if strings.TrimSpace(r.When) == "" {
		l.at(file, "id", r.ID, fmt.Sprintf("condition %q has no when", r.ID), `add when = "…", a condition such as amount >= 1000000`)
		return nil
	}
	n, _, ok := l.parse(file, "when", r.When, env, expr.Bool)
	if !ok {
		return nil
	}
	return &Condition{ID: r.ID, When: n, Source: r.When, Clause: r.Clause, Explain: r.Explain}
}

// steps compiles steps in order; each step's id becomes a name for the
// steps after it.
func (l *loader) steps(file string, raws []rawStep, env *expr.Env) ([]*Step, bool) {
	var out []*Step
	ok := true
	defer func() { env.Later = nil }()
	for i, r := range raws {
		// The steps from this one on are not names yet: a step that uses
		// one is told why, not that the name is unknown.
		env.Later = map[string]bool{}
		for _, later := range raws[i:] {
			env.Later[later.ID] = true
		}
		if !nameRE.MatchString(r.ID) {
			l.at(file, "id", r.ID, fmt.Sprintf("step id %q must be lowercase letters, digits and _", r.ID), "it is used as a name in later formulas")
			ok = false
			continue
		}
		if _, dup := env.Vars[r.ID]; dup {
			// Said at the step, which comes after what it collides with.
			l.atLast(file, "id", r.ID, fmt.Sprintf("the name %q is already defined", r.ID), "give each step its own name")
			ok = false
			continue
		}
		if _, date := l.dates[r.ID]; date {
			l.at(file, "id", r.ID, fmt.Sprintf("the name %q is the policy's date from policy.toml", r.ID), "give the step another name")
			ok = false
			continue
		}
		l.clause(file, r.ID, r.Clause)
		l.texts(file, r.ID, "explain", r.Explain, true)
		for _, f := range r.Flags {
			if !l.flags[f] {
				l.at(file, "", f, fmt.Sprintf("step %q has flag %q, which the policy's rules.toml does not define", r.ID, f), "define it under [[flags]] or fix the spelling")
			}
		}
		n, t, good := l.parse(file, "value", r.Value, env, expr.Money)
		if !good {
			// Its name stands for an amount still, so that the steps after
			// it do not report it as unknown: one mistake, one message.
			env.Vars[r.ID] = expr.Type{Kind: expr.Money}
			ok = false
			continue
		}
		if t.Kind == expr.Number {
			t.Kind = expr.Money
			n.Type.Kind = expr.Money
		}
		env.Vars[r.ID] = t
		out = append(out, &Step{ID: r.ID, Value: n, Source: r.Value, Clause: r.Clause, Flags: r.Flags, Explain: r.Explain, Support: r.Support, Unpinned: r.Unpinned})
	}
	return out, ok
}

func copyEnv(env *expr.Env) *expr.Env {
	out := &expr.Env{Vars: map[string]expr.Type{}}
	for k, v := range env.Vars {
		out.Vars[k] = v
	}
	return out
}

// asOneItem treats a cash measure without items as its one item: what
// the policy asks and computes for every item (every_item, such as the
// deduction of support already received for the same project) is asked
// and computed for the measure itself, after its own steps. Without it,
// a measure that nothing repeats in would escape the policy's rule.
func (l *loader) asOneItem(file string, m *content.Measure, out *Measure, menv *expr.Env, scope policyScope) {
	for _, in := range scope.prog.EveryItem.Inputs {
		if _, dup := menv.Vars[in.ID]; dup {
			l.at(file, "id", in.ID, fmt.Sprintf("%q is already asked of every item by %s", in.ID, scope.file), "remove it here")
			return
		}
		menv.Vars[in.ID] = in.ExprType()
		out.Inputs = append(out.Inputs, in)
	}
	shared, ok := l.steps(scope.file, scope.everyItem.Steps, menv)
	if !ok {
		l.at(file, "", "kind", fmt.Sprintf("the every_item steps of %s do not fit measure %d, which has no items", scope.file, m.Number),
			"a measure without items is one item: its steps need the names those steps use, such as a step with id = \"award\"")
		return
	}
	out.Steps = append(out.Steps, shared...)
}

// chart checks a measure's [chart]: x names one of its amounts, to says
// where the axis ends, and given holds the other answers fixed.
func (l *loader) chart(file string, r *rawChart, m *Measure) *Chart {
	c := &Chart{X: r.X, Given: r.Given}
	var x *Input
	for _, in := range m.Inputs {
		if in.ID == r.X {
			x = in
		}
	}
	if m.Item != nil {
		for _, in := range m.Item.Inputs {
			if in.ID == r.X {
				x, c.OnItem = in, true
			}
		}
	}
	if x == nil || x.Type != "money" && x.Type != "count" && x.Type != "choice" {
		l.at(file, "x", r.X, fmt.Sprintf("the chart's x %q is not an amount the measure asks for", r.X), "name one of the measure's money inputs, such as cost")
		return nil
	}
	c.Label, c.Input = x.Label, x
	if x.Type != "choice" {
		to, err := wanAmount(r.To)
		if err != nil || !to.IsPositive() || x.Type == "count" && !to.IsInteger() {
			l.at(file, "to", r.To, fmt.Sprintf("the chart's to %q is not an amount", r.To), `write where the axis ends, such as to = "200万"`)
			return nil
		}
		c.To = to
	}
	for k := range r.Given {
		if !m.Asks(k) {
			l.at(file, "", k, fmt.Sprintf("the chart gives %q, which the measure does not ask", k), "give only answers to the measure's own questions")
			return nil
		}
	}
	return c
}

// wanAmount reads an amount as the rules write one: 1500000, 150万.
func wanAmount(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if n, wan := strings.CutSuffix(s, "万"); wan {
		d, err := decimal.NewFromString(n)
		return d.Mul(decimal.NewFromInt(10000)), err
	}
	return decimal.NewFromString(s)
}

// supportSteps checks the steps that name a kind of support: only a
// non-cash measure's own steps may, and only with a kind the measure
// lists, since the kind is what the visitor reads the figure as.
func (l *loader) supportSteps(file string, r *rawMeasure, m *Measure) {
	check := func(steps []rawStep, ofItems bool) {
		for _, st := range steps {
			switch {
			case st.Support == "":
			case ofItems:
				l.at(file, "support", st.Support, fmt.Sprintf("the item step %q names a kind of support", st.ID),
					"name kinds on the measure's own [[steps]], which add up its items")
			case m.Kind != NonCash:
				l.at(file, "support", st.Support, fmt.Sprintf("step %q names a kind of support, but the measure is cash", st.ID),
					`only the figures of a kind = "non-cash" measure are reported by kind`)
			case !slices.Contains(m.Support, st.Support):
				l.at(file, "support", st.Support, fmt.Sprintf("step %q names support kind %q, which the measure's support list lacks", st.ID, st.Support),
					fmt.Sprintf("add %q to support = [...] at the top of the file, or fix the spelling", st.Support))
			}
		}
	}
	check(r.Steps, false)
	if r.Item != nil {
		check(r.Item.Steps, true)
	}
}

// policyScope is what every measure of a policy is compiled against: the
// policy's file, its names, its every_item level and the program so far.
type policyScope struct {
	file      string
	env       *expr.Env
	everyItem *rawLevel
	prog      *Program
}

func (l *loader) measure(file string, m *content.Measure, r *rawMeasure, scope policyScope) *Measure {
	policyEnv, everyItem, policyFile, prog := scope.env, scope.everyItem, scope.file, scope.prog
	out := &Measure{ID: m.Slug, Number: m.Number, Kind: r.Kind, Support: r.Support, Ask: r.Ask, Title: Text{}}
	for _, k := range r.Support {
		for _, lang := range l.langs {
			if _, ok := l.site.Strings[lang]["support_"+k]; !ok {
				l.at(file, "", k, fmt.Sprintf("support kind %q has no %s label", k, lang),
					fmt.Sprintf("add support_%s = \"…\" to content/i18n/%s.toml, or use a kind that has one", k, lang))
			}
		}
	}
	for lang, t := range m.Lang {
		out.Title[lang] = t.Title
	}
	if r.Kind != Cash && r.Kind != NonCash {
		l.at(file, "kind", r.Kind, fmt.Sprintf("kind %q", r.Kind), `kind = "cash" or kind = "non-cash" (reported apart, never added to the cash total)`)
	}
	l.texts(file, "", "ask", r.Ask, true)
	env := copyEnv(policyEnv)
	out.Inputs = l.inputs(file, r.Inputs, env)
	out.Conditions = l.conditions(file, r.Conditions, env)
	items := map[string]expr.Type(nil)
	if r.Item != nil {
		out.Item = &Level{Name: r.Item.Name}
		l.texts(file, "", "name", r.Item.Name, true)
		ienv := copyEnv(env)
		out.Item.Inputs = l.inputs(file, r.Item.Inputs, ienv)
		if out.Kind == Cash && everyItem != nil {
			for _, in := range prog.EveryItem.Inputs {
				if _, dup := ienv.Vars[in.ID]; dup {
					l.at(file, "id", in.ID, fmt.Sprintf("%q is already asked of every item by %s", in.ID, policyFile), "remove it here")
				}
				ienv.Vars[in.ID] = in.ExprType()
			}
		}
		out.Item.Conditions = l.conditions(file, r.Item.Conditions, ienv)
		steps, ok := l.steps(file, r.Item.Steps, ienv)
		out.Item.Steps = steps
		if len(r.Item.Steps) == 0 {
			l.at(file, "", "[item]", "the items have no steps", "add [[item.steps]] computing each item's award")
		}
		if ok && out.Kind == Cash && everyItem != nil {
			// The shared steps are checked in each measure's scope, where
			// the names they use (such as award) must exist.
			shared, sok := l.steps(policyFile, everyItem.Steps, ienv)
			if sok && prog.EveryItem.Steps == nil {
				prog.EveryItem.Steps = shared
			}
			if !sok {
				l.at(file, "", "[item]", fmt.Sprintf("the every_item steps of %s do not fit the items of measure %d", policyFile, m.Number),
					"every item needs the names those steps use, such as a step with id = \"award\"")
			}
		}
		items = ienv.Vars
	}
	menv := copyEnv(env)
	menv.Items = items
	steps, sok := l.steps(file, r.Steps, menv)
	out.Steps = steps
	if sok && out.Kind == Cash && out.Item == nil && everyItem != nil && len(steps) > 0 {
		l.asOneItem(file, m, out, menv, scope)
	}
	l.supportSteps(file, r, out)
	if r.Chart != nil {
		out.Chart = l.chart(file, r.Chart, out)
	}
	if len(r.Steps) == 0 && out.Item == nil {
		l.at(file, "", "kind", fmt.Sprintf("measure %d computes nothing", m.Number), "add [[steps]], or [item] with [[item.steps]]")
	}
	return out
}

func (l *loader) cases(file, measure string, raws []rawCase) []*Case {
	var out []*Case
	for _, r := range raws {
		line := 0
		if e := l.position(file, "name", r.Name, 0, "", ""); e != nil {
			line = e.Line
		}
		c := &Case{File: file, Line: line, Name: r.Name, Title: r.Title, Measure: measure, Answers: r.Answers, Measures: r.Measures, Expect: r.Expect,
			Source: l.sources[file]}
		if r.Name == "" {
			l.errs = append(l.errs, &diag.Error{Position: diag.Position{File: file}, Msg: "a case has no name", Hint: `add name = "…" saying what the case shows`})
		}
		if measure != "" {
			if r.Measures != nil {
				l.at(file, "name", r.Name, "a case in a measure's file gives that measure's answers under measure and items", "move cases about several measures to the policy's rules.toml")
			}
			c.Measures = map[string]map[string]any{measure: {}}
			if r.Measure != nil {
				c.Measures[measure]["answers"] = r.Measure
			}
			if r.Items != nil {
				items := make([]any, len(r.Items))
				for i, it := range r.Items {
					items[i] = it
				}
				c.Measures[measure]["items"] = items
			}
		} else if r.Measure != nil || r.Items != nil {
			l.at(file, "name", r.Name, "a case in the policy's file gives answers per measure under [cases.measures.ID]", "")
		}
		if len(r.Expect) == 0 {
			l.at(file, "name", r.Name, fmt.Sprintf("case %q expects nothing", r.Name), "add expect = { … }: a case must be able to fail")
		}
		out = append(out, c)
	}
	return out
}
