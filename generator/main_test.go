package main

import (
	"bytes"
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
	if !strings.HasPrefix(stdout.String(), "built 18 pages in 2 languages") {
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
