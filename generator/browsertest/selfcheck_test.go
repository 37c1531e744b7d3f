package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/report"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/rules/eval"
	"xihuguide/generator/sitetest"
)

var asOf = time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)

// site builds the site under root into a temporary folder and serves it.
func site(t *testing.T, root string) (base string, suites map[string]*rules.Suite) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Root: root, Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("build:\n%v", err)
	}
	return Serve(t, out).URL, loadSuites(t, root)
}

func loadSuites(t testing.TB, root string) map[string]*rules.Suite {
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	suites, err := build.LoadRules(s)
	if err != nil {
		t.Fatal(err)
	}
	return suites
}

// A shared site is built once for every test that reads it unchanged:
// the rich fixture, or the real site.
type sharedSite struct {
	once   sync.Once
	root   string // its content; the real site's is "../.."
	out    string
	suites map[string]*rules.Suite
	err    error
}

var richBuilt, realBuilt sharedSite

// richSite serves the rich fixture, built once for the package, on a server
// of the test's own (an origin of its own); it returns the fixture's root
// too, which the test must not change.
func richSite(t *testing.T) (base, root string, suites map[string]*rules.Suite) {
	t.Helper()
	richBuilt.once.Do(func() {
		richBuilt.root = filepath.Join(sharedDir, "rich")
		sitetest.WriteInto(t, richBuilt.root, sitetest.Rich(), "../..")
		richBuilt.build(t)
	})
	return richBuilt.serve(t), richBuilt.root, richBuilt.suites
}

// realSite serves the real site, built once for the package.
func realSite(t *testing.T) (base string, suites map[string]*rules.Suite) {
	t.Helper()
	realBuilt.once.Do(func() {
		realBuilt.root = "../.."
		realBuilt.build(t)
	})
	return realBuilt.serve(t), realBuilt.suites
}

func (s *sharedSite) build(t *testing.T) {
	s.out, s.err = os.MkdirTemp(sharedDir, "public-")
	if s.err == nil {
		_, s.err = build.Run(build.Options{Root: s.root, Out: s.out, AsOf: asOf})
	}
	if s.err == nil {
		s.suites = loadSuites(t, s.root)
	}
}

func (s *sharedSite) serve(t *testing.T) string {
	t.Helper()
	if s.err != nil {
		t.Fatalf("build:\n%v", s.err)
	}
	return Serve(t, s.out).URL
}

// A visit is what a visitor types and clicks: answers by question id
// ("yes"/"no" for yes-or-no questions, an option id for a choice, text for
// the rest), and for each measure chosen, its answers and items.
type visit struct {
	name     string
	answers  map[string]string
	measures []measureVisit
	// english visits are made in English too: those whose words differ
	// by language ("up to", the kinds of support). The figures do not.
	english bool
}

type measureVisit struct {
	id      string
	answers map[string]string
	items   []map[string]string
}

var passGates = map[string]string{"in_district": "yes", "applied_on": "2025-06-01"}

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

// visits on the rich fixture, whose rules use every kind of input.
var visits = []visit{
	{"several measures with items, caps and deductions", passGates, []measureVisit{
		{"01-alpha", nil, []map[string]string{{"cost": "123456.78", "received": "100.05"}, {"cost": "999.99"}}},
		{"03-gamma", map[string]string{"paid_this_year": "30000"}, []map[string]string{
			{"held": "yes", "level": "national", "enterprises": "50"}, {"held": "yes", "level": "provincial", "enterprises": "12"}}},
	}, false},
	{"a failed gate gives every measure nothing", with(passGates, map[string]string{"in_district": "no"}), []measureVisit{
		{"01-alpha", nil, []map[string]string{{"cost": "5000"}}},
	}, false},
	{"a range by review and non-cash support", with(passGates, map[string]string{"applied_on": "2025-12-31"}), []measureVisit{
		{"02-beta", map[string]string{"wants": "yes"}, nil},
		{"04-delta", map[string]string{"qualifies": "yes"}, nil},
	}, true},
	{"non-cash support told apart by kind, capped per enterprise", passGates, []measureVisit{
		{"05-epsilon", nil, []map[string]string{{"kind": "guarantee"}, {"kind": "guarantee"}, {"kind": "equity"}}},
	}, true},
}

