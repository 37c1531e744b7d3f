// Package publish writes a rendered site to its output folder so that the
// folder always holds one whole build: the new tree is written beside it and
// swapped in at once; when anything fails, the previous build stays as it was.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
)

// Tree is a build being written beside its output folder. Write may be
// called from many goroutines; Commit swaps the tree in whole, Abort throws
// it away and leaves the output folder as it was.
type Tree struct {
	tmp, dir string
	made     sync.Map // folders already made, so each is made once
}

// Begin starts writing a tree that will replace dir.
func Begin(dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+"-new-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a folder beside %s: %w", dir, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Tree{tmp: tmp, dir: abs}, nil
}

// Write writes one file of the tree (a path with forward slashes).
func (t *Tree) Write(name string, data []byte) error {
	p := filepath.Join(t.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, done := t.made.Load(dir); !done {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		t.made.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

// Commit puts the tree in the place of the output folder.
func (t *Tree) Commit() error {
	if err := swap(t.tmp, t.dir); err != nil {
		t.Abort()
		return err
	}
	return nil
}

// Abort removes the tree.
func (t *Tree) Abort() { os.RemoveAll(t.tmp) }

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

// exchange swaps two folders in one step where the system can; a variable so
// that tests can take the two-rename path.
var exchange = renameExchange

// swap puts the folder next in the place of current and removes what was
// there before.
func swap(next, current string) error {
	if _, err := os.Lstat(current); os.IsNotExist(err) {
		return os.Rename(next, current)
	}
	if err := exchange(next, current); err == nil {
		return os.RemoveAll(next) // next now holds the previous build
	}
	// No atomic exchange here: two renames, undone if the second fails.
	old := next + "-old"
	if err := os.Rename(current, old); err != nil {
		return err
	}
	if err := os.Rename(next, current); err != nil {
		os.Rename(old, current)
		return err
	}
	return os.RemoveAll(old)
}
