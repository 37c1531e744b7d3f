// Package site renders a loaded site into files held in memory: every page
// in every language through the templates under layouts/, plus sitemap.xml,
// robots.txt and _headers. It writes nothing to disk, so that a build can be
// checked whole before it is published.
package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strings"
	"sync"
	"time"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/history"
	"xihuguide/generator/markdown"
	"xihuguide/generator/rules"
	"xihuguide/generator/urls"
	"xihuguide/generator/workers"
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
	b.renderAll()
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
}

func newBuilder(s *content.Site, bundle *assets.Bundle, opts Options) *builder {
	b := &builder{site: s, bundle: bundle, opts: opts, fragments: newFragments(), checkStrings: map[string]template.JS{},
		urls: s.URLs(), changes: map[string][]*ChangeView{}, amended: map[string]map[string]*ChangeView{}, out: &Output{Files: map[string][]byte{}}}
	for _, lang := range s.Languages() {
		b.checkStrings[lang.Code] = checkStrings(s.Strings[lang.Code])
	}
	return b
}

func (b *builder) prefix(lang content.Language) string { return b.urls.Lang(lang.Code) }

// page is one page to render in one language.
type page struct {
	kind        string
	path        string // without language prefix: /policies/x/
	title       string
	description string
	policy      *PolicyView
	measure     *MeasureView
	body        template.HTML
	links       []markdown.Link
	others      []*PolicyView // on the home page: the policies besides its own
	rules       *RulesView
	// rulesVersion is set on the self-check page, which loads those rules
	// from rulesURL.
	rulesVersion string
	rulesURL     string
	// sources are the content files or folders the page is made of, for its
	// date of last change.
	sources []string
	changes []*ChangeView
	portal  *PortalView
	search  string // on the search page: where the language's index is
}

func (b *builder) language(lang content.Language, tmpls templates) {
	md := markdown.New(b.prefix(lang))
	// Policies are rendered to views on every core; their errors are
	// gathered in policy order.
	type result struct {
		v    *PolicyView
		l    *policyLinks
		errs diag.List
	}
	results := make([]result, len(b.site.Policies))
	workers.Each(len(results), func(i int) {
		r := &results[i]
		r.v, r.l = b.policyView(b.site.Policies[i], lang, md, &r.errs)
	})
	var views []*PolicyView
	links := map[*PolicyView]*policyLinks{}
	for _, r := range results {
		b.errs = append(b.errs, r.errs...)
		views = append(views, r.v)
		links[r.v] = r.l
	}
	// The editors' notes, which every page they concern shows.
	changes := b.changeViews(lang, b.pageTitles(lang, views))
	b.changes[lang.Code], b.amended[lang.Code] = changes, amendments(changes)
	for _, v := range views {
		if m := b.memo.reuse(lang.Code, v.Slug); m != nil {
			b.reused = append(b.reused, m.pages...)
			continue
		}
		b.capture = b.memo.record(lang.Code, v.Slug)
		l := links[v]
		base := urls.Policy(v.Slug, "")
		dir := []string{"content/policies/" + v.Slug}
		b.emit(lang, tmpls, page{kind: "policy", path: base, title: v.ShortTitle, description: v.Meta.Summary[lang.Code], policy: v, sources: dir})
		b.emit(lang, tmpls, page{kind: "text", path: base + "text/", title: v.Title, description: v.Meta.Summary[lang.Code],
			policy: v, links: l.all(), sources: dir})
		b.emit(lang, tmpls, page{kind: "provisions", path: base + "provisions/", title: v.Meta.Headings.Provisions[lang.Code] + " · " + v.ShortTitle,
			description: v.ShortTitle, policy: v, links: l.provisions, sources: []string{"content/policies/" + v.Slug + "/provisions"}})
		if suite := b.opts.Rules[v.Slug]; suite != nil {
			b.emit(lang, tmpls, page{kind: "check", path: base + "check/", title: b.site.Strings[lang.Code]["nav_check"] + " · " + v.ShortTitle,
				description: b.site.Strings[lang.Code]["check_lead"], policy: v, rulesVersion: suite.Program.Version,
				rulesURL: b.urls.Root(urls.Rules(v.Slug, suite.Program.Version)), sources: dir})
			b.emit(lang, tmpls, page{kind: "rules", path: base + "rules/", title: strings.TrimSpace(b.site.Strings[lang.Code]["rules_title"]) + " · " + v.ShortTitle,
				description: v.ShortTitle, policy: v, rules: rulesView(suite, lang.Code), sources: dir})
		}
		for _, m := range v.Measures {
			b.emit(lang, tmpls, page{kind: "measure", path: strings.TrimPrefix(m.URL, b.prefix(lang)), title: m.Title + " · " + v.ShortTitle,
				description: m.Summary, policy: v, measure: m, links: l.measures[m.Number],
				sources: []string{"content/policies/" + v.Slug + "/measures/" + m.Slug, "content/policies/" + v.Slug + "/policy.toml"}})
		}
	}
	b.capture = nil // the pages below depend on every policy
	home := views[0]
	for _, v := range views {
		if v.Slug == b.site.Config.HomePolicy {
			home = v
		}
	}
	var others []*PolicyView
	for _, v := range views {
		if v != home {
			others = append(others, v)
		}
	}
	b.emitHome(lang, tmpls, home, others)
	b.emitPortal(lang, tmpls, views)
	b.emitSearch(lang, tmpls, views)
	b.emit(lang, tmpls, page{kind: "changes", path: "/changes/", title: b.site.Strings[lang.Code]["changes_title"],
		description: b.site.Strings[lang.Code]["changes_lead"], changes: changes})
	for _, p := range b.site.Pages {
		t := p.Lang[lang.Code]
		r, err := md.Render(&t.Doc)
		if err != nil {
			b.errs.Add(err)
			continue
		}
		kind, pth := "page", "/"+p.Slug+"/"
		if p.Slug == "404" {
			kind, pth = "404", "/404.html"
		}
		b.emit(lang, tmpls, page{kind: kind, path: pth, title: t.Title, description: t.Description, body: r.HTML, links: r.Links,
			sources: []string{t.File}})
	}
}

