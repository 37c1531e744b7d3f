package content

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"xihuguide/generator/diag"
	"xihuguide/generator/tomldecode"
	"xihuguide/generator/workers"
)

// Load reads the site under root (the folder that holds content/). It returns
// every problem it finds, not just the first.
func Load(root string) (*Site, error) {
	l := &loader{root: root}
	site := l.loadSite()
	if err := l.errs.Err(); err != nil {
		return nil, err
	}
	return site, nil
}

type loader struct {
	root string
	errs diag.List
	held diag.List
	site *Site
}

func (l *loader) read(rel string) []byte {
	b, err := l.site.ReadFile(rel)
	if err != nil {
		l.errs.Add(err)
		return nil
	}
	l.held = append(l.held, Placeholders(rel, b)...)
	return b
}

// exists reports whether rel is there, as a file or as a link (one that
// leads nowhere is named as such when it is read).
func (l *loader) exists(rel string) bool {
	_, err := os.Lstat(path.Join(l.root, rel))
	return err == nil
}

func (l *loader) loadSite() *Site {
	s := &Site{Root: l.root, Strings: map[string]map[string]string{}, languages: map[string]bool{}, files: &diag.Folder{Root: l.root}}
	l.site = s
	const cfgFile = "content/site.toml"
	src := l.read(cfgFile)
	if src == nil {
		return s
	}
	if err := tomldecode.Decode(cfgFile, src, 0, &s.Config); err != nil {
		l.errs.Add(err)
		return s
	}
	l.checkConfig(cfgFile, src)
	if len(l.errs) > 0 {
		return s
	}
	l.strings()
	l.synonyms()
	l.pages()
	l.policies()
	l.changes()
	// A file read twice (front matter, then text) reports its placeholders once.
	type problem struct {
		at  diag.Position
		msg string
	}
	seen := map[problem]bool{}
	for _, e := range l.held {
		if key := (problem{e.Position, e.Msg}); !seen[key] {
			seen[key] = true
			s.Held = append(s.Held, e)
		}
	}
	return s
}

// gather takes in what a loader that ran on another core found.
func (l *loader) gather(sub *loader) {
	l.errs = append(l.errs, sub.errs...)
	l.held = append(l.held, sub.held...)
}

func (l *loader) checkConfig(file string, src []byte) {
	c := &l.site.Config
	at := func(key, msg, hint string) {
		line := tomldecode.KeyLine(src, []string{key})
		l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: line, Col: 1}, Text: diag.LineText(src, line), Msg: msg, Hint: hint})
	}
	if len(c.Languages) == 0 {
		at("languages", "no languages are defined", "add a [[languages]] table for each language")
		return
	}
	for i, lang := range c.Languages {
		if lang.Code == "" || lang.Tag == "" || lang.Name == "" || lang.Title == "" {
			at("code", fmt.Sprintf("language %d needs code, tag, name and title", i+1), "fill in all four keys")
		}
		if l.site.languages[lang.Code] {
			at("code", fmt.Sprintf("language %q is defined twice", lang.Code), "remove one of the [[languages]] tables")
		}
		l.site.languages[lang.Code] = true
	}
	if c.DefaultLanguage != c.Languages[0].Code {
		at("default_language", fmt.Sprintf("default_language %q must be the first of [[languages]]", c.DefaultLanguage),
			"list the default language first")
	}
	if !strings.HasPrefix(c.BaseURL, "https://") && !strings.HasPrefix(c.BaseURL, "http://") || !strings.HasSuffix(c.BaseURL, "/") {
		at("base_url", fmt.Sprintf("base_url %q must be an absolute http(s) URL ending in /", c.BaseURL), `for example base_url = "https://example.org/"`)
	}
}

