package site

import (
	"bytes"
	"os"
	"testing"
	"time"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/rules"
)

// BenchmarkPageKinds renders one page of each kind of the real site, in
// each language, one at a time: what a page costs in the templates.
// PAGEKINDS_ROOT=DIR renders another site's instead.
//
//	go test ./generator/site -run X -bench PageKinds
func BenchmarkPageKinds(b *testing.B) {
	root := "../.."
	if r := os.Getenv("PAGEKINDS_ROOT"); r != "" {
		root = r // a corpus: go run ./generator corpus -o DIR
	}
	s, err := content.Load(root)
	if err != nil {
		b.Fatal(err)
	}
	bundle, err := assets.Build(root)
	if err != nil {
		b.Fatal(err)
	}
	suites := map[string]*rules.Suite{}
	for _, p := range s.Policies {
		if rules.Exists(s, p) {
			if suites[p.Slug], err = rules.Load(s, p, s.Prefix); err != nil {
				b.Fatal(err)
			}
		}
	}
	tmpls, err := LoadTemplates(s)
	if err != nil {
		b.Fatal(err)
	}
	bl := newBuilder(s, bundle, Options{AsOf: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), Rules: suites})
	for _, lang := range s.Languages() {
		bl.language(lang, tmpls.byLang[lang.Code])
	}
	if err := bl.errs.Err(); err != nil {
		b.Fatal(err)
	}
	first := map[string]*job{}
	var kinds []string
	for _, j := range bl.jobs {
		if first[j.data.Kind] == nil {
			first[j.data.Kind] = j
			kinds = append(kinds, j.data.Kind)
		}
	}
	for _, kind := range kinds {
		j := first[kind]
		b.Run(kind, func(b *testing.B) {
			var buf bytes.Buffer
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if err := j.tmpl.ExecuteTemplate(&buf, "base.html", j.data); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
