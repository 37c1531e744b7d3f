// Package publish writes a rendered site to its output folder so that the
// folder always holds one whole build: the new tree is written beside it and
// swapped in at once; when anything fails, the previous build stays as it was.
package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
	removeAbandoned(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+"-new-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a folder beside %s: %w", dir, err)
	}
	t := &Tree{tmp: tmp, dir: abs}
	if err := os.Chmod(tmp, 0o755); err != nil {
		t.Abort()
		return nil, err
	}
	// The marker names the process writing the tree, so that a later build
	// can remove the tree if this one is killed before it can.
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
		t.Abort()
		return nil, err
	}
	return t, nil
}

// removeAbandoned removes the trees that builds killed part way left beside
// the output: those whose marker names a process that is gone.
func removeAbandoned(parent, base string) {
	left, _ := filepath.Glob(filepath.Join(parent, "."+base+"-new-*"))
	for _, dir := range left {
		b, err := os.ReadFile(filepath.Join(dir, Marker))
		if err != nil {
			continue // not ours, or not yet marked
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err == nil && pid != os.Getpid() && !alive(pid) {
			os.RemoveAll(dir)
		}
	}
}

// Write writes one file of the tree (a path with forward slashes).
func (t *Tree) Write(name string, data []byte) error {
	p := filepath.Join(t.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(p)
	if _, done := t.made.Load(dir); !done {
		// Most folders are made when their parent is already there: one
		// system call, where MkdirAll looks at each part of the path.
		if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, os.ErrExist) {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
		}
		t.made.Store(dir, true)
	}
	return writeFile(p, data)
}

// Commit puts the tree in the place of the output folder. Its error says
// what became of the output folder: a *SwapError when it may not hold the
// previous build any more.
func (t *Tree) Commit() error {
	// The marker said which process wrote the tree; the published folder
	// says only that a build wrote it, the same every time.
	if err := os.WriteFile(filepath.Join(t.tmp, Marker), []byte(markerText), 0o644); err != nil {
		t.Abort()
		return err
	}
	if err := swap(t.tmp, t.dir); err != nil {
		var se *SwapError
		if !errors.As(err, &se) {
			t.Abort()
		}
		return err
	}
	return nil
}

const markerText = "This folder was written by the site's generator (go run ./generator build), which replaces it whole on every build.\n"

// SwapError is a failure after the output folder was touched: the new
// build is in place but the previous one could not be removed, or the
// previous build was moved aside and could not be put back.
type SwapError struct {
	Published bool   // the output folder holds the new build
	Left      string // where a folder of the swap was left, for the editor to remove or rename
	Err       error
}

func (e *SwapError) Error() string {
	if e.Published {
		return fmt.Sprintf("the new build is in place, but the previous one could not be removed from %s: %v; remove it by hand", e.Left, e.Err)
	}
	return fmt.Sprintf("the previous build was moved to %s and could not be put back: %v; rename it back by hand", e.Left, e.Err)
}

// Abort removes the tree.
func (t *Tree) Abort() { removeTree(t.tmp) }

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
		// next now holds the previous build.
		if err := removeTree(next); err != nil {
			return &SwapError{Published: true, Left: next, Err: err}
		}
		return nil
	}
	// No atomic exchange here: two renames, undone if the second fails.
	old := next + "-old"
	if err := os.Rename(current, old); err != nil {
		return err
	}
	if err := os.Rename(next, current); err != nil {
		if back := os.Rename(old, current); back != nil {
			return &SwapError{Left: old, Err: err}
		}
		return err
	}
	if err := removeTree(old); err != nil {
		return &SwapError{Published: true, Left: old, Err: err}
	}
	return nil
}
