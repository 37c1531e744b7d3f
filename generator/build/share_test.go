package build

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"xihuguide/generator/sitetest"
)

// A link shared in WeChat or a chat app shows the page's own title,
// description and address, in the page's language, and names the other
// language; pages without an address of their own (404) claim none.
func TestShareMetadata(t *testing.T) {
	root := sitetest.Write(t, sitetest.Rich(), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	first := func(page []byte, pattern string) string {
		m := regexp.MustCompile(pattern).FindSubmatch(page)
		if m == nil {
			return ""
		}
		return html.UnescapeString(string(m[1]))
	}
	og := func(page []byte, property string) string {
		return first(page, `<meta property="og:`+property+`" content="([^"]*)">`)
	}
	shared := 0
	for name, page := range r.Output.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		canonical := first(page, `<link rel="canonical" href="([^"]*)">`)
		if canonical == "" {
			if og(page, "url") != "" {
				t.Errorf("%s: no canonical address, yet og:url %q", name, og(page, "url"))
			}
			continue
		}
		shared++
		lang := first(page, `<html lang="([^"]*)"`)
		wants := map[string]string{
			"url":         canonical,
			"title":       first(page, `<title>([^<]*) · [^·<]*</title>`),
			"description": first(page, `<meta name="description" content="([^"]*)">`),
			"locale":      strings.ReplaceAll(lang, "-", "_"),
		}
		for property, want := range wants {
			if got := og(page, property); got != want || got == "" {
				t.Errorf("%s: og:%s is %q, want %q", name, property, got, want)
			}
		}
		other := map[string]string{"zh-CN": "en", "en": "zh_CN"}[lang]
		if got := og(page, "locale:alternate"); got != other {
			t.Errorf("%s: og:locale:alternate is %q, want %q", name, got, other)
		}
	}
	if shared == 0 {
		t.Error("no page carries share metadata")
	}
}
