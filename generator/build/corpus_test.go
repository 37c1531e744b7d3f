package build

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"xihuguide/generator/corpus"
	"xihuguide/generator/diag"
	"xihuguide/generator/sitetest"
)

// A portal of several policies builds and passes check, and every policy
// page carries its own policy's navigation with the page itself marked as
// current: the navigation is rendered once per policy and kind, so a key
// missing from {{cached}} would show one policy's links on another's pages.
func TestCorpusPortal(t *testing.T) {
	root := t.TempDir()
	if err := corpus.Site(root, corpus.Options{Policies: 4, Measures: 3}); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteInto(t, root, nil, realRoot)
	if err := Check(Options{Root: root, AsOf: asOf}); err != nil {
		t.Fatalf("check:\n%v", err)
	}
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	nav := regexp.MustCompile(`(?s)<nav class="site-nav wrap".*?</nav>`)
	href := regexp.MustCompile(`<a href="([^"]+)"( aria-current="page")?`)
	pages := 0
	for name, page := range r.Output.Files {
		m := regexp.MustCompile(`^(en/)?policies/(policy-\d{4})/(.*)index\.html$`).FindStringSubmatch(name)
		if m == nil {
			continue
		}
		pages++
		prefix, slug := "/"+strings.TrimSuffix(m[1], "/"), m[2]
		if prefix == "/" {
			prefix = ""
		}
		self := prefix + "/policies/" + slug + "/" + m[3]
		block := nav.Find(page)
		if block == nil {
			t.Errorf("%s: no policy navigation", name)
			continue
		}
		current := ""
		for _, a := range href.FindAllSubmatch(block, -1) {
			link := string(a[1])
			if !strings.HasPrefix(link, prefix+"/policies/"+slug+"/") && link != prefix+"/about/" {
				t.Errorf("%s: the navigation links to %s", name, link)
			}
			if len(a[2]) > 0 {
				current = link
			}
		}
		if strings.HasPrefix(m[3], "measures/") || m[3] == "rules/" {
			// Measures are reached from their list, and the rules page
			// from the self-check and the footer, not from the navigation.
			self = ""
		}
		if current != self {
			t.Errorf("%s: the navigation marks %q as the current page", name, current)
		}
	}
	if want := 2 * 4 * (5 + 3); pages != want {
		t.Errorf("%d policy pages, want %d", pages, want)
	}
}

// Pages are rendered in batches as they are queued; a template fault that
// breaks a kind of page in every batch is still reported once, with the
// count of every page it broke, and the pages are written as a build of one
// batch would write them.
func TestTemplateFaultAcrossBatches(t *testing.T) {
	const policies, measures = 12, 24 // 576 measure pages: more than one batch
	root := t.TempDir()
	if err := corpus.Site(root, corpus.Options{Policies: policies, Measures: measures}); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteInto(t, root, map[string]string{
		"layouts/measure.html": "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{.NoSuchField}}\n{{end}}\n"}, realRoot)
	_, err := Run(Options{Root: root, AsOf: asOf})
	errs := diag.All(err)
	if len(errs) != 1 {
		t.Fatalf("want one error, got %d:\n%v", len(errs), err)
	}
	want := fmt.Sprintf("and %d other pages)", 2*policies*measures-1)
	if got := errs[0].Report(); !strings.Contains(got, "layouts/measure.html:3:") || !strings.Contains(got, want) {
		t.Errorf("report:\n%s\nwant it to end %q", got, want)
	}
}
