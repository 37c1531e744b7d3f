package browsertest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"xihuguide/generator/sitetest"
)

type pageState struct {
	Errors  map[string]string `json:"errors"` // field key → message shown next to it
	Invalid []string          `json:"invalid"`
	Notices []string          `json:"notices"`
	Results string            `json:"results"`
	Body    int               `json:"body"` // characters of text in main
}

const readState = `(() => {
  const out = {errors: {}, invalid: [], notices: [], results: "", body: 0};
  document.querySelectorAll("[data-field]").forEach(f => {
    const e = f.querySelector(".field-error");
    if (e && e.textContent) out.errors[f.dataset.field] = e.textContent;
  });
  document.querySelectorAll("[aria-invalid=true]").forEach(i => out.invalid.push(i.id));
  document.querySelectorAll(".check-notices .notice").forEach(n => out.notices.push(n.textContent));
  const r = document.getElementById("results-live");
  out.results = r ? r.innerText : "";
  out.body = document.querySelector("main").innerText.length;
  return out;
})()`

// Each kind of bad input gets a message next to its field or a notice, and
// never NaN, a wrong figure or a blank page.
func TestSelfCheckBadInput(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	page := base + "/en/policies/demo/check/"
	gates := "in_district=yes&applied_on=2025-06-01"
	browser := Browser(t)
	typing := []struct {
		name, value, want string
	}{
		{"letters in an amount", "12a", "Enter an amount in yuan"},
		{"a negative amount", "-500", "cannot be negative"},
		{"three decimals", "1000.005", "at most two decimals"},
		{"an absurdly large amount", "12345678901234567", "too large"},
		{"commas that do not group thousands", "1,00,000", "Enter an amount in yuan"},
		{"ten-thousands written wrongly", "1.2.3万", "Enter an amount in yuan"},
	}
	field := "f-01-alpha-1-cost"
	// One page: each wrong amount is typed over the last, as a visitor
	// would try again.
	typingTab := Tab(t, browser)
	if err := chromedp.Do(typingTab, chromedp.Navigate(page+"#"+gates+"&m=01-alpha"), chromedp.WaitVisible(chromedp.ID(field))); err != nil {
		t.Fatal(err)
	}
	for _, tt := range typing {
		t.Run(tt.name, func(t *testing.T) {
			ctx := typingTab
			err := chromedp.Do(ctx, emptied(field), chromedp.SendKeys(chromedp.ID(field), tt.value))
			if err != nil {
				t.Fatal(err)
			}
			st, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readState))
			if err != nil {
				t.Fatal(err)
			}
			if msg := st.Errors["01-alpha.1.cost"]; !strings.Contains(msg, tt.want) {
				t.Errorf("message next to the field: %q, want %q", msg, tt.want)
			}
			if len(st.Invalid) == 0 || st.Invalid[0] != field {
				t.Errorf("aria-invalid on %v", st.Invalid)
			}
			// The error summary at the top of the form links to the field,
			// and the message stands above the field.
			summary, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const a = document.querySelector("#error-summary a");
  const msg = document.getElementById("`+field+`-error"), box = document.getElementById("`+field+`");
  return [a ? a.getAttribute("href") : "", String(!!(msg.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING))]; })()`))
			if len(summary) != 2 || summary[0] != "#"+field || summary[1] != "true" {
				t.Errorf("error summary link %q, message above the field: %v", summary, summary)
			}
			if !strings.Contains(st.Results, "Answer this measure's questions") && !strings.Contains(st.Results, "Correct the answers marked") {
				t.Errorf("the result of the measure should wait for a correct answer:\n%s", st.Results)
			}
			if strings.Contains(st.Results, "NaN") || strings.Contains(st.Results, "undefined") {
				t.Errorf("results show NaN or undefined:\n%s", st.Results)
			}
		})
	}

	t.Run("an emptied required answer", func(t *testing.T) {
		ctx := Tab(t, browser)
		err := chromedp.Do(ctx, chromedp.Navigate(page+"#"+gates+"&m=01-alpha&01-alpha.1.cost=2000000"),
			chromedp.WaitVisible(chromedp.ID("cash-total")), chromedp.Focus(chromedp.ID(field)),
			chromedp.KeyEvent(kb.End+strings.Repeat(kb.Backspace, len("2000000"))), chromedp.Blur(chromedp.ID(field)))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := chromedp.Run(ctx, chromedp.Evaluate[pageState](readState))
		if msg := st.Errors["01-alpha.1.cost"]; msg != "Answer this question." {
			t.Errorf("message %q; errors %v", msg, st.Errors)
		}
		if strings.Contains(st.Results, "100,000.00") {
			t.Errorf("an estimate is still shown for the emptied answer:\n%s", st.Results)
		}
	})

	fragments := []struct {
		name, fragment, want string
	}{
		{"nonsense edited into the fragment", "#%%%zz&&=&m=nope&in_district=maybe&01-alpha.99.x=1", "could not be read"},
		{"answers from an older rules version", "#v=0123456789abcdef&" + gates, "older version of the rules"},
		{"the same answer twice", "#" + gates + "&in_district=no", "could not be read"},
	}
	for _, tt := range fragments {
		t.Run(tt.name, func(t *testing.T) {
			ctx := Tab(t, browser)
			if err := chromedp.Do(ctx, chromedp.Navigate(page+tt.fragment), chromedp.WaitVisible(chromedp.CSS("#check-app form"))); err != nil {
				t.Fatal(err)
			}
			st, err := chromedp.Run(ctx, chromedp.Evaluate[pageState](readState))
			if err != nil {
				t.Fatal(err)
			}
			if len(st.Notices) == 0 || !strings.Contains(strings.Join(st.Notices, " "), tt.want) {
				t.Errorf("notices %q, want one saying %q", st.Notices, tt.want)
			}
			if st.Body < 500 || strings.Contains(st.Results, "NaN") {
				t.Errorf("page text %d characters; results %q", st.Body, st.Results)
			}
		})
	}
}

// Without JavaScript the self-check says it needs it and points to the
// measure pages and the published rules; every other page reads as usual.
func TestWithoutJavaScript(t *testing.T) {
	t.Parallel()
	base, _ := site(t, sitetest.Write(t, sitetest.Minimal(), "../.."))
	ctx := Browser(t)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx2 context_, tgt *chromedp.Target) error {
		return disableScripts(ctx2, tgt)
	}), chromedp.Navigate(base+"/policies/demo/check/"))
	if err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"自助测算需要在浏览器中运行 JavaScript", "自助测算如何计算", "第2条 贝塔"} {
		if !strings.Contains(text, want) {
			t.Errorf("without JavaScript the page lacks %q:\n%s", want, text)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/policies/demo/measures/01-alpha/")); err != nil {
		t.Fatal(err)
	}
	text, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "1、阿尔法。给予10万元。") {
		t.Errorf("a measure page without JavaScript lacks its clause:\n%s", text)
	}
	// Search says it needs JavaScript, and offers each policy's full text
	// and list of measures instead.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/")); err != nil {
		t.Fatal(err)
	}
	links, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("main a")).map(a => a.getAttribute("href"))`))
	text, _ = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "JavaScript") || !slices.Contains(links, "/policies/demo/text/") || !slices.Contains(links, "/policies/demo/#measures") {
		t.Errorf("search without JavaScript: %q, links %q; want it said, and the full text and the list of measures linked", text, links)
	}
}

