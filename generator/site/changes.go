package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"xihuguide/generator/content"
)

// changeViews lists the commits to content/ with the pages each touched.
func (b *builder) changeViews(lang content.Language, views []*PolicyView) []*ChangeView {
	if b.opts.History == nil {
		return nil
	}
	var out []*ChangeView
	for _, c := range b.opts.History.Commits {
		cv := &ChangeView{ID: "change-" + c.Hash[:12], Day: c.Day(), Subject: c.Subject}
		seen := map[string]bool{}
		for _, f := range c.Files {
			title, url := b.pageOf(lang, views, f)
			if url == "" || seen[url] {
				continue
			}
			seen[url] = true
			cv.Pages = append(cv.Pages, ChangedPage{Title: title, URL: url})
		}
		out = append(out, cv)
	}
	return out
}

// pageOf names the page that a content file belongs to, if it still exists.
func (b *builder) pageOf(lang content.Language, views []*PolicyView, file string) (title, url string) {
	prefix := b.prefix(lang)
	if rest, ok := strings.CutPrefix(file, "content/pages/"); ok {
		slug, _, _ := strings.Cut(rest, ".")
		for _, p := range b.site.Pages {
			if p.Slug == slug && p.Slug != "404" {
				return p.Lang[lang.Code].Title, prefix + "/" + slug + "/"
			}
		}
		return "", ""
	}
	rest, ok := strings.CutPrefix(file, "content/policies/")
	if !ok {
		return "", ""
	}
	parts := strings.Split(rest, "/")
	for _, v := range views {
		if v.Slug != parts[0] {
			continue
		}
		if len(parts) >= 3 && parts[1] == "measures" {
			for _, m := range v.Measures {
				if m.Slug == parts[2] {
					return m.Title, m.URL
				}
			}
		}
		if len(parts) >= 2 && parts[1] == "provisions" {
			return v.Meta.Headings.Provisions[lang.Code], v.URL("provisions")
		}
		return v.ShortTitle, v.URL("")
	}
	return "", ""
}

// feed is the language's Atom feed of changes to the content.
func (b *builder) feed(lang content.Language) []byte {
	page := b.urls.Abs(b.prefix(lang) + "/changes/")
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Updated string `xml:"updated"`
		Link    link   `xml:"link"`
		Summary string `xml:"summary"`
	}
	type feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Lang    string   `xml:"xml:lang,attr"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Updated string   `xml:"updated"`
		Links   []link   `xml:"link"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	f := feed{Lang: lang.Tag, Title: lang.Title + " · " + b.site.Strings[lang.Code]["changes_title"], ID: page,
		Links: []link{{Href: page}, {Href: b.urls.Abs(b.prefix(lang) + "/changes.xml"), Rel: "self"}}, Updated: "1970-01-01T00:00:00Z"}
	f.Author.Name = lang.Title
	if h := b.opts.History; h != nil {
		for i, c := range h.Commits {
			stamp := c.When.UTC().Format("2006-01-02T15:04:05Z")
			if i == 0 {
				f.Updated = stamp
			}
			f.Entries = append(f.Entries, entry{Title: c.Subject, ID: fmt.Sprintf("%s#change-%s", page, c.Hash[:12]), Updated: stamp,
				Link: link{Href: fmt.Sprintf("%s#change-%s", page, c.Hash[:12])}, Summary: strings.Join(c.Files, ", ")})
		}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	enc.Encode(f)
	buf.WriteString("\n")
	return buf.Bytes()
}
