// Package urls owns the site's URL layout: the path each page, asset and
// data file is served at, under the base path that base_url gives (a site
// may live at https://example.gov.cn/xihu-ai/), and the output file that
// serves each path. Everything that writes or reads a link of the site asks
// a Layout, so that moving the site is a change of base_url alone.
package urls

import (
	"net/url"
	"path"
	"strings"
)

// Layout is the URL layout of one site.
type Layout struct {
	origin      string // scheme and host of base_url: https://example.gov.cn
	base        string // path of base_url without its last slash: "" or "/xihu-ai"
	defaultLang string // served at the base; the others under base/CODE
}

// New makes the layout for a base URL (https://host/ or https://host/path/)
// and the site's default language.
func New(baseURL, defaultLang string) Layout {
	l := Layout{defaultLang: defaultLang}
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		l.origin = u.Scheme + "://" + u.Host
		l.base = strings.TrimSuffix(u.EscapedPath(), "/")
	}
	return l
}

// Base is the path the site is served under: "" at a host's root,
// "/xihu-ai" under a sub-path.
func (l Layout) Base() string { return l.base }

// Lang is the path of a language's home: the base for the default
// language, base/CODE for the others. Pages of the language are under it.
func (l Layout) Lang(lang string) string {
	if lang == l.defaultLang {
		return l.base
	}
	return l.base + "/" + lang
}

// Page is the path of a page in a language; p is the page's path from the
// site's root without the language (/policies/x/).
func (l Layout) Page(lang, p string) string { return l.Lang(lang) + p }

// Root is the path of a file that is the same in every language (an
// asset, a rules file, a search index); p is its path from the site's root.
func (l Layout) Root(p string) string { return l.base + p }

// Abs is the absolute URL of a path that Page or Root gave, escaped as a
// URL must be (a page named "our team" is /our%20team/).
func (l Layout) Abs(p string) string { return l.origin + (&url.URL{Path: p}).EscapedPath() }

// File is the output file (under public/) that serves a path that Page or
// Root gave, and false for a path outside the site. A path ending in / is
// served by its index.html.
func (l Layout) File(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, l.base)
	if !ok || rest != "" && rest[0] != '/' {
		return "", false
	}
	rest = strings.TrimPrefix(rest, "/")
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	return rest, true
}

// Policy is the path of one of a policy's pages from the site's root: its
// overview for page "", else /policies/SLUG/PAGE/.
func Policy(slug, page string) string {
	p := "/policies/" + slug + "/"
	if page != "" {
		p += page + "/"
	}
	return p
}

// Measure is the path of a measure's page from the site's root.
func Measure(slug, measure string) string { return Policy(slug, path.Join("measures", measure)) }

// Rules is the path of a policy's compiled rules from the site's root: the
// current ones for version "", else the ones of that version, which the
// build keeps so that a link saved under them still opens.
func Rules(slug, version string) string {
	if version == "" {
		return "/policies/" + slug + "/rules.json"
	}
	return "/policies/" + slug + "/rules-" + version + ".json"
}
