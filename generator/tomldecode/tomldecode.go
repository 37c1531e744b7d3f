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
	"time"

	"github.com/pelletier/go-toml/v2"

	"xihuguide/generator/diag"
)

// Decode parses src (the text of file, whose first line is line base+1 of the
// file on disk) into v. Keys in src that v has no field for are errors; the
// values of keys that v holds in maps (answers, expectations) are decoded as
// they are written, and checked by whoever reads them.
func Decode(file string, src []byte, base int, v any) error {
	dec := toml.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) {
		var errs diag.List
		for _, e := range missing.Errors {
			errs = append(errs, unknownKey(file, src, base, v, &e))
		}
		return errs.Err()
	}
	if err != nil {
		return fromTOMLError(file, src, base, v, err)
	}
	settle(reflect.ValueOf(v))
	return nil
}

// unknownKey explains a key that v has no field for.
func unknownKey(file string, src []byte, base int, v any, de *toml.DecodeError) *diag.Error {
	key := []string(de.Key())
	e := at(file, src, base, de, fmt.Sprintf("unknown key %q", strings.Join(key, ".")),
		"check the spelling; the keys this file may hold are listed in README.md")
	part, names := unknownPart(v, key)
	if name, ok := misplaced(key, part, fieldNames(v)); ok {
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
	return e
}

// at places a message where the decoder stopped: its line and column are
// in bytes, the editor's in characters.
func at(file string, src []byte, base int, de *toml.DecodeError, msg, hint string) *diag.Error {
	line, col := de.Position()
	e := &diag.Error{Position: diag.Position{File: file}, Msg: msg, Hint: hint}
	if line > 0 {
		e.Line = line + base
		e.Text = diag.LineText(src, line)
		e.Col = diag.ByteColToChar(src, line, col)
	}
	return e
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

func fromTOMLError(file string, src []byte, base int, v any, err error) error {
	var de *toml.DecodeError
	if !errors.As(err, &de) {
		return &diag.Error{Position: diag.Position{File: file}, Msg: strings.TrimPrefix(err.Error(), "toml: "),
			Hint: "see https://toml.io for the syntax"}
	}
	line, _ := de.Position()
	if slip := fullWidthSlip(file, src, base, line); slip != nil {
		return slip
	}
	msg, key := strings.TrimPrefix(de.Error(), "toml: "), []string(de.Key())
	if len(key) > 0 && wrongType.MatchString(msg) {
		// The syntax is right and the value is not what the key holds.
		return at(file, src, base, de, fmt.Sprintf("%s must be %s", strings.Join(key, "."), expected(v, key)),
			"the value has the wrong type for this key: quote text, leave numbers and dates bare")
	}
	if len(key) > 0 && strings.HasSuffix(msg, "is already defined") {
		e := at(file, src, base, de, fmt.Sprintf("%s is set twice", strings.Join(key, ".")), tomlHint(msg))
		if first := KeyLine(src, key); first > 0 && first+base != e.Line {
			text := diag.LineText(src, first)
			e.Notes = []diag.Note{{Position: diag.Position{File: file, Line: first + base, Col: strings.Index(text, strings.TrimSpace(text)) + 1},
				Text: text, Msg: "where it is set first"}}
		}
		return e
	}
	return at(file, src, base, de, "TOML syntax: "+msg, tomlHint(msg))
}

// wrongType matches the decoder's messages about a value that the key's
// field cannot hold.
var wrongType = regexp.MustCompile(`^cannot (decode|store)|cannot be stored in`)

// expected says, in an editor's words, what the field that key names in v
// holds.
func expected(v any, key []string) string {
	t, found := follow(v, key)
	if found < len(key) {
		return "a value of another type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == reflect.TypeFor[time.Time]():
		return "a date written YYYY-MM-DD, without quotes"
	case t.Kind() == reflect.String:
		return "text in double quotes"
	case t.Kind() == reflect.Bool:
		return "true or false"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return "a whole number"
	case t.Kind() == reflect.Map && t.Elem().Kind() == reflect.String:
		return "a text for each language, such as zh = \"…\""
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return "a list in [ ]"
	}
	return "a table"
}

// follow walks key through the type of v: a part names a struct's field by
// its tag or a map's key, and an array of tables stands for its element
// ([[steps]] id is steps.id). It returns how many parts it found and the
// type it reached: the whole key's, or the one that has no field for the
// next part.
func follow(v any, key []string) (reflect.Type, int) {
	t := reflect.TypeOf(v)
	for i, part := range key {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := fieldByTag(t, part)
			if !ok {
				return t, i
			}
			t = f.Type
		case reflect.Map:
			t = t.Elem()
		default:
			return t, i
		}
	}
	return t, len(key)
}

// fieldByTag finds the field of struct type t that holds TOML key name.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ","); tag == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// tomlHint says how to mend the syntax error the decoder names.
func tomlHint(msg string) string {
	switch {
	case strings.Contains(msg, "strings cannot have new lines"):
		return "close the quotes on the same line; text over several lines goes between \"\"\" and \"\"\""
	case strings.Contains(msg, "at start of value"), strings.Contains(msg, "strings must be quoted"), strings.Contains(msg, "expected value but got"):
		return "text values need double quotes: key = \"value\""
	case strings.Contains(msg, "incomplete"), strings.Contains(msg, "unterminated"), strings.Contains(msg, "end of input"):
		return "a string, array or table is not closed"
	case strings.Contains(msg, "already defined"):
		return "each key is set once in a file: remove one of the two, or rename it"
	case strings.Contains(msg, "already exists"):
		return "a [table] header stands once in a file: put its keys under the first one"
	}
	return "see https://toml.io for the syntax"
}

// KeyLine finds the 1-based line on which key is set, or 0: the line whose
// table header and key (dotted or not, quoted or not) spell the whole key,
// else the line that sets the longest part of it (an inline table).
func KeyLine(src []byte, key []string) int {
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
func misplaced(key []string, part string, topLevel []string) (string, bool) {
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
func unknownPart(v any, key []string) (string, []string) {
	t, found := follow(v, key)
	if found == len(key) || t.Kind() != reflect.Struct {
		return "", nil // below a map: free-form
	}
	return key[found], tagNames(t)
}