// strings loads content/i18n/LANG.toml for every language and requires that
// each file defines the same keys: a key missing in one language is an error
// in that language's file.
func (l *loader) strings() {
	srcs := map[string][]byte{}
	for _, lang := range l.site.Config.Languages {
		file := "content/i18n/" + lang.Code + ".toml"
		src := l.read(file)
		if src == nil {
			continue
		}
		table := map[string]string{}
		if err := tomldecode.Decode(file, src, 0, &table); err != nil {
			l.errs.Add(err)
			continue
		}
		l.site.Strings[lang.Code] = table
		srcs[lang.Code] = src
	}
	for _, lang := range l.site.Config.Languages {
		for _, other := range l.site.Config.Languages {
			if other.Code == lang.Code {
				continue
			}
			for _, key := range slices.Sorted(maps.Keys(l.site.Strings[other.Code])) {
				if _, ok := l.site.Strings[lang.Code][key]; !ok && l.site.Strings[lang.Code] != nil {
					line := tomldecode.KeyLine(srcs[other.Code], []string{key})
					l.errs.Add(&diag.Error{Position: diag.Position{File: "content/i18n/" + lang.Code + ".toml"}, Msg: fmt.Sprintf("missing UI string %q (content/i18n/%s.toml:%d has it)", key, other.Code, line),
						Hint: fmt.Sprintf("add %s = \"…\" with the %s text", key, lang.Name)})
				}
			}
		}
	}
}

// synonyms reads each language's search synonyms, if it has them: groups
// of words a search for one of which finds the others. A word may stand in
// one group only, once: otherwise what it finds would depend on the order
// of the groups.
func (l *loader) synonyms() {
	l.site.Synonyms = map[string][][]string{}
	for _, lang := range l.site.Config.Languages {
		file := "content/i18n/search-synonyms." + lang.Code + ".toml"
		if !l.exists(file) {
			continue
		}
		src := l.read(file)
		if src == nil {
			continue
		}
		var table struct {
			Groups [][]string `toml:"groups"`
		}
		if err := tomldecode.Decode(file, src, 0, &table); err != nil {
			l.errs.Add(err)
			continue
		}
		seen := map[string]int{} // word → its group, from 1
		from := 0                // where to look for the next word in src
		var groups [][]string
		for g, group := range table.Groups {
			var words []string
			for _, w := range group {
				key := strings.ToLower(strings.TrimSpace(w))
				at := bytes.Index(src[from:], []byte(strconv.Quote(w)))
				if at >= 0 {
					at += from
					from = at + 1
				}
				switch prev, twice := seen[key]; {
				case key == "":
					l.errs.Add(diag.At(file, src, max(at, 0), 0, "an empty word in a group of synonyms", "remove it"))
				case twice && prev == g+1:
					l.errs.Add(diag.At(file, src, max(at+1, 0), 0, fmt.Sprintf("%q stands twice in the same group", w), "remove the second"))
				case twice:
					l.errs.Add(diag.At(file, src, max(at+1, 0), 0, fmt.Sprintf("%q already stands in group %d", w, prev),
						"a word may stand in one group only: merge the two groups, or remove it from one"))
				default:
					seen[key] = g + 1
					words = append(words, key)
				}
			}
			if len(group) < 2 {
				at := bytes.Index(src, []byte(strconv.Quote(group0(group))))
				l.errs.Add(diag.At(file, src, max(at, 0), 0, "a group of synonyms needs two words or more", "add the words it means the same as, or remove the group"))
			}
			groups = append(groups, words)
		}
		l.site.Synonyms[lang.Code] = groups
	}
}

func group0(g []string) string {
	if len(g) == 0 {
		return ""
	}
	return g[0]
}

// perLanguage finds name.LANG.md for every language, reporting the missing ones.
func (l *loader) perLanguage(dir, name, what string) map[string]string {
	files := map[string]string{}
	for _, lang := range l.site.Config.Languages {
		rel := path.Join(dir, name+"."+lang.Code+".md")
		if !l.exists(rel) {
			l.errs.Add(&diag.Error{Position: diag.Position{File: rel}, Msg: fmt.Sprintf("%s has no %s page", what, lang.Name),
				Hint: fmt.Sprintf("create %s with the %s text; every page exists in every language", rel, lang.Name)})
			continue
		}
		files[lang.Code] = rel
	}
	return files
}

func (l *loader) pages() {
	const dir = "content/pages"
	slugs := l.slugs(dir, ".md")
	for _, slug := range slugs {
		p := &Page{Slug: slug, Lang: map[string]*PageText{}}
		for lang, rel := range l.perLanguage(dir, slug, "page "+slug) {
			t := &PageText{}
			if l.markdown(rel, t, &t.Doc) {
				if t.Title == "" {
					l.errs.Add(&diag.Error{Position: diag.Position{File: rel, Line: 1}, Msg: "the page has no title", Hint: `add title = "…" to the front matter`})
				}
				p.Lang[lang] = t
			}
		}
		l.site.Pages = append(l.site.Pages, p)
	}
	for _, required := range []string{"about", "404"} {
		if !slices.Contains(slugs, required) {
			l.errs.Add(&diag.Error{Position: diag.Position{File: dir}, Msg: "the site has no " + required + " page",
				Hint: fmt.Sprintf("create %s/%s.LANG.md for each language", dir, required)})
		}
	}
}

