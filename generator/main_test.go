package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xihuguide/generator/rules/change"
	"xihuguide/generator/sitetest"
)

func TestBuildCommand(t *testing.T) {
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, "..")
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-root", root, "-o", out, "--date", "2025-06-01"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "built 34 pages in 2 languages") {
		t.Errorf("summary %q", stdout.String())
	}

	bad := sitetest.Write(t, sitetest.With(files, map[string]string{"content/site.toml": "base_url = \"https://example.org/\nx = 1\n"}), "..")
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"build", "-root", bad, "-o", out}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d for a broken site", code)
	}
	for _, want := range []string{"content/site.toml:1:", "    1 | base_url = \"https://example.org/", "build failed; " + out + " was left as it was"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{"frobnicate"}, {"build", "--date", "2025-13-01"}, {"build", "--nope"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if stderr.Len() == 0 {
			t.Errorf("%v: no message", args)
		}
	}
}

// selfcheck on the rich fixture's example profile prints, per language,
// what the golden files under testdata/ hold (UPDATE_GOLDEN=1 go test
// ./generator rewrites them), and with --json exactly the evaluator's
// golden result for the same profile.
func TestSelfcheckCommand(t *testing.T) {
	root := sitetest.Write(t, sitetest.Rich(), "..")
	example := filepath.Join(root, "content/policies/demo/example-profile.json")
	for _, lang := range []string{"zh", "en"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"selfcheck", "--root", root, "--lang", lang, example}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		golden := filepath.Join("testdata", "selfcheck-example."+lang+".txt")
		if os.Getenv("UPDATE_GOLDEN") != "" {
			os.MkdirAll("testdata", 0o755)
			os.WriteFile(golden, stdout.Bytes(), 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if stdout.String() != string(want) {
			t.Errorf("selfcheck --lang %s differs from %s:\n%s", lang, golden, stdout.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"selfcheck", example, "--json", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("--json: exit %d: %s", code, stderr.String())
	}
	golden, err := os.ReadFile("rules/eval/testdata/example-result.json")
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(stdout.String()) != strings.TrimSpace(string(golden)) {
		t.Errorf("--json differs from the evaluator's golden result:\n%s", stdout.String())
	}
}

func TestSelfcheckRefusesBadProfiles(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "..")
	bad := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(bad, []byte(`{"policy": "demo", "answers": {"in_district": "yes"}}`), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"selfcheck", "--root", root, bad}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "answers.in_district: must be true or false") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if code := run([]string{"selfcheck", "--root", root}, &stdout, &stderr); code != 2 {
		t.Errorf("no profile: exit %d", code)
	}
}

// check lists every problem of a broken site in one run, as text or JSON.
func TestCheckCommand(t *testing.T) {
	files := sitetest.With(sitetest.Minimal(), map[string]string{
		"content/pages/about.zh.md": "+++\ntitle = \"关于\"\n+++\n见[不存在](/nowhere/)。\n",
		"content/policies/demo/measures/01-alpha/rules.toml": strings.Replace(sitetest.Minimal()["content/policies/demo/measures/01-alpha/rules.toml"],
			`"min(cost * 10%, 10万)"`, `"min(cost * 20%, 10万)"`, 1),
		"content/policies/demo/measures/02-beta/rules.toml": strings.Replace(sitetest.Minimal()["content/policies/demo/measures/02-beta/rules.toml"],
			`clause = "measure-2"`, `clause = "measure-7"`, 1),
	})
	root := sitetest.Write(t, files, "..")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--root", root, "--date", "2025-06-01"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d: %s %s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{`case "ten percent"`, `cites clause "measure-7"`} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout.String())
		}
	}
	stdout.Reset()
	run([]string{"check", "--root", root, "--format", "json"}, &stdout, &stderr)
	var problems []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &problems); err != nil || len(problems) < 2 {
		t.Fatalf("json: %v, %d problems:\n%s", err, len(problems), stdout.String())
	}
	if problems[0]["file"] == "" || problems[0]["message"] == "" {
		t.Errorf("problem without file or message: %v", problems[0])
	}
	stdout.Reset()
	if code := run([]string{"check", "--root", ".."}, &stdout, &stderr); code != 0 {
		t.Errorf("the real site fails check:\n%s", stdout.String())
	}
}