func fieldID(key string) string { return "f-" + strings.ReplaceAll(key, ".", "-") }

// fill answers one question the way a visitor does: a click on the radio
// button, or typing into the box. A date box is set as its picker would.
func fill(p *rules.Program, key, value string, in *rules.Input) chromedp.Action[chromedp.Void] {
	id := fieldID(key)
	switch in.Type {
	case "bool", "choice":
		return click("#" + id + "-" + value)
	case "date":
		return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			js := fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event('input', {bubbles: true})); return true })()`, id, value)
			_, err := chromedp.Evaluate[bool](js)(ctx, tgt)
			return err
		})
	}
	return chromedp.Steps(chromedp.Clear(chromedp.ID(id)), typed(id, value))
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
		steps = append(steps, click("#choose-"+m.ID))
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
					steps = append(steps, click(fmt.Sprintf(`[data-add="%s"]`, m.ID)))
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
	NonCash  [][5]string          `json:"nonCash"`  // measure, kind, low, high, the line's text
	Bars     map[string]string    `json:"bars"`     // id → the bar's mark: band or figure
	Text     string               `json:"text"`
}

const readResults = `(() => {
  const out = {total: ["", ""], measures: {}, nonCash: [], bars: {}, text: ""};
  const t = document.getElementById("cash-total");
  if (t) out.total = [t.dataset.low, t.dataset.high];
  document.querySelectorAll(".result-measure").forEach(a => {
    out.measures[a.dataset.measure] = [a.dataset.status, a.dataset.low || "", a.dataset.high || ""];
    const mark = a.querySelector(".range-bar .band, .range-bar .figure");
    if (mark) out.bars[a.dataset.measure] = mark.getAttribute("class");
  });
  document.querySelectorAll("[data-non-cash]").forEach(li => {
    out.nonCash.push([li.dataset.nonCash, li.dataset.kind || "", li.dataset.low, li.dataset.high, li.textContent]);
  });
  const r = document.getElementById("results-live");
  out.text = r ? r.innerText : "";
  return out;
})()`

// The self-check, filled in as a visitor would in each language, shows the
// figures the Go evaluator computes for the same answers, and sends no
// request once the page and its rules are loaded.
func TestSelfCheckMatchesGo(t *testing.T) {
	t.Parallel()
	base, root, suites := richSite(t)
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	ui := map[string]map[string]string{"": s.Strings["zh"], "/en": s.Strings["en"]}
	p := suites["demo"].Program
	browser := Browser(t)
	for _, lang := range []string{"", "/en"} {
		for _, v := range visits {
			if lang == "/en" && !v.english {
				continue
			}
			t.Run(map[string]string{"": "zh", "/en": "en"}[lang]+" "+v.name, func(t *testing.T) {
				t.Parallel() // the tabs mostly wait on the browser, so two at a time finish sooner
				ctx := Tab(t, browser)
				reqs := Watch(t, ctx)
				page := base + lang + "/policies/demo/check/"
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
				// A figure whose flag the rules declare a maximum reads "up to".
				if _, delta := got.Measures["04-delta"]; delta && !strings.Contains(got.Text, map[string]string{"": "最高", "/en": "up to "}[lang]) {
					t.Errorf("the guarantee's maximum does not read as one:\n%s", got.Text)
				}
				// Non-cash support is listed as Go lists it, each named by
				// its kind where the rules give one.
				if len(got.NonCash) != len(want.NonCash) {
					t.Errorf("non-cash support shown %v, Go %v", got.NonCash, want.NonCash)
				} else {
					for i, n := range want.NonCash {
						g := got.NonCash[i]
						if g[0] != n.Measure || g[1] != n.Kind || g[2] != n.Low || g[3] != n.High {
							t.Errorf("non-cash line %d shown %v, Go %+v", i+1, g, n)
						}
						if n.Kind != "" && !strings.Contains(g[4], ui[lang]["support_"+n.Kind]) {
							t.Errorf("non-cash line %q does not name its kind %q", g[4], ui[lang]["support_"+n.Kind])
						}
					}
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
					// Its bar is a band where a review decides, a mark where
					// the figure is one.
					if m.Status == eval.Eligible && got.Bars[m.ID] != map[bool]string{true: "figure", false: "band"}[m.Low == m.High] {
						t.Errorf("%s %s–%s: its bar shows %q", m.ID, m.Low, m.High, got.Bars[m.ID])
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

// fragment writes a profile as the self-check's URL fragment, as a visitor's
// answers would leave it.
func fragment(p *rules.Program, profile map[string]any) string {
	profile = cases.JSONProfile(profile).(map[string]any)
	q := url.Values{}
	text := func(v any) string {
		switch x := v.(type) {
		case bool:
			return map[bool]string{true: "yes", false: "no"}[x]
		case time.Time:
			return x.Format(time.DateOnly)
		}
		return fmt.Sprint(v)
	}
	for k, v := range profile["answers"].(map[string]any) {
		q.Add(k, text(v))
	}
	for _, m := range p.Measures {
		entry, ok := profile["measures"].(map[string]any)[m.ID].(map[string]any)
		if !ok {
			continue
		}
		q.Add("m", m.ID)
		answers, _ := entry["answers"].(map[string]any)
		for k, v := range answers {
			q.Add(m.ID+"."+k, text(v))
		}
		items, _ := entry["items"].([]any)
		for i, it := range items {
			for k, v := range it.(map[string]any) {
				q.Add(fmt.Sprintf("%s.%d.%s", m.ID, i+1, k), text(v))
			}
		}
	}
	return "#" + q.Encode()
}

// Every rule case of every policy of the real site, opened in the browser as
// a saved link, shows the figures Go computes for it: whatever the editors
// have written, the page and the Go evaluator agree. The languages take
// turns, case by case. Outside CI, a case for each measure in each
// language (see thorough).
func TestSelfCheckShowsGoFiguresForEveryCase(t *testing.T) {
	t.Parallel()
	base, suites := realSite(t)
	ctx := Browser(t)
	shownCases := 0
	open := ""
	seen := map[string]bool{}
	for turn := range 2 {
		for slug, suite := range suites {
			for i, c := range suite.Cases {
				if i%2 != turn {
					continue
				}
				profile := cases.Profile(suite, c)
				if !showable(suite.Program, profile) {
					continue
				}
				// Outside CI, a case for each measure in each language.
				if key := fmt.Sprint(turn, slug, c.Measure); !thorough() {
					if seen[key] {
						continue
					}
					seen[key] = true
				}
				raw, _ := json.Marshal(cases.JSONProfile(profile))
				prof, err := eval.DecodeJSON(suite.Program, raw)
				if err != nil {
					continue // a case about answers the rules refuse
				}
				want, err := eval.Evaluate(suite.Program, prof)
				if err != nil {
					t.Fatal(err)
				}
				// The languages take turns; within one, a saved link opened in the
				// same tab changes only the fragment, which the page follows.
				lang := []string{"", "/en"}[turn]
				page := base + lang + "/policies/" + slug + "/check/"
				if page != open {
					if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#check-app form"))); err != nil {
						t.Fatal(err)
					}
					open = page
				}
				js := fmt.Sprintf(`(() => { const t = document.getElementById("cash-total"); if (t) t.remove(); location.hash = %q; return true })()`,
					strings.TrimPrefix(fragment(suite.Program, profile), "#"))
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
					t.Fatal(err)
				}
				if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
					t.Errorf("%s: %s: %v", c.File, c.Name, err)
					continue
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
				if err != nil {
					t.Fatal(err)
				}
				shownCases++
				if got.Total != [2]string{want.Cash.Low, want.Cash.High} {
					t.Errorf("%s: %s: cash total shown %v, Go %s–%s", c.File, c.Name, got.Total, want.Cash.Low, want.Cash.High)
				}
				for _, m := range want.Measures {
					if g, ok := got.Measures[m.ID]; ok && (g[0] != m.Status || m.Status == eval.Eligible && (g[1] != m.Low || g[2] != m.High)) {
						t.Errorf("%s: %s: %s shown %v, Go %s %s–%s", c.File, c.Name, m.ID, g, m.Status, m.Low, m.High)
					}
				}
			}
		}
	}
	t.Logf("%d cases shown in the browser as Go computes them", shownCases)
}

// showable says whether a saved link can hold the profile: some measure is
// chosen (else the page asks for one) and each measure with items has at
// least one (a chosen measure shows one item to fill in).
func showable(p *rules.Program, profile map[string]any) bool {
	measures := profile["measures"].(map[string]any)
	for id, entry := range measures {
		m := p.Measure(id)
		items, _ := cases.JSONProfile(entry).(map[string]any)["items"].([]any)
		if m != nil && m.Item != nil && len(items) == 0 {
			return false
		}
	}
	return len(measures) > 0
}

// Amounts typed as people write them (thousands separators, 万, 元,
// full-width digits) give the figures the plain number gives, and the page
// says beside the field what it read.
func TestAmountsAsPeopleWriteThem(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	browser := Browser(t)
	for _, lang := range []string{"", "/en"} {
		// One page per language: each amount is typed over the last, as a
		// visitor corrects a field, the field emptied between them so that
		// each total is seen to follow its own amount.
		ctx := Tab(t, browser)
		page := base + lang + "/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha"
		if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("f-01-alpha-1-cost"))); err != nil {
			t.Fatal(err)
		}
		total := func(want string) error {
			_, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`(document.getElementById("cash-total") || {dataset: {}}).dataset.low === %q`, want),
				chromedp.WithPollingTimeout(5*time.Second)))
			return err
		}
		// Written with separators and in 万 at a phone's width, then every
		// form at a desktop's.
		forms := []struct {
			typed, echo string
			screen      chromedp.Action[chromedp.Void]
		}{
			{"12,345", "12,345.00", phone()}, {"1.2345万", "12,345.00", phone()},
			{"12345", "", desktop()}, {"12,345", "12,345.00", desktop()}, {"1.2345万", "12,345.00", desktop()},
			{"１２３４５元", "12,345.00", desktop()}, {" 12345 ", "", desktop()},
		}
		for _, f := range forms {
			typed, echo := f.typed, f.echo
			if err := chromedp.Do(ctx, f.screen); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, emptied("f-01-alpha-1-cost")); err != nil {
				t.Fatal(err)
			}
			if err := total("0.00"); err != nil {
				t.Fatalf("%s: the total did not fall when the amount was emptied: %v", lang, err)
			}
			if err := chromedp.Do(ctx, emptied("f-01-alpha-1-cost"), chromedp.SendKeys(chromedp.ID("f-01-alpha-1-cost"), typed)); err != nil {
				t.Fatal(err)
			}
			if err := total("1234.50"); err != nil {
				got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("cash-total") || {dataset: {}}).dataset.low || ""`))
				t.Errorf("%s typed %q: cash total %s, want 1234.50 as for 12345", lang, typed, got)
				continue
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("f-01-alpha-1-cost-echo") || {}).textContent || ""`))
			if err != nil {
				t.Fatal(err)
			}
			if (echo == "") != (got == "") || echo != "" && !strings.Contains(got, echo) {
				t.Errorf("%s typed %q: beside the field %q, want %q", lang, typed, got, echo)
			}
		}
		// The address takes the answer when the typing pauses, in one
		// change, not a change a key: the field keeps the focus meanwhile.
		count := `(() => { window.addressWrites = 0; const write = history.replaceState.bind(history);
  history.replaceState = (...a) => { window.addressWrites++; return write(...a); }; return true })()`
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool](count)(ctx, tgt)
			return err
		}), emptied("f-01-alpha-1-cost"), chromedp.SendKeys(chromedp.ID("f-01-alpha-1-cost"), "2.5万")); err != nil {
			t.Fatal(err)
		}
		writes, err := chromedp.Run(ctx, chromedp.Poll[int](`new URLSearchParams(location.hash.slice(1)).get("01-alpha.1.cost") === "2.5万" && document.activeElement.id === "f-01-alpha-1-cost" ? window.addressWrites : 0`,
			chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Errorf("%s: the address did not take the amount typed: %v", lang, err)
		} else if writes != 1 {
			t.Errorf("%s: typing an amount changed the address %d times, want once", lang, writes)
		}
	}
}

// emptied empties a text box as selecting its text and deleting it would,
// telling the page as the browser does.
func emptied(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = "";
  e.dispatchEvent(new Event("input", {bubbles: true})); return true })()`, id))(ctx, tgt)
		return err
	})
}

