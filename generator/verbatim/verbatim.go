// Package verbatim proves that a rendered page reproduces a binding text word
// for word: every line of the text must appear, in order, in the page's
// visible text. Layout (headings, paragraphs, white space) may differ; the
// words may not.
package verbatim

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
)

// Check reports each line of original that page (an HTML document, named
// pageName in messages) does not reproduce, in order.
func Check(original []content.OriginalLine, page []byte, pageName string) error {
	text := squash(Text(page))
	var errs diag.List
	cursor := 0
	for _, line := range original {
		want := squash(line.Text)
		if i := strings.Index(text[cursor:], want); i >= 0 {
			cursor += i + len(want)
			continue
		}
		matched := longestPrefix(text[cursor:], want)
		msg := fmt.Sprintf("this line of the binding text is not reproduced word for word on %s", pageName)
		if matched != "" {
			tail := []rune(matched)
			if len(tail) > 12 {
				tail = tail[len(tail)-12:]
			}
			msg += fmt.Sprintf("; the page departs from it after «%s»", string(tail))
		}
		errs = append(errs, &diag.Error{Position: diag.Position{File: line.File, Line: line.Line, Col: len([]rune(matched)) + 1}, Text: line.Text, Msg: msg,
			Hint: "the Chinese pages must say exactly what the binding text says: correct the content file that holds this clause"})
	}
	return errs.Err()
}

// longestPrefix returns the longest prefix of want that text contains.
func longestPrefix(text, want string) string {
	runes := []rune(want)
	lo, hi := 0, len(runes)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if strings.Contains(text, string(runes[:mid])) {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return string(runes[:lo])
}

// squash drops white space, which layout may add or remove freely.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// Text returns the visible text of an HTML document's <main> element (or of
// the whole document when it has none), with entities decoded.
func Text(doc []byte) string {
	z := html.NewTokenizer(bytes.NewReader(doc))
	var b strings.Builder
	inMain := !bytes.Contains(doc, []byte("<main"))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "main":
				inMain = true
			case "script", "style", "template":
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "main":
				inMain = false
			case "script", "style", "template":
				skip--
			}
		case html.TextToken:
			if inMain && skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}
