// Package diag defines the errors the generator reports to editors: each one
// names a file, a line and a column, says what is wrong and how to fix it, and
// can quote the offending line.
package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Position is a place in the site's sources. Line and Col are 1-based; Col
// counts characters, not bytes, so that it matches what an editor shows for
// Chinese text. Zero means unknown. Positions compare with ==.
type Position struct {
	File string `json:"file"` // path relative to the site root, with forward slashes
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// String renders file:line:col, leaving out the parts that are unknown.
func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		s += fmt.Sprintf(":%d", p.Line)
		if p.Col > 0 {
			s += fmt.Sprintf(":%d", p.Col)
		}
	}
	return s
}

// Error is one problem found in the site's sources.
type Error struct {
	Position
	Msg  string `json:"message"`        // what is wrong
	Hint string `json:"hint,omitempty"` // how to fix it
	Text string `json:"text,omitempty"` // the offending line, quoted in reports
	// Notes point at the other places that take part: the first
	// definition of what is defined twice, the line of the binding text a
	// page departs from, as esbuild's notes do.
	Notes []Note `json:"notes,omitempty"`
	lang  string // the language Msg and Hint are in, when In made them so
}

// Note is a secondary place of a problem, with what it is.
type Note struct {
	Position
	Text string `json:"text,omitempty"`
	Msg  string `json:"message"`
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Position.String())
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Report renders the error over several lines for a terminal: the position and
// message, the quoted line with a caret under the column, and the hint.
func (e *Error) Report() string {
	var b strings.Builder
	b.WriteString(e.Position.String())
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(label(e.lang, "error: "))
	b.WriteString(e.Msg)
	b.WriteString("\n")
	if e.Text != "" {
		text, col := window(strings.TrimRight(e.Text, "\r\n"), e.Col)
		gutter := fmt.Sprintf("%5d | ", e.Line)
		b.WriteString(gutter)
		b.WriteString(text)
		b.WriteString("\n")
		if col > 0 {
			b.WriteString(strings.Repeat(" ", len(gutter)-2))
			b.WriteString("| ")
			b.WriteString(caretPad(text, col))
			b.WriteString("^\n")
		}
	}
	if e.Hint != "" {
		b.WriteString("  " + label(e.lang, "hint: "))
		b.WriteString(e.Hint)
		b.WriteString("\n")
	}
	for _, n := range e.Notes {
		b.WriteString("  " + label(e.lang, "note: ") + n.Position.String() + ": " + n.Msg + "\n")
		if n.Text != "" {
			text, _ := window(strings.TrimRight(n.Text, "\r\n"), n.Col)
			fmt.Fprintf(&b, "%5d | %s\n", n.Line, text)
		}
	}
	return b.String()
}

// MarshalJSON writes the error for check --format json and the preview's
// overlay, with a long line cut around the column as in Report.
func (e *Error) MarshalJSON() ([]byte, error) {
	type plain Error
	c := plain(*e)
	if c.Text != "" {
		c.Text, c.Col = window(strings.TrimRight(c.Text, "\r\n"), c.Col)
	}
	return json.Marshal(c)
}

// window cuts a long line to the part around col, so that a report never
// quotes a line of megabytes: at most 60 characters either side, the cuts
// marked with …; col is moved to match.
func window(text string, col int) (string, int) {
	const side = 60
	r := []rune(text)
	if len(r) <= 2*side+20 {
		return text, col
	}
	at := max(col-1, 0)
	from, to := max(at-side, 0), min(at+side+1, len(r))
	out := string(r[from:to])
	if to < len(r) {
		out += "…"
	}
	if from > 0 {
		return "…" + out, col - from + 1
	}
	return out, col
}

// label is a report's word for an error or a hint, in its language.
func label(lang, en string) string {
	if lang == "zh" {
		return map[string]string{"error: ": "错误：", "hint: ": "提示：", "note: ": "参见："}[en]
	}
	return en
}

// caretPad returns the padding that puts a caret under character col of text,
// counting wide (CJK) characters as two columns as terminals do.
func caretPad(text string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range text {
		if i >= col {
			break
		}
		switch {
		case r == '\t':
			b.WriteByte('\t')
		case isWide(r):
			b.WriteString("  ")
		default:
			b.WriteByte(' ')
		}
		i++
	}
	return b.String()
}

func isWide(r rune) bool {
	return r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) ||
		(r >= 0xac00 && r <= 0xd7a3) || (r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6))
}

// List collects several errors so that a build reports every problem at once.
type List []*Error

func (l List) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// Add appends err, flattening Lists and wrapping foreign errors.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	var list List
	var one *Error
	switch {
	case errors.As(err, &list):
		*l = append(*l, list...)
	case errors.As(err, &one):
		*l = append(*l, one)
	default:
		*l = append(*l, &Error{Msg: err.Error()})
	}
}

