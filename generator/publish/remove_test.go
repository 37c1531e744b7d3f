package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// removeTree removes files and folders at every depth, and links without
// following them.
func TestRemoveTreeRemovesEverythingAndFollowsNoLink(t *testing.T) {
	outside := t.TempDir()
	keep := filepath.Join(outside, "keep.txt")
	if err := os.WriteFile(keep, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "public")
	pages(t, dir, 3, 200)
	if err := os.Symlink(outside, filepath.Join(dir, "a0", "b0", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "top.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := removeTree(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dir); !os.IsNotExist(err) {
		t.Errorf("the tree is still there: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("a file behind a link went with the tree: %v", err)
	}
	if err := removeTree(dir); err != nil {
		t.Errorf("removing what is gone: %v", err)
	}
}

// pages makes a built site's shape under dir: folders a0…, each with
// folders b0… of one page each, n pages in all.
func pages(t testing.TB, dir string, top, n int) {
	for i := range n {
		d := filepath.Join(dir, fmt.Sprintf("a%d", i%top), fmt.Sprintf("b%d", i/top))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "index.html"), []byte("<!doctype html>"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkRemoveTree removes a previous build of 20,000 pages, as a
// publish does after the swap, on every core and with os.RemoveAll.
// Run it on tmpfs: TMPDIR=/dev/shm go test ./generator/publish -run X -bench RemoveTree
func BenchmarkRemoveTree(b *testing.B) {
	for _, remove := range []struct {
		name string
		fn   func(string) error
	}{{"every-core", removeTree}, {"os.RemoveAll", os.RemoveAll}} {
		b.Run(remove.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), "public")
				pages(b, dir, 2, 20000)
				b.StartTimer()
				if err := remove.fn(dir); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