// slugs lists the distinct NAME of NAME.LANG.ext files in dir, sorted.
func (l *loader) slugs(dir, ext string) []string {
	entries, err := os.ReadDir(path.Join(l.root, dir))
	if err != nil {
		l.errs.Add(&diag.Error{Position: diag.Position{File: dir}, Msg: "cannot read folder: " + err.Error()})
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ext) {
			continue
		}
		base := strings.TrimSuffix(name, ext)
		i := strings.LastIndexByte(base, '.')
		if i < 0 || !l.site.languages[base[i+1:]] {
			l.errs.Add(&diag.Error{Position: diag.Position{File: path.Join(dir, name)}, Msg: "the file name does not end in a language code",
				Hint: fmt.Sprintf("name it NAME.LANG%s, where LANG is one of the codes in content/site.toml", ext)})
			continue
		}
		if !seen[base[:i]] {
			seen[base[:i]] = true
			out = append(out, base[:i])
		}
	}
	sort.Strings(out)
	return out
}

// markdown reads a Markdown file, decodes its front matter into front and
// fills doc. It reports whether the file was read without error.
func (l *loader) markdown(rel string, front any, doc *Doc) bool {
	src := l.read(rel)
	if src == nil {
		return false
	}
	body, line, err := decodeFrontMatter(rel, src, front)
	if err != nil {
		l.errs.Add(err)
		return false
	}
	*doc = Doc{File: rel, Body: body, BodyLine: line}
	return true
}

func (l *loader) policies() {
	const dir = "content/policies"
	entries, err := os.ReadDir(path.Join(l.root, dir))
	if err != nil {
		l.errs.Add(&diag.Error{Position: diag.Position{File: dir}, Msg: "cannot read folder: " + err.Error(), Hint: "create content/policies/SLUG/policy.toml"})
		return
	}
	var slugs []string
	for _, e := range entries {
		if e.IsDir() {
			slugs = append(slugs, e.Name())
		}
	}
	// Policies are read on every core, each with its own list of problems,
	// and gathered in folder order.
	loaded := make([]*Policy, len(slugs))
	subs := make([]*loader, len(slugs))
	workers.Each(len(slugs), func(i int) {
		subs[i] = &loader{root: l.root, site: l.site}
		loaded[i] = subs[i].policy(path.Join(dir, slugs[i]), slugs[i])
	})
	for i := range slugs {
		l.site.Policies = append(l.site.Policies, loaded[i])
		l.gather(subs[i])
	}
	if len(l.site.Policies) == 0 {
		l.errs.Add(&diag.Error{Position: diag.Position{File: dir}, Msg: "the site has no policy", Hint: "create content/policies/SLUG/policy.toml"})
	}
	if h := l.site.Config.HomePolicy; h != "" && l.site.Policy(h) == nil {
		l.errs.Add(&diag.Error{Position: diag.Position{File: "content/site.toml"}, Msg: fmt.Sprintf("home_policy %q is not a folder under %s", h, dir),
			Hint: "set home_policy to the folder name of a policy"})
	}
}

func (l *loader) policy(dir, slug string) *Policy {
	p := &Policy{Slug: slug, Dir: dir, Notice: map[string]*Doc{}, Preamble: map[string]*Doc{}, Scope: map[string]*Doc{}, Apply: map[string]*Doc{}}
	file := path.Join(dir, "policy.toml")
	src := l.read(file)
	if src == nil {
		return p
	}
	if err := tomldecode.Decode(file, src, 0, &p.Meta); err != nil {
		l.errs.Add(err)
		return p
	}
	l.checkPolicyMeta(file, src, &p.Meta)
	for _, part := range []struct {
		name string
		into map[string]*Doc
	}{{"notice", p.Notice}, {"preamble", p.Preamble}, {"scope", p.Scope}} {
		for lang, rel := range l.perLanguage(dir, part.name, "the policy's "+part.name) {
			doc := &Doc{}
			if l.markdown(rel, &struct{}{}, doc) {
				part.into[lang] = doc
			}
		}
	}
	// How to apply is optional; given in one language, it is due in all.
	for _, lang := range l.site.Config.Languages {
		if l.exists(path.Join(dir, "how-to-apply."+lang.Code+".md")) {
			for lang, rel := range l.perLanguage(dir, "how-to-apply", "the policy's how-to-apply section") {
				doc := &Doc{}
				if l.markdown(rel, &struct{}{}, doc) {
					p.Apply[lang] = doc
				}
			}
			break
		}
	}
	p.Measures = l.measures(path.Join(dir, "measures"))
	p.Provisions = l.provisions(path.Join(dir, "provisions"))
	l.checkGroups(file, src, p)
	if p.Meta.Original != "" {
		file := path.Join(dir, p.Meta.Original)
		if b := l.read(file); b != nil {
			for i, line := range strings.Split(string(b), "\n") {
				if line = strings.TrimSpace(line); line != "" {
					p.Original = append(p.Original, OriginalLine{File: file, Line: i + 1, Text: line})
				}
			}
		}
	}
	p.Departures = l.checkBinding(p, file, src)
	l.held = append(l.held, p.Departures...)
	return p
}