// A new measure and a new policy, scaffolded on a working site, hold a
// placeholder wherever an editor has text to write: check names each one
// and the build refuses to publish them. Filled in, they pass and build.
func TestNewScaffolds(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "..")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"new", "measure", "demo", "talent-housing", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("new measure: exit %d: %s", code, stderr.String())
	}
	for _, want := range []string{"created content/policies/demo/measures/03-talent-housing/index.zh.md",
		"created content/policies/demo/measures/03-talent-housing/rules.toml"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, stdout.String())
		}
	}
	policy, _ := os.ReadFile(filepath.Join(root, "content/policies/demo/policy.toml"))
	if !strings.Contains(string(policy), "measures = [1, 2, 3]") {
		t.Errorf("the new measure is not in a group:\n%s", policy)
	}
	stdout.Reset()
	if code := run([]string{"new", "policy", "city-ai-2026", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("new policy: exit %d: %s", code, stderr.String())
	}
	created := regexp.MustCompile(`created (\S+)`).FindAllStringSubmatch(stdout.String(), -1)
	if len(created) < 10 {
		t.Fatalf("new policy created %d files:\n%s", len(created), stdout.String())
	}

	// Unfilled: every placeholder is named, and nothing is published.
	marks := regexp.MustCompile(`（待填：[^）]*）|\(to fill: [^)]*\)`)
	placeholders := 0
	files := []string{"content/policies/demo/measures/03-talent-housing/index.zh.md", "content/policies/demo/measures/03-talent-housing/index.en.md",
		"content/policies/demo/measures/03-talent-housing/rules.toml"}
	for _, c := range created {
		files = append(files, c[1])
	}
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(root, f))
		placeholders += len(marks.FindAll(b, -1))
	}
	stdout.Reset()
	if code := run([]string{"check", "--root", root, "--format", "json"}, &stdout, &stderr); code != 1 {
		t.Fatalf("check passes on unfilled scaffolds: exit %d", code)
	}
	var problems []struct{ File, Message string }
	json.Unmarshal(stdout.Bytes(), &problems)
	named := 0
	for _, p := range problems {
		if strings.HasPrefix(p.Message, "placeholder ") && marks.MatchString(p.Message) {
			named++
		}
	}
	if named != placeholders {
		t.Errorf("check names %d placeholders; the scaffolds hold %d:\n%s", named, placeholders, stdout.String())
	}
	zhTitle := regexp.MustCompile(`(?m)^title\.zh = "（待填：`)
	if !zhTitle.Match(sitetest.ReadFile(t, filepath.Join(root, "content/policies/city-ai-2026/policy.toml"))) {
		t.Error("new policy does not write a Chinese placeholder in title.zh")
	}
	out := filepath.Join(t.TempDir(), "out")
	stderr.Reset()
	if code := run([]string{"build", "--root", root, "-o", out}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "placeholder （待填：标题）") {
		t.Errorf("build of unfilled scaffolds: exit %d:\n%s", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a build with placeholders wrote %s", out)
	}

	// Filled in (each placeholder's own words stand for the editor's text,
	// and the new clause joins the binding text): check passes and it builds.
	for _, f := range files {
		p := filepath.Join(root, f)
		filled := marks.ReplaceAllStringFunc(string(sitetest.ReadFile(t, p)), func(m string) string {
			m = strings.TrimPrefix(strings.TrimPrefix(m, "（待填："), "(to fill: ")
			return strings.TrimSuffix(strings.TrimSuffix(m, "）"), ")")
		})
		os.WriteFile(p, []byte(filled), 0o644)
	}
	original := filepath.Join(root, "content/policies/demo/original.zh.txt")
	os.WriteFile(original, []byte(strings.Replace(string(sitetest.ReadFile(t, original)), "2、贝塔。给予20%的补助。\n", "2、贝塔。给予20%的补助。\n3、条文原文，一字不改\n", 1)), 0o644)
	stdout.Reset()
	if code := run([]string{"check", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("check fails on the filled-in scaffolds:\n%s", stdout.String())
	}
	if code := run([]string{"build", "--root", root, "-o", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build fails on the filled-in scaffolds:\n%s", stderr.String())
	}
	// Mistakes are refused with a reason.
	for _, args := range [][]string{{"new", "measure", "nope", "x", "--root", root}, {"new", "measure", "demo", "Bad Slug", "--root", root},
		{"new", "policy", "city-ai-2026", "--root", root}} {
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code == 0 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, message %q", args, code, stderr.String())
		}
	}
}

// check lists every problem of a site broken in many places at once.
func TestCheckListsEveryProblem(t *testing.T) {
	m := sitetest.Minimal()
	files := sitetest.With(m, map[string]string{
		"content/policies/demo/measures/01-alpha/index.zh.md": strings.Replace(m["content/policies/demo/measures/01-alpha/index.zh.md"], `title = "阿尔法"`, "titel = \"阿尔法\"", 1),
		"content/pages/404.en.md":                             "\ufeff" + m["content/pages/404.en.md"],
		"content/policies/demo/scope.en.md":                   "Enterprises\r\nin the district.\r\n",
		"content/policies/demo/policy.toml":                   strings.Replace(m["content/policies/demo/policy.toml"], "in_force_until = 2025-12-31", "in_force_until = 2024-12-31", 1),
		"content/policies/demo/measures/02-beta/index.en.md!": "",
		"content/policies/demo/measures/01-copy/index.zh.md":  m["content/policies/demo/measures/01-alpha/index.zh.md"],
		"content/policies/demo/measures/01-copy/index.en.md":  m["content/policies/demo/measures/01-alpha/index.en.md"],
	})
	root := sitetest.Write(t, files, "..")
	var stdout, stderr bytes.Buffer
	run([]string{"check", "--root", root, "--format", "json"}, &stdout, &stderr)
	var problems []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &problems); err != nil {
		t.Fatalf("%v:\n%s", err, stdout.String())
	}
	wants := []string{`unknown key "titel"`, "byte order mark", "in_force_until (2024-12-31) is before", "measure 2 has no English page", "measure number 1 is used twice"}
	for _, w := range wants {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p.Message, w)
		}
		if !found {
			t.Errorf("check did not list %q among:\n%s", w, stdout.String())
		}
	}
}

