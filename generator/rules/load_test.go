package rules_test

import (
	"strings"
	"testing"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/rules"
	"xihuguide/generator/sitetest"
)

func load(t *testing.T, files map[string]string) (*rules.Suite, error) {
	t.Helper()
	root := sitetest.Write(t, files, "../..")
	site, err := content.Load(root)
	if err != nil {
		t.Fatalf("content: %v", err)
	}
	return rules.Load(site, site.Policy("demo"), site.Prefix)
}

func TestLoadMinimal(t *testing.T) {
	suite, err := load(t, sitetest.Minimal())
	if err != nil {
		t.Fatal(err)
	}
	p := suite.Program
	if len(p.Measures) != 2 || len(p.Gates) != 2 || len(suite.Cases) != 4 || len(p.Version) != 16 {
		t.Fatalf("%d measures, %d gates, %d cases, version %q", len(p.Measures), len(p.Gates), len(suite.Cases), p.Version)
	}
	if c := p.Clause("provision-1"); c == nil || c.URL["en"] != "/en/policies/demo/provisions/#provision-1" {
		t.Errorf("clause provision-1: %+v", c)
	}
	if got := len(p.ItemInputs(p.Measure("01-alpha"))); got != 2 {
		t.Errorf("alpha items ask %d inputs, want cost and received", got)
	}
}

// Every kind of mistake in a rule file is reported at its file, line and
// column, with a hint.
func TestRuleErrors(t *testing.T) {
	const alpha = "content/policies/demo/measures/01-alpha/rules.toml"
	const policy = "content/policies/demo/rules.toml"
	const beta = "content/policies/demo/measures/02-beta/rules.toml"
	base := sitetest.Minimal()
	edit := func(file, old, new string) map[string]string {
		if !strings.Contains(base[file], old) {
			t.Fatalf("fixture: %q not in %s", old, file)
		}
		return map[string]string{file: strings.Replace(base[file], old, new, 1)}
	}
	tests := []struct {
		name    string
		changes map[string]string
		want    string // position, then a part of the message
		msg     string
	}{
		{"syntax error", edit(alpha, `"min(cost * 10%, 10万)"`, `"min(cost * 10%, 10万"`), alpha + ":24:29", "expected , or )"},
		{"unknown name", edit(alpha, `"min(cost * 10%, 10万)"`, `"min(cots * 10%, 10万)"`), alpha + ":24:14", `unknown name "cots"`},
		{"money compared with a date", edit(alpha, `"cost >= 1000"`, `"cost >= applied_on"`), alpha + ":17:14", "cannot compare a money with a date"},
		{"a condition that is not one", edit(alpha, `"cost >= 1000"`, `"cost"`), alpha + ":17:9", "this is a money, but a bool is needed"},
		{"missing translation", edit(alpha, "label.en = \"Cost\"\n", ""), alpha + ":10:7", `label of "cost" has no en text`},
		{"clause that points nowhere", edit(alpha, `clause = "measure-1"`, `clause = "measure-9"`), alpha + ":18:11", `cites clause "measure-9"`},
		{"unknown flag", edit(alpha, "clause = \"measure-1\"\nexplain.zh = \"费用的10%", "clause = \"measure-1\"\nflags = [\"reveiw\"]\nexplain.zh = \"费用的10%"), alpha + ":26:11", `flag "reveiw"`},
		{"unknown key", edit(alpha, `kind = "cash"`, "kind = \"cash\"\nknid = 1"), alpha + ":2:1", `unknown key "knid"`},
		{"unknown input type", edit(alpha, `type = "money"`, `type = "yuan"`), alpha + ":11:9", `has type "yuan"`},
		{"kind", edit(alpha, `kind = "cash"`, `kind = "grant"`), alpha + ":1:", `kind "grant"`},
		{"every_item step without award", edit(alpha, `id = "award"`, `id = "grant"`), policy + ":", `unknown name "award"`},
		{"duplicate name", edit(alpha, `id = "cost"`, `id = "received"`), alpha + ":", `"received" is already asked of every item`},
		{"measure without rules", map[string]string{"content/policies/demo/measures/02-beta/rules.toml!": ""}, "content/policies/demo/measures/02-beta/rules.toml", "measure 2 has no rules"},
		{"case without expectation", edit(alpha, `expect = { status = "ineligible", failed = ["big-enough"] }`, ""), alpha + ":", "expects nothing"},
		{"case with an empty expectation", edit(alpha, `expect = { status = "ineligible", failed = ["big-enough"] }`, "expect = {}"), alpha + ":", "expects nothing"},
		{"steps that use each other", edit(beta, "value = \"range(1万, 2万)\"\nclause = \"measure-2\"", "value = \"later\"\nclause = \"measure-2\""+
			"\nexplain.zh = \"x\"\nexplain.en = \"x\"\n\n[[steps]]\nid = \"later\"\nvalue = \"award\"\nclause = \"measure-2\"\n"), beta + ":20:10", "later is computed by this step or a later one"},
		{"a step that uses itself", edit(beta, `value = "range(1万, 2万)"`, `value = "award + 1"`), beta + ":20:10", "award is computed by this step or a later one"},
		{"a formula nested too deep", edit(beta, `value = "range(1万, 2万)"`, `value = "`+strings.Repeat("(", 100_000)+"1"+strings.Repeat(")", 100_000)+`"`), beta + ":20:74", "the formula nests more than 64 deep"},
		{"two conditions with one id", edit(alpha, "[[item.steps]]", "[[item.conditions]]\nid = \"big-enough\"\nwhen = \"cost > 1\"\nclause = \"measure-1\"\nexplain.zh = \"x\"\nexplain.en = \"x\"\n\n[[item.steps]]"), alpha + ":23:7", `two conditions are named "big-enough"`},
		{"a step named as an input", edit(alpha, `id = "award"`, `id = "cost"`), alpha + ":23:7", `the name "cost" is already defined`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := load(t, sitetest.With(base, tt.changes))
			if err == nil {
				t.Fatal("no error")
			}
			var report strings.Builder
			for _, e := range diag.All(err) {
				report.WriteString(e.Report())
			}
			found := false
			for _, e := range diag.All(err) {
				if strings.HasPrefix(e.Error(), tt.want) && strings.Contains(e.Msg, tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error at %s saying %q:\n%s", tt.want, tt.msg, report.String())
			}
		})
	}
}

