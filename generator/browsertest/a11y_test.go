package browsertest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
// self-check is audited with results on the page.
func TestAccessibility(t *testing.T) {
	axe := AxeSource(t)
	base, _ := site(t, "../..")
	answers := "#in_xihu=yes&sound_accounts=yes&good_credit=yes&major_accident=no&executives_broke_law=no&disqualified_recently=no" +
		"&application_date=2026-05-01&m=02-compute-vouchers&02-compute-vouchers.1.via_platform=yes&02-compute-vouchers.1.service_amount=1200000" +
		"&m=03-datasets&03-datasets.1.on_xihu_station=yes&03-datasets.1.annual_trade_amount=999999" +
		"&m=12-finance&12-finance.1.support=equity&12-finance.1.meets_conditions=yes"
	pages := map[string]string{
		"home":       "/",
		"overview":   "/policies/xihu-ai-2025/",
		"measure":    "/policies/xihu-ai-2025/measures/02-compute-vouchers/",
		"full text":  "/policies/xihu-ai-2025/text/",
		"provisions": "/policies/xihu-ai-2025/provisions/",
		"rules":      "/policies/xihu-ai-2025/rules/",
		"self-check": "/policies/xihu-ai-2025/check/" + answers,
		"about":      "/about/",
		"404":        "/no/such/page/",
	}
	ctx := Browser(t)
	for _, lang := range []string{"", "/en"} {
		for kind, path := range pages {
			url := base + lang + path
			t.Run(strings.TrimPrefix(lang, "/")+" "+kind, func(t *testing.T) {
				steps := []chromedp.Action[chromedp.Void]{chromedp.Navigate(url), chromedp.WaitReady(chromedp.CSS("main"))}
				if kind == "self-check" {
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
	base, _ := site(t, "../..")
	ctx := Browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/en/policies/xihu-ai-2025/check/"), chromedp.WaitVisible(chromedp.CSS("#check-app form"))); err != nil {
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
	// Yes to the first three questions, No (one arrow to the right) to the next three.
	for _, q := range []string{"in_xihu", "sound_accounts", "good_credit"} {
		tabTo(fmt.Sprintf("f-%s-yes", q))
		press(" ")
	}
	for _, q := range []string{"major_accident", "executives_broke_law", "disqualified_recently"} {
		tabTo(fmt.Sprintf("f-%s-yes", q))
		press(kb.ArrowRight)
	}
	tabTo("f-application_date")
	press("05012026") // the date box takes month, day and year in an en-US browser
	tabTo("choose-03-datasets")
	press(" ")
	tabTo("f-03-datasets-1-on_xihu_station-yes")
	press(" ")
	tabTo("f-03-datasets-1-annual_trade_amount")
	press("1000000")
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("results-live")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Cash total CNY 50,000.00") {
		t.Errorf("after answering with the keyboard:\n%s", text)
	}
	// The "add another" button is reached and pressed with the keyboard, and
	// the new item's first control takes the focus.
	tabTo("f-03-datasets-1-received_same_project")
	for i := 0; i < 3 && !strings.Contains(activeText(t, ctx), "Add another"); i++ {
		press(kb.Tab)
	}
	press(kb.Enter)
	if got := active(); got != "f-03-datasets-2-on_xihu_station-yes" {
		t.Errorf("after adding an item the focus is on #%s", got)
	}
}

func activeText(t *testing.T, ctx context_) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.textContent : ""`))
	return s
}
