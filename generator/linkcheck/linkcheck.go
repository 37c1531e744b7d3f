// Package linkcheck checks a rendered site before it is published: every
// internal link and fragment must lead somewhere, no ID may stand twice on a
// page, and nothing a page loads may come from another host. A broken link is
// reported at the content file and line that holds it when it came from
// Markdown, or at the page when it came from a template.
package linkcheck

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/urls"
)

// ref is one URL a page refers to.
type ref struct {
	tag, attr, value string
	rel              string // of a <link>
	line             int
}

// Page is what the check needs of one HTML page: the IDs it defines, the
// URLs it refers to and the IDs it repeats. A build can scan each page as
// it renders it and let the page's bytes go.
type Page struct {
	ids  map[string]bool
	refs []ref
	dups []string
}

// Site gathers the files of a build and what their pages link to, from any
// number of goroutines, and checks the links once every file is in. A link
// to a file already in is checked at once and, when it leads somewhere,
// forgotten; the others are kept, each distinct target once however many
// pages link to it, with where the links stand: the Markdown source of each
// link that came from content, the first page of those that came from a
// template. When the file a kept target waits for comes in, the target is
// checked and, when it is found, forgotten too. So a build of 50,000 pages
// holds the broken links and the links to pages not yet rendered, not every
// link of the site. A page's own scan is let go once it has been added.
type Site struct {
	urls    urls.Layout
	mu      sync.Mutex
	names   map[string]bool
	ids     map[string]string      // page → its IDs, each between NUL bytes
	targets map[targetKey]*target  // the links that lead to each place not yet found
	waiting map[string][]targetKey // file not yet in → the targets in it
	errs    diag.List              // found while adding: bad addresses, loads from elsewhere, repeated IDs
	// rooted remembers where each link written from the site's root
	// ("/policies/x/") leads: it leads there from every page, and most links
	// of a site are written so, on every page. It is emptied when it holds
	// rootedMax links, as the links a page repeats are those of its policy
	// and of the whole site.
	rooted      sync.Map // value → target
	rootedCount atomic.Int32
	refsHint    atomic.Int32 // how many references the last page scanned made
}

// rootedMax bounds the links Site.rooted remembers.
const rootedMax = 1 << 13

type targetKey struct{ file, fragment string }

// target is a place inside the site that pages link to.
type target struct {
	file, fragment string
	// The link from a template on the first page by name, and how many
	// more there are.
	value, page string
	line        int
	others      int
	markdown    []sourced // links from content, once per source position
}

type sourced struct {
	value string
	at    *diag.Error
}

// NewSite returns an empty Site for a site laid out as l: absolute links
// under its base URL are checked as internal, and every link must stay
// under its base path.
func NewSite(l urls.Layout) *Site {
	return &Site{urls: l, names: map[string]bool{}, ids: map[string]string{}, targets: map[targetKey]*target{}, waiting: map[string][]targetKey{}}
}

// resolved is a link of a page, with where it leads.
type resolved struct {
	key   targetKey
	value string // as the page writes it
	line  int
	from  *diag.Error // the Markdown source, or nil for a template
}

// resolvedPool holds the room for one page's links, from page to page.
var resolvedPool = sync.Pool{New: func() any { return new([]resolved) }}