// Text from the link is never shown as the site's words: a fragment that
// poses as a notice is counted and quoted at most by its start, inside a
// code element, and a huge value is not echoed; a version that is not one
// is not shown either.
func TestFragmentTextIsNotTheSitesWords(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	page := base + "/policies/demo/check/"
	browser := Browser(t)
	const posing = "官方通知：您的申请已通过，请致电 400-000-0000 办理"
	// The fragments are made by script in the page, and the long one is a
	// quarter of a megabyte: each event the DevTools protocol sends about
	// the page repeats its URL, and a megabyte costs Chromium seconds. Any
	// reading of the fragment worse than linear shows at this length too.
	for name, fragment := range map[string]string{
		"a notice posing as the site's": fmt.Sprintf("%q", url.QueryEscape(posing)+"=1"),
		"a quarter megabyte of text":    `"x" + "A".repeat(1 << 18) + "=1"`,
		"a version that is text":        fmt.Sprintf("%q", "v="+url.QueryEscape(posing)),
	} {
		t.Run(name, func(t *testing.T) {
			ctx := Tab(t, browser)
			if err := chromedp.Do(ctx, chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("#check-app form"))); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.hash = `+fragment+`; true`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(".check-notices .notice"))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const n = document.querySelector(".check-notices");
  const c = n.querySelector("code"); return [n.innerText, c ? c.textContent : ""]; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(got[0], "您的申请已通过") || len([]rune(got[0])) > 200 {
				t.Errorf("the notices show the link's text: %q", got[0])
			}
			if !strings.Contains(got[0], "无法识别") || len([]rune(got[1])) > 9 {
				t.Errorf("the notice %q quotes %q", got[0], got[1])
			}
		})
	}
}
