package publish

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Marker is the file a build leaves at the top of every folder it writes
// (the output and the tree beside it), so that a later build knows the
// folder is one it may replace, and a tree left by a killed build can be
// told from anything else.
const Marker = ".written-by-generator"

// Refusal says why a folder may not be the output, and what to do instead.
type Refusal struct {
	Dir, Why, Fix string
}

func (r *Refusal) Error() string { return fmt.Sprintf("%s: %s; %s", r.Dir, r.Why, r.Fix) }

// CheckTarget refuses an output folder that a build would destroy work in:
// the site's root or a folder that holds it; one of the source folders, a
// folder inside one or one that holds one; a file; or a folder with files
// in it that no build wrote. It changes nothing.
func CheckTarget(dir, root string, sources ...string) error {
	out, err := resolve(dir)
	if err != nil {
		return err
	}
	refuse := func(why, fix string) error { return &Refusal{Dir: dir, Why: why, Fix: fix} }
	const replaced = "a build replaces its output folder whole: name a folder of its own, such as public"
	site, err := resolve(root)
	if err != nil {
		return err
	}
	switch {
	case out == site:
		return refuse("this is the site's own folder, which holds its sources", replaced)
	case within(site, out):
		return refuse("this folder holds the site's own folder", replaced)
	}
	for _, p := range sources {
		src, err := resolve(p)
		if err != nil {
			return err
		}
		name := filepath.Base(src) + "/"
		switch {
		case out == src:
			return refuse(fmt.Sprintf("this is %s, which holds the site's sources", name), replaced)
		case within(out, src):
			return refuse(fmt.Sprintf("this is inside %s, which holds the site's sources", name),
				"write the site outside the sources, such as -o public")
		case within(src, out):
			return refuse(fmt.Sprintf("this folder holds %s, the site's sources", name), replaced)
		}
	}
	st, err := os.Lstat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !st.IsDir():
		return refuse("this is a file, not a folder", "name a folder for the site, such as public")
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		return refuse(fmt.Sprintf("this folder holds files that no build wrote (%s, …)", entries[0].Name()),
			"a build replaces its output folder whole: name a new or empty folder, or move those files away first")
	}
	return nil
}

// resolve makes p absolute and follows the links in the part of it that
// exists, so that two names for one folder compare equal.
func resolve(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	existing, rest := abs, ""
	for {
		if real, err := filepath.EvalSymlinks(existing); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
