// Package linkcheck checks a rendered site before it is published: every
// internal link and fragment must lead somewhere, no ID may stand twice on a
// page, and nothing a page loads may come from another host. A broken link is
// reported at the content file and line that holds it when it came from
// Markdown, or at the page when it came from a template.
package linkcheck

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"sort"
	"strings"

	"golang.org/x/net/html"

	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/workers"
)

// ref is one URL a page refers to.
type ref struct {
	tag, attr, value string
	rel              string // of a <link>
	line             int
}

type pageInfo struct {
	ids  map[string]bool
	refs []ref
}

// Check checks every HTML file in files. origins gives, per output file, the
// links that came from Markdown with their source positions. baseURL is the
// site's public address: absolute links under it are checked as internal.
func Check(files map[string][]byte, origins map[string][]markdown.Link, baseURL string) error {
	var names []string
	for _, name := range sortedNames(files) {
		if strings.HasSuffix(name, ".html") {
			names = append(names, name)
		}
	}
	// Pages are scanned on every core; the results are read in name order.
	infos := make([]*pageInfo, len(names))
	dups := make([][]string, len(names))
	workers.Each(len(names), func(i int) { infos[i], dups[i] = scan(files[names[i]]) })
	pages := map[string]*pageInfo{}
	var errs diag.List
	for i, name := range names {
		pages[name] = infos[i]
		for _, id := range dups[i] {
			errs = append(errs, &diag.Error{File: name, Msg: fmt.Sprintf("the id %q stands more than once on the page", id),
				Hint: "rename one of the headings or anchors; a fragment link can reach only one"})
		}
	}
	for _, name := range sortedNames(pages) {
		for _, r := range pages[name].refs {
			if msg, hint := checkRef(name, r, files, pages, baseURL); msg != "" {
				errs = append(errs, locate(name, r, origins[name], msg, hint))
			}
		}
	}
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

func checkRef(page string, r ref, files map[string][]byte, pages map[string]*pageInfo, baseURL string) (msg, hint string) {
	v := strings.TrimSpace(r.value)
	if strings.HasPrefix(v, baseURL) && baseURL != "" {
		v = "/" + strings.TrimPrefix(v, baseURL)
	}
	u, err := url.Parse(v)
	if err != nil {
		return fmt.Sprintf("malformed URL %q", r.value), "fix the link's address"
	}
	if u.Scheme != "" || u.Host != "" {
		if loads(r) {
			return fmt.Sprintf("%s=%q loads from another host", r.attr, r.value),
				"the site makes no third-party requests: copy the file under assets/ and link it from there"
		}
		return "", ""
	}
	target := u.Path
	if target == "" {
		target = "/" + page
	} else if !strings.HasPrefix(target, "/") {
		target = path.Join("/"+path.Dir(page), target)
		if strings.HasSuffix(u.Path, "/") {
			target += "/"
		}
	}
	file := strings.TrimPrefix(target, "/")
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if _, ok := files[file]; !ok {
		if _, dir := files[file+"/index.html"]; dir {
			return fmt.Sprintf("link %q lacks its trailing slash", r.value), fmt.Sprintf("write %s/", target)
		}
		return fmt.Sprintf("link %q leads to a page that does not exist", r.value),
			"check the address; site links are written /policies/SLUG/…/ without the language prefix"
	}
	// A fragment holding "=" is state for the page's script (#m=ID), not an
	// anchor.
	if u.Fragment != "" && !strings.Contains(u.Fragment, "=") {
		info := pages[file]
		if info == nil {
			return fmt.Sprintf("link %q has a fragment, but %s is not a page", r.value, target), "remove the #fragment"
		}
		if !info.ids[u.Fragment] {
			return fmt.Sprintf("link %q: %s has no anchor #%s", r.value, target, u.Fragment),
				"check the anchor; measures are #measure-N, provisions #provision-N"
		}
	}
	return "", ""
}

// locate reports a broken reference at its Markdown source when it has one.
func locate(page string, r ref, origins []markdown.Link, msg, hint string) *diag.Error {
	for _, o := range origins {
		if o.Dest == r.value && o.At != nil {
			e := *o.At
			e.Msg, e.Hint = msg, hint
			return &e
		}
	}
	return &diag.Error{File: page, Line: r.line, Msg: msg + " (from a template under layouts/)", Hint: hint}
}

// scan collects a page's IDs and the URLs it refers to, with the duplicated
// IDs.
func scan(doc []byte) (*pageInfo, []string) {
	info := &pageInfo{ids: map[string]bool{}}
	var dups []string
	z := html.NewTokenizer(bytes.NewReader(doc))
	line := 1
	for {
		tt := z.Next()
		raw := z.Raw()
		if tt == html.ErrorToken {
			break
		}
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			t := z.Token()
			rel := ""
			for _, a := range t.Attr {
				if a.Key == "rel" {
					rel = a.Val
				}
			}
			for _, a := range t.Attr {
				switch a.Key {
				case "id":
					if info.ids[a.Val] {
						dups = append(dups, a.Val)
					}
					info.ids[a.Val] = true
				case "href", "src", "poster", "data", "action", "cite":
					info.refs = append(info.refs, ref{tag: t.Data, attr: a.Key, value: a.Val, rel: rel, line: line})
				case "srcset":
					for _, part := range strings.Split(a.Val, ",") {
						if f := strings.Fields(part); len(f) > 0 {
							info.refs = append(info.refs, ref{tag: t.Data, attr: a.Key, value: f[0], line: line})
						}
					}
				}
			}
		}
		line += bytes.Count(raw, []byte("\n"))
	}
	return info, dups
}
