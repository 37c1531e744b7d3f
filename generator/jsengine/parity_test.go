package jsengine

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/rules/eval"
	"xihuguide/generator/rules/expr"
	"xihuguide/generator/sitetest"
)

type fixture struct {
	suite *rules.Suite
	rules string // the compiled rules as the browser receives them
	js    *Engine
}

// setups returns a fixture for each policy with rules: the rich test site's
// one, then each of the real site's, whatever the editors have written.
// Only parity is asserted on the real site's: its figures are the editors'
// cases' business.
func setups(t testing.TB) (test *fixture, real []*fixture) {
	t.Helper()
	js, err := New("../..")
	if err != nil {
		t.Fatal(err)
	}
	make := func(suite *rules.Suite) *fixture {
		return &fixture{suite: suite, rules: string(suite.Program.JSON()), js: js}
	}
	test = make(sitetest.Suite(t, sitetest.Write(t, sitetest.Rich(), "../.."), "demo"))
	site, err := content.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	suites, err := build.LoadRules(site)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range site.Policies {
		if suite := suites[p.Slug]; suite != nil {
			real = append(real, make(suite))
		}
	}
	return test, real
}

// goResult evaluates in Go, returning the result's JSON or the same
// {"error": PATH} form as the TypeScript engine.
func (f *fixture) goResult(profile []byte) string {
	prof, err := eval.DecodeJSON(f.suite.Program, profile)
	if err != nil {
		if fe, ok := err.(*eval.FieldError); ok {
			b, _ := json.Marshal(map[string]string{"error": fe.Path})
			return string(b)
		}
		return err.Error()
	}
	res, err := eval.Evaluate(f.suite.Program, prof)
	if err != nil {
		return err.Error()
	}
	return string(res.JSON())
}

func (f *fixture) compare(t testing.TB, profile []byte) (same bool, goOut, jsOut string) {
	goOut = f.goResult(profile)
	jsOut, err := f.js.Evaluate(f.rules, string(profile))
	if err != nil {
		jsOut = "exception: " + err.Error()
	}
	return goOut == jsOut, goOut, jsOut
}

func TestParityOnEveryCase(t *testing.T) {
	test, real := setups(t)
	for _, f := range append(real, test) {
		for _, c := range f.suite.Cases {
			profile, err := json.Marshal(cases.JSONProfile(cases.Profile(f.suite, c)))
			if err != nil {
				t.Fatal(err)
			}
			if same, g, j := f.compare(t, profile); !same {
				t.Errorf("%s: %s:\nprofile %s\ngo %s\nts %s", c.File, c.Name, profile, g, j)
			}
		}
	}
}