// build -o never destroys what people wrote: the site's own folder, its
// sources, a folder around them and a folder of someone's files are each
// refused with the reason and the way on, and nothing changes.
func TestBuildRefusesToReplaceSources(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "..")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "init", "-q")
	mine := filepath.Join(t.TempDir(), "mine")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("an editor's notes"), 0o644)
	for _, out := range []string{"content", ".", "layouts", "assets", ".git", "content/pages", filepath.Dir(root), mine} {
		t.Run(out, func(t *testing.T) {
			target := out
			if !filepath.IsAbs(out) {
				target = filepath.Join(root, out)
			}
			before, mineBefore := sitetest.TreeHash(t, root), sitetest.TreeHash(t, mine)
			var stdout, stderr bytes.Buffer
			if code := run([]string{"build", "--root", root, "-o", target}, &stdout, &stderr); code == 0 {
				t.Fatalf("build -o %s exited 0", out)
			}
			for _, want := range []string{"build refused: -o " + target + ": ", "hint: ", "Nothing was written."} {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
				}
			}
			if strings.Contains(stderr.String(), "left as it was") {
				t.Errorf("a refusal speaks of a build:\n%s", stderr.String())
			}
			if sitetest.TreeHash(t, root) != before || sitetest.TreeHash(t, mine) != mineBefore {
				t.Error("the refused build changed files")
			}
			if left, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".*-new-*")); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
	// The folder a build wrote is its own to replace.
	out := filepath.Join(t.TempDir(), "public")
	for i := 0; i < 2; i++ {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"build", "--root", root, "-o", out, "--date", "2025-06-01"}, &stdout, &stderr); code != 0 {
			t.Fatalf("build %d into its own folder: exit %d\n%s", i+1, code, stderr.String())
		}
	}
}

// check and build speak the editor's language: --lang, else LANG; the
// position, the quoted line and the caret are the same in both.
func TestMessagesInBothLanguages(t *testing.T) {
	m := sitetest.Minimal()
	const measure = "content/policies/demo/measures/01-alpha/index.zh.md"
	root := sitetest.Write(t, sitetest.With(m, map[string]string{measure: strings.Replace(m[measure], `title = "阿尔法"`, `titel = "阿尔法"`, 1)}), "..")
	const quoted = "    2 | titel = \"阿尔法\"\n      | ^\n"
	for _, tt := range []struct {
		args []string
		env  string
		want string
	}{
		{[]string{"check", "--lang", "zh"}, "", measure + ":2:1: 错误：未知的键 \"titel\"\n" + quoted + "  提示：是不是 title？请检查拼写；本文件可用的键列在 README.md 中\n共 1 个问题\n"},
		{[]string{"check", "--lang", "en"}, "zh_CN.UTF-8", measure + ":2:1: error: unknown key \"titel\"\n" + quoted + "  hint: did you mean title? check the spelling; the keys this file may hold are listed in README.md\n1 problem(s)\n"},
		{[]string{"check"}, "zh_CN.UTF-8", measure + ":2:1: 错误：未知的键 \"titel\"\n"},
		{[]string{"check"}, "en_US.UTF-8", measure + ":2:1: error: unknown key \"titel\"\n"},
	} {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", tt.env)
		var stdout, stderr bytes.Buffer
		if code := run(append(tt.args, "--root", root), &stdout, &stderr); code != 1 {
			t.Errorf("%v: exit %d", tt.args, code)
		}
		if !strings.HasPrefix(stdout.String(), tt.want) {
			t.Errorf("%v with LANG=%s:\n%s\nwant\n%s", tt.args, tt.env, stdout.String(), tt.want)
		}
	}
	var stdout, stderr bytes.Buffer
	run([]string{"build", "--lang", "zh", "--root", root, "-o", filepath.Join(t.TempDir(), "out")}, &stdout, &stderr)
	if !strings.Contains(stderr.String(), "错误：未知的键 \"titel\"") || !strings.Contains(stderr.String(), "保持原样") {
		t.Errorf("build --lang zh:\n%s", stderr.String())
	}
	stdout.Reset()
	run([]string{"check", "--lang", "zh", "--format", "json", "--root", root}, &stdout, &stderr)
	var problems []struct{ Message, Hint string }
	json.Unmarshal(stdout.Bytes(), &problems)
	if len(problems) != 1 || problems[0].Message != `未知的键 "titel"` || !strings.HasPrefix(problems[0].Hint, "是不是 title？") {
		t.Errorf("check --format json --lang zh: %s", stdout.String())
	}
}

