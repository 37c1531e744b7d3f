package linkcheck_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"xihuguide/generator/build"
	"xihuguide/generator/linkcheck"
)

// tokenized lists what a full HTML tokenizer finds of the attributes the
// check reads, in the same "attr value" form as linkcheck.Summary.
// The tokenizer reads a noscript element's content as text, as a browser
// with scripts does; the link check reads its links too, so the wrapper is
// dropped first.
func tokenized(doc []byte) []string {
	var out []string
	doc = bytes.ReplaceAll(bytes.ReplaceAll(doc, []byte("<noscript>"), nil), []byte("</noscript>"), nil)
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for _, a := range z.Token().Attr {
			switch a.Key {
			case "id", "href", "src", "poster", "data", "action", "cite":
				out = append(out, a.Key+" "+a.Val)
			}
		}
	}
	sort.Strings(out)
	return out
}

// The byte scanner finds exactly what a full tokenizer finds, on every page
// of the real site.
func TestScanAgreesWithTheTokenizer(t *testing.T) {
	r, err := build.Render(build.Options{Root: "../..", AsOf: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for name, doc := range r.Output.Files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		got, want := linkcheck.Summary(linkcheck.Scan(doc)), tokenized(doc)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: the scanner and the tokenizer disagree:\n%v\n%v", name, got, want)
		}
	}
	if pages < 60 {
		t.Errorf("only %d pages", pages)
	}
}
