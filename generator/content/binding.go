package content

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"xihuguide/generator/diag"
)

// BindingLanguage is the language of a policy's binding text
// (original.zh.txt): its pages in this language reproduce it exactly.
const BindingLanguage = "zh"

// A textLine is a line of the policy's own words on a Chinese page: a line
// of a clause's body, the title, a part heading or a group heading, with
// where it was written.
type textLine struct {
	text      string
	file      string
	line, col int // where text starts
	src       string
}

// checkBinding holds a policy's Chinese text and its binding text to each
// other, line for line, both ways: every line the Chinese pages give as the
// policy's words is a line of the binding text, character for character, and
// every line of the binding text is on a page. An edit that adds to a
// clause, drops part of one, splits one or slips a space into one is named
// at the file the editor changed.
func (l *loader) checkBinding(p *Policy, policyFile string, policySrc []byte) diag.List {
	if len(p.Original) == 0 {
		return nil
	}
	var errs diag.List
	lines := l.policyText(p, policyFile, policySrc)
	original := map[string]bool{}
	for _, o := range p.Original {
		original[o.Text] = true
	}
	covered := map[string]bool{}
	for _, t := range lines {
		if original[t.text] {
			covered[t.text] = true
			continue
		}
		// The line of the binding text it was meant to be: the one that
		// agrees with it longest from the start.
		best, agree := OriginalLine{}, -1
		for _, o := range p.Original {
			if n := commonPrefix(t.text, o.Text); n > agree {
				best, agree = o, n
			}
		}
		e := &diag.Error{Position: diag.Position{File: t.file, Line: t.line}, Text: t.src,
			Hint: "the Chinese pages give the binding text exactly, line for line; if the policy itself was amended, change " + best.File + " first, then make this line the same"}
		shared := []rune(t.text[:agree])
		e.Col = t.col + len(shared)
		// A few characters in common ("3、") say nothing of which line was meant.
		if len(shared) < 6 && len(shared)*2 < len([]rune(t.text)) {
			e.Msg = fmt.Sprintf("this line is not in the binding text %s", best.File)
			e.Hint = "the Chinese pages give only the binding text: if the policy says this line, add it to " + best.File +
				" word for word, where it stands in the policy; if it does not, remove it here"
			e.Col = t.col
		} else {
			covered[best.Text] = true // reported here, where the editor wrote
			e.Msg = fmt.Sprintf("this line differs from the binding text after «%s»: the binding text has «%s», this line has «%s»",
				tail(string(shared), 12), head(best.Text[agree:], 12), head(t.text[agree:], 12))
			e.Notes = []diag.Note{{Position: diag.Position{File: best.File, Line: best.Line, Col: len(shared) + 1}, Text: best.Text, Msg: "the line of the binding text"}}
		}
		errs.Add(e)
	}
	for _, o := range p.Original {
		if !covered[o.Text] {
			errs.Add(&diag.Error{Position: diag.Position{File: o.File, Line: o.Line, Col: 1}, Text: o.Text,
				Msg:  "this line of the binding text is on no Chinese page",
				Hint: "add it, word for word, to the content file it belongs to (a measure's index.zh.md, a provision, the preamble…), or remove it here if the policy no longer says it"})
		}
	}
	return errs
}

// policyText gathers the lines a policy's Chinese pages give as its words.
func (l *loader) policyText(p *Policy, policyFile string, policySrc []byte) []textLine {
	var out []textLine
	meta := func(text string) {
		if text == "" {
			return
		}
		t := textLine{text: text, file: policyFile, line: 1, col: 1}
		for _, quoted := range []string{strconv.Quote(text), `"` + text + `"`} {
			if i := bytes.Index(policySrc, []byte(quoted)); i >= 0 {
				t.line, t.col, t.src = diag.Locate(policySrc, i+1)
				break
			}
		}
		out = append(out, t)
	}
	body := func(d *Doc) {
		if d == nil {
			return
		}
		for i, raw := range strings.Split(string(d.Body), "\n") {
			text := strings.Trim(raw, " \t\r")
			if text == "" {
				continue
			}
			col := len([]rune(raw[:strings.Index(raw, text)])) + 1
			out = append(out, textLine{text: text, file: d.File, line: d.BodyLine + i, col: col, src: raw})
		}
	}
	zh := BindingLanguage
	meta(p.Meta.Title[zh])
	body(p.Notice[zh])
	body(p.Preamble[zh])
	meta(p.Meta.Headings.Scope[zh])
	body(p.Scope[zh])
	meta(p.Meta.Headings.Measures[zh])
	for _, g := range p.Meta.Groups {
		meta(g.Title[zh])
	}
	for _, m := range p.Measures {
		if t := m.Lang[zh]; t != nil {
			body(&t.Doc)
		}
	}
	meta(p.Meta.Headings.Provisions[zh])
	for _, pr := range p.Provisions {
		if t := pr.Lang[zh]; t != nil {
			body(&t.Doc)
		}
	}
	return out
}

// commonPrefix returns how many bytes a and b share from the start, ending
// on a whole character.
func commonPrefix(a, b string) int {
	n := 0
	for i, r := range a {
		if !strings.HasPrefix(b[i:], string(r)) {
			break
		}
		n = i + len(string(r))
	}
	return n
}

func head(s string, n int) string {
	r := []rune(s)
	if len(r) == 0 {
		return "(end of line)"
	}
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func tail(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return "…" + string(r[len(r)-n:])
	}
	return s
}
