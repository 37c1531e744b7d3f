package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/report"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"
)

var asOf = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// site builds the site under root into a temporary folder and serves it.
func site(t *testing.T, root string) (base string, suites map[string]*rules.Suite) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Root: root, Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("build:\n%v", err)
	}
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	suites, err = build.LoadRules(s)
	if err != nil {
		t.Fatal(err)
	}
	return Serve(t, out).URL, suites
}

// A visit is what a visitor types and clicks: answers by question id
// ("yes"/"no" for yes-or-no questions, an option id for a choice, text for
// the rest), and for each measure chosen, its answers and items.
type visit struct {
	name     string
	answers  map[string]string
	measures []measureVisit
}

type measureVisit struct {
	id      string
	answers map[string]string
	items   []map[string]string
}

var passGates = map[string]string{"in_xihu": "yes", "sound_accounts": "yes", "good_credit": "yes", "major_accident": "no",
	"executives_broke_law": "no", "disqualified_recently": "no", "application_date": "2026-05-01"}

func with(base map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

var visits = []visit{
	{"several measures with items, caps and deductions", passGates, []measureVisit{
		{"02-compute-vouchers", map[string]string{"paid_this_year": "150000"}, []map[string]string{
			{"via_platform": "yes", "service_amount": "1200000.50"}, {"via_platform": "yes", "service_amount": "800000"}}},
		{"03-datasets", nil, []map[string]string{
			{"on_xihu_station": "yes", "annual_trade_amount": "1000000", "declared_before": "no"},
			{"on_xihu_station": "yes", "annual_trade_amount": "999999.99", "declared_before": "no"}}},
		{"04-model-filing", nil, []map[string]string{{"self_developed": "yes", "filing": "national", "received_same_project": "100000"}}},
		{"09-matchmaking-events", nil, []map[string]string{{"self_organised": "yes", "enterprises": "120", "spending": "385000.55"}}},
	}},
	{"a failed gate gives every measure nothing", with(passGates, map[string]string{"in_xihu": "no"}), []measureVisit{
		{"03-datasets", nil, []map[string]string{{"on_xihu_station": "yes", "annual_trade_amount": "2000000", "declared_before": "no"}}},
	}},
	{"thresholds, a range by review and non-cash support", with(passGates, map[string]string{"application_date": "2028-04-12"}), []measureVisit{
		{"06-open-source", map[string]string{"leading_model": "yes"}, nil},
		{"09-matchmaking-events", nil, []map[string]string{
			{"self_organised": "yes", "enterprises": "100", "publicity": "4999999", "spending": "500000"},
			{"self_organised": "yes", "enterprises": "101", "spending": "999999.95"}}},
		{"12-finance", nil, []map[string]string{{"support": "equity", "meets_conditions": "yes"}}},
	}},
}

func fieldID(key string) string { return "f-" + strings.ReplaceAll(key, ".", "-") }

// fill answers one question the way a visitor does: a click on the radio
// button, or typing into the box. A date box is set as its picker would.
func fill(p *rules.Program, key, value string, in *rules.Input) chromedp.Action[chromedp.Void] {
	id := fieldID(key)
	switch in.Type {
	case "bool", "choice":
		return chromedp.Click(chromedp.ID(id + "-" + value))
	case "date":
		return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			js := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, id, value)
			_, err := chromedp.Evaluate[bool](js)(ctx, tgt)
			return err
		})
	}
	return chromedp.Steps(chromedp.Clear(chromedp.ID(id)), chromedp.SendKeys(chromedp.ID(id), value))
}

func inputByID(list []*rules.Input, id string) *rules.Input {
	for _, in := range list {
		if in.ID == id {
			return in
		}
	}
	return nil
}

