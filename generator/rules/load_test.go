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