// selfcheck reads at most 1 MiB: /dev/zero is refused, not read until the
// memory runs out.
func TestSelfcheckBoundsItsInput(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	root := sitetest.Write(t, sitetest.Minimal(), "..")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"selfcheck", "--root", root, "/dev/zero"}, &stdout, &stderr); code != 2 || !strings.Contains(stderr.String(), "larger than 1 MiB") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// check --mutate names each change to the rules that no case notices, at
// its file, line and column, with the case that would notice it, and the
// policy's score; and it fails when the score is below the one committed.
func TestCheckMutate(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "..")
	for _, lang := range []string{"en", "zh"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"check", "--mutate", "--root", root, "--lang", lang}, &stdout, &stderr); code != 0 {
			t.Fatalf("exit %d: %s%s", code, stdout.String(), stderr.String())
		}
		golden := filepath.Join("testdata", "mutate."+lang+".txt")
		if os.Getenv("UPDATE_GOLDEN") != "" {
			os.WriteFile(golden, stdout.Bytes(), 0o644)
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatal(err)
		}
		if stdout.String() != string(want) {
			t.Errorf("check --mutate --lang %s differs from %s:\n%s", lang, golden, stdout.String())
		}
	}
	// The fixture's alpha never reaches its cap, so a surviving mutant
	// says so: a committed score of 100 is no longer met.
	if err := os.WriteFile(filepath.Join(root, "content/policies/demo/mutation-score"), []byte("100\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--mutate", "--root", root}, &stdout, &stderr); code != 1 || !strings.Contains(stderr.String(), "mutation-score") {
		t.Errorf("below the committed score: exit %d, %q", code, stderr.String())
	}
}

// check --diff says what a change to the rules does: on a repository of
// two commits, the rule that changed and each case whose result changed
// with it, in text and in JSON.
func TestCheckDiff(t *testing.T) {
	root, _ := sitetest.RaisedRate(t, "..")

	var stdout, stderr bytes.Buffer
	if code := run([]string{"check", "--diff", "HEAD~1", "--root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s%s", code, stdout.String(), stderr.String())
	}
	for _, want := range []string{
		"rule item.award: min(cost * 10%, 10万) → min(cost * 20%, 10万)",
		"01-alpha: ten percent: eligible 500.00 → eligible 1,000.00",
		"1 results change",
	} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("check --diff lacks %q:\n%s", want, stdout.String())
		}
	}
	stdout.Reset()
	if code := run([]string{"check", "--diff", "HEAD~1", "--root", root, "--format", "json"}, &stdout, &stderr); code != 0 {
		t.Fatalf("json: exit %d: %s", code, stderr.String())
	}
	// The problems come first, as with check alone, then the report.
	dec := json.NewDecoder(&stdout)
	var problems []any
	var rep change.Report
	if err := dec.Decode(&problems); err != nil || len(problems) != 0 {
		t.Fatalf("json: problems %v, %v", problems, err)
	}
	if err := dec.Decode(&rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Policies) != 1 || len(rep.Policies[0].Measures) != 1 {
		t.Fatalf("json: %+v", rep)
	}
	m := rep.Policies[0].Measures[0]
	if m.ID != "01-alpha" || len(m.Results) != 1 || m.Results[0].Old.Low != "500.00" || m.Results[0].New.Low != "1000.00" {
		t.Errorf("json: %+v", m)
	}
	// A revision that is not there is said to be so.
	if code := run([]string{"check", "--diff", "no-such-rev", "--root", root}, &stdout, &stderr); code == 0 || !strings.Contains(stderr.String(), "no-such-rev") {
		t.Errorf("an unknown revision: exit %d, %q", code, stderr.String())
	}
}
