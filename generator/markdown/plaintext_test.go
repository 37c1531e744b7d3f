package markdown_test

import (
	"testing"

	"xihuguide/generator/content"
	"xihuguide/generator/markdown"
	"xihuguide/generator/verbatim"
)

// PlainText reads what a full HTML tokenizer reads, on every Markdown text
// of the real site.
func TestPlainTextAgreesWithTheTokenizer(t *testing.T) {
	s, err := content.Load("../..")
	if err != nil {
		t.Fatal(err)
	}
	var docs []content.Doc
	for _, p := range s.Policies {
		for _, m := range p.Measures {
			for _, tx := range m.Lang {
				docs = append(docs, tx.Doc, content.Doc{File: tx.File, Body: []byte(tx.Reading), BodyLine: tx.ReadingLine})
			}
		}
		for _, pr := range p.Provisions {
			for _, tx := range pr.Lang {
				docs = append(docs, tx.Doc)
			}
		}
	}
	for _, p := range s.Pages {
		for _, tx := range p.Lang {
			docs = append(docs, tx.Doc)
		}
	}
	docs = append(docs, content.Doc{File: "x.md", Body: []byte("A &amp; B, 1 < 2 > 0, `<code>`, [l](/a/?x=1&y=2 \"t>\") **b**\n\n- 甲\n- 乙\n")})
	r := markdown.New("")
	for _, d := range docs {
		out, err := r.RenderText(d.File, d.Body, d.BodyLine, 2)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := markdown.PlainText(out.HTML), verbatim.Text([]byte(out.HTML)); got != want {
			t.Errorf("%s:\nPlainText %q\ntokenizer %q", d.File, got, want)
		}
	}
	if len(docs) < 60 {
		t.Errorf("only %d texts", len(docs))
	}
}