// The answer first: at phone width, after an answer, a summary in the
// visitor's language is on the screen without scrolling, with the count and
// the cash support in round figures; and an open "how it is worked out"
// stays open when the answers change.
func TestSummaryIsInView(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	browser := Browser(t)
	for lang, want := range map[string]string{"": "可能符合 2 项措施，现金支持约 2.2万–3.2万元", "/en": "2 measures may fit you: cash support of about CNY 22,346–32,346"} {
		for _, sc := range []struct {
			name  string
			set   chromedp.Action[chromedp.Void]
			width string
		}{{"phone", phone(), "390"}, {"desktop", desktop(), "1280"}} {
			t.Run(lang+" "+sc.name, func(t *testing.T) {
				ctx := Tab(t, browser)
				page := base + lang + "/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha&m=02-beta&02-beta.wants=yes"
				if err := chromedp.Do(ctx, sc.set, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("f-01-alpha-1-cost")),
					chromedp.ScrollIntoView(chromedp.ID("f-01-alpha-1-cost")), chromedp.SendKeys(chromedp.ID("f-01-alpha-1-cost"), "123456.78")); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const s = document.getElementById("check-summary"); const r = s.getBoundingClientRect();
  return [s.innerText, String(r.top >= 0 && r.bottom <= window.innerHeight), String(window.innerWidth)]; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(got[0], want) || got[1] != "true" || got[2] != sc.width {
					t.Errorf("summary %q, in view %s at width %s", got[0], got[1], got[2])
				}
				// Open the workings of measure 1, change an answer: still open.
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const d = document.querySelector('details[data-for="01-alpha"]'); d.open = true; return d.open })()`)); err != nil {
					t.Fatal(err)
				}
				retype := `(() => { const e = document.getElementById("f-01-alpha-1-cost");
  for (const v of ["", "1", "12345"]) { e.value = v; e.dispatchEvent(new Event("input", {bubbles: true})); } return true })()`
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](retype)); err != nil {
					t.Fatal(err)
				}
				open, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('details[data-for="01-alpha"]').open`))
				if !open {
					t.Error("the open workings closed when an answer changed")
				}
			})
		}
	}
}

