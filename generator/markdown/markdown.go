// Package markdown renders the Markdown of content files to HTML with
// goldmark, the way this site needs it: raw HTML is an error rather than
// passed through, headings get readable IDs that keep Chinese characters, and
// site links written as /path/ are moved under the page's language and
// reported with their source positions for the link check.
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
)

// Link is a link found in a Markdown file, after rewriting.
type Link struct {
	Dest string      // the destination as written into the HTML
	At   *diag.Error // where it stands in the source; Msg is empty
}

// Renderer renders Markdown for one language.
type Renderer struct {
	md     goldmark.Markdown
	prefix string // URL prefix of the language: "" or "/en"
}

// New returns a renderer whose site links are placed under prefix.
func New(prefix string) *Renderer {
	r := &Renderer{prefix: prefix}
	r.md = goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			extension.Strikethrough,
			extension.CJK,
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	return r
}

// Result is a rendered document.
type Result struct {
	HTML  template.HTML
	Links []Link
}

// Render renders doc's body as a page's own content, whose headings start at
// h2 (the page title is the h1). Errors name the file and the line in it.
func (r *Renderer) Render(doc *content.Doc) (Result, error) {
	return r.RenderText(doc.File, doc.Body, doc.BodyLine, 2)
}

// RenderText renders src, which starts on line firstLine of file. Headings
// are shifted so that the highest one in src becomes an h<top>, which keeps
// the outline right when Markdown is placed under a template's heading.
func (r *Renderer) RenderText(file string, src []byte, firstLine, top int) (Result, error) {
	if err := checkText(file, src, firstLine); err != nil {
		return Result{}, err
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	shiftHeadings(doc, top)
	var errs diag.List
	var links []Link
	at := func(n ast.Node, needle []byte) *diag.Error {
		off := offsetOf(n, src, needle)
		return diag.At(file, src, off, firstLine-1, "", "")
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			e := at(n, nil)
			e.Msg = "raw HTML is not allowed in content"
			e.Hint = "write it in Markdown; the site's templates do the layout"
			errs = append(errs, e)
		case *ast.Link:
			errs.Add(refuseLink(n.Destination, at(n, n.Destination)))
			links = append(links, r.link(&n.Destination, n, at))
		case *ast.Image:
			errs.Add(refuseLink(n.Destination, at(n, n.Destination)))
			links = append(links, r.link(&n.Destination, n, at))
		case *ast.AutoLink:
			errs.Add(refuseLink(n.URL(src), at(n, n.URL(src))))
			links = append(links, Link{Dest: string(util.URLEscape(n.URL(src), false)), At: at(n, n.URL(src))})
		}
		return ast.WalkContinue, nil
	})
	if err := errs.Err(); err != nil {
		return Result{}, err
	}
	var buf bytes.Buffer
	buf.Grow(2 * len(src))
	if err := r.md.Renderer().Render(unbuffered{&buf}, src, doc); err != nil {
		return Result{}, &diag.Error{Position: diag.Position{File: file}, Msg: "cannot render Markdown: " + err.Error()}
	}
	// goldmark escapes text and, without html.WithUnsafe, drops raw HTML; the
	// check above refuses raw HTML outright, so the output is safe to embed.
	return Result{HTML: template.HTML(buf.String()), Links: links}, nil
}

// PlainText returns the visible text of HTML this package rendered, with
// entities decoded: the tags dropped, the text between them kept. Its
// output holds no raw HTML, comments or scripts, and goldmark escapes "<"
// and ">" in text and attribute values, so no tokenizer is needed.
func PlainText(h template.HTML) string {
	s := string(h)
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		lt := strings.IndexByte(s, '<')
		if lt < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:lt])
		gt := strings.IndexByte(s[lt:], '>')
		if gt < 0 {
			break
		}
		s = s[lt+gt+1:]
	}
	if !strings.Contains(b.String(), "&") {
		return b.String()
	}
	return stdhtml.UnescapeString(b.String())
}

// unbuffered lets goldmark write straight into a bytes.Buffer: given a
// plain io.Writer it wraps it in a new 4 KB bufio.Writer for every document.
type unbuffered struct{ *bytes.Buffer }

var _ util.BufWriter = unbuffered{} // else goldmark wraps it after all

func (unbuffered) Buffered() int { return 0 }
func (unbuffered) Flush() error  { return nil }

// link rewrites a link's destination in place and records where it stands,
// as the page will hold it (goldmark escapes it), so that a problem the
// link checker finds on the page is traced back to this line.
func (r *Renderer) link(dest *[]byte, n ast.Node, at func(ast.Node, []byte) *diag.Error) Link {
	written := *dest
	*dest = []byte(r.rewrite(string(written)))
	return Link{Dest: string(util.URLEscape(*dest, true)), At: at(n, written)}
}

