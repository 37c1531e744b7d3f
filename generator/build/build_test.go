package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/sitetest"
)

const realRoot = "../.."

var asOf = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

func minimal(t *testing.T) map[string]string {
	return sitetest.Minimal()
}

func TestMinimalSiteBuilds(t *testing.T) {
	root := sitetest.Write(t, minimal(t), realRoot)
	out := filepath.Join(t.TempDir(), "public")
	sum, err := Run(Options{Root: root, Out: out, AsOf: asOf})
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	// home, overview, text, provisions, rules, check, 2 measures, about, 404, changes,
	// the list of policies with a page per status, and search: 17 per language.
	if sum.Pages != 34 || sum.Languages != 2 {
		t.Errorf("built %d pages in %d languages, want 34 in 2", sum.Pages, sum.Languages)
	}
	for _, f := range []string{"index.html", "en/index.html", "policies/demo/measures/02-beta/index.html",
		"en/policies/demo/text/index.html", "404.html", "en/404.html", "sitemap.xml", "robots.txt", "_headers"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// Each kind of bad input is a case file under testdata/bad: a line saying
// what it is, the files it lays over the minimal site ("-- path! --"
// removes one), and the whole report check gives, in English (want.en) and
// in Chinese (want.zh). Adding a case is adding a file; go test
// ./generator/build -update rewrites the reports, to be read in the diff.
// Each case must also fail the build, leave the previous output untouched
// and leave no half-written folder behind.
func TestBadInput(t *testing.T) {
	cases, _ := filepath.Glob("testdata/bad/*.txtar")
	if len(cases) < 20 {
		t.Fatalf("%d cases under testdata/bad", len(cases))
	}
	good := minimal(t)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Root: sitetest.Write(t, good, realRoot), Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("the good fixture does not build:\n%v", err)
	}
	before := sitetest.TreeHash(t, out)
	for _, file := range cases {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			archive := string(sitetest.ReadFile(t, file))
			files := sitetest.Parse(archive)
			want := map[string]string{"en": files["want.en"], "zh": files["want.zh"]}
			delete(files, "want.en")
			delete(files, "want.zh")
			root := sitetest.Write(t, sitetest.With(good, files), realRoot)

			err := Check(Options{Root: root, AsOf: asOf})
			if err == nil {
				t.Fatal("check found nothing")
			}
			got := map[string]string{}
			for _, e := range diag.All(err) {
				for _, lang := range []string{"en", "zh"} {
					got[lang] += e.In(lang).Report()
				}
				// Every problem an editor can meet is said in Chinese too.
				// (The messages of esbuild and of Go's templates are the
				// developers', framed in Chinese.)
				developers := strings.HasPrefix(e.File, "assets/") || strings.HasPrefix(e.File, "layouts/") || strings.HasPrefix(e.Msg, "template: ")
				if !developers && (!diag.Translated("zh", e.Msg) || !diag.Translated("zh", e.Hint)) {
					t.Errorf("no Chinese for %q / %q", e.Msg, e.Hint)
				}
			}
			if *update {
				rewrite(t, file, archive, got)
			} else {
				for _, lang := range []string{"en", "zh"} {
					if got[lang] != want[lang] {
						t.Errorf("the report in %s differs from %s (go test -update rewrites it):\n%s", lang, file, got[lang])
					}
				}
			}

			if _, err := Run(Options{Root: root, Out: out, AsOf: asOf}); err == nil {
				t.Fatal("the build succeeded")
			}
			if got := sitetest.TreeHash(t, out); got != before {
				t.Error("the failed build changed the output folder")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public-*")); len(leftovers) > 0 {
				t.Errorf("left behind %v", leftovers)
			}
		})
	}
}

// rewrite puts the reports in place of a case file's want sections.
func rewrite(t *testing.T, file, archive string, reports map[string]string) {
	head, _, _ := strings.Cut(archive, "-- want.en --\n")
	if err := os.WriteFile(file, []byte(head+"-- want.en --\n"+reports["en"]+"-- want.zh --\n"+reports["zh"]), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A template fault that breaks every page of a kind is reported once, at
// the layout's line, not once per page.
func TestTemplateFaultReportedOnce(t *testing.T) {
	root := sitetest.Write(t, sitetest.With(minimal(t), map[string]string{
		"layouts/measure.html": "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{.NoSuchField}}\n{{end}}\n"}), realRoot)
	_, err := Run(Options{Root: root, AsOf: asOf})
	errs := diag.All(err)
	if len(errs) != 1 {
		t.Fatalf("want one error, got %d:\n%v", len(errs), err)
	}
	if got := errs[0].Report(); !strings.Contains(got, "layouts/measure.html:3:") || !strings.Contains(got, "and 3 other pages)") {
		t.Errorf("report:\n%s", got)
	}
}

// A UI string missing from one language is named with its file, and where
// the other language has it. (Not a case file: it is the fixtures' strings
// less one, whatever they are.)
func TestMissingUIString(t *testing.T) {
	en := sitetest.UIStrings()["content/i18n/en.toml"]
	without := strings.Replace(en, "nav_about = \"About this site\"\n", "", 1)
	if without == en {
		t.Fatal("fixture: nav_about not found in en.toml")
	}
	root := sitetest.Write(t, sitetest.With(minimal(t), map[string]string{"content/i18n/en.toml": without}), realRoot)
	err := Check(Options{Root: root, AsOf: asOf})
	if err == nil || !strings.Contains(err.Error(), `content/i18n/en.toml: missing UI string "nav_about" (content/i18n/zh.toml:`) {
		t.Errorf("%v", err)
	}
}

// A build that streams its files publishes what a build in memory renders,
// and lets go of each Markdown source once rendered: a large site's sources
// would otherwise stay in memory, beside their HTML, to the end.
func TestStreamingBuildLetsGoOfSources(t *testing.T) {
	root := sitetest.Write(t, minimal(t), realRoot)
	kept, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	streamed := map[string][]byte{}
	sink := func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		streamed[name] = bytes.Clone(data)
		return nil
	}
	r, errs := publishable(Options{Root: root, AsOf: asOf}, sink, fresh{root})
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	if len(streamed) != len(kept.Output.Files) {
		t.Errorf("%d files streamed, %d rendered in memory", len(streamed), len(kept.Output.Files))
	}
	for name, b := range kept.Output.Files {
		if !bytes.Equal(b, streamed[name]) {
			t.Errorf("%s differs between the streaming build and the one in memory", name)
		}
	}
	bodies := func(s *content.Site) (held int) {
		for _, p := range s.Policies {
			var docs []*content.Doc
			for _, m := range []map[string]*content.Doc{p.Notice, p.Preamble, p.Scope, p.Apply} {
				for _, d := range m {
					docs = append(docs, d)
				}
			}
			for _, m := range p.Measures {
				for _, lang := range m.Lang {
					docs = append(docs, &lang.Doc)
				}
			}
			for _, pr := range p.Provisions {
				for _, lang := range pr.Lang {
					docs = append(docs, &lang.Doc)
				}
			}
			for _, d := range docs {
				if d != nil && d.Body != nil {
					held++
				}
			}
		}
		return held
	}
	if bodies(kept.Site) == 0 {
		t.Fatal("the build in memory holds no source: the fixture has none to let go of")
	}
	if n := bodies(r.Site); n > 0 {
		t.Errorf("the streaming build still holds %d sources", n)
	}
}
