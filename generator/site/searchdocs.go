package site

import (
	"fmt"
	"strings"

	"xihuguide/generator/content"
	"xihuguide/generator/search"
	"xihuguide/generator/verbatim"
)

// emitSearch writes the language's search index and its search page.
func (b *builder) emitSearch(lang content.Language, tmpls templates, views []*PolicyView) {
	str := b.site.Strings[lang.Code]
	var docs []search.Doc
	for _, v := range views {
		docs = append(docs, search.Doc{URL: v.URL(""), Title: v.Title, Context: v.ShortTitle,
			Snippet: v.Meta.Summary[lang.Code], Text: v.Meta.Summary[lang.Code]})
		for _, m := range v.Measures {
			body := verbatim.Text([]byte(m.Body))
			text := strings.Join([]string{m.Summary, body, strings.Join(m.Qualifies, " "), verbatim.Text([]byte(m.Reading))}, " ")
			docs = append(docs, search.Doc{URL: m.URL, Clause: fmt.Sprintf("%s#measure-%d", v.URL("text"), m.Number),
				Title: fmt.Sprintf(str["measure_number"], m.Number) + " " + m.Title, Context: v.ShortTitle,
				Snippet: search.Snippet(body, 120), Text: text})
		}
		for _, pr := range v.Provisions {
			body := verbatim.Text([]byte(pr.Body))
			docs = append(docs, search.Doc{URL: fmt.Sprintf("%s#provision-%d", v.URL("provisions"), pr.Number),
				Title: pr.Title, Context: v.ShortTitle + " · " + v.Meta.Headings.Provisions[lang.Code],
				Snippet: search.Snippet(body, 120), Text: body})
		}
	}
	dir := "search/" + lang.Code
	for name, data := range search.Build(dir, docs) {
		b.out.Files[name] = data
	}
	b.emit(lang, tmpls, page{kind: "search", path: "/search/", title: str["search_title"], description: str["search_lead"],
		search: "/" + dir + "/"})
}
