package cases

import (
	"strings"
	"testing"

	"xihuguide/generator/content"
	"xihuguide/generator/rules"
	"xihuguide/generator/sitetest"
)

// Every case beside the real rules, each as its own subtest named by file
// and case.
func TestRealRules(t *testing.T) {
	site, err := content.Load("../../..")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range site.Policies {
		if !rules.Exists(site, p) {
			continue
		}
		suite, err := rules.Load(site, p, site.Prefix)
		if err != nil {
			t.Fatalf("the rules of %s do not load:\n%v", p.Slug, err)
		}
		for _, c := range suite.Cases {
			total++
			t.Run(c.File+"/"+c.Name, func(t *testing.T) {
				for _, problem := range Check(suite, c) {
					t.Errorf("%s:%d: %s", c.File, c.Line, problem)
				}
			})
		}
	}
	t.Logf("%d cases", total)
}

// A case whose expectation is wrong must fail, naming what differs.
func TestWrongExpectationsFail(t *testing.T) {
	suite := sitetest.Suite(t, sitetest.Write(t, sitetest.Minimal(), "../../.."), "demo")
	tests := []struct {
		expect map[string]any
		want   string
	}{
		{map[string]any{"status": "ineligible"}, `01-alpha.status: expected "ineligible", got "eligible"`},
		{map[string]any{"low": "500.01"}, `01-alpha.low: expected "500.01", got "500.00"`},
		{map[string]any{"low": 500}, `01-alpha.low: write the amount as text with two decimals, "500.00", not 500 (the result is "500.00")`},
		{map[string]any{"low": "500"}, `01-alpha.low: write the amount as text with two decimals, "500.00", not "500"`},
		{map[string]any{"cash_high": 500.5}, `cash_high: write the amount as text with two decimals, "500.50", not 500.5`},
		{map[string]any{"flags": []any{"review"}}, `flags: expected ["review"], got []`},
		{map[string]any{"cash_high": "0.00"}, `cash_high: expected "0.00", got "500.00"`},
		{map[string]any{"statu": "eligible"}, `unknown expectation "statu"`},
		{map[string]any{"items": []any{"eligible", "eligible"}}, "expected 2 items, got 1"},
	}
	for _, tt := range tests {
		c := &rules.Case{Name: "probe", Measure: "01-alpha", Expect: tt.expect,
			Measures: map[string]map[string]any{"01-alpha": {"items": []any{map[string]any{"cost": "5000"}}}}}
		problems := Check(suite, c)
		if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
			t.Errorf("expect %v: problems %q, want one with %q", tt.expect, problems, tt.want)
		}
	}
	bad := &rules.Case{Name: "bad answer", Measure: "01-alpha", Expect: map[string]any{"status": "eligible"},
		Measures: map[string]map[string]any{"01-alpha": {"items": []any{map[string]any{"cost": "12.345"}}}}}
	if problems := Check(suite, bad); len(problems) != 1 || !strings.Contains(problems[0], "items[0].cost") {
		t.Errorf("a malformed answer: %q", problems)
	}
}
