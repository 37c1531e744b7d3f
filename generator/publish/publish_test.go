package publish

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestWriteReplacesTheWholeFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"index.html": []byte("one"), "old/page.html": []byte("stale")}); err != nil {
		t.Fatal(err)
	}
	if err := Write(out, map[string][]byte{"index.html": []byte("two"), "en/index.html": []byte("en")}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "two" {
		t.Errorf("index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "old/page.html")); !os.IsNotExist(err) {
		t.Error("a file of the previous build survived")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o755 {
		t.Errorf("folder mode %v", st.Mode().Perm())
	}
	assertNoLeftovers(t, out)
}

// A write that fails half-way (here: a file where a folder must go) leaves
// the previous build whole and nothing beside it.
func TestFailedWriteKeepsThePreviousBuild(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"index.html": []byte("good")}); err != nil {
		t.Fatal(err)
	}
	err := Write(out, map[string][]byte{"a": []byte("file"), "a/b.html": []byte("under a file")})
	if err == nil {
		t.Fatal("the impossible write succeeded")
	}
	if got := read(t, filepath.Join(out, "index.html")); got != "good" {
		t.Errorf("index.html = %q after a failed write", got)
	}
	if _, err := os.Stat(filepath.Join(out, "a")); !os.IsNotExist(err) {
		t.Error("part of the failed build reached the output")
	}
	assertNoLeftovers(t, out)
}

func TestSwapWithoutExchange(t *testing.T) {
	defer func(saved func(a, b string) error) { exchange = saved }(exchange)
	exchange = func(a, b string) error { return os.ErrInvalid }
	dir := t.TempDir()
	cur, next := filepath.Join(dir, "cur"), filepath.Join(dir, "next")
	os.Mkdir(cur, 0o755)
	os.WriteFile(filepath.Join(cur, "f"), []byte("old"), 0o644)
	os.Mkdir(next, 0o755)
	os.WriteFile(filepath.Join(next, "f"), []byte("new"), 0o644)
	if err := swap(next, cur); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(cur, "f")); got != "new" {
		t.Errorf("f = %q", got)
	}
	for _, gone := range []string{next, next + "-old"} {
		if _, err := os.Stat(gone); !os.IsNotExist(err) {
			t.Errorf("%s was not removed", gone)
		}
	}
}

func assertNoLeftovers(t *testing.T, out string) {
	t.Helper()
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".public-*"))
	if len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestCheckTarget(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"content/policies", "layouts", ".git", "public", "empty", "mine"} {
		os.MkdirAll(filepath.Join(root, d), 0o755)
	}
	os.WriteFile(filepath.Join(root, "public", Marker), []byte(markerText), 0o644)
	os.WriteFile(filepath.Join(root, "public", "index.html"), []byte("built"), 0o644)
	os.WriteFile(filepath.Join(root, "mine", "notes.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x"), 0o644)
	os.Symlink(filepath.Join(root, "content"), filepath.Join(root, "link-to-content"))
	sources := []string{filepath.Join(root, "content"), filepath.Join(root, "layouts"), filepath.Join(root, ".git")}
	tests := []struct {
		out, why string // why is "" where the folder is accepted
	}{
		{"public", ""},
		{"empty", ""},
		{"new/site", ""},
		{".", "the site's own folder"},
		{"..", "holds the site's own folder"},
		{"content", "this is content/"},
		{"content/policies", "inside content/"},
		{"content/not-yet", "inside content/"},
		{"layouts", "this is layouts/"},
		{".git", "this is .git/"},
		{"link-to-content", "this is content/"},
		{"mine", "files that no build wrote (notes.txt"},
		{"go.mod", "a file"},
	}
	for _, tt := range tests {
		err := CheckTarget(filepath.Join(root, tt.out), root, sources...)
		var r *Refusal
		switch {
		case tt.why == "" && err != nil:
			t.Errorf("%s refused: %v", tt.out, err)
		case tt.why != "" && (!errors.As(err, &r) || !strings.Contains(r.Why, tt.why) || r.Fix == ""):
			t.Errorf("%s: %v, want a refusal saying %q and how to proceed", tt.out, err, tt.why)
		}
	}
}

// A tree that a killed build left beside the output (its marker names a
// process that is gone) is removed by the next build; a tree of a running
// build, and a folder that is not a build's, are left alone.
func TestBeginRemovesAbandonedTrees(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Skip("no true command")
	}
	abandoned := filepath.Join(dir, ".public-new-111")
	running := filepath.Join(dir, ".public-new-222")
	foreign := filepath.Join(dir, ".public-new-333")
	for d, marker := range map[string]string{abandoned: fmt.Sprint(gone.Process.Pid), running: fmt.Sprint(os.Getppid()), foreign: ""} {
		os.MkdirAll(d, 0o755)
		if marker != "" {
			os.WriteFile(filepath.Join(d, Marker), []byte(marker+"\n"), 0o644)
		}
	}
	tree, err := Begin(out)
	if err != nil {
		t.Fatal(err)
	}
	defer tree.Abort()
	if _, err := os.Stat(abandoned); !os.IsNotExist(err) {
		t.Error("the abandoned tree is still there")
	}
	for _, kept := range []string{running, foreign} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s was removed", kept)
		}
	}
}

// A published build carries the marker, the same bytes every time.
func TestPublishedMarkerIsDeterministic(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := Write(out, map[string][]byte{"index.html": []byte("x")}); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, Marker)); got != markerText {
		t.Errorf("marker %q", got)
	}
}

// Write replaces dir with a folder holding exactly files (paths with forward
// slashes, relative to dir).
func Write(dir string, files map[string][]byte) error {
	t, err := Begin(dir)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := t.Write(name, files[name]); err != nil {
			t.Abort()
			return err
		}
	}
	return t.Commit()
}
