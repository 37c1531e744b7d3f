package publish

import (
	"os"
	"path/filepath"
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