// refuseLink says why a link may not be published: goldmark would empty a
// script, data or file link without a word, and a browser reads a backslash
// as a slash, so that /\host/ leaves the site for another host.
func refuseLink(dest []byte, e *diag.Error) error {
	// Markdown decodes entities in a destination, and browsers drop control
	// characters and spaces in a scheme: java&#x09;script: runs.
	scheme := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, stdhtml.UnescapeString(string(dest))))
	for _, bad := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(scheme, bad) {
			e.Msg = fmt.Sprintf("a %s link is not allowed", strings.TrimSuffix(bad, ":"))
			e.Hint = "link to a page of the site (/policies/…) or to an https:// address; the page would publish an empty link"
			return e
		}
	}
	if bytes.ContainsRune(dest, '\\') {
		e.Msg = "a backslash in a link"
		e.Hint = "write / instead: browsers read \\ as /, so that /\\example.com/ leads to another site"
		return e
	}
	return nil
}

func shiftHeadings(doc ast.Node, top int) {
	highest := 7
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level < highest {
			highest = h.Level
		}
		return ast.WalkContinue, nil
	})
	if highest == 7 || highest == top {
		return
	}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = min(6, h.Level-highest+top)
		}
		return ast.WalkContinue, nil
	})
}

// rewrite puts a site link (/path) under the renderer's language.
func (r *Renderer) rewrite(dest string) string {
	if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
		return r.prefix + dest
	}
	return dest
}

// checkText refuses what editors type by mistake and Markdown would render
// wrongly without a word.
func checkText(file string, src []byte, firstLine int) error {
	if i := bytes.IndexByte(src, '\t'); i >= 0 {
		return diag.At(file, src, i, firstLine-1, "a tab character in Markdown",
			"use spaces: a tab can turn a paragraph into a code block")
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, size := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			i += size
		}
		return diag.At(file, src, i, firstLine-1, "bytes that are not UTF-8",
			"save the file as UTF-8 (in most editors: Encoding → UTF-8); it may have been saved as GB18030 or another encoding")
	}
	if at := tooNested(src); at >= 0 {
		return diag.At(file, src, at, firstLine-1, fmt.Sprintf("Markdown nested more than %d deep", maxNesting),
			"no page needs lists or quotes this deep: flatten them (Markdown's parser slows down with every level)")
	}
	if i := bytes.IndexByte(src, '\r'); i >= 0 {
		return diag.At(file, src, i, firstLine-1, "Windows (CRLF) line endings",
			"save the file with LF (Unix) line endings; most editors show the choice in the status bar")
	}
	return nil
}

// maxNesting bounds how deep lists and quotes may nest: goldmark's work
// grows with the cube of the depth (2,000 levels took most of a minute).
const maxNesting = 16

// tooNested returns the offset of the first line that opens more than
// maxNesting levels (counting each quote mark, each list marker and each
// two columns of indentation), or -1.
func tooNested(src []byte) int {
	for at := 0; at < len(src); {
		line := src[at:]
		if nl := bytes.IndexByte(line, '\n'); nl >= 0 {
			line = line[:nl]
		}
		levels, indent := 0, 0
		for i := 0; i < len(line) && levels+indent/2 <= maxNesting; {
			switch c := line[i]; {
			case c == ' ':
				indent++
				i++
			case c == '>':
				levels++
				i++
			case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && line[i+1] == ' ':
				levels++
				i += 2
			case c >= '0' && c <= '9':
				j := i
				for j < len(line) && line[j] >= '0' && line[j] <= '9' {
					j++
				}
				if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && line[j+1] == ' ' {
					levels++
					i = j + 2
					continue
				}
				i = len(line)
			default:
				i = len(line)
			}
		}
		if levels+indent/2 > maxNesting {
			return at
		}
		at += len(line) + 1
	}
	return -1
}

// offsetOf finds where node n starts in src, or where needle stands inside
// the block that holds n.
func offsetOf(n ast.Node, src []byte, needle []byte) int {
	if seg, ok := firstSegment(n); ok {
		return seg
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			start := p.Lines().At(0).Start
			if len(needle) > 0 {
				if i := bytes.Index(src[start:], needle); i >= 0 {
					return start + i
				}
			}
			return start
		}
	}
	return 0
}

func firstSegment(n ast.Node) (int, bool) {
	switch n := n.(type) {
	case *ast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start, true
		}
	case *ast.HTMLBlock:
		if n.Lines().Len() > 0 {
			return n.Lines().At(0).Start, true
		}
	case *ast.Text:
		return n.Segment.Start, true
	}
	return 0, false
}

// ids makes heading IDs that keep the letters of every script, so that a
// Chinese heading gets a Chinese anchor rather than goldmark's "heading-1".
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// Slug turns a heading into an anchor: letters and digits of any script are
// kept (ASCII lowercased), every run of anything else becomes one hyphen.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		dash = true
	}
	return b.String()
}
