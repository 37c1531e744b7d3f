package browsertest

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Search finds every measure of the real policy by its main Chinese and
// English terms, in the browser, under the site's CSP, and makes no request
// but for the site's own index files.
func TestSearchFindsEveryMeasure(t *testing.T) {
	terms := searchTerms(t)
	base, _ := site(t, "../..")
	ctx := Browser(t)
	reqs := Watch(t, ctx)
	for _, tt := range terms {
		prefix := map[string]string{"zh": "", "en": "/en"}[tt.lang]
		page := base + prefix + "/search/#q=" + url.QueryEscape(tt.query)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("search-count"))); err != nil {
			t.Fatalf("%s %q: %v", tt.lang, tt.query, err)
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".search-title")).map(a => a.getAttribute("href"))`))
		if err != nil {
			t.Fatal(err)
		}
		want := prefix + "/policies/xihu-ai-2025/measures/" + tt.measure + "/"
		found := -1
		for i, l := range links {
			if l == want {
				found = i
			}
		}
		if found < 0 || found > 4 {
			t.Errorf("%s %q: %s is not among the first five results %v", tt.lang, tt.query, want, links)
		}
	}
	for _, u := range reqs.All() {
		if !strings.HasPrefix(u, base) && u != "about:blank" {
			t.Errorf("a request outside the site: %s", u)
		}
	}
}
