// Package site renders a loaded site into files held in memory: every page
// in every language through the templates under layouts/, plus sitemap.xml,
// robots.txt and _headers. It writes nothing to disk, so that a build can be
// checked whole before it is published.
package site

import (
	"html/template"
	"strings"
	"time"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/history"
	"xihuguide/generator/rules"
	"xihuguide/generator/urls"
)

// CSP is the Content-Security-Policy of every page: only the site's own
// scripts and styles, no inline code, nothing from elsewhere.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"

// Output is a rendered site.
type Output struct {
	Files map[string][]byte // output path (assets/x.css, en/index.html) → contents; with a Sink, the full-text pages only
	Pages int               // HTML pages
	Count int               // files
	// Inspected holds the problems the inspectors found, page by page.
	Inspected diag.List
	// Reused counts the pages taken from Options.Memo.
	Reused int
	// ChartsComputed counts the charts whose figures this build computed
	// rather than took from Options.Memo.
	ChartsComputed int
}

// Options changes what a build renders without changing the content.
type Options struct {
	// AsOf is the day the status of each policy is computed for.
	AsOf time.Time
	// Rules holds the compiled rules of each policy that has them, by slug.
	Rules map[string]*rules.Suite
	// Templates are parsed layouts to reuse; nil parses them anew.
	Templates *Templates
	// History is what git says of content/: when each page last changed,
	// and the list of changes. Nil or empty: no dates are shown.
	History *history.History
	// Sink, when set, receives every file as soon as it is made, from many
	// goroutines at once; it must not keep the bytes after it returns, as
	// they are reused. The build keeps only what its inspectors keep.
	// Without it, every file stays in Output.Files.
	Sink func(name string, data []byte) error
	// Once says that nothing reads the site after this build: it lets go of
	// each Markdown source once rendered, and the site cannot be built again.
	Once bool
	// Inspectors read every page as soon as it is rendered, and every
	// other file, before they are handed on.
	Inspectors []Inspector
	// Memo, when set on a build without a Sink, reuses the pages of the
	// policies whose key is the same as in the last good build, and keeps
	// this build's for the next. The caller calls Memo.Commit after a build
	// that passed its checks.
	Memo *Memo
}

// Templates are the parsed layouts of every language.
type Templates struct {
	byLang map[string]templates
}

// LoadTemplates parses the layouts under the site's root for every language.
func LoadTemplates(s *content.Site) (*Templates, error) {
	t := &Templates{byLang: map[string]templates{}}
	for _, lang := range s.Languages() {
		tmpls, err := loadTemplates(s.Root, s, lang, s.Prefix(lang.Code))
		if err != nil {
			return nil, err
		}
		t.byLang[lang.Code] = tmpls
	}
	return t, nil
}

// Build renders s with the bundled assets.
func Build(s *content.Site, bundle *assets.Bundle, opts Options) (*Output, error) {
	b := newBuilder(s, bundle, opts)
	if opts.Sink == nil && opts.Memo != nil {
		b.memo = opts.Memo
		b.memo.begin()
		b.awards = &b.memo.charts
	}
	tmpls := opts.Templates
	if tmpls == nil {
		var err error
		if tmpls, err = LoadTemplates(s); err != nil {
			return nil, err
		}
	}
	for _, lang := range s.Languages() {
		b.language(lang, tmpls.byLang[lang.Code])
	}
	b.renderQueued()
	b.out.ChartsComputed = b.awards.computed // every page is drawn by now
	b.faults.report(&b.errs)
	b.addReused()
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	for _, f := range bundle.Files {
		b.file(f.Path, f.Data)
	}
	for slug, suite := range opts.Rules {
		data := suite.Program.JSON()
		b.file(strings.TrimPrefix(urls.Rules(slug, ""), "/"), data)
		b.file(strings.TrimPrefix(urls.Rules(slug, suite.Program.Version), "/"), data)
	}
	b.file("sitemap.xml", b.sitemap())
	for _, lang := range s.Languages() {
		feed, _ := b.urls.File(b.prefix(lang) + "/changes.xml")
		b.file(feed, b.feed(lang, b.changes[lang.Code]))
	}
	b.file("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+s.Config.BaseURL+"sitemap.xml\n"))
	b.file("_headers", headers(b.urls))
	// Browsers ask every site for an icon; one of its own spares a 404 on
	// every page.
	b.file("favicon.svg", []byte(favicon))
	return b.out, nil
}

type builder struct {
	site   *content.Site
	urls   urls.Layout
	bundle *assets.Bundle
	opts   Options
	out    *Output
	errs   diag.List
	paths  []string // every page's path without language prefix, for the sitemap
	jobs   []*job   // pages waiting to be rendered
	faults faults   // the template errors of the pages rendered so far
	// checkStrings are, per language, the interface strings the self-check's
	// script needs, as JSON.
	checkStrings map[string]template.JS
	fragments    *fragments
	memo         *Memo
	// changes are the editors' notes in each language, and amended the
	// newest one for each page's path.
	changes map[string][]*ChangeView
	amended map[string]map[string]*ChangeView
	capture *memoPolicy // the policy whose pages are being queued, for the memo
	reused  []memoPage  // pages taken from the memo
	awards  *awardsMemo // each chart's figures, which every language draws
}

func newBuilder(s *content.Site, bundle *assets.Bundle, opts Options) *builder {
	b := &builder{site: s, bundle: bundle, opts: opts, fragments: newFragments(), checkStrings: map[string]template.JS{},
		urls: s.URLs(), changes: map[string][]*ChangeView{}, amended: map[string]map[string]*ChangeView{}, out: &Output{Files: map[string][]byte{}},
		awards: &awardsMemo{}}
	for _, lang := range s.Languages() {
		b.checkStrings[lang.Code] = checkStrings(s.Strings[lang.Code])
	}
	return b
}

func (b *builder) prefix(lang content.Language) string { return b.urls.Lang(lang.Code) }
