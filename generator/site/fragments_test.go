package site

import (
	"html/template"
	"testing"

	"xihuguide/generator/content"
)

func TestFragmentsAreKeyed(t *testing.T) {
	set := template.Must(template.New("x").Parse(`{{define "frag"}}<b title="{{.Title}}">{{.Title}}</b>{{end}}`))
	f := newFragments()
	zh, en := content.Language{Code: "zh"}, content.Language{Code: "en"}
	steps := []struct {
		lang  content.Language
		title string
		key   []any
		want  template.HTML
	}{
		{zh, "<one>", []any{"a", 1}, `<b title="&lt;one&gt;">&lt;one&gt;</b>`},
		{zh, "two", []any{"a", 1}, `<b title="&lt;one&gt;">&lt;one&gt;</b>`}, // same key: the first page's output
		{zh, "two", []any{"a", 2}, `<b title="two">two</b>`},
		{en, "three", []any{"a", 1}, `<b title="three">three</b>`}, // another language is another key
	}
	for i, s := range steps {
		got, err := f.get(set, "frag", &PageData{Lang: s.lang, Title: s.title}, s.key)
		if err != nil {
			t.Fatal(err)
		}
		if got != s.want {
			t.Errorf("step %d: got %s, want %s", i, got, s.want)
		}
	}
	var none *fragments
	if got, _ := none.get(set, "frag", &PageData{Title: "four"}, nil); got != `<b title="four">four</b>` {
		t.Errorf("without a cache: %s", got)
	}
	if _, err := f.get(set, "missing", &PageData{Lang: zh}, nil); err == nil {
		t.Error("a missing fragment gave no error")
	}
}
