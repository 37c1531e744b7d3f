package eval

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"xihuguide/generator/rules"
	"xihuguide/generator/sitetest"
)

func program(t testing.TB) *rules.Program {
	t.Helper()
	return sitetest.Suite(t, "../../..", "xihu-ai-2025").Program
}

func TestFen(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0.00", "0.004": "0.00", "0.005": "0.01", "0.0049999": "0.00", "1.115": "1.12",
		"99999.995": "100000.00", "499999.998": "500000.00", "-0.005": "-0.01", "-1.114": "-1.11",
		"12345678901234.5": "12345678901234.50", "0.125": "0.13",
	} {
		if got := Fen(decimal.RequireFromString(in)); got != want {
			t.Errorf("Fen(%s) = %s, want %s", in, got, want)
		}
	}
}

const gatesOK = `"in_xihu": true, "sound_accounts": true, "good_credit": true, "major_accident": false,
	"executives_broke_law": false, "disqualified_recently": false, "application_date": "2026-05-01"`

func TestDecodeErrors(t *testing.T) {
	p := program(t)
	tests := []struct {
		json string
		want string
	}{
		{`{`, "(profile): not valid JSON"},
		{`{"answers": {}}`, "answers.in_xihu: missing answer"},
		{`{"answer": {}}`, "answer: unknown field (did you mean answers?)"},
		{`{"answers": {` + gatesOK + `, "in_xiu": true}}`, "answers.in_xiu: unknown field (did you mean in_xihu?)"},
		{`{"answers": {` + strings.Replace(gatesOK, `"2026-05-01"`, `"2026-02-30"`, 1) + `}}`, `answers.application_date: "2026-02-30" is not a date`},
		{`{"answers": {` + strings.Replace(gatesOK, `"2026-05-01"`, `"01/05/2026"`, 1) + `}}`, `is not a date`},
		{`{"answers": {` + strings.Replace(gatesOK, `"in_xihu": true`, `"in_xihu": "yes"`, 1) + `}}`, "answers.in_xihu: must be true or false"},
		{`{"policy": "other", "answers": {}}`, "policy: these answers are for other"},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-dataset": {}}}`, "measures.03-dataset: no measure has this id (did you mean 03-datasets?)"},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true, "annual_trade_amount": "-5"}]}}}`,
			"measures.03-datasets.items[0].annual_trade_amount: an amount cannot be negative"},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true, "annual_trade_amount": "1.005"}]}}}`,
			"more than two decimals"},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true, "annual_trade_amount": "1e6"}]}}}`,
			`"1e6" is not an amount`},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true, "annual_trade_amount": "12abc"}]}}}`,
			`"12abc" is not an amount`},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true, "annual_trade_amount": "1000000000000000"}]}}}`,
			"is too large"},
		{`{"answers": {` + gatesOK + `}, "measures": {"03-datasets": {"items": [{"on_xihu_station": true}]}}}`,
			"measures.03-datasets.items[0].annual_trade_amount: missing answer"},
		{`{"answers": {` + gatesOK + `}, "measures": {"08-industry-models": {"items": [{"released": true, "application_cases": 9.5}]}}}`,
			`"9.5" is not a whole number`},
		{`{"answers": {` + gatesOK + `}, "measures": {"10-data-elements-contest": {"items": [{"prize": "gold"}]}}}`,
			"gold is not one of national, provincial_first"},
		{`{"answers": {` + gatesOK + `}, "measures": {"06-open-source": {"answers": {"leading_model": true}, "items": []}}}`, "measures.06-open-source.items: this measure has no items"},
		{`{"answers": {` + gatesOK + `}} {}`, "more than one JSON value"},
	}
	for _, tt := range tests {
		_, err := DecodeJSON(p, []byte(tt.json))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s\n got %v\nwant …%s…", tt.json, err, tt.want)
		}
	}
}

// The result's JSON form is fixed: the example profile's result is pinned
// by a golden file, which the browser evaluator's tests compare with too.
func TestResultJSONForm(t *testing.T) {
	p := program(t)
	profile, err := os.ReadFile("../../../content/policies/xihu-ai-2025/example-profile.json")
	if err != nil {
		t.Fatal(err)
	}
	prof, err := DecodeJSON(p, profile)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Evaluate(p, prof)
	if err != nil {
		t.Fatal(err)
	}
	got := res.JSON()
	var back map[string]any
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(got), "\n ") && !strings.Contains(string(got), `"`) {
		t.Error("not compact")
	}
	golden := filepath.Join("testdata", "example-result.json")
	want, err := os.ReadFile(golden)
	if os.Getenv("UPDATE_GOLDEN") != "" || os.IsNotExist(err) && os.Getenv("CI") == "" {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(golden, got, 0o644)
		want = got
	}
	if string(got) != strings.TrimRight(string(want), "\n") {
		t.Errorf("result differs from %s (UPDATE_GOLDEN=1 go test to rewrite):\n%s", golden, got)
	}
	if !strings.HasPrefix(string(got), `{"policy":"xihu-ai-2025","rules":"`+p.Version+`","eligible":true,"gates":[{"id":"location","clause":"scope","passed":true}`) {
		t.Errorf("unexpected start: %.200s", got)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	p := program(f)
	example, _ := os.ReadFile("../../../content/policies/xihu-ai-2025/example-profile.json")
	f.Add(string(example))
	f.Add(`{"answers": {` + gatesOK + `}, "measures": {"02-compute-vouchers": {"items": [{"via_platform": true, "service_amount": "0.01"}]}}}`)
	f.Add(`{"answers": {"application_date": "2028-04-12"}}`)
	f.Fuzz(func(t *testing.T, data string) {
		prof, err := DecodeJSON(p, []byte(data))
		if err != nil {
			if _, ok := err.(*FieldError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		res, err := Evaluate(p, prof)
		if err != nil {
			t.Fatalf("a decoded profile failed to evaluate: %v", err)
		}
		for _, m := range res.Measures {
			lo, hi := decimal.RequireFromString(m.Low), decimal.RequireFromString(m.High)
			if lo.IsNegative() || lo.GreaterThan(hi) {
				t.Fatalf("measure %s: [%s, %s]", m.ID, m.Low, m.High)
			}
		}
	})
}
