package content

import (
	"bytes"
	"regexp"

	"xihuguide/generator/diag"
	"xihuguide/generator/tomldecode"
)

const fence = "+++"

// keyLine is a TOML assignment at the start of a file: title = "…".
var keyLine = regexp.MustCompile(`\A[A-Za-z_][A-Za-z0-9_.-]*\s*=`)

// splitFrontMatter separates a Markdown file into its TOML front matter and
// body. bodyLine is the 1-based line of the file on which the body starts. A
// file without front matter is all body.
func splitFrontMatter(file string, src []byte) (front []byte, body []byte, bodyLine int, err error) {
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		return nil, nil, 0, &diag.Error{Position: diag.Position{File: file, Line: 1, Col: 1}, Msg: "the file starts with a byte order mark (BOM)",
			Hint: "save the file as UTF-8 without BOM (in most editors: Encoding → UTF-8)"}
	}
	if !bytes.HasPrefix(src, []byte(fence+"\n")) && !bytes.HasPrefix(src, []byte(fence+"\r\n")) {
		// A closing fence after TOML-looking lines: the opening one is
		// missing, and the front matter would be read as text.
		if i := bytes.Index(src, []byte("\n"+fence+"\n")); i >= 0 && keyLine.Match(src) {
			return nil, nil, 0, &diag.Error{Position: diag.Position{File: file, Line: 1, Col: 1}, Text: diag.LineText(src, 1),
				Msg:  "the front matter has no opening +++ line",
				Hint: "add a line holding only +++ above the first line, as the closing one below it"}
		}
		return nil, src, 1, nil
	}
	rest := src[len(fence)+1:]
	if src[len(fence)] == '\r' {
		rest = src[len(fence)+2:]
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, "\r")) == fence {
			bodyStart := off + len(l)
			if end >= 0 {
				bodyStart++
			}
			return rest[:off], rest[bodyStart:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, nil, 0, &diag.Error{Position: diag.Position{File: file, Line: 1, Col: 1}, Text: fence,
		Msg:  "front matter is not closed",
		Hint: "end the TOML front matter with a line holding only +++"}
}

// decodeFrontMatter decodes the front matter of a Markdown file strictly into v
// and returns the body and its first line.
func decodeFrontMatter(file string, src []byte, v any) (body []byte, bodyLine int, err error) {
	front, body, bodyLine, err := splitFrontMatter(file, src)
	if err != nil {
		return nil, 0, err
	}
	if front != nil {
		// The front matter starts on line 2 of the file.
		if err := tomldecode.Decode(file, front, 1, v); err != nil {
			return nil, 0, err
		}
	}
	return body, bodyLine, nil
}