func (b *builder) emitHome(lang content.Language, tmpls templates, home *PolicyView, others []*PolicyView) {
	b.emit(lang, tmpls, page{kind: "policy", path: "/", title: home.ShortTitle, description: home.Meta.Summary[lang.Code],
		policy: home, others: others, sources: []string{"content/policies/" + home.Slug}})
}

type policyLinks struct {
	intro, provisions []markdown.Link
	measures          map[int][]markdown.Link
	bodies            []markdown.Link // measure bodies only, as the full text shows them
}

func (l *policyLinks) all() []markdown.Link {
	out := append([]markdown.Link{}, l.intro...)
	out = append(out, l.bodies...)
	return append(out, l.provisions...)
}

// render renders doc for a place whose own headings start at h<top>.
func render(md *markdown.Renderer, doc *content.Doc, top int, into *[]markdown.Link, errs *diag.List) template.HTML {
	if doc == nil {
		return ""
	}
	r, err := md.RenderText(doc.File, doc.Body, doc.BodyLine, top)
	if err != nil {
		errs.Add(err)
		return ""
	}
	*into = append(*into, r.Links...)
	return r.HTML
}

func (b *builder) policyView(p *content.Policy, lang content.Language, md *markdown.Renderer, errs *diag.List) (*PolicyView, *policyLinks) {
	code := lang.Code
	status := p.StatusOn(b.opts.AsOf)
	v := &PolicyView{Slug: p.Slug, Meta: &p.Meta, Title: p.Meta.Title[code], ShortTitle: p.Meta.ShortTitle[code],
		Status: status, StatusKey: statusKey(status), RepealedBy: p.Meta.RepealedBy[code], AsOf: b.opts.AsOf, prefix: b.prefix(lang),
		HasRules: b.opts.Rules[p.Slug] != nil}
	v.Links = PolicyLinks{Overview: v.URL(""), Text: v.URL("text"), Provisions: v.URL("provisions"), Check: v.URL("check"), Rules: v.URL("rules"),
		RulesJSON: b.urls.Root(urls.Rules(p.Slug, ""))}
	v.Headings.Scope, v.Headings.Measures, v.Headings.Provisions = p.Meta.Headings.Scope[code], p.Meta.Headings.Measures[code], p.Meta.Headings.Provisions[code]
	numberFormat, ok := b.site.Strings[code]["measure_number"]
	if !ok {
		errs.Add(&diag.Error{File: "content/i18n/" + code + ".toml", Msg: `missing UI string "measure_number"`,
			Hint: `add measure_number = "…%d…", the label of a measure by its number`})
	}
	l := &policyLinks{measures: map[int][]markdown.Link{}}
	v.Notice = render(md, p.Notice[code], 2, &l.intro, errs)
	v.Preamble = render(md, p.Preamble[code], 2, &l.intro, errs)
	v.Scope = render(md, p.Scope[code], 3, &l.intro, errs)
	byNumber := map[int]*MeasureView{}
	for _, m := range p.Measures {
		t := m.Lang[code]
		if t == nil {
			continue
		}
		mv := &MeasureView{Number: m.Number, Label: fmt.Sprintf(numberFormat, m.Number), Slug: m.Slug, Title: t.Title,
			Summary: t.Summary, Qualifies: t.Qualifies, Amounts: t.Amounts, URL: v.URL("measures/" + m.Slug)}
		var bodyLinks, readingLinks []markdown.Link
		mv.Body = render(md, &t.Doc, 4, &bodyLinks, errs)
		if t.Reading != "" {
			mv.Reading = render(md, &content.Doc{File: t.File, Body: []byte(t.Reading), BodyLine: t.ReadingLine}, 3, &readingLinks, errs)
		}
		l.bodies = append(l.bodies, bodyLinks...)
		l.measures[m.Number] = append(bodyLinks, readingLinks...)
		if g := p.GroupOf(m.Number); g >= 0 {
			mv.Group = p.Meta.Groups[g].Title[code]
		}
		if n := len(v.Measures); n > 0 {
			mv.Prev, v.Measures[n-1].Next = v.Measures[n-1], mv
		}
		v.Measures = append(v.Measures, mv)
		byNumber[m.Number] = mv
	}
	for i, g := range p.Meta.Groups {
		gv := &GroupView{Number: i + 1, Title: g.Title[code]}
		for _, n := range g.Measures {
			if mv := byNumber[n]; mv != nil {
				gv.Measures = append(gv.Measures, mv)
			}
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, pr := range p.Provisions {
		t := pr.Lang[code]
		if t == nil {
			continue
		}
		v.Provisions = append(v.Provisions, &ProvisionView{Number: pr.Number, Title: t.Title, Body: render(md, &t.Doc, 3, &l.provisions, errs)})
	}
	return v, l
}

// checkStrings picks the strings the self-check's script uses. json.Marshal
// escapes <, > and &, so the JSON cannot close the script element it sits in.
func checkStrings(all map[string]string) template.JS {
	picked := map[string]string{}
	for k, v := range all {
		for _, prefix := range []string{"check_", "err_", "result_", "money_", "measure_number"} {
			if strings.HasPrefix(k, prefix) {
				picked[k] = v
			}
		}
	}
	b, _ := json.Marshal(picked) // sorted keys: deterministic
	return template.JS(b)
}

func (b *builder) pageData(lang content.Language, p page) *PageData {
	d := &PageData{
		Site: &SiteView{CSP: CSP}, Lang: lang, IsDefaultLang: lang.Code == b.site.Config.DefaultLanguage,
		Kind: p.kind, Path: b.prefix(lang) + p.path, Title: p.title, Description: p.description,
		Assets: b.bundle, Policy: p.policy, OtherPolicies: p.others, Measure: p.measure, Body: p.body, Status: "none",
		Rules: p.rules, RulesVersion: p.rulesVersion, RulesURL: p.rulesURL, Changes: p.changes, Portal: p.portal, SearchIndex: p.search,
		T: b.site.Strings[lang.Code], fragments: b.fragments,
	}
	if p.policy != nil {
		d.Status = string(p.policy.Status)
	}
	for _, other := range b.site.Languages() {
		alt := Alternate{Lang: other, Path: b.prefix(other) + p.path, Current: other.Code == lang.Code}
		alt.AbsURL = b.urls.Abs(alt.Path)
		d.Alternates = append(d.Alternates, alt)
		if !alt.Current {
			d.OtherLanguages = append(d.OtherLanguages, alt)
		}
		if other.Code == b.site.Config.DefaultLanguage {
			d.XDefault = alt.AbsURL
			if !d.IsDefaultLang {
				a := alt
				d.DefaultAlternate = &a
			}
		}
	}
	if p.kind != "404" {
		d.Canonical = b.urls.Abs(d.Path)
	}
	if p.kind == "check" {
		d.CheckStrings = b.checkStrings[lang.Code]
	}
	if h := b.opts.History; h != nil && len(p.sources) > 0 {
		if c := h.LastChange(p.sources...); c != nil {
			d.LastChanged = c.Day()
		}
	}
	d.Feed = b.prefix(lang) + "/changes.xml"
	d.Amended = b.amended[lang.Code][p.path]
	return d
}

// job is a page waiting to be rendered.
type job struct {
	tmpl  *template.Template
	data  *PageData
	file  string
	links []markdown.Link
	html  []byte
	err   error // from the template
	fail  error // from writing the page
	// inspected is what the inspectors found wrong with the page.
	inspected diag.List
	// notes are what each inspector kept of the page, for its reuse.
	notes []any
	// capture and slot say where the memo keeps the page.
	capture *memoPolicy
	slot    int
}

// emit queues a page; renderAll renders the queue.
func (b *builder) emit(lang content.Language, tmpls templates, p page) {
	d := b.pageData(lang, p)
	file, _ := b.urls.File(d.Path)
	inSitemap := lang.Code == b.site.Config.DefaultLanguage && p.kind != "404"
	if inSitemap {
		b.paths = append(b.paths, p.path)
	}
	j := &job{tmpl: tmpls[d.Kind], data: d, file: file, links: p.links}
	if c := b.capture; c != nil {
		j.capture, j.slot = c, len(c.pages)
		c.pages = append(c.pages, memoPage{file: file, path: p.path, links: p.links, sitemap: inSitemap})
	}
	b.jobs = append(b.jobs, j)
}

// addReused adds the pages taken from the memo to the output, as if they
// had been rendered.
func (b *builder) addReused() {
	for _, p := range b.reused {
		for i, in := range b.opts.Inspectors {
			in.Reused(p.file, p.notes[i], p.links)
		}
		b.out.Files[p.file] = p.html
		if p.sitemap {
			b.paths = append(b.paths, p.path)
		}
		b.out.Pages++
		b.out.Count++
	}
	b.out.Reused = len(b.reused)
}

// pageBuffers are reused from page to page: a build of 10,000 pages would
// otherwise allocate a quarter of its memory growing them.
var pageBuffers = sync.Pool{New: func() any {
	b := new(bytes.Buffer)
	b.Grow(32 << 10)
	return b
}}

// renderAll executes the queued pages on every core, then gathers them in
// queue order, so that the output and the errors do not depend on timing.
func (b *builder) renderAll() {
	workers.Each(len(b.jobs), func(i int) {
		j := b.jobs[i]
		buf := pageBuffers.Get().(*bytes.Buffer)
		defer pageBuffers.Put(buf)
		buf.Reset()
		if j.err = j.tmpl.ExecuteTemplate(buf, "base.html", j.data); j.err != nil {
			return
		}
		page := buf.Bytes()
		// The page is inspected on the core that made it.
		j.notes = make([]any, len(b.opts.Inspectors))
		for i, in := range b.opts.Inspectors {
			note, err := in.Page(j.file, page, j.links)
			j.notes[i] = note
			j.inspected.Add(err)
		}
		if b.opts.Sink == nil {
			j.html = bytes.Clone(page)
			if j.capture != nil {
				j.capture.pages[j.slot].html, j.capture.pages[j.slot].notes = j.html, j.notes
			}
			return
		}
		// Streaming: hand the page on; the build keeps nothing of it but
		// what its inspectors keep.
		if err := b.opts.Sink(j.file, page); err != nil {
			j.fail = &diag.Error{File: j.file, Msg: "cannot write: " + err.Error()}
		}
		j.data = nil
	})
	// A template fault usually breaks every page of a kind: it is reported
	// once, with the first page it broke and how many others.
	type fault struct {
		err    *diag.Error
		first  string
		others int
	}
	var faults []*fault
	seen := map[string]*fault{}
	for _, j := range b.jobs {
		b.out.Inspected = append(b.out.Inspected, j.inspected...)
		if j.fail != nil {
			b.errs.Add(j.fail)
			continue
		}
		if j.err != nil {
			e := templateError(j.err, b.site.Root)
			de, ok := e.(*diag.Error)
			if !ok {
				b.errs.Add(e)
				continue
			}
			key := fmt.Sprintf("%s:%d:%d:%s", de.File, de.Line, de.Col, de.Msg)
			if f := seen[key]; f != nil {
				f.others++
				continue
			}
			seen[key] = &fault{err: de, first: j.file}
			faults = append(faults, seen[key])
			continue
		}
		b.out.Pages++
		b.out.Count++
		if j.html != nil {
			b.out.Files[j.file] = j.html
		}
	}
	for _, f := range faults {
		switch f.others {
		case 0:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s)", f.err.Msg, f.first)
		case 1:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s and 1 other page)", f.err.Msg, f.first)
		default:
			f.err.Msg = fmt.Sprintf("%s (while rendering %s and %d other pages)", f.err.Msg, f.first, f.others)
		}
		b.errs.Add(f.err)
	}
	b.jobs = nil
}

