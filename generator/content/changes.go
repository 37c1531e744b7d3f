package content

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"

	"xihuguide/generator/diag"
	"xihuguide/generator/tomldecode"
)

// ChangesFile holds the public notes on what changed, which editors write:
// the site's list of changes and its feeds show these, not commits.
const ChangesFile = "content/changes.toml"

// Change is one public note: when, what changed in each language, and the
// pages it concerns (written from the site's root without the language,
// as links are: /policies/SLUG/measures/NN-name/).
type Change struct {
	Date  time.Time `toml:"date"`
	Text  Localized `toml:"text"`
	Pages []string  `toml:"pages"`
	Line  int       `toml:"-"` // of its [[changes]] in ChangesFile
}

// changes reads ChangesFile, when there is one, newest note first.
func (l *loader) changes() {
	if !l.exists(ChangesFile) {
		return
	}
	src := l.read(ChangesFile)
	if src == nil {
		return
	}
	var raw struct {
		Changes []*Change `toml:"changes"`
	}
	if err := tomldecode.Decode(ChangesFile, src, 0, &raw); err != nil {
		l.errs.Add(err)
		return
	}
	// Each note's line is that of its [[changes]] header, in order.
	var headers []int
	for i, line := range bytes.Split(src, []byte("\n")) {
		if strings.TrimSpace(string(line)) == "[[changes]]" {
			headers = append(headers, i+1)
		}
	}
	for i, c := range raw.Changes {
		if i < len(headers) {
			c.Line = headers[i]
		}
		at := func(msg, hint string) {
			l.errs.Add(&diag.Error{Position: diag.Position{File: ChangesFile, Line: c.Line, Col: 1}, Text: "[[changes]]", Msg: msg, Hint: hint})
		}
		if c.Date.IsZero() {
			at("this note has no date", "add date = 2026-06-01, the day the change takes effect on the site")
		}
		for _, lang := range l.site.Languages() {
			if strings.TrimSpace(c.Text[lang.Code]) == "" {
				at(fmt.Sprintf("this note has no %s text", lang.Name), fmt.Sprintf("add text.%s = \"…\": every note is published in every language", lang.Code))
			}
		}
		for _, p := range c.Pages {
			if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") {
				at(fmt.Sprintf("page %q is not written from the site's root", p), "write pages as links are written, such as /policies/SLUG/measures/03-name/")
			}
		}
	}
	sort.SliceStable(raw.Changes, func(i, j int) bool { return raw.Changes[i].Date.After(raw.Changes[j].Date) })
	l.site.Changes = raw.Changes
}
