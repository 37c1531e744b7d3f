package browsertest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"xihuguide/generator/rules/cases"
)

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))
})))`

// axe-core finds no violation on any page kind in either language; the
// self-check is audited with results on the page. Outside CI, each kind is
// audited in one language, the languages taking turns.
func TestAccessibility(t *testing.T) {
	t.Parallel()
	axe := AxeSource(t)
	base, suites := realSite(t)
	pages := map[string]string{"home": "/", "about": "/about/", "404": "/no/such/page/"}
	// Every kind of page of each policy; the self-check with the answers of
	// the policy's first case that a saved link can hold, so that results
	// are on the page.
	for slug, suite := range suites {
		prefix := "/policies/" + slug + "/"
		p := suite.Program
		pages[slug+" overview"] = prefix
		pages[slug+" measure"] = prefix + "measures/" + p.Measures[0].ID + "/"
		pages[slug+" full text"] = prefix + "text/"
		pages[slug+" provisions"] = prefix + "provisions/"
		pages[slug+" rules"] = prefix + "rules/"
		for _, c := range suite.Cases {
			if profile := cases.Profile(suite, c); showable(p, profile) {
				pages[slug+" self-check"] = prefix + "check/" + fragment(p, profile)
				break
			}
		}
	}
	ctx := Browser(t)
	// Outside CI (see thorough), each kind of page once, the languages
	// taking turns; in CI, every kind in both.
	kinds := slices.Sorted(maps.Keys(pages))
	for l, lang := range []string{"", "/en"} {
		for i, kind := range kinds {
			if !thorough() && i%2 != l {
				continue
			}
			path := pages[kind]
			url := base + lang + path
			t.Run(strings.TrimPrefix(lang, "/")+" "+kind, func(t *testing.T) {
				steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main"))}
				if strings.HasSuffix(kind, "self-check") {
					steps = append(steps, chromedp.WaitVisible(chromedp.ID("cash-total")))
				}
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axe+";true")); err != nil {
					t.Fatalf("loading axe-core: %v", err)
				}
				found, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](runAxe, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range found {
					t.Errorf("%s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
				}
			})
		}
	}
}

// The self-check can be answered with the keyboard alone: Tab reaches every
// control in order, Space and the arrow keys answer, typing fills the boxes.
func TestKeyboardOnly(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	ctx := Browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/policies/demo/check/"), chromedp.WaitVisible(chromedp.CSS("#check-app form"))); err != nil {
		t.Fatal(err)
	}
	active := func() string {
		id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ""`))
		return id
	}
	tabTo := func(id string) {
		t.Helper()
		for i := 0; i < 60; i++ {
			if active() == id {
				return
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
				t.Fatal(err)
			}
		}
		t.Fatalf("Tab never reached #%s (stuck at #%s)", id, active())
	}
	press := func(keys string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
			t.Fatal(err)
		}
	}
	// No first (one arrow to the right of Yes), then back to Yes with the
	// other arrow: the arrow keys move the answer as Space sets it.
	tabTo("f-in_district-yes")
	press(kb.ArrowRight)
	if got := active(); got != "f-in_district-no" {
		t.Errorf("the right arrow moved to #%s", got)
	}
	press(kb.ArrowLeft)
	tabTo("f-applied_on")
	press("06012025") // the date box takes month, day and year in an en-US browser
	tabTo("choose-03-gamma")
	press(" ")
	tabTo("f-03-gamma-1-held-yes")
	press(" ")
	tabTo("f-03-gamma-1-level-national")
	press(" ")
	tabTo("f-03-gamma-1-enterprises")
	press("50")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results-live")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Cash total CNY 60,000.00") {
		t.Errorf("after answering with the keyboard:\n%s", text)
	}
	// The "add another" button is reached and pressed with the keyboard, and
	// the new item's first control takes the focus.
	tabTo("f-03-gamma-1-received")
	for i := 0; i < 3 && !strings.Contains(activeText(t, ctx), "Add another"); i++ {
		press(kb.Tab)
	}
	press(kb.Enter)
	if got := active(); got != "f-03-gamma-2-held-yes" {
		t.Errorf("after adding an item the focus is on #%s", got)
	}
}

func activeText(t *testing.T, ctx context_) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.textContent : ""`))
	return s
}

// Removing an item shifts the items after it down, with their answers, and
// keeps the fragment in step.
func TestRemoveAnItem(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	ctx := Browser(t)
	link := base + "/en/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha" +
		"&01-alpha.1.cost=1000&01-alpha.2.cost=2000&01-alpha.3.cost=3000"
	if err := chromedp.Do(ctx, chromedp.Navigate(link), chromedp.WaitVisible(chromedp.ID("f-01-alpha-3-cost")),
		chromedp.Click(chromedp.CSS(`[data-remove="01-alpha"][data-item="2"]`))); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.getElementById("f-01-alpha-1-cost").value,
  document.getElementById("f-01-alpha-2-cost").value, String(document.getElementById("f-01-alpha-3-cost")), location.hash]`))
	if err != nil {
		t.Fatal(err)
	}
	if got[0] != "1000" || got[1] != "3000" || got[2] != "null" || !strings.Contains(got[3], "01-alpha.2.cost=3000") || strings.Contains(got[3], "01-alpha.3.") {
		t.Errorf("after removing item 2: %q", got)
	}
}
