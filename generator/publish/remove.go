package publish

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"xihuguide/generator/workers"
)

// removeTree removes dir and everything in it, as os.RemoveAll does, with
// its subfolders' subtrees removed on every core: the previous build of a
// large site is tens of thousands of folders, and removing them after the
// swap was the last part of a build, on one core. A link is removed, not
// followed.
func removeTree(dir string) error {
	// Go down until there is a subtree for each core; what lies above them
	// is a few folders, removed at the end. Sharing out many small subtrees
	// instead was slower than one os.RemoveAll (BenchmarkRemoveTree, with
	// 20,000 subtrees of one page).
	frontier := []string{dir}
	for depth := 0; depth < 4 && len(frontier) < runtime.GOMAXPROCS(0); depth++ {
		var next []string
		for _, d := range frontier {
			entries, err := os.ReadDir(d)
			if err != nil {
				continue // os.RemoveAll below meets it again and says why
			}
			for _, e := range entries {
				if e.IsDir() { // from the entry's type: a link to a folder is not one
					next = append(next, filepath.Join(d, e.Name()))
				}
			}
		}
		if len(next) == 0 {
			break
		}
		frontier = next
	}
	if len(frontier) > 1 {
		errs := make([]error, len(frontier))
		workers.Each(len(frontier), func(i int) { errs[i] = os.RemoveAll(frontier[i]) })
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return os.RemoveAll(dir)
}
