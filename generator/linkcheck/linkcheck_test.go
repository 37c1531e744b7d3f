package linkcheck

import (
	"fmt"
	"strings"
	"testing"

	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/urls"
	"xihuguide/generator/workers"
)

func page(body string) []byte {
	return []byte("<!doctype html><html><head></head><body>\n" + body + "\n</body></html>")
}

func TestCheck(t *testing.T) {
	base := map[string][]byte{
		"index.html":       page(`<h1 id="top">Home</h1>`),
		"a/index.html":     page(`<h2 id="x">X</h2><p id="measure-1">m</p>`),
		"assets/site.css":  []byte("body{}"),
		"en/a/index.html":  page(`<p>en</p>`),
		"docs/report.html": page(`<p id="r">r</p>`),
	}
	tests := []struct {
		name string
		body string
		want string // "" for no error
	}{
		{"page and fragment", `<a href="/a/#measure-1">ok</a>`, ""},
		{"same-page fragment", `<a href="#here">x</a><span id="here"></span>`, ""},
		{"relative link", `<a href="../a/#x">x</a>`, ""},
		{"file", `<a href="/docs/report.html#r">r</a>`, ""},
		{"state for a script, not an anchor", `<a href="/a/#m=03-datasets&amp;v=1">m</a>`, ""},
		{"stylesheet of our own", `<link rel="stylesheet" href="/assets/site.css">`, ""},
		{"external link to follow", `<a href="https://www.gov.cn/">gov</a>`, ""},
		{"canonical under the base URL", `<link rel="canonical" href="https://example.org/a/">`, ""},
		{"missing page", `<a href="/b/">b</a>`, `link "/b/" leads to a page that does not exist`},
		{"missing fragment", `<a href="/a/#measure-2">m</a>`, `/a/ has no anchor #measure-2`},
		{"missing same-page fragment", `<a href="#nowhere">x</a>`, `has no anchor #nowhere`},
		{"no trailing slash", `<a href="/a">a</a>`, `lacks its trailing slash`},
		{"image from another host", `<img src="https://cdn.example.com/x.png" alt="">`, `loads from another host`},
		{"scheme-relative script", `<script src="//cdn.example.com/x.js"></script>`, `loads from another host`},
		{"external stylesheet", `<link rel="stylesheet" href="https://fonts.example.com/f.css">`, `loads from another host`},
		{"duplicate id", `<h2 id="d">1</h2><h2 id="d">2</h2>`, `the id "d" stands more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string][]byte{}
			for k, v := range base {
				files[k] = v
			}
			files["p/index.html"] = page(tt.body)
			err := Check(t, files, nil, urls.New("https://example.org/", "zh"))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("no error, want %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

// A broken link that came from Markdown is reported at its source; one from
// a template at the page and line of the output.
func TestCheckLocatesTheSource(t *testing.T) {
	files := map[string][]byte{"index.html": page("<p>\n<a href=\"/gone/\">g</a>\n<a href=\"/also-gone/\">h</a></p>")}
	origins := map[string][]markdown.Link{"index.html": {{Dest: "/gone/",
		At: &diag.Error{Position: diag.Position{File: "content/pages/about.zh.md", Line: 7, Col: 3}}}}}
	errs := diag.All(Check(t, files, origins, urls.New("https://example.org/", "zh")))
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2: %v", len(errs), errs)
	}
	if got := errs[0].Position.String(); got != "content/pages/about.zh.md:7:3" {
		t.Errorf("Markdown link reported at %s", got)
	}
	if got := errs[1].Position.String(); got != "index.html:4" || !strings.Contains(errs[1].Msg, "template") {
		t.Errorf("template link reported at %s: %s", got, errs[1].Msg)
	}
}

func TestScanReadsOnlyTags(t *testing.T) {
	doc := []byte("<!doctype html>\n<html><head><script>var s = '<a href=\"/in-script/\">';</script>\n" +
		"<style>a[href='/in-style/'] {}</STYLE><script>if (a </b) {'<a href=\"/in-script-2/\">'}</Script></head>\n<body><!-- <a href=\"/in-comment/\"> -->\n" +
		"<a href='/single/' id=one>x</a>\n<a\n  href=\"/q?a=1&amp;b=2\" data-x=\"y\">y</a><img src=/bare.png alt=\"\"><p id=\"one\"></p></body></html>")
	p := Scan(doc)
	var got []string
	for _, r := range p.refs {
		got = append(got, fmt.Sprintf("%s %s %d", r.attr, r.value, r.line))
	}
	want := []string{"href /single/ 5", "href /q?a=1&b=2 6", "src /bare.png 7"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("refs %q, want %q", got, want)
	}
	if !p.ids["one"] || len(p.dups) != 1 || p.dups[0] != "one" {
		t.Errorf("ids %v, dups %v", p.ids, p.dups)
	}
}

// A broken link a template puts on many pages is one problem; one Markdown
// link shown on two pages (a measure and the full text) is one problem too.
func TestCheckReportsEachBrokenLinkOnce(t *testing.T) {
	at := &diag.Error{Position: diag.Position{File: "content/policies/p/measures/01-a/index.zh.md", Line: 3, Col: 5}}
	files := map[string][]byte{}
	origins := map[string][]markdown.Link{}
	for _, name := range []string{"a/index.html", "b/index.html", "c/index.html"} {
		files[name] = page(`<a href="/nav-gone/">n</a><a href="/a/#nowhere">x</a>`)
		origins[name] = []markdown.Link{{Dest: "/a/#nowhere", At: at}}
	}
	errs := diag.All(Check(t, files, origins, urls.New("https://example.org/", "zh")))
	if len(errs) != 2 {
		t.Fatalf("got %d errors, want 2: %v", len(errs), errs)
	}
	if got := errs[0]; got.Position.String() != "a/index.html:2" || !strings.Contains(got.Msg, `"/nav-gone/"`) || !strings.Contains(got.Msg, "2 other pages too") {
		t.Errorf("template link: %s: %s", got.Position.String(), got.Msg)
	}
	if got := errs[1]; got.Position.String() != "content/policies/p/measures/01-a/index.zh.md:3:5" || !strings.Contains(got.Msg, "has no anchor #nowhere") {
		t.Errorf("Markdown link: %s: %s", got.Position.String(), got.Msg)
	}
}

// Check checks every HTML file (as a build does, page by page) in files. origins gives, per output file, the
// links that came from Markdown with their source positions. l is the
// site's URL layout. The files are added in the order of their names, and
// again in the reverse order: a link to a file already in is checked at
// once, one to a file not yet in when that file comes, and the two must
// report the same.
func Check(t *testing.T, files map[string][]byte, origins map[string][]markdown.Link, l urls.Layout) error {
	names := sortedNames(files)
	scans := make([]*Page, len(names))
	workers.Each(len(names), func(i int) {
		if strings.HasSuffix(names[i], ".html") {
			scans[i] = Scan(files[names[i]])
		}
	})
	var reports [2]string
	var errs [2]error
	for pass := range 2 {
		s := NewSite(l)
		for k := range names {
			i := k
			if pass == 1 {
				i = len(names) - 1 - k
			}
			s.Add(names[i], scans[i], origins[names[i]])
		}
		errs[pass] = s.Check()
		if errs[pass] != nil {
			reports[pass] = errs[pass].Error()
		}
	}
	if reports[0] != reports[1] {
		t.Errorf("the order of the pages changed the report:\n%s\nin reverse:\n%s", reports[0], reports[1])
	}
	return errs[0]
}