// One mistake gives one message: a step that does not compile (a missing
// parenthesis) still names an amount for the steps after it, which are not
// reported as using an unknown name; and the names listed as candidates
// are each listed once.
func TestOneMistakeOneMessage(t *testing.T) {
	const beta = "content/policies/demo/measures/02-beta/rules.toml"
	base := sitetest.Minimal()
	broken := strings.Replace(base[beta], `value = "range(1万, 2万)"`, `value = "min(1万, 2万"`, 1) +
		"\n[[steps]]\nid = \"capped\"\nvalue = \"min(award, 1万)\"\nclause = \"measure-2\"\nexplain.zh = \"x\"\nexplain.en = \"x\"\n"
	_, err := load(t, sitetest.With(base, map[string]string{beta: broken}))
	errs := diag.All(err)
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "expected , or )") {
		t.Errorf("%d problems:\n%v", len(errs), err)
	}
	_, err = load(t, sitetest.With(base, map[string]string{"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(
		base["content/policies/demo/measures/01-alpha/rules.toml"], `"min(cost * 10%, 10万)"`, `"min(zzzzzzzz * 10%, 10万)"`, 1)}))
	for _, e := range diag.All(err) {
		if names, ok := strings.CutPrefix(e.Hint, "the names here are "); ok {
			seen := map[string]bool{}
			for _, n := range strings.Split(names, ", ") {
				if seen[n] {
					t.Errorf("%s is listed twice: %s", n, e.Hint)
				}
				seen[n] = true
			}
		}
	}
}
