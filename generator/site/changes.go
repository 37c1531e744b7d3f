package site

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/urls"
)

// changeViews are the editors' public notes in one language, newest first,
// with the pages each concerns; pageTitles gives those pages' titles. A
// note naming a page the site does not have is reported once, in the
// default language.
func (b *builder) changeViews(lang content.Language, pageTitles map[string]string) []*ChangeView {
	var out []*ChangeView
	for i, c := range b.site.Changes {
		day := c.Date.Format(time.DateOnly)
		cv := &ChangeView{ID: fmt.Sprintf("change-%s-%d", day, len(b.site.Changes)-i), Day: day,
			DayText: content.FormatDate(lang.Code, c.Date), Text: c.Text[lang.Code], Date: c.Date}
		for _, p := range c.Pages {
			title, ok := pageTitles[p]
			if !ok {
				if lang.Code == b.site.Config.DefaultLanguage {
					b.errs.Add(&diag.Error{Position: diag.Position{File: content.ChangesFile, Line: c.Line, Col: 1}, Text: "[[changes]]",
						Msg:  fmt.Sprintf("this note concerns page %q, which the site does not have", p),
						Hint: "name pages as links are written, from the site's root without the language: /policies/SLUG/measures/03-name/"})
				}
				continue
			}
			cv.Pages = append(cv.Pages, ChangedPage{Title: title, URL: b.prefix(lang) + p, Path: p})
		}
		out = append(out, cv)
	}
	return out
}

// amendments maps each page's path to the newest note that concerns it.
func amendments(changes []*ChangeView) map[string]*ChangeView {
	out := map[string]*ChangeView{}
	for _, c := range changes {
		for _, p := range c.Pages {
			if out[p.Path] == nil {
				out[p.Path] = c
			}
		}
	}
	return out
}

// feed is the language's Atom feed of the editors' notes.
func (b *builder) feed(lang content.Language, changes []*ChangeView) []byte {
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
	for i, c := range changes {
		// A note is dated by its day, which begins at midnight in Beijing.
		stamp := c.Date.Add(-8 * time.Hour).UTC().Format("2006-01-02T15:04:05Z")
		if i == 0 {
			f.Updated = stamp
		}
		var pages []string
		for _, p := range c.Pages {
			pages = append(pages, p.Title)
		}
		summary := c.Text
		if len(pages) > 0 {
			summary += " (" + strings.Join(pages, "; ") + ")"
		}
		f.Entries = append(f.Entries, entry{Title: c.Text, ID: page + "#" + c.ID, Updated: stamp,
			Link: link{Href: page + "#" + c.ID}, Summary: summary})
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	enc.Encode(f)
	buf.WriteString("\n")
	return buf.Bytes()
}

// pageTitles gives the title of each page a note may name, by its path
// from the site's root, in one language.
func (b *builder) pageTitles(lang content.Language, views []*PolicyView) map[string]string {
	str := b.site.Strings[lang.Code]
	titles := map[string]string{"/": lang.Title, "/policies/": str["policies_title"], "/search/": str["search_title"], "/changes/": str["changes_title"]}
	for _, p := range b.site.Pages {
		if p.Slug != "404" {
			titles["/"+p.Slug+"/"] = p.Lang[lang.Code].Title
		}
	}
	for _, v := range views {
		titles[urls.Policy(v.Slug, "")] = v.ShortTitle
		titles[urls.Policy(v.Slug, "text")] = v.Title
		titles[urls.Policy(v.Slug, "provisions")] = v.Headings.Provisions + " · " + v.ShortTitle
		if v.HasRules {
			titles[urls.Policy(v.Slug, "check")] = str["nav_check"] + " · " + v.ShortTitle
			titles[urls.Policy(v.Slug, "rules")] = strings.TrimSpace(str["rules_title"]) + " · " + v.ShortTitle
		}
		for _, m := range v.Measures {
			titles[urls.Measure(v.Slug, m.Slug)] = m.Label + " " + m.Title
		}
	}
	return titles
}
