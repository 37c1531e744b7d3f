package browsertest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/content"
)

// Search finds every measure of every policy of the real site by its own
// title, in each language, in the browser, under the site's CSP, and makes
// no request but for the site's own index files.
func TestSearchFindsEveryMeasure(t *testing.T) {
	t.Parallel()
	base, _ := realSite(t)
	s, err := content.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	type term struct{ lang, query, page string }
	var terms []term
	for _, l := range s.Languages() {
		for _, p := range s.Policies {
			for _, m := range p.Measures {
				terms = append(terms, term{l.Code, m.Lang[l.Code].Title, "/policies/" + p.Slug + "/measures/" + m.Slug + "/"})
			}
		}
	}
	ctx := Browser(t)
	reqs := Watch(t, ctx)
	// One page per language; each query after the first goes into the
	// address's fragment, as a visitor's edited link would, and the page
	// says which query its results are for.
	opened := ""
	for _, tt := range terms {
		prefix := ""
		if tt.lang != s.Config.DefaultLanguage {
			prefix = "/" + tt.lang
		}
		if opened != tt.lang {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+prefix+"/search/"), chromedp.WaitReady(chromedp.ID("search-app"))); err != nil {
				t.Fatal(err)
			}
			opened = tt.lang
		}
		js := fmt.Sprintf(`location.hash = "q=" + encodeURIComponent(%q); true`, tt.query)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
		links, err := chromedp.Run(ctx, chromedp.Poll[[]string](fmt.Sprintf(`document.getElementById("search-app").dataset.done === %q
  ? Array.from(document.querySelectorAll(".search-title")).map(a => a.getAttribute("href")) : null`, tt.query),
			chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil {
			t.Fatalf("%s %q: no results came: %v", tt.lang, tt.query, err)
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

// Search finds what visitors type, not only what the text spells: a phrase
// typed without the text's punctuation, quotes, hyphens and apostrophes,
// and a word the text does not use but the editors' synonyms equate with
// one it does, each find their measure among the first three, in both
// languages, with the words that matched marked.
func TestSearchFindsWhatVisitorsType(t *testing.T) {
	t.Parallel()
	base, _, _ := richSite(t)
	ctx := Browser(t)
	opened := "none"
	for _, tt := range []struct {
		lang, query, page string
		marks             bool // the word found stands in the result's title or lines
	}{
		{"", "就高不重复", "/policies/demo/measures/05-epsilon/", false},
		{"", "增信", "/policies/demo/measures/04-delta/", true},
		{"/en", "enterprises firstofakind", "/en/policies/demo/measures/05-epsilon/", false},
		{"/en", "first of a kind", "/en/policies/demo/measures/05-epsilon/", false},
		{"/en", "credit enhancement", "/en/policies/demo/measures/04-delta/", true},
	} {
		// One page per language, each query after the first put in its
		// address, as in TestSearchFindsEveryMeasure.
		if opened != tt.lang {
			if err := chromedp.Do(ctx, chromedp.Navigate(base+tt.lang+"/search/"), chromedp.WaitReady(chromedp.ID("search-app"))); err != nil {
				t.Fatal(err)
			}
			opened = tt.lang
		}
		js := fmt.Sprintf(`location.hash = "q=" + encodeURIComponent(%q); true`, tt.query)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("search-app").dataset.done === %q`, tt.query),
			chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%q: no results came: %v", tt.query, err)
		}
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[][2]string](`Array.from(document.querySelectorAll(".search-results li")).map(li =>
  [li.querySelector(".search-title").getAttribute("href"), Array.from(li.querySelectorAll("mark")).map(m => m.textContent).join("|")])`))
		if err != nil {
			t.Fatal(err)
		}
		found := -1
		for i, r := range got {
			if r[0] == tt.page && found < 0 {
				found = i
			}
		}
		if found < 0 || found > 2 {
			t.Errorf("%q: %s is not among the first three results %q", tt.query, tt.page, got)
			continue
		}
		if tt.marks && got[found][1] == "" {
			t.Errorf("%q: the result marks no word that matched: %q", tt.query, got[found])
		}
	}
}