// click clicks what a visitor sees: the element is first brought to the
// middle of the screen, clear of the summary that stays at its foot.
func click(selector string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.scrollIntoView({block: "center"}); return !!e })()`, selector)
	return chromedp.Steps(chromedp.WaitReady(chromedp.CSS(selector)), chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		_, err := chromedp.Evaluate[bool](js)(ctx, tgt)
		return err
	}), chromedp.Click(chromedp.CSS(selector)))
}

// Switching language keeps the visitor's answers, and the search's query.
func TestLanguageSwitchKeepsTheAnswers(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	browser := Browser(t)
	for size, sc := range map[string]chromedp.Action[chromedp.Void]{"phone": phone(), "desktop": desktop()} {
		t.Run(size, func(t *testing.T) {
			ctx := Tab(t, browser)
			answers := "#in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=5000"
			if err := chromedp.Do(ctx, sc, chromedp.Navigate(base+"/policies/demo/check/"+answers), chromedp.WaitVisible(chromedp.ID("cash-total")),
				chromedp.SendKeys(chromedp.ID("f-01-alpha-1-cost"), "0"), // 50000: the answer changed after the page loaded
				click(`.language-switch a[hreflang="en"], a[hreflang="en"]`), chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.pathname, document.getElementById("cash-total").dataset.low, document.getElementById("f-01-alpha-1-cost").value]`))
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != "/en/policies/demo/check/" || got[1] != "5000.00" || got[2] != "50000" {
				t.Errorf("after switching to English: %q", got)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/#q=%E9%98%BF%E5%B0%94%E6%B3%95"), chromedp.WaitVisible(chromedp.ID("search-count")),
				click(`a[hreflang="en"]`), chromedp.WaitVisible(chromedp.ID("search-count"))); err != nil {
				t.Fatal(err)
			}
			loc, _ := chromedp.Run(ctx, chromedp.Location())
			if !strings.HasSuffix(loc, "/en/search/#q=%E9%98%BF%E5%B0%94%E6%B3%95") {
				t.Errorf("the search in English lost its query: %s", loc)
			}
		})
	}
}

