// Package publish writes a rendered site to its output folder so that the
// folder always holds one whole build: the new tree is written beside it and
// swapped in at once; when anything fails, the previous build stays as it was.
package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Write replaces dir with a folder holding exactly files (paths with forward
// slashes, relative to dir).
func Write(dir string, files map[string][]byte) (err error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+"-new-")
	if err != nil {
		return fmt.Errorf("cannot create a folder beside %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return err
		}
	}
	return swap(tmp, abs)
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