// Add records a file of the output; an HTML page's scan comes with it, and
// the links its Markdown holds, with their source positions.
func (s *Site) Add(name string, page *Page, origins []markdown.Link) {
	if page == nil {
		s.mu.Lock()
		s.names[name] = true
		s.settle(name)
		s.mu.Unlock()
		return
	}
	// Work out where each link leads before taking the lock.
	lp := resolvedPool.Get().(*[]resolved)
	defer resolvedPool.Put(lp)
	links := (*lp)[:0]
	defer func() { clear(links); *lp = links[:0] }()
	var errs diag.List
	for _, id := range page.dups {
		errs = append(errs, &diag.Error{Position: diag.Position{File: name}, Msg: fmt.Sprintf("the id %q stands more than once on the page", id),
			Hint: "rename one of the headings or anchors; a fragment link can reach only one"})
	}
	for _, r := range page.refs {
		t, msg, hint := s.resolve(name, r)
		from := source(r.value, origins)
		switch {
		case msg != "":
			errs = append(errs, locate(name, r.line, from, msg, hint))
		case t.file != "":
			links = append(links, resolved{targetKey{t.file, t.fragment}, t.value, t.line, from})
		}
	}
	ids := make([]string, 0, len(page.ids))
	for id := range page.ids {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	joined := "\x00" + strings.Join(ids, "\x00") + "\x00"

	s.mu.Lock()
	defer s.mu.Unlock()
	s.names[name] = true
	s.ids[name] = joined
	s.errs = append(s.errs, errs...)
	s.settle(name)
	for _, l := range links {
		t := s.targets[l.key]
		if t == nil {
			probe := target{file: l.key.file, fragment: l.key.fragment}
			if s.names[probe.file] {
				if msg, _ := s.checkTarget(&probe, l.value); msg == "" {
					continue // found: nothing to keep
				}
			} else {
				s.waiting[probe.file] = append(s.waiting[probe.file], l.key)
			}
			t = &target{file: probe.file, fragment: probe.fragment}
			s.targets[l.key] = t
		}
		switch {
		case l.from != nil:
			if !slices.ContainsFunc(t.markdown, func(m sourced) bool { return m.at.Position == l.from.Position }) {
				t.markdown = append(t.markdown, sourced{l.value, l.from})
			}
		case t.page == "":
			t.value, t.page, t.line = l.value, name, l.line
		case name < t.page:
			// Pages come in any order; the report names the first by
			// name, so that it is the same on every run.
			t.value, t.page, t.line = l.value, name, l.line
			t.others++
		default:
			t.others++
		}
	}
}

// settle checks the targets that waited for file, which has just come in,
// and forgets those it holds. Those it does not stay, to be reported.
func (s *Site) settle(file string) {
	for _, key := range s.waiting[file] {
		if msg, _ := s.checkTarget(s.targets[key], ""); msg == "" {
			delete(s.targets, key)
		}
	}
	delete(s.waiting, file)
}

// Check checks the gathered links against the gathered files. Each broken
// link is reported once per Markdown source, and once for all the pages a
// template put it on.
func (s *Site) Check() error {
	errs := append(diag.List{}, s.errs...)
	keys := make([]targetKey, 0, len(s.targets))
	for k := range s.targets {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b targetKey) int {
		if c := strings.Compare(a.file, b.file); c != 0 {
			return c
		}
		return strings.Compare(a.fragment, b.fragment)
	})
	for _, key := range keys {
		t := s.targets[key]
		for _, m := range t.markdown {
			if msg, hint := s.checkTarget(t, m.value); msg != "" {
				e := *m.at
				e.Msg, e.Hint = msg, hint
				errs = append(errs, &e)
			}
		}
		if t.page == "" {
			continue
		}
		if msg, hint := s.checkTarget(t, t.value); msg != "" {
			switch t.others {
			case 0:
				msg += " (from a template under layouts/)"
			case 1:
				msg += " (from a template under layouts/; 1 other page too)"
			default:
				msg += fmt.Sprintf(" (from a template under layouts/; %d other pages too)", t.others)
			}
			errs = append(errs, &diag.Error{Position: diag.Position{File: t.page, Line: t.line}, Msg: msg, Hint: hint})
		}
	}
	// Err sorts by file and position; pages were added in any order, but
	// each page's own problems, and the targets, come in a fixed one.
	return errs.Err()
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// loads reports whether the attribute makes the browser fetch the URL by
// itself (as opposed to a link the visitor may follow).
func loads(r ref) bool {
	switch {
	case r.attr == "src", r.attr == "srcset", r.attr == "poster", r.attr == "data":
		return true
	case r.tag == "link" && r.attr == "href":
		for _, rel := range strings.Fields(r.rel) {
			switch rel {
			case "stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon":
				return true
			}
		}
	}
	return false
}

// resolve is resolve with the links written from the site's root
// remembered.
func (s *Site) resolve(page string, r ref) (target, string, string) {
	rooted := strings.HasPrefix(r.value, "/") && !strings.HasPrefix(r.value, "//")
	if rooted {
		if t, ok := s.rooted.Load(r.value); ok {
			t := t.(target)
			t.line = r.line
			return t, "", ""
		}
	}
	t, msg, hint := resolve(page, r, s.urls)
	if rooted && msg == "" {
		if s.rootedCount.Add(1) > rootedMax {
			s.rooted.Clear()
			s.rootedCount.Store(0)
		}
		s.rooted.Store(r.value, t)
	}
	return t, msg, hint
}

// resolve works out which file and fragment a link leads to. A link that
// leaves the site gives an empty target, or a message when the browser would
// load it by itself.
func resolve(page string, r ref, l urls.Layout) (t target, msg, hint string) {
	v := strings.TrimSpace(r.value)
	if origin := l.Abs(""); origin != "" && strings.HasPrefix(v, origin+"/") {
		if _, ours := l.File(strings.TrimPrefix(v, origin)); !ours {
			return t, "", "" // another site on the same host
		}
		v = strings.TrimPrefix(v, origin)
	}
	u, err := url.Parse(v)
	if err != nil {
		return t, fmt.Sprintf("malformed URL %q", r.value), "fix the link's address"
	}
	if u.Scheme != "" || u.Host != "" {
		if loads(r) {
			return t, fmt.Sprintf("%s=%q loads from another host", r.attr, r.value),
				"the site makes no third-party requests: copy the file under assets/ and link it from there"
		}
		return t, "", ""
	}
	target, self := u.Path, l.Root("/"+page)
	if target == "" {
		target = self
	} else if !strings.HasPrefix(target, "/") {
		target = path.Join(path.Dir(self), target)
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	}
	file, ours := l.File(target)
	if !ours {
		return t, fmt.Sprintf("link %q leads outside the site, which is served under %s/", r.value, l.Base()),
			"in content, write links from the site's root (/policies/…) and the build adds the base path; in a layout, use {{url \"/…\"}} for pages and {{root \"/…\"}} for other files"
	}
	t.file = file
	// A fragment holding "=" is state for the page's script (#m=ID), not an
	// anchor.
	if !strings.Contains(u.Fragment, "=") {
		t.fragment = u.Fragment
	}
	t.value, t.line = r.value, r.line
	return t, "", ""
}

// checkTarget says what is wrong with a link (written value) to t, if
// anything.
func (s *Site) checkTarget(t *target, value string) (msg, hint string) {
	if !s.names[t.file] {
		if s.names[t.file+"/index.html"] {
			return fmt.Sprintf("link %q lacks its trailing slash", value),
				fmt.Sprintf("write /%s/", strings.TrimSuffix(t.file, "/index.html"))
		}
		return fmt.Sprintf("link %q leads to a page that does not exist", value),
			"check the address; site links are written /policies/SLUG/…/ without the language prefix"
	}
	if t.fragment != "" {
		page := "/" + strings.TrimSuffix(t.file, "index.html")
		ids, ok := s.ids[t.file]
		if !ok {
			return fmt.Sprintf("link %q has a fragment, but %s is not a page", value, page), "remove the #fragment"
		}
		if !strings.Contains(ids, "\x00"+t.fragment+"\x00") {
			return fmt.Sprintf("link %q: %s has no anchor #%s", value, page, t.fragment),
				"check the anchor; measures are #measure-N, provisions #provision-N"
		}
	}
	return "", ""
}

// source returns the Markdown position of the link written value, if it came
// from content.
func source(value string, origins []markdown.Link) *diag.Error {
	for _, o := range origins {
		if o.Dest == value && o.At != nil {
			return o.At
		}
	}
	return nil
}

// locate reports a problem at the Markdown source of a link when it has one,
// else at the page.
func locate(page string, line int, from *diag.Error, msg, hint string) *diag.Error {
	if from != nil {
		e := *from
		e.Msg, e.Hint = msg, hint
		return &e
	}
	return &diag.Error{Position: diag.Position{File: page, Line: line}, Msg: msg + " (from a template under layouts/)", Hint: hint}
}

// scan collects a page's IDs and the URLs it refers to, with the duplicated
// IDs, making room for refs references at once. It reads tags byte by byte
// rather than through a full HTML tokenizer: the link check scans every page
// of every build, and it needs only the attributes of start tags. Comments,
// and the text of script and style elements, are skipped.
func scan(doc []byte, refs int) *Page {
	info := &Page{ids: map[string]bool{}, refs: make([]ref, 0, refs)}
	line, seen := 1, 0    // line of doc[seen]
	var attrs [][2]string // one tag's, its room reused for the next
	lineAt := func(i int) int {
		line += bytes.Count(doc[seen:i], newline)
		seen = i
		return line
	}
	for i := 0; i < len(doc); {
		lt := bytes.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt + 1
		switch {
		case bytes.HasPrefix(doc[i:], []byte("!--")):
			end := bytes.Index(doc[i:], []byte("-->"))
			if end < 0 {
				return info
			}
			i += end + 3
			continue
		case i < len(doc) && (doc[i] == '!' || doc[i] == '/' || doc[i] == '?'):
			continue
		}
		nameEnd := i
		for nameEnd < len(doc) && isNameByte(doc[nameEnd]) {
			nameEnd++
		}
		if nameEnd == i {
			continue
		}
		tag := name(doc[i:nameEnd])
		var next int
		attrs, next = attributes(doc, nameEnd, attrs[:0])
		at := lineAt(i)
		rel := ""
		for _, a := range attrs {
			if a[0] == "rel" {
				rel = a[1]
			}
		}
		for _, a := range attrs {
			switch a[0] {
			case "id":
				if info.ids[a[1]] {
					info.dups = append(info.dups, a[1])
				}
				info.ids[a[1]] = true
			case "href", "src", "poster", "data", "action", "cite":
				info.refs = append(info.refs, ref{tag: tag, attr: a[0], value: a[1], rel: rel, line: at})
			case "srcset":
				for _, part := range strings.Split(a[1], ",") {
					if f := strings.Fields(part); len(f) > 0 {
						info.refs = append(info.refs, ref{tag: tag, attr: a[0], value: f[0], line: at})
					}
				}
			}
		}
		i = next
		if tag == "script" || tag == "style" {
			end := closingTag(doc[i:], tag)
			if end < 0 {
				break
			}
			i += end
		}
	}
	return info
}

var newline = []byte("\n")

// closingTag returns where "</tag" starts in doc, in any letter case, or -1.
func closingTag(doc []byte, tag string) int {
	for i := 0; ; {
		lt := bytes.Index(doc[i:], []byte("</"))
		if lt < 0 {
			return -1
		}
		i += lt
		if end := i + 2 + len(tag); end <= len(doc) && strings.EqualFold(string(doc[i+2:end]), tag) {
			return i
		}
		i += 2
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

// names holds the tag and attribute names of the site's pages, so that a
// scan shares one copy of each rather than making one per tag.
var names = map[string]string{}

func init() {
	for _, n := range []string{"a", "link", "script", "img", "meta", "html", "head", "body", "main", "section", "article",
		"nav", "p", "li", "ul", "ol", "div", "span", "h1", "h2", "h3", "h4", "table", "tr", "td", "th", "form", "input",
		"button", "label", "blockquote", "details", "summary", "time", "strong", "em", "code", "noscript", "style",
		"id", "href", "src", "poster", "data", "action", "cite", "srcset", "rel", "class", "lang", "type"} {
		names[n] = n
	}
}

// name returns a tag or attribute name in lower case, shared when known.
func name(b []byte) string {
	if n, ok := names[string(b)]; ok { // no allocation for the lookup
		return n
	}
	return strings.ToLower(string(b))
}

// wanted are the attributes the check reads; others are passed over.
var wanted = map[string]bool{"id": true, "href": true, "src": true, "poster": true, "data": true,
	"action": true, "cite": true, "srcset": true, "rel": true}

// attributes reads a start tag's attributes from i and returns those the
// check wants, with their values unescaped, appended to out, and where the
// tag ends.
func attributes(doc []byte, i int, out [][2]string) ([][2]string, int) {
	for i < len(doc) {
		for i < len(doc) && (doc[i] == ' ' || doc[i] == '\n' || doc[i] == '\t' || doc[i] == '\r' || doc[i] == '/') {
			i++
		}
		if i >= len(doc) || doc[i] == '>' {
			return out, i + 1
		}
		start := i
		for i < len(doc) && doc[i] != '=' && doc[i] != '>' && doc[i] != ' ' && doc[i] != '\n' && doc[i] != '\t' && doc[i] != '/' {
			i++
		}
		key := name(doc[start:i])
		for i < len(doc) && (doc[i] == ' ' || doc[i] == '\n' || doc[i] == '\t') {
			i++
		}
		if i >= len(doc) || doc[i] != '=' {
			continue // an attribute without a value
		}
		i++
		for i < len(doc) && (doc[i] == ' ' || doc[i] == '\n' || doc[i] == '\t') {
			i++
		}
		var value []byte
		if i < len(doc) && (doc[i] == '"' || doc[i] == '\'') {
			q := doc[i]
			end := bytes.IndexByte(doc[i+1:], q)
			if end < 0 {
				return out, len(doc)
			}
			value = doc[i+1 : i+1+end]
			i += end + 2
		} else {
			vstart := i
			for i < len(doc) && doc[i] != ' ' && doc[i] != '>' && doc[i] != '\n' && doc[i] != '\t' {
				i++
			}
			value = doc[vstart:i]
		}
		if wanted[key] {
			v := string(value)
			if bytes.IndexByte(value, '&') >= 0 {
				v = stdhtml.UnescapeString(v)
			}
			out = append(out, [2]string{key, v})
		}
	}
	return out, len(doc)
}

// Page scans a page as it is rendered (the link check as one of the
// build's page inspectors); the scan is kept for the page's reuse.
func (s *Site) Page(name string, page []byte, links []markdown.Link) (any, error) {
	// Pages of a build refer to about as many places as the page before:
	// room made at once for a quarter more spares growing the list, which
	// took half of what the scan allocated.
	hint := s.refsHint.Load()
	found := scan(page, int(hint+hint/4))
	s.refsHint.Store(int32(len(found.refs)))
	s.Add(name, found, links)
	return found, nil
}

// File notes a file that is not a page: a link may lead to it.
func (s *Site) File(name string) { s.Add(name, nil, nil) }

// Reused takes in a page the preview kept, with its scan.
func (s *Site) Reused(name string, note any, links []markdown.Link) {
	scan, _ := note.(*Page)
	s.Add(name, scan, links)
}
