// Package history reads when content changed from git: the last change of
// each page's sources and the list of changes for the "what changed" page
// and its feed. Without git, or outside a repository, there is simply no
// history, and the build stays deterministic either way: it reads commits,
// never file times.
package history

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Commit is one change to content/.
type Commit struct {
	Hash    string
	When    time.Time // the committer's time
	Subject string
	Files   []string // paths relative to the site root
}

// Day is the commit's date as YYYY-MM-DD, in the committer's zone.
func (c *Commit) Day() string { return c.When.Format(time.DateOnly) }

// History is the changes to content/, newest first.
type History struct {
	Commits []*Commit
}

// Load reads the history of content/ under root. A missing git, or a folder
// outside a repository, gives an empty history.
func Load(root string) *History {
	cmd := exec.Command("git", "-C", root, "log", "--relative", "--no-merges", "--no-renames",
		"--format=%x1e%H%x1f%cI%x1f%s", "--name-only", "--", "content")
	out, err := cmd.Output()
	if err != nil {
		return &History{}
	}
	return parse(out)
}

func parse(out []byte) *History {
	h := &History{}
	for _, rec := range bytes.Split(out, []byte{0x1e}) {
		lines := strings.Split(strings.TrimSpace(string(rec)), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		head := strings.Split(lines[0], "\x1f")
		if len(head) != 3 {
			continue
		}
		when, err := time.Parse(time.RFC3339, head[1])
		if err != nil {
			continue
		}
		c := &Commit{Hash: head[0], When: when, Subject: head[2]}
		for _, f := range lines[1:] {
			if f = strings.TrimSpace(f); f != "" {
				c.Files = append(c.Files, f)
			}
		}
		h.Commits = append(h.Commits, c)
	}
	return h
}

// LastChange returns the newest commit that touched a file under any of the
// prefixes (a file or a folder), or nil.
func (h *History) LastChange(prefixes ...string) *Commit {
	for _, c := range h.Commits {
		for _, f := range c.Files {
			for _, p := range prefixes {
				if f == p || strings.HasPrefix(f, strings.TrimSuffix(p, "/")+"/") {
					return c
				}
			}
		}
	}
	return nil
}

// Cache keeps a history between builds and reads git again only when a
// commit was made since: the preview rebuilds on every save, and asking git
// each time would cost more than the rest of a small rebuild.
type Cache struct {
	root    string
	logFile string // the repository's logs/HEAD, which every commit appends to
	key     string
	h       *History
}

// NewCache prepares a cache for the site under root.
func NewCache(root string) *Cache {
	c := &Cache{root: root}
	c.locate()
	return c
}

// locate finds the repository's log, if the site is in one.
func (c *Cache) locate() {
	if out, err := exec.Command("git", "-C", c.root, "rev-parse", "--absolute-git-dir").Output(); err == nil {
		c.logFile = strings.TrimSpace(string(out)) + "/logs/HEAD"
	}
}

// Load returns the history, read again if a commit was made.
func (c *Cache) Load() *History {
	if c.logFile == "" {
		c.locate() // the site may have been put in a repository since
	}
	key := ""
	if c.logFile != "" {
		if st, err := os.Stat(c.logFile); err == nil {
			key = fmt.Sprintf("%d/%d", st.Size(), st.ModTime().UnixNano())
		}
	}
	if c.h == nil || key == "" || key != c.key {
		c.h, c.key = Load(c.root), key
	}
	return c.h
}
