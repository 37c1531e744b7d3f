package browsertest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// cumulativeShift sums every layout shift the page has had that no input
// caused: an upper bound of what Lighthouse reports as CLS, which keeps
// only the worst window of shifts.
const cumulativeShift = `new Promise(done => {
  let sum = 0;
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) sum += e.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => done(sum), 150); // what settles after the first drawing
})`

// The pages that build themselves in the browser (the self-check, search)
// do not move under the visitor's eyes while they load: CLS at most 0.05
// at phone and desktop width, in both languages.
func TestLayoutDoesNotShift(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	browser := Browser(t)
	// Each page, with what shows that its script has drawn it.
	pages := []struct{ path, drawn string }{
		{"/policies/demo/check/", "#check-app fieldset"},
		{"/en/policies/demo/check/#in_district=yes&applied_on=2025-06-01&m=01-alpha&01-alpha.1.cost=999.99", "#cash-total"},
		{"/search/#q=%E9%98%BF%E5%B0%94%E6%B3%95", "#search-count"},
		{"/en/search/#q=beta", "#search-count"},
	}
	for width, screen := range map[string]chromedp.Action[chromedp.Void]{"phone": phone(), "desktop": desktop()} {
		for _, page := range pages {
			t.Run(width+page.path, func(t *testing.T) {
				t.Parallel() // each in its own tab; the pages do not interact
				ctx := Tab(t, browser)
				if err := chromedp.Do(ctx, screen, chromedp.Navigate(base+page.path), chromedp.WaitVisible(chromedp.CSS(page.drawn))); err != nil {
					t.Fatal(err)
				}
				cls, err := chromedp.Run(ctx, chromedp.Evaluate[float64](cumulativeShift, chromedp.EvalAwaitPromise))
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("CLS %.3f", cls)
				if cls > 0.05 {
					t.Errorf("the layout shifts by %.3f while the page loads, above 0.05", cls)
				}
			})
		}
	}
}