// Why a measure or an item does not count is said with what the visitor
// entered, in their language, linked back to the field.
func TestWhyNotInTheVisitorsWords(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	browser := Browser(t)
	for lang, want := range map[string]string{"": "未满足：费用不低于1000元。您的回答：费用，999.99元", "/en": "Not met: Cost of at least 1,000. You answered Cost: CNY 999.99"} {
		for size, sc := range map[string]chromedp.Action[chromedp.Void]{"phone": phone(), "desktop": desktop()} {
			t.Run(lang+" "+size, func(t *testing.T) {
				ctx := Tab(t, browser)
				page := base + lang + "/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=999.99"
				if err := chromedp.Do(ctx, sc, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const li = document.querySelector('[data-measure="01-alpha"] ul.failed li');
  return li ? [li.innerText, li.querySelector("a").getAttribute("href")] : ["", ""]; })()`))
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(got[0], want) || got[1] != "#f-01-alpha-1-cost" {
					t.Errorf("why not: %q, link %q; want %q", got[0], got[1], want)
				}
				// Following a link within the self-check (to the field, to the
				// results from the summary) keeps the answers, which live in
				// the address, and moves the focus there.
				for _, link := range []struct{ selector, focus string }{
					{`[data-measure="01-alpha"] ul.failed li a[href^="#f-"]`, "f-01-alpha-1-cost"},
					{`#check-summary a`, "results-heading"},
				} {
					if err := chromedp.Do(ctx, click(link.selector)); err != nil {
						t.Fatal(err)
					}
					after, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[location.hash, document.activeElement.id, (document.getElementById("cash-total") || {}).dataset?.low || ""]`))
					if err != nil {
						t.Fatal(err)
					}
					if !strings.Contains(after[0], "01-alpha.1.cost=999.99") || after[1] != link.focus || after[2] != "0.00" {
						t.Errorf("after following %s: address %q, focus on %q, total %q; want the answers kept and the focus on %s",
							link.selector, after[0], after[1], after[2], link.focus)
					}
				}
				// A failed gate is named on the card it stops.
				gate := map[string]string{"": "未满足：在示例区经营。您的回答：是否在示例区经营，否", "/en": "Not met: Operates in the demo district. You answered Do you operate in the demo district: No"}[lang]
				if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(strings.Replace(page, "in_district=yes", "in_district=no", 1)), chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
					t.Fatal(err)
				}
				card, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('[data-measure="01-alpha"]').innerText`))
				if !strings.Contains(card, gate) {
					t.Errorf("the card of a measure a gate stops:\n%s\nwant %q", card, gate)
				}
			})
		}
	}
}

