package site

import (
	"bytes"
	"errors"
	"html/template"
	"io"
	"text/template/parse"
)

// foldUIStrings writes each {{$.T.key}} of a kind's templates, once they are
// escaped, as the text it produces on every page: a language's templates
// are its own, and its UI strings do not change during a build. Each such
// action cost a page a field lookup, a map lookup and a reflective call to
// its escaper, a sixth of a measure page's time in the templates
// (BenchmarkPageKinds).
//
// Only an action whose escaper is html/template's for text, a quoted
// attribute or RCDATA is written out: for a plain string, all three give
// what {{.}} gives in text. In a URL, a script or a style the action stays
// as it is, and so does one whose key is missing, whose error the page
// reports as before. It returns how many actions it wrote out.
func foldUIStrings(t *template.Template, strs map[string]string) int {
	// html/template escapes a template set when it first executes it; with
	// nil data the execution stops at once, after the escaping. A template
	// that cannot be escaped is left alone: its pages report why.
	var escapeErr *template.Error
	if err := t.ExecuteTemplate(io.Discard, t.Name(), nil); errors.As(err, &escapeErr) {
		return 0
	}
	escaped := map[string][]byte{}
	text := func(key string) ([]byte, bool) {
		if b, ok := escaped[key]; ok {
			return b, true
		}
		s, ok := strs[key]
		if !ok {
			return nil, false
		}
		var b bytes.Buffer
		if err := textEscaper.Execute(&b, s); err != nil {
			return nil, false
		}
		escaped[key] = b.Bytes()
		return b.Bytes(), true
	}
	folded := 0
	var walk func(list *parse.ListNode)
	walk = func(list *parse.ListNode) {
		if list == nil {
			return
		}
		for i, n := range list.Nodes {
			switch n := n.(type) {
			case *parse.ActionNode:
				if key, ok := uiString(n.Pipe); ok {
					if b, ok := text(key); ok {
						list.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: n.Pos, Text: b}
						folded++
					}
				}
			case *parse.IfNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.RangeNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.WithNode:
				walk(n.List)
				walk(n.ElseList)
			case *parse.ListNode:
				walk(n)
			}
		}
	}
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			walk(tt.Tree.Root)
		}
	}
	return folded
}

// textEscaper is what html/template does to a string in HTML text.
var textEscaper = template.Must(template.New("text").Parse("{{.}}"))

// uiString reports whether pipe is {{$.T.key}} followed by nothing but
// the escaper of text, a quoted attribute or RCDATA, and which key it
// reads.
func uiString(pipe *parse.PipeNode) (string, bool) {
	if pipe == nil || len(pipe.Decl) > 0 || len(pipe.Cmds) != 2 || len(pipe.Cmds[0].Args) != 1 || len(pipe.Cmds[1].Args) != 1 {
		return "", false
	}
	v, ok := pipe.Cmds[0].Args[0].(*parse.VariableNode)
	if !ok || len(v.Ident) != 3 || v.Ident[0] != "$" || v.Ident[1] != "T" {
		return "", false
	}
	esc, ok := pipe.Cmds[1].Args[0].(*parse.IdentifierNode)
	if !ok {
		return "", false
	}
	switch esc.Ident {
	case "_html_template_htmlescaper", "_html_template_attrescaper", "_html_template_rcdataescaper":
		return v.Ident[2], true
	}
	return "", false
}