func (l *loader) checkPolicyMeta(file string, src []byte, m *PolicyMeta) {
	at := func(key string, msg, hint string) {
		line := tomldecode.KeyLine(src, strings.Split(key, "."))
		l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: line, Col: 1}, Text: diag.LineText(src, line), Msg: msg, Hint: hint})
	}
	texts := []struct {
		key string
		v   Localized
	}{{"title", m.Title}, {"short_title", m.ShortTitle}, {"summary", m.Summary}, {"issuer", m.Issuer},
		{"addressed_to", m.AddressedTo}, {"interpreted_by", m.InterpretedBy}, {"source", m.Source},
		{"headings.scope", m.Headings.Scope}, {"headings.measures", m.Headings.Measures},
		{"headings.provisions", m.Headings.Provisions}}
	for i, r := range m.Repeals {
		texts = append(texts, struct {
			key string
			v   Localized
		}{fmt.Sprintf("repeals[%d]", i), r})
	}
	for i, r := range m.Implements {
		texts = append(texts, struct {
			key string
			v   Localized
		}{fmt.Sprintf("implements[%d]", i), r})
	}
	for i, g := range m.Groups {
		texts = append(texts, struct {
			key string
			v   Localized
		}{fmt.Sprintf("groups[%d].title", i), g.Title})
	}
	for _, t := range texts {
		for _, lang := range l.site.Config.Languages {
			if strings.TrimSpace(t.v[lang.Code]) == "" {
				key, _, _ := strings.Cut(t.key, "[")
				at(key, fmt.Sprintf("%s has no %s text", t.key, lang.Name),
					fmt.Sprintf("add %s = \"…\" under %s", lang.Code, t.key))
			}
		}
		for code := range t.v {
			if !l.site.languages[code] {
				at(t.key, fmt.Sprintf("%s has text in %q, which is not a language of the site", t.key, code),
					"use the language codes of content/site.toml")
			}
		}
	}
	for _, d := range []struct {
		key string
		v   time.Time
	}{{"dated", m.Dated}, {"in_force_from", m.InForceFrom}, {"in_force_until", m.InForceUntil}} {
		if d.v.IsZero() {
			at(d.key, d.key+" is missing", d.key+" = 2025-04-13 (a date, without quotes)")
		}
	}
	if !m.InForceFrom.IsZero() && !m.InForceUntil.IsZero() && m.InForceUntil.Before(m.InForceFrom) {
		at("in_force_until", fmt.Sprintf("in_force_until (%s) is before in_force_from (%s)",
			m.InForceUntil.Format(time.DateOnly), m.InForceFrom.Format(time.DateOnly)),
			"the policy must end on or after the day it starts: check both dates")
	}
}

// numbered splits "07-events" into 7 and reports whether the name starts with
// a number.
func numbered(name string) (int, bool) {
	digits, _, _ := strings.Cut(name, "-")
	n, err := strconv.Atoi(digits)
	return n, err == nil && n > 0
}

