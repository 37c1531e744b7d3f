package browsertest

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"xihuguide/generator/sitetest"
)

// printMedia lays the tab out as it would print.
func printMedia() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
}

// screenMedia lays the page out for the screen again.
func screenMedia() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	})
}

// On paper a page keeps its content and says where it came from, without
// the navigation and the language switch, which do nothing there.
func TestPrintedPages(t *testing.T) {
	t.Parallel()
	files := sitetest.Rich()
	const about = "content/pages/about.en.md"
	files[about] += "\nThe bureau's own site: [Demo Bureau](https://bureau.example.org/notices/).\n"
	base, _ := site(t, sitetest.Write(t, files, "../.."))
	browser := Browser(t)
	// What the page shows in the tab's media, as problems; "" when it prints
	// as it should.
	const printed = `(() => {
  const shown = el => el.getClientRects().length > 0;
  const problems = [];
  const navs = [...document.querySelectorAll("nav")];
  if (navs.length === 0) problems.push("the page has no navigation");
  for (const nav of navs.filter(shown)) problems.push("navigation is shown: " + nav.getAttribute("aria-label"));
  const switcher = document.querySelector(".language-switcher");
  if (!switcher || shown(switcher)) problems.push("the language switch is " + (switcher ? "shown" : "missing"));
  const from = document.querySelector(".print-only");
  const address = document.querySelector('link[rel="canonical"]').href;
  if (!from || !shown(from) || !from.innerText.includes(address)) problems.push("the page's address is not printed: " + (from ? from.innerText : "no line"));
  if (!shown(document.querySelector("main h1"))) problems.push("the heading is not printed");
  for (const a of document.querySelectorAll('main a[href^="https://"]')) {
    if (!getComputedStyle(a, "::after").content.includes(a.getAttribute("href"))) problems.push("no address beside " + a.innerText);
  }
  return problems.join("; ");
})()`
	for _, page := range []string{"/policies/demo/measures/01-alpha/", "/en/policies/demo/check/", "/en/about/"} {
		t.Run(page, func(t *testing.T) {
			ctx := Tab(t, browser)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitReady(chromedp.CSS("footer"))); err != nil {
				t.Fatal(err)
			}
			// On screen the same page is the opposite: proof that the check
			// below reads what print changes.
			if got, err := chromedp.Run(ctx, chromedp.Evaluate[string](printed)); err != nil || got == "" {
				t.Fatalf("on screen the page already prints as on paper (%v)", err)
			}
			if err := chromedp.Do(ctx, printMedia()); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[string](printed))
			if err != nil {
				t.Fatal(err)
			}
			if got != "" {
				t.Errorf("printed: %s", got)
			}
		})
	}
}
