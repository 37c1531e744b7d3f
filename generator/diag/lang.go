package diag

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
)

// Every message and hint is written once, in English, where the problem is
// found; its Chinese stands in the catalogue (zh.go) under the same English
// format. Translate matches a finished message against the formats and
// writes the Chinese with the same arguments, which are translated in turn
// (a case's message holds the problems it lists), so that the code that
// finds a problem says it in one language only.

// Languages are the languages diagnostics are given in.
var Languages = []string{"en", "zh"}

// Locale picks the language of the person at the terminal: zh where
// LC_ALL, LC_MESSAGES or LANG names Chinese, else en.
func Locale() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			if strings.HasPrefix(strings.ToLower(s), "zh") {
				return "zh"
			}
			return "en"
		}
	}
	return "en"
}

// In returns the error in a language: a copy with its message and hint
// translated (en, or a language without a catalogue, gives it as it is).
func (e *Error) In(lang string) *Error {
	if lang != "zh" {
		return e
	}
	c := *e
	c.Msg, c.Hint = Translate(lang, e.Msg), Translate(lang, e.Hint)
	c.Notes = make([]Note, len(e.Notes))
	for i, n := range e.Notes {
		n.Msg = Translate(lang, n.Msg)
		c.Notes[i] = n
	}
	c.lang = lang
	return &c
}

// Translate returns s in lang, as far as the catalogue knows it.
func Translate(lang, s string) string {
	if lang != "zh" || s == "" {
		return s
	}
	if t, ok := translate(s); ok {
		return t
	}
	return s
}

// Translated reports whether the catalogue gives s in lang: for tests that
// hold every message to having its Chinese.
func Translated(lang, s string) bool {
	if lang != "zh" || s == "" {
		return true
	}
	_, ok := translate(s)
	return ok
}

type entry struct {
	re *regexp.Regexp
	zh string
	n  int // arguments
}

var (
	compileOnce sync.Once
	exact       map[string]string
	patterns    []entry
)

func compile() {
	exact = map[string]string{}
	for en, zh := range zhCatalogue {
		if !strings.Contains(en, "%") {
			exact[en] = zh
			continue
		}
		var re strings.Builder
		re.WriteString(`^`)
		n := 0
		for i := 0; i < len(en); i++ {
			if en[i] != '%' || i+1 == len(en) {
				re.WriteString(regexp.QuoteMeta(en[i : i+1]))
				continue
			}
			i++
			switch en[i] {
			case 'q':
				re.WriteString(`("(?:[^"\\]|\\.)*")`)
			case 'd':
				re.WriteString(`(-?[0-9]+)`)
			case '%':
				re.WriteString(`%`)
				continue
			default: // s, v
				re.WriteString(`(.+?)`)
			}
			n++
		}
		re.WriteString(`$`)
		patterns = append(patterns, entry{re: regexp.MustCompile(re.String()), zh: zh, n: n})
	}
	// The longest formats first: the most specific wins.
	for i := 1; i < len(patterns); i++ {
		for j := i; j > 0 && len(patterns[j].re.String()) > len(patterns[j-1].re.String()); j-- {
			patterns[j], patterns[j-1] = patterns[j-1], patterns[j]
		}
	}
}

func translate(s string) (string, bool) {
	compileOnce.Do(compile)
	if t, ok := exact[s]; ok {
		return t, true
	}
	// A list of problems, each in the catalogue: 03-x.low: expected …; …
	if parts := strings.Split(s, "; "); len(parts) > 1 {
		out := make([]string, len(parts))
		all := true
		for i, part := range parts {
			t, ok := translate(part)
			if !ok {
				all = false
				break
			}
			out[i] = t
		}
		if all {
			return strings.Join(out, "；"), true
		}
	}
	for _, p := range patterns {
		m := p.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, a := range m[1:] {
			args[i] = translateArg(a)
		}
		return fmt.Sprintf(p.zh, args...), true
	}
	// A problem about one field or key: NAME: message.
	if name, rest, ok := strings.Cut(s, ": "); ok && !strings.ContainsAny(name, " ") {
		if t, ok := translate(rest); ok {
			return name + "：" + t, true
		}
	}
	return "", false
}

// translateArg translates an argument that is itself a message, and leaves
// names, paths and figures as they are.
func translateArg(a string) string {
	if t, ok := translate(a); ok {
		return t
	}
	return a
}
