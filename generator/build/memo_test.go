package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xihuguide/generator/corpus"
	"xihuguide/generator/sitetest"
)

// The preview's Builder reuses the pages of the policies that did not
// change, and what it serves after every kind of edit is byte for byte what
// a fresh build makes.
func TestBuilderReusesOnlyWhatDidNotChange(t *testing.T) {
	root := t.TempDir()
	if err := corpus.Site(root, corpus.Options{Policies: 3, Measures: 2}); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteInto(t, root, nil, realRoot)
	const perPolicy = 2 * (5 + 2) // pages of one policy in both languages
	edit := func(rel string, change func(string) string) func(t *testing.T) {
		return func(t *testing.T) {
			p := filepath.Join(root, filepath.FromSlash(rel))
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(change(string(data))), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	appendText := func(s string) func(string) string { return func(old string) string { return old + s } }
	measures, _ := filepath.Glob(filepath.Join(root, "content/policies/policy-0002/measures/*/index.en.md"))
	if len(measures) == 0 {
		t.Fatal("no measure in policy-0002")
	}
	measure, _ := filepath.Rel(root, measures[0])
	builder := &Builder{Root: root, AsOf: asOf}
	steps := []struct {
		name   string
		change func(t *testing.T)
		reused int
	}{
		{"first build", func(*testing.T) {}, 0},
		{"nothing changed", func(*testing.T) {}, 3 * perPolicy},
		{"a measure of one policy", edit(measure, appendText("\nAn added sentence.\n")), 2 * perPolicy},
		{"a layout", edit("layouts/partials/footer.html", func(s string) string {
			return strings.Replace(s, `<footer class="site-footer">`, `<footer class="site-footer" data-edited="1">`, 1)
		}), 0},
		{"a UI string", edit("content/i18n/en.toml", func(s string) string {
			return strings.Replace(s, `nav_about = "About this site"`, `nav_about = "About the site"`, 1)
		}), 0},
		{"the site's settings", edit("content/site.toml", func(s string) string {
			return strings.Replace(s, "https://portal.example.org/", "https://portal.example.net/", 1)
		}), 0},
		{"the stylesheet", edit("assets/css/site.css", appendText("\n.edited { color: inherit; }\n")), 0},
		{"nothing changed again", func(*testing.T) {}, 3 * perPolicy},
		{"a commit: pages show when they last changed", func(t *testing.T) {
			sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "init", "-q")
			sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "add", ".")
			sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "commit", "-qm", "Publish the portal")
		}, 0},
		{"a commit of what was already built", func(t *testing.T) {
			sitetest.Git(t, root, "2025-02-03T09:00:00+08:00", "commit", "-qm", "Nothing new", "--allow-empty")
		}, 0},
		{"a policy added", func(t *testing.T) {
			if err := corpus.CopyDir(filepath.Join(root, "content/policies/policy-0003"), filepath.Join(root, "content/policies/policy-0004")); err != nil {
				t.Fatal(err)
			}
		}, 3 * perPolicy},
		{"a policy removed", func(t *testing.T) {
			if err := os.RemoveAll(filepath.Join(root, "content/policies/policy-0004")); err != nil {
				t.Fatal(err)
			}
		}, 3 * perPolicy},
	}
	for _, step := range steps {
		step.change(t)
		r, err := builder.Build()
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if r.Output.Reused != step.reused {
			t.Errorf("%s: %d pages reused, want %d", step.name, r.Output.Reused, step.reused)
		}
		want, err := Render(Options{Root: root, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, step.name, r.Output.Files, want.Output.Files)
	}

	// A failed build keeps nothing: after the fix, the broken policy is
	// rendered anew.
	policy := "content/policies/policy-0001/policy.toml"
	good, _ := os.ReadFile(filepath.Join(root, policy))
	edit(policy, appendText("\nbroken = \n"))(t)
	if _, err := builder.Build(); err == nil {
		t.Fatal("a broken policy.toml built")
	}
	edit(policy, func(string) string { return string(good) + "\n" })(t)
	r, err := builder.Build()
	if err != nil {
		t.Fatal(err)
	}
	if r.Output.Reused != 2*perPolicy {
		t.Errorf("after a fix: %d pages reused, want %d", r.Output.Reused, 2*perPolicy)
	}
	want, _ := Render(Options{Root: root, AsOf: asOf})
	sameFiles(t, "after a fix", r.Output.Files, want.Output.Files)
}

func sameFiles(t *testing.T, step string, got, want map[string][]byte) {
	t.Helper()
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("%s: %s missing", step, name)
		} else if !bytes.Equal(g, w) {
			t.Errorf("%s: %s differs from a fresh build's", step, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is not in a fresh build", step, name)
		}
	}
}

// The preview computes a chart's figures again only when its policy's rules
// change: after an edit to a page's text it takes them from the last good
// build, and after every edit its pages are what a fresh build makes.
func TestBuilderKeepsChartsUntilTheRulesChange(t *testing.T) {
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, realRoot)
	const rulesFile = "content/policies/demo/measures/01-alpha/rules.toml"
	const textFile = "content/policies/demo/measures/01-alpha/index.en.md"
	if !strings.Contains(files[rulesFile], "[chart]") {
		t.Fatalf("the fixture's %s asks for no chart", rulesFile)
	}
	write := func(rel, data string) func(*testing.T) {
		return func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	broken := strings.Replace(files[rulesFile], `to = "150万"`, `to = `, 1)
	wider := strings.Replace(files[rulesFile], `to = "150万"`, `to = "200万"`, 1)
	if broken == files[rulesFile] || wider == files[rulesFile] {
		t.Fatalf("the fixture's chart no longer reads to = \"150万\"")
	}
	builder := &Builder{Root: root, AsOf: asOf}
	steps := []struct {
		name    string
		change  func(*testing.T)
		fails   bool
		compute bool // whether the chart's figures are computed again
	}{
		{"first build", func(*testing.T) {}, false, true},
		{"an edit to the measure's text", write(textFile, files[textFile]+"\nAn added sentence.\n"), false, false},
		{"broken rules", write(rulesFile, broken), true, false},
		{"the rules as they were", write(rulesFile, files[rulesFile]), false, false},
		{"a wider axis", write(rulesFile, wider), false, true},
		{"another edit to the text", write(textFile, files[textFile]), false, false},
		// The rules carry the UI strings, so they are compiled anew; the
		// picture writes its amounts with this one.
		{"how an amount is written", func(t *testing.T) {
			const ui = "content/i18n/en.toml"
			data, err := os.ReadFile(filepath.Join(root, ui))
			if err != nil || !strings.Contains(string(data), `money_single = "CNY %s"`) {
				t.Fatalf("%s lacks money_single = \"CNY %%s\" (%v)", ui, err)
			}
			write(ui, strings.Replace(string(data), `money_single = "CNY %s"`, `money_single = "RMB %s"`, 1))(t)
		}, false, true},
	}
	for _, step := range steps {
		step.change(t)
		r, err := builder.Build()
		if step.fails {
			if err == nil {
				t.Fatalf("%s: built", step.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if got := r.Output.ChartsComputed > 0; got != step.compute {
			t.Errorf("%s: %d charts computed, want them computed: %v", step.name, r.Output.ChartsComputed, step.compute)
		}
		want, err := Render(Options{Root: root, AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		sameFiles(t, step.name, r.Output.Files, want.Output.Files)
	}
}
