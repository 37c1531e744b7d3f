package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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

// Each kind of bad input must fail the build with an error naming the file
// (and line where there is one), leave the previous output untouched and
// leave no half-written folder behind.
func TestBadInput(t *testing.T) {
	realEN := sitetest.UIStrings()["content/i18n/en.toml"]
	enWithoutKey := strings.Replace(realEN, "nav_about = \"About this site\"\n", "", 1)
	if enWithoutKey == realEN {
		t.Fatal("fixture: nav_about not found in en.toml")
	}
	measureZH := "content/policies/demo/measures/01-alpha/index.zh.md"
	realFooter, err := os.ReadFile(filepath.Join(realRoot, "layouts/partials/footer.html"))
	if err != nil {
		t.Fatal(err)
	}
	brokenFooter := strings.Replace(string(realFooter), "{{$.T.footer_source}}", "{{$.T.footer_source}}{{.NoSuchField}}", 1)
	realText := string(sitetest.ReadFile(t, filepath.Join(realRoot, "layouts/text.html")))
	footerLine := 1 + strings.Count(brokenFooter[:strings.Index(brokenFooter, "NoSuchField")], "\n")
	tests := []struct {
		name    string
		changes map[string]string
		want    []string // substrings of the error report, the position first
	}{
		{"malformed TOML", map[string]string{"content/policies/demo/policy.toml": "title.zh = \"示例政策\ntitle.en = \"x\"\n"},
			[]string{"content/policies/demo/policy.toml:1:", "TOML syntax", `title.zh = "示例政策`}},
		{"unknown front-matter key", map[string]string{measureZH: "+++\ntitle = \"阿尔法\"\nsummary = \"x\"\ntitel = \"typo\"\n+++\n1、阿尔法。给予10万元。\n"},
			[]string{measureZH + ":4:1", `unknown key "titel"`}},
		{"measure missing a language", map[string]string{"content/policies/demo/measures/02-beta/index.en.md!": ""},
			[]string{"content/policies/demo/measures/02-beta/index.en.md", "measure 2 has no English page"}},
		{"missing UI string", map[string]string{"content/i18n/en.toml": enWithoutKey},
			[]string{"content/i18n/en.toml", `missing UI string "nav_about"`}},
		{"end date before start", map[string]string{"content/policies/demo/policy.toml": strings.Replace(
			minimal(t)["content/policies/demo/policy.toml"], "in_force_until = 2025-12-31", "in_force_until = 2024-12-31", 1)},
			[]string{"content/policies/demo/policy.toml:17:1", "in_force_until (2024-12-31) is before in_force_from (2025-01-02)"}},
		{"link to a missing page", map[string]string{"content/pages/about.zh.md": "+++\ntitle = \"关于\"\n+++\n见[措施](/policies/demo/measures/09-nope/)。\n"},
			[]string{"content/pages/about.zh.md:4:", "leads to a page that does not exist"}},
		{"link to a missing page, in characters the page escapes", map[string]string{"content/pages/about.zh.md": "+++\ntitle = \"关于\"\n+++\n见[措施](/policies/demo/measures/不存在/)。\n"},
			[]string{"content/pages/about.zh.md:4:", "leads to a page that does not exist"}},
		{"a script link in content", map[string]string{"content/pages/about.en.md": "+++\ntitle = \"About\"\n+++\nSee [x](javascript:alert(1)).\n"},
			[]string{"content/pages/about.en.md:4:", "a javascript link is not allowed"}},
		{"invalid UTF-8 in content", map[string]string{"content/pages/about.en.md": "+++\ntitle = \"About\"\n+++\nSee \xff here.\n"},
			[]string{"content/pages/about.en.md:4:5", "not UTF-8"}},
		{"link to a missing anchor", map[string]string{"content/pages/about.en.md": "+++\ntitle = \"About\"\n+++\nSee\n[text](/policies/demo/text/#provision-9).\n"},
			[]string{"content/pages/about.en.md:5:", "has no anchor #provision-9"}},
		{"template fails to execute", map[string]string{"layouts/page.html": "{{define \"main\"}}\n<h1>{{.Title}}</h1>\n{{.NoSuchField}}\n{{end}}\n"},
			[]string{"layouts/page.html:3:", "NoSuchField"}},
		{"template fails inside a cached fragment", map[string]string{"layouts/partials/footer.html": brokenFooter},
			[]string{fmt.Sprintf("layouts/partials/footer.html:%d:", footerLine), "NoSuchField", "other pages)"}},
		{"template does not parse", map[string]string{"layouts/measure.html": "{{define \"main\"}}\n{{if}}\n{{end}}\n"},
			[]string{"layouts/measure.html:2", "missing value for if"}},
		{"full-width colon in TOML", map[string]string{"content/policies/demo/policy.toml": "title.zh：\"示例政策\"\n"},
			[]string{"content/policies/demo/policy.toml:1:9", `full-width "："`}},
		{"raw HTML in Markdown", map[string]string{"content/pages/about.zh.md": "+++\ntitle = \"关于\"\n+++\n第一段。\n\n<script>alert(1)</script>\n"},
			[]string{"content/pages/about.zh.md:6:1", "raw HTML is not allowed"}},
		{"binding text altered", map[string]string{measureZH: strings.Replace(minimal(t)[measureZH], "给予10万元", "给予20万元", 1)},
			[]string{"content/policies/demo/measures/01-alpha/index.zh.md:16:9", "differs from the binding text (content/policies/demo/original.zh.txt:8) after «1、阿尔法。给予»"}},
		{"duplicated measure number", map[string]string{"content/policies/demo/measures/01-copy/index.zh.md": minimal(t)[measureZH],
			"content/policies/demo/measures/01-copy/index.en.md": minimal(t)["content/policies/demo/measures/01-alpha/index.en.md"]},
			[]string{"content/policies/demo/measures/01-copy", "measure number 1 is used twice"}},
		{"byte order mark", map[string]string{"content/pages/404.en.md": "\ufeff+++\ntitle = \"Not found\"\n+++\nx\n"},
			[]string{"content/pages/404.en.md:1:1", "byte order mark"}},
		{"tab in Markdown", map[string]string{"content/policies/demo/scope.en.md": "Enterprises\n\tin the district.\n"},
			[]string{"content/policies/demo/scope.en.md:2:1", "tab character"}},
		{"CRLF line endings", map[string]string{"content/policies/demo/scope.en.md": "Enterprises\r\nin the district.\r\n"},
			[]string{"content/policies/demo/scope.en.md:1:12", "CRLF"}},
		{"external script in a template", map[string]string{"layouts/page.html": "{{define \"main\"}}<img src=\"https://cdn.example.com/x.png\" alt=\"\">{{end}}\n"},
			[]string{"about/index.html", "loads from another host"}},
		{"a rule case that now fails", map[string]string{"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(
			minimal(t)["content/policies/demo/measures/01-alpha/rules.toml"], `"min(cost * 10%, 10万)"`, `"min(cost * 20%, 10万)"`, 1)},
			// At the expect line, where the editor changes the figure.
			[]string{"content/policies/demo/measures/01-alpha/rules.toml:32:49", `case "ten percent": 01-alpha.high: expected "500.00", got "1000.00"`}},
		{"an amount expected as a number", map[string]string{"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(
			minimal(t)["content/policies/demo/measures/01-alpha/rules.toml"], `low = "500.00"`, `low = 500.00`, 1)},
			[]string{"content/policies/demo/measures/01-alpha/rules.toml:32:33", `01-alpha.low: write the amount as text with two decimals, "500.00", not 500`}},
		{"a rule case naming an input that does not exist", map[string]string{"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(
			minimal(t)["content/policies/demo/measures/01-alpha/rules.toml"], `items = [{ cost = "999.99" }]`, `items = [{ cots = "999.99" }]`, 1)},
			[]string{"content/policies/demo/measures/01-alpha/rules.toml:36:12", "items[0].cots: unknown field (did you mean cost?)"}},
		{"a rule that does not type-check", map[string]string{"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(
			minimal(t)["content/policies/demo/measures/01-alpha/rules.toml"], `"cost >= 1000"`, `"cost >= applied_on"`, 1)},
			[]string{"content/policies/demo/measures/01-alpha/rules.toml:17:14", "cannot compare a money with a date"}},
		{"a deleted page that another links to", map[string]string{
			"content/pages/about.en.md":                           "+++\ntitle = \"About\"\n+++\nSee [beta](/policies/demo/measures/02-beta/).\n",
			"content/policies/demo/measures/02-beta/index.zh.md!": "",
			"content/policies/demo/measures/02-beta/index.en.md!": "",
			"content/policies/demo/measures/02-beta/rules.toml!":  "",
			"content/policies/demo/policy.toml":                   strings.Replace(minimal(t)["content/policies/demo/policy.toml"], "measures = [1, 2]", "measures = [1]", 1)},
			// The binding text still holds the deleted measure: both problems are reported.
			[]string{"content/pages/about.en.md:4:", `link "/en/policies/demo/measures/02-beta/" leads to a page that does not exist`,
				"content/policies/demo/original.zh.txt:9:1", "is on no Chinese page"}},
		{"stylesheet imports a missing file", map[string]string{"assets/css/site.css": "@import \"./gone.css\";\nbody { color: red; }\n"},
			[]string{"assets/css/site.css:1:9", "Could not resolve"}},
		{"a layout that leaves the provisions out of the full text", map[string]string{"layouts/text.html": strings.Replace(realText,
			`<section id="provision-{{.Number}}" class="clause">{{.Body}}</section>`, `<section id="provision-{{.Number}}" class="clause"></section>`, 1)},
			[]string{"content/policies/demo/original.zh.txt:11:1", "not reproduced word for word on policies/demo/text/index.html"}},
		{"script syntax error", map[string]string{"assets/ts/site.ts": "const a = 1;\nconst b = ;\n"},
			[]string{"assets/ts/site.ts:2:11", "Unexpected \";\""}},
	}
	good := minimal(t)
	goodRoot := sitetest.Write(t, good, realRoot)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Run(Options{Root: goodRoot, Out: out, AsOf: asOf}); err != nil {
		t.Fatalf("the good fixture does not build:\n%v", err)
	}
	before := sitetest.TreeHash(t, out)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := sitetest.Write(t, sitetest.With(good, tt.changes), realRoot)
			_, err := Run(Options{Root: root, Out: out, AsOf: asOf})
			if err == nil {
				t.Fatal("the build succeeded")
			}
			var report bytes.Buffer
			for _, e := range diag.All(err) {
				report.WriteString(e.Report())
				// Every problem an editor can meet is said in Chinese too,
				// at the same position, with its fix. (The messages of
				// esbuild and of Go's templates are the developers'.)
				zh := e.In("zh")
				developers := strings.HasPrefix(e.File, "assets/") || strings.HasPrefix(e.File, "layouts/") || strings.HasPrefix(e.Msg, "template: ")
				if !developers && (!diag.Translated("zh", e.Msg) || !diag.Translated("zh", e.Hint)) {
					t.Errorf("no Chinese for %q / %q", e.Msg, e.Hint)
				}
				if zh.Position() != e.Position() || (e.Hint != "") != (zh.Hint != "") {
					t.Errorf("the Chinese report moves or drops: %s", zh.Report())
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(report.String(), w) {
					t.Errorf("the report lacks %q:\n%s", w, report.String())
				}
			}
			if got := sitetest.TreeHash(t, out); got != before {
				t.Error("the failed build changed the output folder")
			}
			leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public-*"))
			if len(leftovers) > 0 {
				t.Errorf("left behind %v", leftovers)
			}
		})
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