// Err returns the list as an error, or nil when it is empty. The errors are
// sorted by file and position so that reports are stable.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return l
}

// All returns the errors held by err, wrapping any that carry no position.
func All(err error) []*Error {
	var l List
	l.Add(err)
	return l
}

// At builds an error at a byte offset of src, computing line, column and the
// quoted line. base is added to the line number, for text that starts part way
// into a file (a Markdown body after its front matter).
func At(file string, src []byte, offset, base int, msg, hint string) *Error {
	line, col, text := Locate(src, offset)
	return &Error{Position: Position{File: file, Line: line + base, Col: col}, Msg: msg, Hint: hint, Text: text}
}

// Locate turns a byte offset into a 1-based line, a 1-based character column
// and the text of that line.
func Locate(src []byte, offset int) (line, col int, text string) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	start := 0
	line = 1
	for i := 0; i < offset; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	col = utf8.RuneCount(src[start:offset]) + 1
	return line, col, strings.TrimRight(string(src[start:end]), "\r")
}

// LineText returns line n (1-based) of src, or "" when there is none.
func LineText(src []byte, n int) string {
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[n-1], "\r")
}

// ByteColToChar converts a 1-based byte column on line n of src into a 1-based
// character column.
func ByteColToChar(src []byte, n, byteCol int) int {
	text := LineText(src, n)
	if byteCol-1 > len(text) {
		return utf8.RuneCountInString(text) + 1
	}
	if byteCol < 1 {
		return byteCol
	}
	return utf8.RuneCountInString(text[:byteCol-1]) + 1
}

// A Folder reads the files of a site's folder, turning a failure into an
// Error naming the file. A link is followed only to a file inside the
// folder: a build publishes what the site's folder holds, not whatever a
// link points at. It remembers the folders it found inside, and opens a file
// without following a link, so that a file costs only the system calls of
// reading it, not one more per part of its path (a tenth of a large build's
// system calls). Make one per build: a folder may be replaced by a link
// between builds. Its methods may run at once.
type Folder struct {
	Root string
	mu   sync.Mutex
	dirs map[string]bool // folder, from Root → inside it
}

// ReadFile reads the file at rel, a path from the folder's root.
func (f *Folder) ReadFile(rel string) ([]byte, error) {
	p := join(f.Root, rel)
	b, err := readNoFollow(p)
	if err != nil {
		// A link, or a file missing or unreadable: a link is looked
		// through, and the file read as os.ReadFile reads it, to say why.
		if err := checkLink(f.Root, rel); err != nil {
			return nil, err
		}
		if b, err = os.ReadFile(p); err != nil {
			msg := "cannot read file"
			if errors.Is(err, os.ErrNotExist) {
				msg = "file is missing"
			}
			return nil, &Error{Position: Position{File: rel}, Msg: msg + ": " + unwrapPathErr(err)}
		}
	}
	if err := f.checkFolder(rel); err != nil {
		return nil, err
	}
	return b, nil
}

// checkFolder is checkLink for the folder of a file that is not a link
// itself; the folders found inside before are remembered.
func (f *Folder) checkFolder(rel string) error {
	dir := path.Dir(rel)
	f.mu.Lock()
	inside, known := f.dirs[dir]
	f.mu.Unlock()
	if !known {
		inside = checkLink(f.Root, dir) == nil
		f.mu.Lock()
		if f.dirs == nil {
			f.dirs = map[string]bool{}
		}
		f.dirs[dir] = inside
		f.mu.Unlock()
	}
	if !inside {
		return checkLink(f.Root, rel) // says where the link leads
	}
	return nil
}

// checkLink refuses a file that is, or lies under, a link leading out of
// root, and names a link that leads nowhere as such.
func checkLink(root, rel string) error {
	p := join(root, rel)
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		if st, lerr := os.Lstat(p); lerr == nil && st.Mode()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			return &Error{Position: Position{File: rel}, Msg: fmt.Sprintf("this is a link to %s, which does not exist", target),
				Hint: "point the link at an existing file inside the site's folder, or put the file itself here"}
		}
		return nil // a missing file: ReadFile says so
	}
	top, err := filepath.EvalSymlinks(root)
	if err != nil {
		return nil
	}
	if inside, err := filepath.Rel(top, real); err != nil || inside == ".." || strings.HasPrefix(inside, ".."+string(filepath.Separator)) {
		return &Error{Position: Position{File: rel}, Msg: fmt.Sprintf("this is a link to %s, outside the site's folder", real),
			Hint: "copy the file into the site's folder: a build publishes only what the repository holds"}
	}
	return nil
}

func join(root, rel string) string {
	if root == "" {
		return rel
	}
	return root + "/" + rel
}

func unwrapPathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
