package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	if !strings.HasPrefix(stdout.String(), "built 22 pages in 2 languages") {
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

// selfcheck on the example profile prints, per language, what the golden
// files under testdata/ hold (UPDATE_GOLDEN=1 go test ./generator rewrites
// them), and with --json exactly the evaluator's golden result.
func TestSelfcheckCommand(t *testing.T) {
	const example = "../content/policies/xihu-ai-2025/example-profile.json"
	for _, lang := range []string{"zh", "en"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"selfcheck", "--root", "..", "--lang", lang, example}, &stdout, &stderr); code != 0 {
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
	if code := run([]string{"selfcheck", example, "--json", "--root", ".."}, &stdout, &stderr); code != 0 {
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
	dir := t.TempDir()
	bad := filepath.Join(dir, "p.json")
	os.WriteFile(bad, []byte(`{"policy": "xihu-ai-2025", "answers": {"in_xihu": "yes"}}`), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"selfcheck", "--root", "..", bad}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "answers.in_xihu: must be true or false") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if code := run([]string{"selfcheck", "--root", ".."}, &stdout, &stderr); code != 2 {
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
