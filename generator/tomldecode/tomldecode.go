// Package tomldecode decodes TOML strictly: a syntax error or a key that the
// target does not know becomes a diag.Error with file, line and column, so an
// editor sees where the mistake is and how to fix it.
package tomldecode

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"xihuguide/generator/diag"
)

// Decode parses src (the text of file, whose first line is line base+1 of the
// file on disk) into v. Keys in src that v has no field for are errors,
// except below the free-form keys (such as "cases.expect"), whose values are
// decoded into maps and checked by whoever reads them.
func Decode(file string, src []byte, base int, v any, freeForm ...string) (toml.MetaData, error) {
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(v)
	if err != nil {
		return md, fromTOMLError(file, src, base, err)
	}
	detach(reflect.ValueOf(v))
	var errs diag.List
	topLevel := fieldNames(v)
	for _, key := range md.Undecoded() {
		if under(key, freeForm) {
			continue
		}
		line := KeyLine(src, key)
		e := &diag.Error{Position: diag.Position{File: file}, Msg: fmt.Sprintf("unknown key %q", key.String()),
			Hint: "check the spelling; the keys this file may hold are listed in README.md"}
		part, names := unknownPart(v, key)
		if name, ok := misplaced(key, part, topLevel); ok {
			// A key that belongs at the top, written below a [table] header,
			// is read as part of that table.
			header := "[" + key[0] + "]"
			if bytes.Contains(src, []byte("[["+key[0]+"]]")) {
				header = "[[" + key[0] + "]]"
			}
			e.Msg = fmt.Sprintf("%s is read as part of %s, because it comes after that table's header", name, header)
			e.Hint = fmt.Sprintf("move the line %s = … above the first line that starts with [: keys after a table's header belong to that table", name)
		} else if part != "" {
			if best, ok := diag.Closest(part, names); ok {
				e.Hint = fmt.Sprintf("did you mean %s? check the spelling; the keys this file may hold are listed in README.md", best)
			}
		}
		if line > 0 {
			e.Line = line + base
			e.Text = diag.LineText(src, line)
			e.Col = strings.Index(e.Text, strings.TrimSpace(e.Text)) + 1
		}
		errs = append(errs, e)
	}
	return md, errs.Err()
}

// fullWidthSlip explains a syntax error caused by punctuation typed with a
// Chinese input method: a full-width equals sign, colon or quote where TOML
// needs the ASCII one. It looks only outside double-quoted strings on the line
// the parser stopped at.
func fullWidthSlip(file string, src []byte, base, line int) *diag.Error {
	text := diag.LineText(src, line)
	inString := false
	col := 0
	for _, r := range text {
		col++
		if r == '"' {
			inString = !inString
			continue
		}
		if inString {
			continue
		}
		want := map[rune]string{'＝': "=", '：': "=", '“': "\"", '”': "\"", '［': "[", '］': "]", '，': ","}[r]
		if want != "" {
			return &diag.Error{Position: diag.Position{File: file, Line: line + base, Col: col}, Text: text,
				Msg:  fmt.Sprintf("full-width %q where TOML needs %q", string(r), want),
				Hint: "switch the input method to half-width (English) punctuation for TOML syntax; full-width marks are fine inside quoted text"}
		}
	}
	return nil
}

func fromTOMLError(file string, src []byte, base int, err error) error {
	var perr toml.ParseError
	if errors.As(err, &perr) {
		if slip := fullWidthSlip(file, src, base, perr.Position.Line); slip != nil {
			return slip
		}
		e := diag.At(file, src, perr.Position.Start, base, "TOML syntax: "+perr.Message, tomlHint(perr))
		if perr.Position.Line > 0 && perr.Position.Start == 0 && perr.Position.Line > 1 {
			e.Line = perr.Position.Line + base
			e.Text = diag.LineText(src, perr.Position.Line)
			e.Col = diag.ByteColToChar(src, perr.Position.Line, perr.Position.Col)
		}
		return e
	}
	// Type mismatches ("toml: line 3 (last key "x"): incompatible types ...").
	msg := err.Error()
	line := 0
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
	}
	e := &diag.Error{Position: diag.Position{File: file}, Msg: strings.TrimPrefix(msg, "toml: "),
		Hint: "the value has the wrong type for this key: quote text, leave numbers and dates bare"}
	if line > 0 {
		e.Line = line + base
		e.Text = diag.LineText(src, line)
		e.Col = 1
	}
	return e
}

// under says whether key lies below one of the dotted prefixes. It
// compares the key's parts, as a free-form table has many keys below it:
// writing each key out took most of the decoding of a file of rule cases.
func under(key toml.Key, prefixes []string) bool {
next:
	for _, p := range prefixes {
		for i := 0; ; i++ {
			part, rest, more := strings.Cut(p, ".")
			if i >= len(key)-1 || key[i] != part {
				continue next
			}
			if !more {
				return true
			}
			p = rest
		}
	}
	return false
}

var lineRE = regexp.MustCompile(`line (\d+)`)

func tomlHint(perr toml.ParseError) string {
	if perr.Usage != "" {
		first, _, _ := strings.Cut(strings.TrimSpace(perr.Usage), "\n")
		return first
	}
	switch {
	case strings.Contains(perr.Message, "expected value"), strings.Contains(perr.Message, "bare keys"):
		return "text values need double quotes: key = \"value\""
	case strings.Contains(perr.Message, "unexpected EOF"), strings.Contains(perr.Message, "unclosed"):
		return "a string, array or table is not closed"
	}
	return "see https://toml.io for the syntax"
}

// KeyLine finds the 1-based line on which key is set, or 0: the line whose
// table header and key (dotted or not, quoted or not) spell the whole key,
// else the line that sets the longest part of it (an inline table).
func KeyLine(src []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	want := strings.Join(key, ".")
	table := ""
	best, bestLen := 0, 0
	for i, raw := range strings.Split(string(src), "\n") {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "#") {
			continue
		}
		if strings.HasPrefix(l, "[") {
			table = normalKey(strings.Trim(l, "[] "))
			if table == want {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		full := normalKey(k)
		if table != "" {
			full = table + "." + full
		}
		switch {
		case full == want:
			return i + 1
		case strings.HasPrefix(want, full+".") && len(full) > bestLen:
			best, bestLen = i+1, len(full)
		}
	}
	return best
}

// normalKey writes a TOML key as toml.Key.String does: parts joined by
// dots, quotes and spaces around the dots dropped.
func normalKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// misplaced says whether the part of an unknown key that its table lacks
// (repealed_on in groups.repealed_on) is a top-level key: one written
// below a table's header, that belongs above it.
func misplaced(key toml.Key, part string, topLevel []string) (string, bool) {
	if len(key) > 1 && part != "" && part != key[0] && slices.Contains(topLevel, part) {
		return part, true
	}
	return "", false
}

// fieldNames lists the top-level keys of v, a pointer to a struct with toml
// tags.
func fieldNames(v any) []string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	return tagNames(t)
}

func tagNames(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				out = append(out, tagNames(ft)...)
			}
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// unknownPart finds the first part of key that v has no field for (explian
// in item.steps.explian.zh) and the names it could have meant there.
func unknownPart(v any, key toml.Key) (string, []string) {
	t := reflect.TypeOf(v)
	for _, part := range key {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return "", nil // below a map: free-form
		}
		names := tagNames(t)
		found := false
		for i := 0; i < t.NumField(); i++ {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); name == part {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return part, names
		}
	}
	return "", nil
}