// file adds a file that is not a page to the output.
func (b *builder) file(name string, data []byte) {
	b.out.Count++
	for _, in := range b.opts.Inspectors {
		in.File(name)
	}
	if b.opts.Sink == nil {
		b.out.Files[name] = data
		return
	}
	if err := b.opts.Sink(name, data); err != nil {
		b.errs.Add(&diag.Error{File: name, Msg: "cannot write: " + err.Error()})
	}
}

func (b *builder) sitemap() []byte {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	buf.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	paths := append([]string{}, b.paths...)
	sort.Strings(paths)
	for _, p := range paths {
		for _, lang := range b.site.Languages() {
			fmt.Fprintf(&buf, "  <url>\n    <loc>%s</loc>\n", xmlEscape(b.urls.Abs(b.prefix(lang)+p)))
			for _, alt := range b.site.Languages() {
				fmt.Fprintf(&buf, "    <xhtml:link rel=\"alternate\" hreflang=\"%s\" href=\"%s\"/>\n", alt.Tag, xmlEscape(b.urls.Abs(b.prefix(alt)+p)))
			}
			fmt.Fprintf(&buf, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"%s\"/>\n  </url>\n", xmlEscape(b.urls.Abs(b.urls.Page(b.site.Config.DefaultLanguage, p))))
		}
	}
	buf.WriteString("</urlset>\n")
	return buf.Bytes()
}

func xmlEscape(s string) string {
	var buf bytes.Buffer
	template.HTMLEscape(&buf, []byte(s))
	return buf.String()
}

// favicon is the site's icon: a seal-red square with a white bar chart,
// for a guide to money a policy gives.
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a61b29"/>` +
	`<path fill="#fff" d="M7 22h4v4H7zm7-6h4v10h-4zm7-7h4v17h-4z"/></svg>` + "\n"

// headers is a _headers file for hosts that read one (Netlify, Cloudflare
// Pages): the same policy as the pages' meta tag, plus what only a header can
// say.
func headers(l urls.Layout) []byte {
	return []byte(l.Root("/*") + "\n" +
		"  Content-Security-Policy: " + CSP + "; frame-ancestors 'none'\n" +
		"  X-Content-Type-Options: nosniff\n" +
		"  Referrer-Policy: no-referrer\n" +
		"  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n" +
		l.Root("/assets/*") + "\n" +
		"  Cache-Control: public, max-age=31536000, immutable\n")
}
