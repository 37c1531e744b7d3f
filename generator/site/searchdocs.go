package site

import (
	"encoding/json"
	"fmt"
	"strings"

	"xihuguide/generator/content"
	"xihuguide/generator/markdown"
	"xihuguide/generator/search"
	"xihuguide/generator/workers"
)

// emitSearch writes the language's search index and its search page.
func (b *builder) emitSearch(lang content.Language, tmpls templates, views []*PolicyView) {
	str := b.site.Strings[lang.Code]
	// Each policy's documents are made on every core, then joined in order.
	perPolicy := make([][]search.Doc, len(views))
	workers.Each(len(views), func(i int) { perPolicy[i] = b.policyDocs(lang, views[i]) })
	var docs []search.Doc
	for _, d := range perPolicy {
		docs = append(docs, d...)
	}
	dir := "search/" + lang.Code
	search.Build(dir, docs, b.file)
	// The editors' synonyms, by which the page widens a query.
	groups := b.site.Synonyms[lang.Code]
	if groups == nil {
		groups = [][]string{}
	}
	syn, _ := json.Marshal(groups)
	b.file(dir+"/synonyms.json", syn)
	// Without scripts, the page offers each policy's full text and list
	// of measures instead.
	b.emit(lang, tmpls, page{kind: "search", path: "/search/", title: str["search_title"], description: str["search_lead"],
		search: b.urls.Root("/" + dir + "/"), others: views})
}

// policyDocs lists what search finds of one policy: the policy, each
// measure and each provision.
func (b *builder) policyDocs(lang content.Language, v *PolicyView) []search.Doc {
	str := b.site.Strings[lang.Code]
	docs := []search.Doc{{URL: v.URL(""), Title: v.Title, Context: v.ShortTitle,
		Snippet: v.Meta.Summary[lang.Code], Text: func() string { return v.Meta.Summary[lang.Code] }}}
	// The texts are made again when the index asks for them, rather than
	// kept from the snippets: a large site's texts would all be held at once.
	for _, m := range v.Measures {
		text := func() string {
			return strings.Join([]string{m.Summary, markdown.PlainText(m.Body), strings.Join(m.Qualifies, " "), markdown.PlainText(m.Reading)}, " ")
		}
		docs = append(docs, search.Doc{URL: m.URL, Clause: fmt.Sprintf("%s#measure-%d", v.URL("text"), m.Number),
			Title: fmt.Sprintf(str["measure_number"], m.Number) + " " + m.Title, Context: v.ShortTitle,
			Snippet: search.Snippet(markdown.PlainText(m.Body), 120), Text: text, Boost: 2})
	}
	for _, pr := range v.Provisions {
		docs = append(docs, search.Doc{URL: fmt.Sprintf("%s#provision-%d", v.URL("provisions"), pr.Number),
			Title: pr.Title, Context: v.ShortTitle + " · " + v.Meta.Headings.Provisions[lang.Code],
			Snippet: search.Snippet(markdown.PlainText(pr.Body), 120), Text: func() string { return markdown.PlainText(pr.Body) }})
	}
	return docs
}
