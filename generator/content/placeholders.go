package content

import (
	"bytes"
	"fmt"

	"xihuguide/generator/diag"
)

// The marks of a placeholder: what `new measure` and `new policy` write
// where an editor has text to write. They are distinctive on purpose, so
// that a placeholder left in is found wherever it stands and nothing an
// editor writes is taken for one.
const (
	placeholderZH = "（待填："
	placeholderEN = "(to fill: "
)

// Placeholder returns the placeholder for a text in a language: Chinese
// for zh, English otherwise.
func Placeholder(lang, zh, en string) string {
	if lang == "zh" {
		return placeholderZH + zh + "）"
	}
	return placeholderEN + en + ")"
}

// Placeholders reports each placeholder left in a file, at its line and
// column, naming it.
func Placeholders(rel string, src []byte) diag.List {
	var out diag.List
	for _, mark := range []struct{ open, close string }{{placeholderZH, "）"}, {placeholderEN, ")"}} {
		for at := 0; ; {
			i := bytes.Index(src[at:], []byte(mark.open))
			if i < 0 {
				break
			}
			start := at + i
			end := len(src)
			if j := bytes.Index(src[start:], []byte(mark.close)); j >= 0 {
				end = start + j + len(mark.close)
			}
			if nl := bytes.IndexByte(src[start:], '\n'); nl >= 0 && start+nl < end {
				end = start + nl
			}
			out = append(out, diag.At(rel, src, start, 0,
				fmt.Sprintf("placeholder %s is still here: the page is not ready to publish", src[start:end]),
				"write the real text in its place (new measure and new policy leave one wherever text is needed)"))
			at = end
		}
	}
	return out
}