// Each result shows, collapsed beside its figure, how the site reads the
// measure's clause: the reading written on the measure's page, in the
// page's language; opened, it stays open while the answers change.
func TestReadingBesideTheResult(t *testing.T) {
	t.Parallel()
	base, root, _ := richSite(t)
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := Browser(t)
	for lang, prefix := range map[string]string{"zh": "", "en": "/en"} {
		reading := s.Policies[0].Measures[0].Lang[lang].Reading
		card := `.result-measure[data-measure="01-alpha"] details.reading`
		if err := chromedp.Do(ctx, chromedp.Navigate(base+prefix+"/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=5000"),
			chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(() => { const d = document.querySelector(%q);
  return d ? [String(d.open), d.querySelector("summary").textContent, d.textContent] : [] })()`, card)))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 {
			t.Fatalf("%s: the result has no reading", lang)
		}
		if got[0] != "false" || got[1] != s.Strings[lang]["how_read"] {
			t.Errorf("%s: reading open=%s under %q, want closed under %q", lang, got[0], got[1], s.Strings[lang]["how_read"])
		}
		// The reading's own words, as its Markdown gives them, are there.
		if words := longestWord(markdownWords(reading)); words == "" || !strings.Contains(got[2], words) {
			t.Errorf("%s: the reading shown %q lacks %q of the measure's reading", lang, got[2], words)
		}
		if err := chromedp.Do(ctx, click(card+" summary"), chromedp.SendKeys(chromedp.ID("f-01-alpha-1-cost"), "0"),
			chromedp.WaitVisible(chromedp.CSS(`#cash-total[data-low="5000.00"]`))); err != nil {
			t.Fatal(err)
		}
		open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector(%q).open`, card)))
		if err != nil || !open {
			t.Errorf("%s: the reading closed when the answer changed (%v)", lang, err)
		}
	}
}

// markdownWords is Markdown's text without its marks and link addresses.
func markdownWords(md string) string {
	md = regexp.MustCompile(`\]\([^)]*\)`).ReplaceAllString(md, " ")
	return strings.NewReplacer("#", " ", "[", " ", "*", " ").Replace(md)
}

// longestWord is the longest run of text between spaces that is not an
// address: a piece of a reading that the page must show as it is.
// (Addresses are left out by markdownWords already; "/" guards the rest.)
func longestWord(text string) string {
	best := ""
	for _, w := range strings.Fields(text) {
		if !strings.Contains(w, "/") && len([]rune(w)) > len([]rune(best)) {
			best = w
		}
	}
	return best
}

// Check your answers: the results end with every answer as the self-check
// understood it, grouped by measure and item, each with a link back to
// change it that keeps the other answers; the printed copy shows the
// answers but not the links.
func TestCheckYourAnswers(t *testing.T) {
	t.Parallel()
	base, root, _ := richSite(t)
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := Browser(t)
	for lang, prefix := range map[string]string{"zh": "", "en": "/en"} {
		ui := s.Strings[lang]
		page := base + prefix + "/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=1.2345%E4%B8%87&01-alpha.2.cost=5000"
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("summary-heading"))); err != nil {
			t.Fatal(err)
		}
		rows, err := chromedp.Run(ctx, chromedp.Evaluate[[][3]string](`Array.from(document.querySelectorAll(".answers-summary .summary-row")).map(r =>
  [r.querySelector("dt").textContent, r.querySelector("dd").textContent, r.querySelector(".summary-change a").getAttribute("href")])`))
		if err != nil {
			t.Fatal(err)
		}
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".answers-summary").innerText`))
		want := map[string]string{"#f-in_district": ui["check_yes"], "#f-applied_on": "2025-06-01",
			"#f-01-alpha-1-cost": map[string]string{"zh": "1.2345万元", "en": "CNY 12,345.00"}[lang],
			"#f-01-alpha-2-cost": map[string]string{"zh": "5,000.00元", "en": "CNY 5,000.00"}[lang]}
		for _, r := range rows {
			if w, ok := want[r[2]]; ok && r[1] == w {
				delete(want, r[2])
			}
		}
		if len(want) > 0 {
			t.Errorf("%s: answers without their row, or shown otherwise: %v\nrows: %q", lang, want, rows)
		}
		for _, item := range []string{fmt.Sprintf(ui["check_item_heading"], "", 1), fmt.Sprintf(ui["check_item_heading"], "", 2)} {
			if !strings.Contains(text, strings.TrimSpace(item)) {
				t.Errorf("%s: the answers are not grouped by item (%q missing):\n%s", lang, item, text)
			}
		}
		if err := chromedp.Do(ctx, click(`.summary-change a[href="#f-01-alpha-2-cost"]`)); err != nil {
			t.Fatal(err)
		}
		after, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.activeElement.id, location.hash]`))
		if after[0] != "f-01-alpha-2-cost" || !strings.Contains(after[1], "01-alpha.2.cost=5000") {
			t.Errorf("%s: change link: focus on %q, address %q", lang, after[0], after[1])
		}
		// Printed, the answers stand and the links do not.
		if err := chromedp.Do(ctx, printMedia()); err != nil {
			t.Fatal(err)
		}
		printed, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](`(() => {
  const vis = (e) => !!e && getComputedStyle(e).display !== "none" && e.getClientRects().length > 0;
  return [vis(document.querySelector(".answers-summary")), vis(document.querySelector(".summary-change"))]; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if !printed[0] || printed[1] {
			t.Errorf("%s: printed, the answers show: %v, the change links show: %v; want the answers only", lang, printed[0], printed[1])
		}
		if err := chromedp.Do(ctx, screenMedia()); err != nil {
			t.Fatal(err)
		}
	}
}

