package site

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"
)

// fragments keeps, for one build, the output of template fragments that many
// pages share: {{cached "name" . key…}} executes the template "name" once per
// language and key and reuses its HTML on every page with the same key, as
// Hugo's partialCached does. Most of a page's cost in html/template is the
// reflective call behind each action, and the header, navigation and footer
// are the same on every page of a policy.
//
// The keys must name everything the fragment reads that differs between
// pages: a fragment that reads .Kind must be keyed by it.
type fragments struct {
	mu      sync.Mutex
	entries map[string]*fragment
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

func newFragments() *fragments { return &fragments{entries: map[string]*fragment{}} }

// get returns the fragment's HTML, executing it with set the first time;
// without a cache (nil), every time.
func (f *fragments) get(set *template.Template, name string, data *PageData, key []any) (template.HTML, error) {
	if f == nil {
		return execute(set, name, data)
	}
	var k strings.Builder
	k.WriteString(data.Lang.Code)
	k.WriteByte(0)
	k.WriteString(name)
	for _, part := range key {
		k.WriteByte(0)
		fmt.Fprint(&k, part)
	}
	f.mu.Lock()
	e := f.entries[k.String()]
	if e == nil {
		e = &fragment{}
		f.entries[k.String()] = e
	}
	f.mu.Unlock()
	e.once.Do(func() { e.html, e.err = execute(set, name, data) })
	return e.html, e.err
}

func execute(set *template.Template, name string, data *PageData) (template.HTML, error) {
	var buf bytes.Buffer
	err := set.ExecuteTemplate(&buf, name, data)
	// Made by html/template, escaped for an HTML text context, which is where
	// {{cached}} is meant to stand; anywhere else, html/template escapes it
	// again.
	return template.HTML(buf.String()), err
}
