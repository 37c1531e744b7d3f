package history

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"xihuguide/generator/sitetest"
)

func TestLoad(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644)
	}
	sitetest.Git(t, dir, "2025-04-14T09:00:00+08:00", "init", "-q")
	write("content/policies/p/measures/01-a/index.zh.md", "a")
	write("content/pages/about.zh.md", "about")
	write("layouts/base.html", "x")
	sitetest.Git(t, dir, "2025-04-14T09:00:00+08:00", "add", ".")
	sitetest.Git(t, dir, "2025-04-14T09:00:00+08:00", "commit", "-qm", "Publish the policy")
	write("content/policies/p/measures/01-a/index.zh.md", "b")
	write("layouts/base.html", "y")
	sitetest.Git(t, dir, "2025-06-01T10:30:00+08:00", "commit", "-qam", "Correct measure 1")

	h := Load(dir)
	if len(h.Commits) != 2 || h.Commits[0].Subject != "Correct measure 1" || h.Commits[0].Day() != "2025-06-01" {
		t.Fatalf("commits %+v", h.Commits)
	}
	if got := h.Commits[0].Files; len(got) != 1 || got[0] != "content/policies/p/measures/01-a/index.zh.md" {
		t.Errorf("files of the newest commit %v (layouts are not content)", got)
	}
	if c := h.LastChange("content/policies/p/measures/01-a"); c == nil || c.Day() != "2025-06-01" {
		t.Errorf("last change of the measure %+v", c)
	}
	if c := h.LastChange("content/pages/about.zh.md"); c == nil || c.Day() != "2025-04-14" {
		t.Errorf("last change of about %+v", c)
	}
	if c := h.LastChange("content/policies/q"); c != nil {
		t.Errorf("a folder never changed has %+v", c)
	}
	if empty := Load(t.TempDir()); len(empty.Commits) != 0 {
		t.Error("a folder outside git has history")
	}
}

// The cache reads git again after a commit, and not otherwise.
func TestCache(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "content"), 0o755)
	os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("a"), 0o644)
	sitetest.Git(t, dir, "2025-01-01T00:00:00Z", "init", "-q")
	sitetest.Git(t, dir, "2025-01-01T00:00:00Z", "add", ".")
	sitetest.Git(t, dir, "2025-01-01T00:00:00Z", "commit", "-qm", "one")
	c := NewCache(dir)
	first := c.Load()
	if len(first.Commits) != 1 || c.Load() != first {
		t.Fatalf("first load %+v, or not reused", first.Commits)
	}
	os.WriteFile(filepath.Join(dir, "content/a.md"), []byte("b"), 0o644)
	sitetest.Git(t, dir, "2025-01-02T00:00:00Z", "commit", "-qam", "two")
	if got := c.Load(); len(got.Commits) != 2 {
		t.Errorf("after a commit: %d commits", len(got.Commits))
	}
}
