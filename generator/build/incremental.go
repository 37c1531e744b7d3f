package build

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/history"
	"xihuguide/generator/rules"
	"xihuguide/generator/site"
)

// Builder builds the same site again and again, as the preview server does,
// and redoes only the work whose inputs changed: the asset bundle when a
// file under assets/ changed, the templates when a layout or a UI string
// changed, a policy's rules and their cases when what they are made of
// changed, a policy's pages when anything in its folder or anything every
// page depends on changed. Content is read anew each time; the pages every
// policy shares (home, policy index, search, changes) are rendered anew.
type Builder struct {
	Root string
	AsOf time.Time

	assetsKey    string // names the bundle the pages link to
	tmplKey      string
	tmpls        *site.Templates
	rulesKeys    map[string]string
	suites       map[string]*rules.Suite
	historyCache *history.Cache
	pages        *site.Memo
	memoHistory  *history.History // the history the memo's pages were made with
	historyGen   int              // counts changes of it
}

// Build renders and checks the site. It never writes.
func (b *Builder) Build() (*Result, error) {
	r, errs := publishable(Options{Root: b.Root, AsOf: b.AsOf}, nil, b)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	b.pages.Commit() // only a good build's pages are reused
	return r, nil
}

// memo keys each policy by its folder and by everything outside it that
// every page depends on: layouts, assets, UI strings, the site's settings
// and pages, the history and the day.
func (b *Builder) memo(s *content.Site, h *history.History) *site.Memo {
	if b.pages == nil {
		b.pages = &site.Memo{}
	}
	empty := func(h *history.History) bool { return h == nil || len(h.Commits) == 0 }
	if h != b.memoHistory && !(empty(h) && empty(b.memoHistory)) {
		b.historyGen++
	}
	b.memoHistory = h
	shared := sha256.New()
	// The keys of the bundle (assets/) and of the templates (layouts/ and
	// content/i18n/) were made earlier in this build.
	shared.Write([]byte(b.assetsKey + b.tmplKey + treeKey(b.Root, "content/pages")))
	hashFile(shared, filepath.Join(b.Root, "content", "site.toml"))
	hashFile(shared, filepath.Join(b.Root, filepath.FromSlash(content.ChangesFile))) // a note shows on the pages it concerns
	fmt.Fprintf(shared, "%s/%d", b.AsOf.Format(time.RFC3339), b.historyGen)
	base := hex.EncodeToString(shared.Sum(nil))
	b.pages.Keys = map[string]string{}
	for _, p := range s.Policies {
		b.pages.Keys[p.Slug] = base + treeKey(b.Root, p.Dir)
	}
	return b.pages
}

// bundle is the assets package's: it keeps the last bundle it made.
func (b *Builder) bundle() (*assets.Bundle, error) {
	bundle, err := assets.Build(b.Root)
	if err != nil {
		return nil, err
	}
	var key strings.Builder
	for _, f := range bundle.Files {
		key.WriteString(f.Path + " " + f.Integrity + "\n")
	}
	b.assetsKey = key.String()
	return bundle, nil
}

func (b *Builder) templates(s *content.Site) (*site.Templates, error) {
	if key := treeKey(b.Root, "layouts", "content/i18n"); key != b.tmplKey || b.tmpls == nil {
		tmpls, err := site.LoadTemplates(s)
		if err != nil {
			return nil, err
		}
		b.tmpls, b.tmplKey = tmpls, key
	}
	return b.tmpls, nil
}

func (b *Builder) history() *history.History {
	if b.historyCache == nil {
		b.historyCache = history.NewCache(b.Root)
	}
	return b.historyCache.Load()
}

// rules reuses a policy's compiled rules while nothing they are made of has
// changed: its rules files, and the clauses, titles and labels they cite.
func (b *Builder) rules(s *content.Site) (map[string]*rules.Suite, error) {
	if b.rulesKeys == nil {
		b.rulesKeys, b.suites = map[string]string{}, map[string]*rules.Suite{}
	}
	return compileRules(s, b, true)
}

func (b *Builder) reuse(s *content.Site, p *content.Policy) *rules.Suite {
	if suite := b.suites[p.Slug]; suite != nil && b.rulesKeys[p.Slug] == rulesKey(s, p) {
		return suite
	}
	return nil
}

func (b *Builder) keep(s *content.Site, p *content.Policy, suite *rules.Suite) {
	b.suites[p.Slug], b.rulesKeys[p.Slug] = suite, rulesKey(s, p)
}

func rulesKey(s *content.Site, p *content.Policy) string {
	h := sha256.New()
	hashFile(h, filepath.Join(s.Root, p.Dir, rules.PolicyFile))
	type measure struct {
		Number int
		Slug   string
		Titles map[string]string
	}
	var ms []measure
	for _, m := range p.Measures {
		hashFile(h, filepath.Join(s.Root, m.Dir, rules.MeasureFile))
		titles := map[string]string{}
		for lang, t := range m.Lang {
			titles[lang] = t.Title
		}
		ms = append(ms, measure{m.Number, m.Slug, titles})
	}
	var provisions []int
	for _, pr := range p.Provisions {
		provisions = append(provisions, pr.Number)
	}
	shape, _ := json.Marshal(struct {
		Measures   any
		Provisions []int
		Headings   any
		Strings    any
		Languages  any
	}{ms, provisions, p.Meta.Headings, s.Strings, s.Config.Languages})
	h.Write(shape)
	return hex.EncodeToString(h.Sum(nil))
}

type writer interface{ Write([]byte) (int, error) }

func hashFile(h writer, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		h.Write([]byte("missing:" + path))
		return
	}
	h.Write([]byte(path))
	h.Write(b)
}

// treeKey hashes the names and contents of every file under the folders.
func treeKey(root string, dirs ...string) string {
	h := sha256.New()
	for _, d := range dirs {
		var paths []string
		filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				paths = append(paths, p)
			}
			return nil
		})
		sort.Strings(paths)
		for _, p := range paths {
			hashFile(h, p)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
