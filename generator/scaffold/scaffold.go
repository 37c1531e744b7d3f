// Package scaffold writes the files of a new measure or a new policy, in
// every language of the site, with a commented rules skeleton and one test
// case, so that an editor starts from something that builds and passes.
package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"text/template"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/rules"
)

//go:embed templates/*.tmpl
var files embed.FS

// The templates write placeholders with these, so that every one of them
// carries the marks that check looks for: zh and en for a text in that
// language, ph for a text in the language given.
var tmpl = template.Must(template.New("").Funcs(template.FuncMap{
	"zh": func(text string) string { return content.Placeholder("zh", text, "") },
	"en": func(text string) string { return content.Placeholder("en", "", text) },
	"ph": content.Placeholder,
}).ParseFS(files, "templates/*.tmpl"))

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Created lists the files a scaffold wrote, relative to the site root.
type Created []string

func write(root string, created *Created, rel, name string, data any) error {
	if tmpl.Lookup(name) == nil {
		// A language without its own skeleton starts from the English one.
		name = regexp.MustCompile(`\.[a-z-]+\.md\.tmpl$`).ReplaceAllString(name, ".en.md.tmpl")
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		return err
	}
	p := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err == nil {
		return fmt.Errorf("%s exists already", rel)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		return err
	}
	*created = append(*created, rel)
	return nil
}

type measureData struct {
	Number int
	Lang   string
}

// Measure adds measure SLUG to the policy, numbered after its last measure,
// and lists it in the policy's last group.
func Measure(root, policy, slug string) (Created, error) {
	if !slugRE.MatchString(slug) {
		return nil, fmt.Errorf("%q: a slug is lowercase letters, digits and hyphens, such as talent-housing", slug)
	}
	site, err := content.Load(root)
	if err != nil {
		return nil, fmt.Errorf("the site does not load; fix it first:\n%w", err)
	}
	p := site.Policy(policy)
	if p == nil {
		return nil, fmt.Errorf("no policy %q under content/policies", policy)
	}
	number := 1
	for _, m := range p.Measures {
		if m.Number >= number {
			number = m.Number + 1
		}
	}
	var created Created
	dir := fmt.Sprintf("%s/measures/%02d-%s", p.Dir, number, slug)
	for _, lang := range site.Languages() {
		if err := write(root, &created, dir+"/index."+lang.Code+".md", "measure."+lang.Code+".md.tmpl", measureData{Number: number, Lang: lang.Code}); err != nil {
			return created, err
		}
	}
	if rules.Exists(site, p) {
		if err := write(root, &created, dir+"/"+rules.MeasureFile, "measure-rules.toml.tmpl", measureData{Number: number}); err != nil {
			return created, err
		}
	}
	return created, addToLastGroup(root, p.Dir+"/policy.toml", number)
}

var groupRE = regexp.MustCompile(`(?m)^(measures\s*=\s*\[)([^\]]*)\]`)

// addToLastGroup appends the number to the last `measures = [...]` list.
func addToLastGroup(root, rel string, number int) error {
	path := filepath.Join(root, filepath.FromSlash(rel))
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	locs := groupRE.FindAllSubmatchIndex(src, -1)
	if len(locs) == 0 {
		return fmt.Errorf("%s has no [[groups]] with measures = [...]: add measure %d to a group by hand", rel, number)
	}
	last := locs[len(locs)-1]
	list := strings.TrimSpace(string(src[last[4]:last[5]]))
	if list != "" {
		list += ", "
	}
	out := append([]byte{}, src[:last[4]]...)
	out = append(out, []byte(fmt.Sprintf("%s%d", list, number))...)
	out = append(out, src[last[5]:]...)
	return os.WriteFile(path, out, 0o644)
}

type policyData struct {
	Slug       string
	From, To   string
	Dated      string
	Languages  []content.Language
	HasEnglish bool
}

// Policy creates content/policies/SLUG with every part in every language, a
// first measure and a first provision, and its rules.
func Policy(root, slug string, today time.Time) (Created, error) {
	if !slugRE.MatchString(slug) {
		return nil, fmt.Errorf("%q: a slug is lowercase letters, digits and hyphens, such as city-ai-2026", slug)
	}
	site, err := content.Load(root)
	if err != nil {
		return nil, fmt.Errorf("the site does not load; fix it first:\n%w", err)
	}
	if site.Policy(slug) != nil {
		return nil, fmt.Errorf("content/policies/%s exists already", slug)
	}
	dir := "content/policies/" + slug
	d := policyData{Slug: slug, Dated: today.Format(time.DateOnly), From: today.Format(time.DateOnly),
		To: today.AddDate(3, 0, -1).Format(time.DateOnly), Languages: site.Languages()}
	var created Created
	if err := write(root, &created, dir+"/policy.toml", "policy.toml.tmpl", d); err != nil {
		return created, err
	}
	if err := write(root, &created, dir+"/"+rules.PolicyFile, "policy-rules.toml.tmpl", d); err != nil {
		return created, err
	}
	if err := write(root, &created, dir+"/original.zh.txt", "original.zh.txt.tmpl", d); err != nil {
		return created, err
	}
	for _, lang := range site.Languages() {
		for _, part := range []string{"notice", "preamble", "scope"} {
			if err := write(root, &created, dir+"/"+part+"."+lang.Code+".md", part+"."+lang.Code+".md.tmpl", d); err != nil {
				return created, err
			}
		}
		if err := write(root, &created, dir+"/provisions/01-general."+lang.Code+".md", "provision."+lang.Code+".md.tmpl", d); err != nil {
			return created, err
		}
		if err := write(root, &created, dir+"/measures/01-first/index."+lang.Code+".md", "measure."+lang.Code+".md.tmpl", measureData{Number: 1, Lang: lang.Code}); err != nil {
			return created, err
		}
	}
	err = write(root, &created, dir+"/measures/01-first/"+rules.MeasureFile, "measure-rules.toml.tmpl", measureData{Number: 1})
	return created, err
}
