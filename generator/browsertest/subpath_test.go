package browsertest

import (
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/build"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/rules/eval"
	"xihuguide/generator/sitetest"
)

// A site whose base_url has a path works when it is served under that path
// alone, as a GitHub project site or a portal's sub-folder is: every page
// loads with all it references, the self-check computes Go's figures and
// the search finds a measure.
func TestSiteUnderASubPath(t *testing.T) {
	t.Parallel()
	const base = "/gov/xihu-ai"
	m := sitetest.Rich()
	files := sitetest.With(m, map[string]string{"content/site.toml": strings.Replace(m["content/site.toml"],
		`base_url = "https://example.org/"`, `base_url = "https://example.org`+base+`/"`, 1)})
	root := sitetest.Write(t, files, "../..")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Root: root, Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("build:\n%v", err)
	}
	srv, misses := ServeUnder(t, out, base)
	ctx := Browser(t)
	reqs := Watch(t, ctx)

	// Every address that every page names (links, stylesheet, scripts,
	// icons, and the files the scripts fetch, named in data- attributes)
	// is under the base and served; and one page of each kind, with its
	// stylesheet, scripts and whatever they load, in the browser. Pages
	// of a kind differ in their words, not in what they load.
	named := regexp.MustCompile(`(?:src|href|data-[a-z-]+)="(/[^"?#]*)`)
	fetches := regexp.MustCompile(`data-(?:rules|index)="`)
	kinds := map[string]string{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return nil
		}
		html, _ := os.ReadFile(p)
		for _, m := range named.FindAllStringSubmatch(string(html), -1) {
			rest, under := strings.CutPrefix(m[1], base+"/")
			if f := filepath.Join(out, filepath.FromSlash(rest)); !under || !exists(f) && !exists(filepath.Join(f, "index.html")) {
				t.Errorf("%s names %s, which is not served under %s", p, m[1], base)
			}
		}
		if rel, _ := filepath.Rel(out, filepath.Dir(p)); strings.HasSuffix(p, "index.html") {
			kind := pageKind(filepath.ToSlash(rel))
			// A page whose script fetches a file (the rules, the search
			// index) is loaded in each language; the others load the
			// same files in every language.
			if !fetches.Match(html) {
				kind = strings.TrimPrefix(kind, "en/")
			}
			kinds[kind] = strings.TrimSuffix(base+"/"+filepath.ToSlash(rel), ".") + "/"
		}
		return nil
	})
	if len(kinds) < 12 {
		t.Fatalf("only %d kinds of page", len(kinds))
	}
	for _, kind := range slices.Sorted(maps.Keys(kinds)) {
		p := strings.Replace(kinds[kind], "/./", "/", 1)
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+p), chromedp.WaitReady(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if missed := misses.All(); len(missed) > 0 {
		t.Errorf("%d references were not found under %s, such as %v", len(missed), base, missed[:min(len(missed), 5)])
	}
	for _, u := range reqs.All() {
		if !strings.HasPrefix(u, srv.URL+base+"/") && !strings.HasPrefix(u, "data:") {
			t.Errorf("a request outside %s: %s", base, u)
		}
	}

	// The self-check, opened as a saved link, shows Go's figures.
	suite := sitetest.Suite(t, root, "demo")
	c := suite.Cases[0]
	for _, cc := range suite.Cases {
		if cc.Measure == "03-gamma" {
			c = cc
			break
		}
	}
	profile := cases.Profile(suite, c)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+base+"/en/policies/demo/check/"+fragment(suite.Program, profile)),
		chromedp.WaitVisible(chromedp.ID("cash-total"))); err != nil {
		t.Fatalf("the self-check under %s: %v", base, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
	if err != nil {
		t.Fatal(err)
	}
	prof, _ := eval.DecodeJSON(suite.Program, mustJSON(t, cases.JSONProfile(profile)))
	want, _ := eval.Evaluate(suite.Program, prof)
	if got.Total != [2]string{want.Cash.Low, want.Cash.High} {
		t.Errorf("the self-check under %s shows %v, Go %s–%s", base, got.Total, want.Cash.Low, want.Cash.High)
	}

	// The search finds a measure by its title, and links to it under the base.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+base+"/search/#q=伽马"), chromedp.WaitVisible(chromedp.ID("search-count"))); err != nil {
		t.Fatal(err)
	}
	links, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".search-title")).map(a => a.getAttribute("href"))`))
	if len(links) == 0 || links[0] != base+"/policies/demo/measures/03-gamma/" {
		t.Errorf("searching 伽马 under %s found %v", base, links)
	}
	if missed := misses.All(); len(missed) > 0 {
		t.Errorf("not found under %s: %v", base, missed)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pageKind names what a page's address says of its layout: the segment
// after "policies", "measures", "kind" or "status" is a name, not a kind.
func pageKind(rel string) string {
	segs := strings.Split(rel, "/")
	for i := len(segs) - 1; i > 0; i-- {
		switch segs[i-1] {
		case "policies", "measures", "kind", "status":
			segs[i] = "*"
		}
	}
	return strings.Join(segs, "/")
}
