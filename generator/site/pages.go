package site

import (
	"html/template"
	"slices"
	"strings"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/search"
	"xihuguide/generator/urls"
	"xihuguide/generator/workers"
)

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
		b.emit(lang, tmpls, page{kind: "policy", path: base, title: v.ShortTitle, description: v.Meta.Summary[lang.Code], policy: v, links: l.apply, sources: dir})
		b.emit(lang, tmpls, page{kind: "text", path: base + "text/", title: v.Title, description: v.Meta.Summary[lang.Code],
			policy: v, links: l.all(), sources: dir})
		b.emit(lang, tmpls, page{kind: "provisions", path: base + "provisions/", title: v.Meta.Headings.Provisions[lang.Code] + " · " + v.ShortTitle,
			description: v.ShortTitle, policy: v, links: l.provisions, sources: []string{"content/policies/" + v.Slug + "/provisions"}})
		if suite := b.opts.Rules[v.Slug]; suite != nil {
			b.emit(lang, tmpls, page{kind: "check", path: base + "check/", title: b.site.Strings[lang.Code]["nav_check"] + " · " + v.ShortTitle,
				description: b.site.Strings[lang.Code]["check_lead"], policy: v, rulesVersion: suite.Program.Version,
				rulesURL: b.urls.Root(urls.Rules(v.Slug, suite.Program.Version)), links: l.apply, sources: dir})
			b.emit(lang, tmpls, page{kind: "rules", path: base + "rules/", title: strings.TrimSpace(b.site.Strings[lang.Code]["rules_title"]) + " · " + v.ShortTitle,
				description: v.ShortTitle, policy: v, rules: rulesView(suite, lang.Code), sources: dir})
		}
		for _, m := range v.Measures {
			b.emit(lang, tmpls, page{kind: "measure", path: strings.TrimPrefix(m.URL, b.prefix(lang)), title: m.Title + " · " + v.ShortTitle,
				description: m.Summary, policy: v, measure: m, links: append(slices.Clip(l.measures[m.Number]), l.apply...),
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
	b.emitHome(lang, tmpls, home, others, links[home].apply)
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
		// A page without a description is summed up by its opening, so that
		// search engines and shared links still say what it is.
		description := t.Description
		if description == "" {
			description = search.Snippet(markdown.PlainText(r.HTML), 120)
		}
		b.emit(lang, tmpls, page{kind: kind, path: pth, title: t.Title, description: description, body: r.HTML, links: r.Links,
			sources: []string{t.File}})
	}
}

func (b *builder) emitHome(lang content.Language, tmpls templates, home *PolicyView, others []*PolicyView, links []markdown.Link) {
	b.emit(lang, tmpls, page{kind: "policy", path: "/", title: home.ShortTitle, description: home.Meta.Summary[lang.Code],
		policy: home, others: others, links: links, sources: []string{"content/policies/" + home.Slug}})
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

// emit queues a page, and renders the queue when it is full.
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
	if len(b.jobs) == renderBatch {
		b.renderQueued()
	}
}