// Questions that do not trip people: arriving from a measure's page, the
// self-check says which measure is chosen; no answer is ticked that the
// visitor did not give, and a default is said beside its question.
func TestQuestionsDoNotTrip(t *testing.T) {
	t.Parallel()
	base, root, _ := richSite(t)
	s, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := Browser(t)
	for lang, prefix := range map[string]string{"zh": "", "en": "/en"} {
		ui := s.Strings[lang]
		title := s.Policies[0].Measures[2].Lang[lang].Title
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(base+prefix+"/policies/demo/check/#m=03-gamma"),
			chromedp.WaitVisible(chromedp.ID("f-03-gamma-1-held-yes"))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[
  (document.getElementById("check-chosen") || {}).textContent || "",
  String(document.querySelectorAll('#check-app input[type="radio"]:checked').length),
  (document.getElementById("f-03-gamma-1-held-help") || {}).textContent || ""]`))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(got[0], title) {
			t.Errorf("%s: arriving for measure 3, the page says %q, not its title %q", lang, got[0], title)
		}
		if got[1] != "0" {
			t.Errorf("%s: %s answers are ticked before the visitor gave any", lang, got[1])
		}
		if want := fmt.Sprintf(ui["check_default_hint"], "“"+ui["check_yes"]+"”"); !strings.Contains(got[2], want) {
			t.Errorf("%s: the yes/no question with a default says %q, want %q", lang, got[2], want)
		}
		// A date half typed into the picker is said to be so, in the
		// picker's terms.
		if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("f-applied_on")), chromedp.SendKeys(chromedp.ID("f-applied_on"), "06")); err != nil {
			t.Fatal(err)
		}
		msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const d = document.getElementById("f-applied_on");
  d.blur(); return String(d.validity.badInput) + "|" + document.getElementById("f-applied_on-error").textContent; })()`))
		msg = strings.TrimPrefix(msg, "true|")
		if msg != ui["err_date_incomplete"] {
			t.Errorf("%s: a half-typed date says %q, want %q", lang, msg, ui["err_date_incomplete"])
		}
	}
}

