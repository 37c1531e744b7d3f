package browsertest

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/content"
)

// Search finds every measure of every policy of the real site by its own
// title, in each language, in the browser, under the site's CSP, and makes
// no request but for the site's own index files.
func TestSearchFindsEveryMeasure(t *testing.T) {
	base, _ := site(t, "../..")
	s, err := content.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	type term struct{ lang, query, page string }
	var terms []term
	for _, p := range s.Policies {
		for _, m := range p.Measures {
			for _, l := range s.Languages() {
				terms = append(terms, term{l.Code, m.Lang[l.Code].Title, "/policies/" + p.Slug + "/measures/" + m.Slug + "/"})
			}
		}
	}
	ctx := Browser(t)
	reqs := Watch(t, ctx)
	for _, tt := range terms {
		prefix := ""
		if tt.lang != s.Config.DefaultLanguage {
			prefix = "/" + tt.lang
		}
		page := base + prefix + "/search/#q=" + url.QueryEscape(tt.query)
		if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.ID("search-count"))); err != nil {
			t.Fatalf("%s %q: %v", tt.lang, tt.query, err)
		}
		links, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".search-title")).map(a => a.getAttribute("href"))`))
		if err != nil {
			t.Fatal(err)
		}
		want := prefix + tt.page
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