// actions turns a visit into browser actions, and into the profile the Go
// evaluator gets for the same answers.
func (v visit) actions(t *testing.T, p *rules.Program) ([]chromedp.Action[chromedp.Void], []byte) {
	var steps []chromedp.Action[chromedp.Void]
	typed := func(in *rules.Input, s string) any {
		if in.Type == "bool" {
			return s == "yes"
		}
		return s
	}
	answers := map[string]any{}
	for _, in := range p.Inputs {
		if s, ok := v.answers[in.ID]; ok {
			steps = append(steps, fill(p, in.ID, s, in))
			answers[in.ID] = typed(in, s)
		}
	}
	measures := map[string]any{}
	for _, mv := range v.measures {
		m := p.Measure(mv.id)
		if m == nil {
			t.Fatalf("no measure %s", mv.id)
		}
		steps = append(steps, chromedp.Click(chromedp.ID("choose-"+m.ID)))
		ma := map[string]any{}
		for k, s := range mv.answers {
			in := inputByID(m.Inputs, k)
			steps = append(steps, fill(p, m.ID+"."+k, s, in))
			ma[k] = typed(in, s)
		}
		entry := map[string]any{"answers": ma}
		if m.Item != nil {
			var items []any
			for i, it := range mv.items {
				if i > 0 {
					steps = append(steps, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-add="%s"]`, m.ID))))
				}
				obj := map[string]any{}
				for k, s := range it {
					in := inputByID(p.ItemInputs(m), k)
					steps = append(steps, fill(p, fmt.Sprintf("%s.%d.%s", m.ID, i+1, k), s, in))
					obj[k] = typed(in, s)
				}
				items = append(items, obj)
			}
			entry["items"] = items
		}
		measures[m.ID] = entry
	}
	profile, _ := json.Marshal(map[string]any{"policy": p.Policy, "answers": answers, "measures": measures})
	return steps, profile
}

type shown struct {
	Total    [2]string            `json:"total"`
	Measures map[string][3]string `json:"measures"` // id → status, low, high
	Text     string               `json:"text"`
}

const readResults = `(() => {
  const out = {total: ["", ""], measures: {}, text: ""};
  const t = document.getElementById("cash-total");
  if (t) out.total = [t.dataset.low, t.dataset.high];
  document.querySelectorAll(".result-measure").forEach(a => {
    out.measures[a.dataset.measure] = [a.dataset.status, a.dataset.low || "", a.dataset.high || ""];
  });
  const r = document.getElementById("results-live");
  out.text = r ? r.innerText : "";
  return out;
})()`

// The self-check, filled in as a visitor would in each language, shows the
// figures the Go evaluator computes for the same answers, and sends no
// request once the page and its rules are loaded.
func TestSelfCheckMatchesGo(t *testing.T) {
	base, suites := site(t, "../..")
	p := suites["xihu-ai-2025"].Program
	for _, lang := range []string{"", "/en"} {
		for _, v := range visits {
			t.Run(map[string]string{"": "zh", "/en": "en"}[lang]+" "+v.name, func(t *testing.T) {
				ctx := Browser(t)
				reqs := Watch(t, ctx)
				page := base + lang + "/policies/xihu-ai-2025/check/"
				if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#check-app form")),
					chromedp.WaitVisible(chromedp.ID("results-message"))); err != nil {
					t.Fatal(err)
				}
				loaded := reqs.Mark()
				steps, profile := v.actions(t, p)
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
				if err != nil {
					t.Fatal(err)
				}
				prof, err := eval.DecodeJSON(p, profile)
				if err != nil {
					t.Fatalf("%s: %v", profile, err)
				}
				want, err := eval.Evaluate(p, prof)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != [2]string{want.Cash.Low, want.Cash.High} {
					t.Errorf("cash total shown %v, Go %s–%s", got.Total, want.Cash.Low, want.Cash.High)
				}
				if !strings.Contains(got.Text, report.Money(want.Cash.Low)) {
					t.Errorf("the visible text lacks the total %s:\n%s", report.Money(want.Cash.Low), got.Text)
				}
				for _, m := range want.Measures {
					if m.Status == eval.NotAnswered {
						if _, shownToo := got.Measures[m.ID]; shownToo {
							t.Errorf("%s is shown but was not answered", m.ID)
						}
						continue
					}
					g, ok := got.Measures[m.ID]
					if !ok {
						t.Errorf("%s not shown", m.ID)
						continue
					}
					if g[0] != m.Status || m.Status == eval.Eligible && (g[1] != m.Low || g[2] != m.High) {
						t.Errorf("%s shown %v, Go %s %s–%s", m.ID, g, m.Status, m.Low, m.High)
					}
				}
				if later := reqs.Since(loaded); len(later) > 0 {
					t.Errorf("requests after the page loaded: %v", later)
				}
				for _, u := range reqs.All() {
					if parsed, err := url.Parse(u); err != nil || !strings.HasPrefix(u, base) && parsed.Scheme != "data" {
						t.Errorf("a request outside the site: %s", u)
					}
				}
				// The answers are in the fragment, and only there.
				loc, _ := chromedp.Run(ctx, chromedp.Location())
				if !strings.Contains(loc, "#v=") || !strings.Contains(loc, "m="+v.measures[0].id) {
					t.Errorf("answers not kept in the fragment: %s", loc)
				}
			})
		}
	}
}