// A link saved under older rules shows, beside the notice that the rules
// changed, what the older rules and today's give for its answers: the
// build keeps the older rules published from the site's git history.
func TestLinkSavedUnderOlderRules(t *testing.T) {
	t.Parallel()
	root, old := sitetest.RaisedRate(t, "../..")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Root: root, Out: out, AsOf: asOf, PastRules: 5}); err != nil {
		t.Fatal(err)
	}
	base := Serve(t, out).URL
	ctx := Browser(t)
	for lang, prefix := range map[string]string{"zh": "", "en": "/en"} {
		page := base + prefix + "/policies/demo/check/#v=" + old + "&in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=5000"
		// Bounded: without the older rules the note never comes.
		wait, cancel := context.WithTimeout(ctx, 20*time.Second)
		err := chromedp.Do(wait, chromedp.Navigate("about:blank"), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("check-changed")))
		cancel()
		if err != nil {
			t.Fatalf("%s: no note of what changed for the saved answers: %v", lang, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const li = document.querySelector('#check-changed li[data-measure="01-alpha"]');
  return li ? [li.dataset.was, li.dataset.now, li.textContent] : []; })()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0] != "500.00-500.00" || got[1] != "1000.00-1000.00" || !strings.Contains(got[2], "1,000.00") || !strings.Contains(got[2], "500.00") {
			t.Errorf("%s: what changed for the saved answers: %q; want 500.00 then 1,000.00", lang, got)
		}
	}
}