func (l *loader) measures(dir string) []*Measure {
	entries, err := os.ReadDir(path.Join(l.root, dir))
	if err != nil {
		l.errs.Add(&diag.Error{Position: diag.Position{File: dir}, Msg: "the policy has no measures folder", Hint: "create " + dir + "/01-NAME/index.LANG.md"})
		return nil
	}
	var out []*Measure
	byNumber := map[int]string{}
	var texts []func(*loader) // each measure's pages, read once the folders are known
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		rel := path.Join(dir, e.Name())
		n, ok := numbered(e.Name())
		if !ok {
			l.errs.Add(&diag.Error{Position: diag.Position{File: rel}, Msg: "a measure folder's name must start with its number",
				Hint: "rename it NN-name, for example 03-name"})
			continue
		}
		if prev, dup := byNumber[n]; dup {
			l.errs.Add(&diag.Error{Position: diag.Position{File: rel}, Msg: fmt.Sprintf("measure number %d is used twice", n),
				Notes: []diag.Note{{Position: diag.Position{File: prev}, Msg: fmt.Sprintf("the other folder numbered %d", n)}},
				Hint:  "give each measure folder its own number"})
			continue
		}
		byNumber[n] = rel
		m := &Measure{Number: n, Slug: e.Name(), Dir: rel, Lang: map[string]*MeasureText{}}
		texts = append(texts, func(l *loader) {
			for lang, file := range l.perLanguage(rel, "index", fmt.Sprintf("measure %d", n)) {
				t := &MeasureText{}
				if l.markdown(file, t, &t.Doc) {
					l.checkMeasureText(file, t)
					m.Lang[lang] = t
				}
			}
		})
		out = append(out, m)
	}
	// A policy with many measures reads them on every core.
	subs := make([]*loader, len(texts))
	workers.Each(len(texts), func(i int) {
		subs[i] = &loader{root: l.root, site: l.site}
		texts[i](subs[i])
	})
	for _, sub := range subs {
		l.gather(sub)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

func (l *loader) checkMeasureText(file string, t *MeasureText) {
	src := l.read(file)
	if t.Title == "" || t.Summary == "" {
		l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: 1}, Msg: "a measure page needs title and summary in its front matter",
			Hint: `add title = "…" and summary = "…" (the headline amount)`})
	}
	if strings.TrimSpace(string(t.Body)) == "" {
		l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: t.BodyLine}, Msg: "the measure has no text", Hint: "write the clause below the front matter"})
	}
	if line := tomldecode.KeyLine(src, []string{"reading"}); line > 0 {
		t.ReadingLine = line + 1 // reading = """ opens the string; its text starts on the next line
	}
}

func (l *loader) provisions(dir string) []*Provision {
	var out []*Provision
	byNumber := map[int]*Provision{}
	for _, name := range l.slugs(dir, ".md") {
		n, ok := numbered(name)
		if !ok {
			l.errs.Add(&diag.Error{Position: diag.Position{File: path.Join(dir, name)}, Msg: "a provision's file name must start with its number",
				Hint: "rename it NN-name.LANG.md, for example 05-name.zh.md"})
			continue
		}
		if _, dup := byNumber[n]; dup {
			l.errs.Add(&diag.Error{Position: diag.Position{File: path.Join(dir, name)}, Msg: fmt.Sprintf("provision number %d is used twice", n),
				Hint: "give each provision its own number"})
			continue
		}
		p := &Provision{Number: n, Lang: map[string]*ProvisionText{}}
		byNumber[n] = p
		for lang, file := range l.perLanguage(dir, name, fmt.Sprintf("provision %d", n)) {
			t := &ProvisionText{}
			if l.markdown(file, t, &t.Doc) {
				p.Lang[lang] = t
			}
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// checkGroups requires every measure to sit in exactly one group.
func (l *loader) checkGroups(file string, src []byte, p *Policy) {
	seen := map[int]int{}
	for _, g := range p.Meta.Groups {
		for _, n := range g.Measures {
			seen[n]++
		}
	}
	line := tomldecode.KeyLine(src, []string{"groups"})
	for _, m := range p.Measures {
		switch seen[m.Number] {
		case 0:
			l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: line}, Msg: fmt.Sprintf("measure %d is in no group", m.Number),
				Hint: fmt.Sprintf("add %d to the measures list of one [[groups]] table", m.Number)})
		case 1:
		default:
			l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: line}, Msg: fmt.Sprintf("measure %d is in more than one group", m.Number),
				Hint: "list each measure in one group only"})
		}
		delete(seen, m.Number)
	}
	for _, n := range sortedInts(seen) {
		l.errs.Add(&diag.Error{Position: diag.Position{File: file, Line: line}, Msg: fmt.Sprintf("groups name measure %d, which has no folder", n),
			Hint: "remove it from [[groups]] or create its folder under measures/"})
	}
}

func sortedInts(m map[int]int) []int {
	var out []int
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
