package site

import (
	"html/template"
	"strings"
	"testing"
)

type foldData struct {
	T     map[string]string
	Items []int
}

func parseFoldCase(t *testing.T, src string) *template.Template {
	t.Helper()
	tmpl, err := template.New("base.html").Option("missingkey=error").Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	return tmpl
}

func runFoldCase(tmpl *template.Template, data foldData) (string, error) {
	var b strings.Builder
	err := tmpl.ExecuteTemplate(&b, "base.html", data)
	return b.String(), err
}

// A folded template writes what the same template writes unfolded, byte
// for byte, in every context; it folds the strings in text, attributes and
// RCDATA, at any depth, and leaves those in URLs and scripts to their
// escapers.
func TestFoldedUIStringsRenderAsTheActionsDid(t *testing.T) {
	const src = `<title>{{$.T.title}}</title><p title="{{$.T.tip}}">{{$.T.text}}</p>` +
		`{{if $.T.text}}{{$.T.text}}{{end}}{{range .Items}}{{$.T.tip}}{{end}}{{with .T}}{{$.T.title}}{{end}}` +
		`<a href="{{$.T.link}}">{{$.T.link}}</a><a href="/x?q={{$.T.text}}">q</a><script>var s = {{$.T.text}};</script>`
	data := foldData{
		T:     map[string]string{"title": `<西湖> & "AI" + 'x'`, "tip": "a\x00b\u2028c", "text": "算力券 </script> `x`", "link": "javascript:alert(1)"},
		Items: []int{1, 2},
	}
	want, err := runFoldCase(parseFoldCase(t, src), data)
	if err != nil {
		t.Fatal(err)
	}
	folded := parseFoldCase(t, src)
	n := foldUIStrings(folded, data.T)
	got, err := runFoldCase(folded, data)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("folded:\n%s\nunfolded:\n%s", got, want)
	}
	// title, tip, text in the paragraph; text in the if, tip in the range,
	// title in the with; the link's text. Not the href, the query or the
	// script.
	if n != 7 {
		t.Errorf("folded %d actions, want 7", n)
	}
	if !strings.Contains(got, `href="#ZgotmplZ"`) {
		t.Errorf("the javascript: link was not filtered: %s", got)
	}
}

// A key the strings lack stays an action, so that the page still fails
// with the template's own error; a template that cannot be escaped is left
// as it is, and fails as it did.
func TestFoldLeavesWhatWouldFail(t *testing.T) {
	data := foldData{T: map[string]string{"here": "x"}}
	tmpl := parseFoldCase(t, `<p>{{$.T.here}} {{$.T.gone}}</p>`)
	if n := foldUIStrings(tmpl, data.T); n != 1 {
		t.Errorf("folded %d actions, want 1", n)
	}
	if _, err := runFoldCase(tmpl, data); err == nil || !strings.Contains(err.Error(), `no entry for key "gone"`) {
		t.Errorf("a missing key: %v", err)
	}
	broken := parseFoldCase(t, `<p>{{$.T.here}}<script>`)
	if n := foldUIStrings(broken, data.T); n != 0 {
		t.Errorf("folded %d actions of a template that cannot be escaped", n)
	}
	if _, err := runFoldCase(broken, data); err == nil || !strings.Contains(err.Error(), "non-text context") {
		t.Errorf("an unescapable template: %v", err)
	}
}
