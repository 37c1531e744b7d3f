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

// fixture lays out the rich fixture site, whose rules use every kind of
// input.
func fixture(t testing.TB) string {
	t.Helper()
	return sitetest.Write(t, sitetest.Rich(), "../../..")
}

func program(t testing.TB) *rules.Program {
	t.Helper()
	return sitetest.Suite(t, fixture(t), "demo").Program
}

// Blanks around an amount (space, tab, line breaks) are dropped; nothing
// else is, in Go as in the browser.
func TestAmountsAroundBlanks(t *testing.T) {
	p := program(t)
	prof, err := DecodeJSON(p, []byte(`{"answers": {`+gatesOK+`}, "measures": {"01-alpha": {"items": [{"cost": " \t5000\r\n"}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := Evaluate(p, prof); res.Measures[0].Low != "500.00" {
		t.Errorf("%+v", res.Measures[0])
	}
}

func TestDuplicateKey(t *testing.T) {
	for doc, want := range map[string]string{
		`{"a": 1, "b": {"c": [1, {"d": 2, "d": 3}]}}`: "b.c[1].d",
		`{"a": 1, "a": 2}`:                            "a",
		`{"a": {"x": 1}, "b": {"x": 1}}`:              "",
		`[{"a": 1}, {"a": 2}]`:                        "",
		`{"s": "\"a\": 1, \"a\"", "t": [[], {}]}`:     "",
	} {
		if got := DuplicateKey([]byte(doc)); got != want {
			t.Errorf("DuplicateKey(%s) = %q, want %q", doc, got, want)
		}
	}
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

const gatesOK = `"in_district": true, "applied_on": "2025-06-01"`

func TestDecodeErrors(t *testing.T) {
	p := program(t)
	item := func(fields string) string {
		return `{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{` + fields + `}]}}}`
	}
	gamma := func(fields string) string {
		return `{"answers": {` + gatesOK + `}, "measures": {"03-gamma": {"items": [{"held": true, ` + fields + `}]}}}`
	}
	tests := []struct {
		json string
		want string
	}{
		{`{`, "(profile): not valid JSON"},
		{`{"answers": {}}`, "answers.in_district: missing answer"},
		{`{"answer": {}}`, "answer: unknown field (did you mean answers?)"},
		{`{"answers": {` + gatesOK + `, "in_distict": true}}`, "answers.in_distict: unknown field (did you mean in_district?)"},
		{`{"answers": {` + strings.Replace(gatesOK, `"2025-06-01"`, `"2025-02-30"`, 1) + `}}`, `answers.applied_on: "2025-02-30" is not a date`},
		{`{"answers": {` + strings.Replace(gatesOK, `"2025-06-01"`, `"01/06/2025"`, 1) + `}}`, `is not a date`},
		{`{"answers": {` + strings.Replace(gatesOK, `"in_district": true`, `"in_district": "yes"`, 1) + `}}`, "answers.in_district: must be true or false"},
		{`{"policy": "other", "answers": {}}`, "policy: these answers are for other"},
		{`{"answers": {` + gatesOK + `}, "measures": {"01-alpa": {}}}`, "measures.01-alpa: no measure has this id (did you mean 01-alpha?)"},
		{item(`"cost": "-5"`), "measures.01-alpha.items[0].cost: an amount cannot be negative"},
		{item(`"cost": "1.005"`), "more than two decimals"},
		{item(`"cost": "1e6"`), `"1e6" is not an amount`},
		{item(`"cost": "12abc"`), `"12abc" is not an amount`},
		{item(`"cost": "1000000000000000"`), "is too large"},
		{item(``), "measures.01-alpha.items[0].cost: missing answer"},
		{gamma(`"level": "national", "enterprises": 9.5`), `"9.5" is not a whole number`},
		{gamma(`"level": "gold", "enterprises": 9`), "gold is not one of national, provincial"},
		{`{"answers": {` + gatesOK + `}, "measures": {"02-beta": {"answers": {"wants": true}, "items": []}}}`, "measures.02-beta.items: this measure has no items"},
		{`{"answers": {` + gatesOK + `}} {}`, "more than one JSON value"},
		{`[]`, `(profile): must be an object: {"policy": …`},
		{`{"answers": {"in_district": true, "in_district": false, "applied_on": "2025-06-01"}}`, "answers.in_district: given twice: keep one"},
		{item(`"cost": "5000", "cost": "6000"`), "measures.01-alpha.items[0].cost: given twice"},
		{item(`"cost": "\u00851000"`), `"\u00851000" is not an amount`},
		{item(`"cost": "\ufeff1000"`), `"\ufeff1000" is not an amount`},
		{item(`"cost": "\u30001000"`), `is not an amount`},
		{item(`"cost": "` + strings.Repeat("9x", 5000) + `"`), `"` + strings.Repeat("9x", 20) + `…" is not an amount`},
	}
	for _, tt := range tests {
		_, err := DecodeJSON(p, []byte(tt.json))
		if err != nil && len(err.Error()) > 300 {
			t.Errorf("a message of %d bytes echoes the answer", len(err.Error()))
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s\n got %v\nwant …%s…", tt.json, err, tt.want)
		}
	}
}

// The result's JSON form is fixed: the fixture's example profile's result
// is pinned by a golden file.
func TestResultJSONForm(t *testing.T) {
	root := fixture(t)
	p := sitetest.Suite(t, root, "demo").Program
	profile, err := os.ReadFile(filepath.Join(root, "content/policies/demo/example-profile.json"))
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
	if !strings.HasPrefix(string(got), `{"policy":"demo","rules":"`+p.Version+`","eligible":true,"gates":[{"id":"location","clause":"scope","passed":true}`) {
		t.Errorf("unexpected start: %.200s", got)
	}
}

func FuzzDecodeJSON(f *testing.F) {
	root := fixture(f)
	p := sitetest.Suite(f, root, "demo").Program
	example, _ := os.ReadFile(filepath.Join(root, "content/policies/demo/example-profile.json"))
	f.Add(string(example))
	f.Add(`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": "0.01"}]}}}`)
	f.Add(`{"answers": {"applied_on": "2025-12-31"}}`)
	// Keys given twice, white space around amounts, the wrong shapes, deep
	// and huge values.
	for _, seed := range []string{
		`{"answers": {"in_district": true, "in_district": false, "applied_on": "2025-06-01"}}`,
		`{"answers": {` + gatesOK + `}, "answers": {}}`,
		`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": "1", "cost": "2"}]}}}`,
		`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": "\u0085100"}]}}}`,
		`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": "\ufeff100 "}]}}}`,
		`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": " \t100\r\n"}]}}}`,
		`[]`, `[{}]`, `null`, `"x"`, `{"answers": []}`, `{"measures": {"01-alpha": {"items": {}}}}`,
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000),
		`{"answers": {"x": ` + strings.Repeat(`{"a":`, 2000) + "1" + strings.Repeat("}", 2000) + `}}`,
		`{"answers": {` + gatesOK + `}, "measures": {"01-alpha": {"items": [{"cost": "` + strings.Repeat("9", 5000) + `"}]}}}`,
	} {
		f.Add(seed)
	}
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

// Amounts as people write them mean what they say; anything else is left
// for the check to refuse.
func TestAmount(t *testing.T) {
	for in, want := range map[string]string{
		"1200000": "1200000", "1,200,000": "1200000", "1,200,000.50": "1200000.50", "１２００００": "120000",
		"１，２００，０００．５": "1200000.5", "120万": "1200000", "120万元": "1200000", "1200000元": "1200000",
		"120.5万": "1205000", "0.5万": "5000", "0.00001万": "0.1", "1.2345678万": "12345.678", " 120万 ": "1200000",
		"0万": "0", "1,2": "1,2", "12,00": "12,00", "万": "万", "-5万": "-5万", "1e6": "1e6", "120 万": "120 万", "1,200万": "12000000",
	} {
		if got := Amount(in); got != want {
			t.Errorf("Amount(%q) = %q, want %q", in, got, want)
		}
	}
}