// parityRun reads PARITY_SEED (default 1, so that a run can be repeated)
// and PARITY_N (profiles per policy, default 500; .ci/run asks for 4,000).
func parityRun(t testing.TB) (seed int64, n int) {
	seed, n = 1, 500
	if s := os.Getenv("PARITY_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	if s := os.Getenv("PARITY_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	if testing.Short() {
		n = min(n, 500)
	}
	return seed, n
}

// On every real policy's rules, random profiles drawn from the rules' own
// inputs give the same bytes in Go and TypeScript.
func TestParityOnRandomProfilesOfTheSite(t *testing.T) {
	_, real := setups(t)
	seed, n := parityRun(t)
	for _, f := range real {
		g := newGenerator(f.suite.Program, seed)
		for i := 0; i < n; i++ {
			profile := g.profile()
			if same, goOut, jsOut := f.compare(t, profile); !same {
				t.Fatalf("%s: profile %d differs (rerun with PARITY_SEED=%d):\nprofile %s\ngo %s\nts %s", f.suite.Program.Policy, i, seed, profile, goOut, jsOut)
			}
		}
		t.Logf("%s: seed %d, %d profiles the same in both", f.suite.Program.Policy, seed, n)
	}
}

// On the test site, whose rules use every kind of input, the profiles also
// reach both sides: valid ones with awards, and answers both refuse.
func TestParityOnRandomProfiles(t *testing.T) {
	f, _ := setups(t)
	seed, n := parityRun(t)
	g := newGenerator(f.suite.Program, seed)
	eligible, rejected := 0, 0
	for i := 0; i < n; i++ {
		profile := g.profile()
		same, goOut, jsOut := f.compare(t, profile)
		if !same {
			t.Fatalf("profile %d differs (rerun with PARITY_SEED=%d):\nprofile %s\ngo %s\nts %s", i, seed, profile, goOut, jsOut)
		}
		switch {
		case len(goOut) > 9 && goOut[:9] == `{"error":`:
			rejected++
		case json.Valid([]byte(goOut)) && containsEligible(goOut):
			eligible++
		}
	}
	// The generator must reach both sides: valid profiles with awards, and
	// answers both evaluators refuse.
	if eligible < n/10 || rejected < n/50 || rejected > n/2 {
		t.Errorf("seed %d: %d of %d profiles had an eligible measure, %d were refused", seed, eligible, n, rejected)
	}
	t.Logf("seed %d: %d profiles, %d with an eligible measure, %d refused by both", seed, n, eligible, rejected)
}

func containsEligible(result string) bool {
	var r eval.Result
	json.Unmarshal([]byte(result), &r)
	for _, m := range r.Measures {
		if m.Status == eval.Eligible {
			return true
		}
	}
	return false
}

func FuzzParity(f *testing.F) {
	fx, _ := setups(f)
	f.Add(int64(1), uint8(0))
	f.Add(int64(20250413), uint8(3))
	f.Fuzz(func(t *testing.T, seed int64, shape uint8) {
		g := newGenerator(fx.suite.Program, seed)
		g.invalidShare = int(shape%8) * 3
		profile := g.profile()
		if same, goOut, jsOut := fx.compare(t, profile); !same {
			t.Fatalf("profile %s\ngo %s\nts %s", profile, goOut, jsOut)
		}
	})
}

// generator makes random profiles for a Program, drawing amounts near the
// figures the rules use (thresholds and caps, a fen either side, and the
// bases that reach a cap at a rate), at the edges (0, 0.01, the largest
// accepted) and at random, and now and then an answer that must be refused.
type generator struct {
	p            *rules.Program
	r            *rand.Rand
	amounts      []string
	invalidShare int  // out of 100, for each answer of a profile that has bad answers
	bad          bool // whether the profile being made may hold bad answers
}

func newGenerator(p *rules.Program, seed int64) *generator {
	g := &generator{p: p, r: rand.New(rand.NewSource(seed)), invalidShare: 4}
	seen := map[string]bool{}
	add := func(d decimal.Decimal) {
		if d.IsNegative() {
			return
		}
		s := d.Round(2).StringFixed(2)
		if !seen[s] {
			seen[s] = true
			g.amounts = append(g.amounts, s)
		}
	}
	for _, s := range []string{"0", "0.01", "0.02", "0.05", "999999999999999.99", "123456789012.34"} {
		add(decimal.RequireFromString(s))
	}
	var literals []decimal.Decimal
	walk(p, func(n *expr.Node) {
		if n.K == "num" {
			literals = append(literals, decimal.RequireFromString(n.V))
		}
	})
	fen := decimal.New(1, -2)
	for _, l := range literals {
		add(l)
		add(l.Add(fen))
		add(l.Sub(fen))
		for _, rate := range literals {
			if rate.IsPositive() && rate.LessThan(decimal.NewFromInt(1)) {
				base := l.DivRound(rate, 2)
				add(base)
				add(base.Add(fen))
				add(base.Sub(fen))
			}
		}
	}
	return g
}

func walk(p *rules.Program, fn func(*expr.Node)) {
	var visit func(n *expr.Node)
	visit = func(n *expr.Node) {
		if n == nil {
			return
		}
		fn(n)
		for _, a := range n.Args {
			visit(a)
		}
	}
	conds := append([]*rules.Condition{}, p.Gates...)
	var steps []*rules.Step
	if p.EveryItem != nil {
		steps = append(steps, p.EveryItem.Steps...)
	}
	for _, m := range p.Measures {
		conds = append(conds, m.Conditions...)
		steps = append(steps, m.Steps...)
		if m.Item != nil {
			conds = append(conds, m.Item.Conditions...)
			steps = append(steps, m.Item.Steps...)
		}
	}
	for _, c := range conds {
		visit(c.When)
	}
	for _, s := range steps {
		visit(s.Value)
	}
}

func (g *generator) chance(percent int) bool { return g.r.Intn(100) < percent }

// invalid says whether to give a bad answer here.
func (g *generator) invalid() bool { return g.bad && g.chance(g.invalidShare) }

func (g *generator) money() any {
	if g.invalid() {
		return []any{"-5", "1.005", "12abc", "1e6", "", " ", "1000000000000000", 12.5}[g.r.Intn(8)]
	}
	if g.chance(70) {
		return g.amounts[g.r.Intn(len(g.amounts))]
	}
	whole := g.r.Int63n([]int64{10, 1000, 1_000_000, 100_000_000, 1_000_000_000_000}[g.r.Intn(5)])
	if g.chance(50) {
		return strconv.FormatInt(whole, 10)
	}
	return fmt.Sprintf("%d.%02d", whole, g.r.Intn(100))
}

func (g *generator) value(in *rules.Input) any {
	switch in.Type {
	case "money":
		return g.money()
	case "count":
		if g.invalid() {
			return []any{"-1", "9.5", "many", "10000000000"}[g.r.Intn(4)]
		}
		v := []int64{0, 1, 9, 10, 11, 49, 50, 51, 99, 100, 101, 4_999_999, 5_000_000, 5_000_001, 1_000_000_000}[g.r.Intn(15)]
		if g.chance(50) {
			return strconv.FormatInt(v, 10)
		}
		return v
	case "bool":
		if g.invalid() {
			return "yes"
		}
		return g.chance(75)
	case "date":
		if g.invalid() {
			return []string{"2026-02-30", "2026/05/01", "tomorrow", "2026-13-01"}[g.r.Intn(4)]
		}
		days := []string{"2025-04-12", "2025-04-13", "2026-05-01", "2027-12-31", "2028-02-29", "2028-04-12", "2028-04-13", "2030-01-01"}
		return days[g.r.Intn(len(days))]
	case "choice":
		if g.invalid() {
			return "none-of-these"
		}
		return in.Options[g.r.Intn(len(in.Options))].ID
	}
	return nil
}

func (g *generator) answers(inputs []*rules.Input) map[string]any {
	out := map[string]any{}
	for _, in := range inputs {
		if in.Default != nil && g.chance(30) {
			continue // left to its default
		}
		if in.Type == "bool" && in.ID != "" {
			// Gate questions lean towards passing, so that measures are reached.
			out[in.ID] = g.value(in)
			continue
		}
		out[in.ID] = g.value(in)
	}
	if g.invalid() && len(inputs) > 0 {
		delete(out, inputs[g.r.Intn(len(inputs))].ID) // a missing answer
	}
	return out
}

func (g *generator) profile() []byte {
	g.bad = g.chance(20)
	answers := g.answers(g.p.Inputs)
	for _, in := range g.p.Inputs {
		if in.Type == "bool" && g.chance(85) {
			// Most visitors pass the gates: asked the way each gate wants.
			answers[in.ID] = gatePassing(in.ID, g.p)
		}
	}
	measures := map[string]any{}
	for _, m := range g.p.Measures {
		if !g.chance(40) {
			continue
		}
		ma := map[string]any{"answers": g.answers(m.Inputs)}
		if m.Item != nil {
			items := []any{}
			if g.chance(5) {
				items = nil // null, which both read as no items
			}
			for i := g.r.Intn(4); i > 0; i-- {
				items = append(items, g.answers(g.p.ItemInputs(m)))
			}
			ma["items"] = items
		}
		measures[m.ID] = ma
	}
	b, _ := json.Marshal(map[string]any{"policy": g.p.Policy, "answers": answers, "measures": measures})
	return b
}

// gatePassing answers a yes/no question the way the gates want: a gate
// written "not x" wants false.
func gatePassing(id string, p *rules.Program) bool {
	for _, gate := range p.Gates {
		if gate.When.K == "not" && gate.When.Args[0].K == "var" && gate.When.Args[0].V == id {
			return false
		}
	}
	return true
}

// Answers an attacker or a careless tool would send give the same result,
// or the same refusal at the same path, in Go and in the browser's reader:
// a key given twice, white space of every kind around an amount, a list
// where the profile should be.
func TestParityOnHostileProfiles(t *testing.T) {
	f, _ := setups(t)
	gates := `"in_district": true, "applied_on": "2025-06-01"`
	item := func(fields string) string {
		return `{"answers": {` + gates + `}, "measures": {"01-alpha": {"items": [{` + fields + `}]}}}`
	}
	profiles := []string{
		`[]`, `[{"answers": {}}]`, `"text"`, `null`,
		`{"answers": {"in_district": true, "in_district": false, "applied_on": "2025-06-01"}}`,
		`{"answers": {` + gates + `}, "answers": {}}`,
		item(`"cost": "5000", "cost": "6000"`),
		`{"answers": {` + gates + `}, "measures": {"01-alpha": {"items": [{"cost": "1"}]}, "01-alpha": {}}}`,
	}
	// Amounts as people write them: the two readers must read them alike.
	for _, amount := range []string{"1,200,000", "1,200,000.50", "１２００００", "１，２００，０００．５", "120万", "120万元", "1200000元",
		"120.5万", "0.5万", "0.00001万", "1.2345678万", "1,200万", "1,2", "12,00", "万", "-5万", "1e6", "120 万", "1,200.123万", "999999999999999万"} {
		enc, _ := json.Marshal(amount)
		profiles = append(profiles, item(`"cost": `+string(enc)))
	}
	for _, blank := range []string{" ", "\t", "\r\n", "\u0085", "\ufeff", "\u00a0", "\u3000", "\u2028", "\u000b", "\u000c"} {
		enc, _ := json.Marshal(blank + "5000" + blank)
		profiles = append(profiles, item(`"cost": `+string(enc)))
	}
	for _, profile := range profiles {
		if same, g, j := f.compare(t, []byte(profile)); !same {
			t.Errorf("profile %s\ngo %s\nts %s", profile, g, j)
		}
	}
}

// The browser's evaluator holds rules to the parser's depth: rules whose
// formula nests deeper than expr.MaxDepth are refused whole, not evaluated
// until the stack runs out; rules at the limit are evaluated.
func TestEvaluatorRefusesRulesNestedTooDeep(t *testing.T) {
	f, _ := setups(t)
	profile := `{"answers": {"in_district": true, "applied_on": "2025-06-01"}, "measures": {"02-beta": {"answers": {"wants": true}}}}`
	nested := func(depth int) string {
		return strings.Repeat(`{"k":"neg","a":[`, depth-1) + `{"k":"num","v":"1"}` + strings.Repeat(`]}`, depth-1)
	}
	for depth, refused := range map[int]bool{expr.MaxDepth: false, expr.MaxDepth + 1: true, 100_000: true} {
		rules := strings.Replace(f.rules, `"when":{"k":"var","v":"wants"}`, `"when":{"k":"bin","op":"==","a":[`+nested(depth-1)+`,{"k":"num","v":"1"}]}`, 1)
		if rules == f.rules {
			t.Fatal("fixture: the condition wants is not in the rules")
		}
		_, err := f.js.Evaluate(rules, profile)
		if (err != nil) != refused || refused && !strings.Contains(err.Error(), "nest deeper") {
			t.Errorf("rules %d deep: %v", depth, err)
		}
	}
}

// FuzzParityRules takes a measure's rules.toml and a profile: rules the
// build accepts are run in Go and in TypeScript on the profile, and the two
// must give the same bytes, or refuse it at the same path. The fuzzer so
// reaches what neither the fixed rules nor the generated profiles do:
// formulas and inputs of every shape, and profile texts of every shape.
//
//	go test ./generator/jsengine -run X -fuzz FuzzParityRules -fuzztime 10m
func FuzzParityRules(f *testing.F) {
	root := sitetest.Write(f, sitetest.Rich(), "../..")
	site, err := content.Load(root)
	if err != nil {
		f.Fatal(err)
	}
	js, err := New("../..")
	if err != nil {
		f.Fatal(err)
	}
	const file = "content/policies/demo/measures/03-gamma/rules.toml"
	gamma := sitetest.Rich()[file]
	example, _ := os.ReadFile(filepath.Join(root, "content/policies/demo/example-profile.json"))
	gates := `"in_district": true, "applied_on": "2025-06-01"`
	item := func(fields string) string {
		return `{"answers": {` + gates + `}, "measures": {"03-gamma": {"items": [{` + fields + `}]}}}`
	}
	for _, seed := range [][2]string{
		{gamma, string(example)},
		{gamma, item(`"held": true, "level": "national", "enterprises": 50, "held": false`)},
		{gamma, item(`"held": true, "level": "national", "enterprises": "\u008550"`)},
		{gamma, item(`"held": true, "level": "provincial", "enterprises": 49, "received": "\ufeff10"`)},
		{strings.Replace(gamma, `"match(level, 'national', 5万, 'provincial', 3万) + if(enterprises >= 50, 1万, 0)"`,
			`"max(0, min(match(level, 'national', 5万, 'provincial', 3万) * 37.5%, 1万 - 0.01) - if(not held, 1, 0))"`, 1), item(`"held": true, "level": "national", "enterprises": 1`)},
		{strings.Replace(gamma, `"match(level, 'national', 5万, 'provincial', 3万) + if(enterprises >= 50, 1万, 0)"`,
			`"`+strings.Repeat("(", 60)+"1万"+strings.Repeat(")", 60)+`"`, 1), item(`"held": true, "level": "national", "enterprises": 0`)},
		{gamma, `[]`},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, rulesTOML, profile string) {
		if err := os.WriteFile(filepath.Join(root, file), []byte(rulesTOML), 0o644); err != nil {
			t.Fatal(err)
		}
		suite, err := rules.Load(site, site.Policy("demo"), site.Prefix)
		if err != nil {
			return // the build refuses these rules, with its message
		}
		fx := &fixture{suite: suite, rules: string(suite.Program.JSON()), js: js}
		if same, goOut, jsOut := fx.compare(t, []byte(profile)); !same {
			t.Fatalf("rules:\n%s\nprofile %s\ngo %s\nts %s", rulesTOML, profile, goOut, jsOut)
		}
	})
}
