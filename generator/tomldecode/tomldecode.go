// Package tomldecode decodes TOML strictly: a syntax error or a key that the
// target does not know becomes a diag.Error with file, line and column, so an
// editor sees where the mistake is and how to fix it.
package tomldecode

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
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
	var errs diag.List
	for _, key := range md.Undecoded() {
		if under(key.String(), freeForm) {
			continue
		}
		line := KeyLine(src, key)
		e := &diag.Error{File: file, Msg: fmt.Sprintf("unknown key %q", key.String()),
			Hint: "check the spelling; the keys this file may hold are listed in README.md"}
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
			return &diag.Error{File: file, Line: line + base, Col: col, Text: text,
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
	e := &diag.Error{File: file, Msg: strings.TrimPrefix(msg, "toml: "),
		Hint: "the value has the wrong type for this key: quote text, leave numbers and dates bare"}
	if line > 0 {
		e.Line = line + base
		e.Text = diag.LineText(src, line)
		e.Col = 1
	}
	return e
}

func under(key string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(key, p+".") {
			return true
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

// KeyLine finds the 1-based line on which key is set, or 0. It looks for the
// key's last part at the start of a line, inside the table that holds it when
// the key is nested.
func KeyLine(src []byte, key toml.Key) int {
	if len(key) == 0 {
		return 0
	}
	last := key[len(key)-1]
	lines := strings.Split(string(src), "\n")
	table := ""
	if len(key) > 1 {
		table = strings.Join(key[:len(key)-1], ".")
	}
	inTable := table == ""
	fallback := 0
	for i, raw := range lines {
		l := strings.TrimSpace(raw)
		if strings.HasPrefix(l, "[") {
			name := strings.Trim(l, "[] ")
			inTable = name == table
			if inTable && len(key) > 1 && name == strings.Join(key, ".") {
				return i + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		k = strings.Trim(strings.TrimSpace(k), `"`)
		if k == last || k == strings.Join(key, ".") || strings.HasSuffix(k, "."+last) {
			if inTable {
				return i + 1
			}
			if fallback == 0 {
				fallback = i + 1
			}
		}
	}
	return fallback
}
