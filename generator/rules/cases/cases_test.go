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
	if total < 60 {
		t.Errorf("only %d cases", total)
	}
}

// A case whose expectation is wrong must fail, naming what differs.
func TestWrongExpectationsFail(t *testing.T) {
	suite := sitetest.Suite(t, "../../..", "xihu-ai-2025")
	tests := []struct {
		expect map[string]any
		want   string
	}{
		{map[string]any{"status": "ineligible"}, `03-datasets.status: expected "ineligible", got "eligible"`},
		{map[string]any{"low": "50000.01"}, `03-datasets.low: expected "50000.01", got "50000.00"`},
		{map[string]any{"low": 50000}, `expected 50000, got "50000.00"`},
		{map[string]any{"flags": []any{}}, `flags: expected [], got ["one-time"]`},
		{map[string]any{"cash_high": "0.00"}, `cash_high: expected "0.00", got "50000.00"`},
		{map[string]any{"statu": "eligible"}, `unknown expectation "statu"`},
		{map[string]any{"items": []any{"eligible", "eligible"}}, "expected 2 items, got 1"},
	}
	for _, tt := range tests {
		c := &rules.Case{Name: "probe", Measure: "03-datasets", Expect: tt.expect,
			Measures: map[string]map[string]any{"03-datasets": {"items": []any{map[string]any{
				"on_xihu_station": true, "annual_trade_amount": "1000000"}}}}}
		problems := Check(suite, c)
		if len(problems) != 1 || !strings.Contains(problems[0], tt.want) {
			t.Errorf("expect %v: problems %q, want one with %q", tt.expect, problems, tt.want)
		}
	}
	bad := &rules.Case{Name: "bad answer", Measure: "03-datasets", Expect: map[string]any{"status": "eligible"},
		Measures: map[string]map[string]any{"03-datasets": {"items": []any{map[string]any{"on_xihu_station": true, "annual_trade_amount": "12.345"}}}}}
	if problems := Check(suite, bad); len(problems) != 1 || !strings.Contains(problems[0], "items[0].annual_trade_amount") {
		t.Errorf("a malformed answer: %q", problems)
	}
}
