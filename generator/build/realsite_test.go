package build

import (
	"bytes"
	"flag"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xihuguide/generator/content"
	"xihuguide/generator/sitetest"
	"xihuguide/generator/verbatim"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// buildReal builds the real site into a new folder.
func buildReal(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Root: realRoot, Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("the real site does not build:\n%v", err)
	}
	return out, sitetest.Tree(t, out)
}

// Every line of each policy's binding text stands word for word on one of
// its Chinese pages (the build checks this too; here the built files are
// read back as a visitor's browser gets them).
func TestRealSiteReproducesEveryClause(t *testing.T) {
	_, files := buildReal(t)
	site, err := content.Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	var zh strings.Builder
	for name, b := range files {
		if strings.HasSuffix(name, ".html") && !strings.HasPrefix(name, "en/") {
			zh.WriteString(verbatim.Text(b))
			zh.WriteString("\n")
		}
	}
	checked := 0
	for _, p := range site.Policies {
		for _, line := range p.Original {
			checked++
			if !strings.Contains(zh.String(), line.Text) {
				t.Errorf("%s:%d is not word for word in any zh page: %s", line.File, line.Line, line.Text)
			}
		}
	}
	t.Logf("%d lines of binding text checked", checked)
	for _, f := range []string{"index.html", "en/index.html"} {
		if files[f] == nil {
			t.Errorf("missing %s", f)
		}
	}
}

var alternateRE = regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`)

func TestEveryPageHasItsCounterpart(t *testing.T) {
	_, files := buildReal(t)
	site, err := content.Load(realRoot)
	if err != nil {
		t.Fatal(err)
	}
	base := strings.TrimSuffix(site.Config.BaseURL, "/")
	pages := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") || strings.HasPrefix(name, "en/") {
			continue
		}
		pages++
		en := "en/" + name
		enPage := files[en]
		if enPage == nil {
			t.Errorf("%s has no English page %s", name, en)
			continue
		}
		zhURL := base + "/" + strings.TrimSuffix(name, "index.html")
		enURL := base + "/" + strings.TrimSuffix(en, "index.html")
		for _, p := range []struct {
			name string
			html []byte
		}{{name, b}, {en, enPage}} {
			alts := map[string]string{}
			for _, m := range alternateRE.FindAllSubmatch(p.html, -1) {
				alts[string(m[1])] = string(m[2])
			}
			if alts["zh-CN"] != zhURL || alts["en"] != enURL || alts["x-default"] != zhURL {
				t.Errorf("%s: hreflang alternates %v, want zh-CN %s, en %s, x-default %s", p.name, alts, zhURL, enURL, zhURL)
			}
		}
		// The language switcher stays on the same page.
		if !bytes.Contains(b, []byte(`href="/`+strings.TrimSuffix(en, "index.html")+`" hreflang="en"`)) {
			t.Errorf("%s: the language switcher does not lead to %s", name, en)
		}
		if notice := site.Strings["en"]["translation_notice"]; !bytes.Contains(enPage, []byte(html.EscapeString(notice))) {
			t.Errorf("%s does not carry the translation notice %q", en, notice)
		}
	}
	if pages == 0 {
		t.Error("no zh pages")
	}
}

// The preview's live-reload script is injected by the preview server only:
// nothing of it is ever written to public/.
func TestNoPreviewCodeInTheBuild(t *testing.T) {
	_, files := buildReal(t)
	for name, b := range files {
		if bytes.Contains(b, []byte("__preview")) || bytes.Contains(b, []byte("EventSource")) {
			t.Errorf("%s holds preview code", name)
		}
	}
}

func TestBuildsAreIdentical(t *testing.T) {
	_, first := buildReal(t)
	_, second := buildReal(t)
	if len(first) != len(second) {
		t.Fatalf("%d files, then %d", len(first), len(second))
	}
	for name, b := range first {
		if !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

var assetRE = regexp.MustCompile(`/assets/site-[A-Z0-9]+\.(css|js)" integrity="sha384-[A-Za-z0-9+/=]+"`)

// The minimal fixture's pages, compared with the files under testdata/golden.
// Asset names and hashes are masked so that a stylesheet edit does not
// change them. Run go test ./generator/build -update to rewrite them.
func TestGolden(t *testing.T) {
	root := sitetest.Write(t, minimal(t), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"index.html", "en/policies/demo/measures/01-alpha/index.html",
		"policies/demo/text/index.html", "en/policies/demo/provisions/index.html", "en/404.html", "sitemap.xml", "_headers", "robots.txt"} {
		got := assetRE.ReplaceAll(r.Output.Files[name], []byte(`/assets/site-HASH.$1" integrity="sha384-HASH"`))
		golden := filepath.Join("testdata/golden", strings.ReplaceAll(name, "/", "__"))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./generator/build -update and review the diff", name, golden)
		}
	}
}
