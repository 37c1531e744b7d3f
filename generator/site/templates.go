package site

import (
	"errors"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
)

// Kinds maps each page kind to its template under layouts/.
var Kinds = map[string]string{
	"policy":     "policy.html",
	"text":       "text.html",
	"measure":    "measure.html",
	"provisions": "provisions.html",
	"rules":      "rules.html",
	"check":      "check.html",
	"changes":    "changes.html",
	"portal":     "portal.html",
	"search":     "search.html",
	"page":       "page.html",
	"404":        "page.html",
}

// templates holds one parsed template per page kind for one language. Each
// language gets its own set so that t and url are bound to it.
type templates map[string]*template.Template

func loadTemplates(root string, s *content.Site, lang content.Language, prefix string) (templates, error) {
	strings_ := s.Strings[lang.Code]
	// fragmentSet executes what {{cached}} asks for: the frame and partials,
	// parsed once per language and never cloned again after the kinds are.
	var fragmentSet *template.Template
	funcs := template.FuncMap{
		"t": func(key string) (string, error) {
			v, ok := strings_[key]
			if !ok {
				return "", fmt.Errorf("missing UI string %q in content/i18n/%s.toml", key, lang.Code)
			}
			return v, nil
		},
		"tf": func(key string, args ...any) (string, error) {
			v, ok := strings_[key]
			if !ok {
				return "", fmt.Errorf("missing UI string %q in content/i18n/%s.toml", key, lang.Code)
			}
			return fmt.Sprintf(v, args...), nil
		},
		"url":  func(p string) string { return prefix + p },
		"root": s.URLs().Root, // a file that is the same in every language: an asset
		"cached": func(name string, data *PageData, key ...any) (template.HTML, error) {
			return data.fragments.get(fragmentSet, name, data, key)
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.DateOnly)
		},
		// day writes a date for prose in the page's language: 2026年6月1日.
		"day": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return content.FormatDate(lang.Code, t)
		},
	}
	dir := filepath.Join(root, "layouts")
	partials, err := filepath.Glob(filepath.Join(dir, "partials", "*.html"))
	if err != nil {
		return nil, err
	}
	sort.Strings(partials)
	files := append([]string{filepath.Join(dir, "base.html")}, partials...)
	common := template.New("base.html").Funcs(funcs).Option("missingkey=error")
	for _, f := range files {
		if err := parseFile(common, root, f); err != nil {
			return nil, err
		}
	}
	out := templates{}
	for _, kind := range sortedKinds() {
		t, err := common.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseFile(t, root, filepath.Join(dir, Kinds[kind])); err != nil {
			return nil, err
		}
		foldUIStrings(t, strings_)
		out[kind] = t
	}
	fragmentSet = common
	return out, nil
}

func sortedKinds() []string {
	kinds := make([]string, 0, len(Kinds))
	for k := range Kinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

// parseFile adds a template file to t. The file's own name is kept as the
// template name so that errors can be traced back to it.
func parseFile(t *template.Template, root, file string) error {
	rel, _ := filepath.Rel(root, file)
	rel = filepath.ToSlash(rel)
	src, err := os.ReadFile(file)
	if err != nil {
		return &diag.Error{Position: diag.Position{File: rel}, Msg: "cannot read template: " + err.Error(), Hint: "restore the file under layouts/"}
	}
	name := path.Base(rel)
	if strings.HasPrefix(rel, "layouts/partials/") {
		name = "partials/" + name
	}
	var target *template.Template
	if t.Name() == name {
		target = t
	} else {
		target = t.New(name)
	}
	if _, err := target.Parse(string(src)); err != nil {
		return templateError(err, root)
	}
	return nil
}

var templateErrRE = regexp.MustCompile(`template: ([^:]+):(\d+):(?:(\d+):)? ?(.*)`)

// templateError turns html/template's parse and execution errors, which name
// a template and a line, into a diag.Error naming the layout file.
func templateError(err error, root string) error {
	msg := err.Error()
	var fe interface{ Unwrap() error }
	if errors.As(err, &fe) && fe.Unwrap() != nil {
		// An error returned by a template function (t) is the most useful part.
		if inner := fe.Unwrap().Error(); strings.Contains(inner, "missing UI string") {
			msg = strings.Replace(msg, inner, "", 1) + inner
		}
	}
	// A failure inside a {{cached}} fragment is wrapped by the call that
	// asked for it: the innermost position is the one to fix.
	var m []string
	for at := strings.LastIndex(msg, "template: "); at >= 0; at = strings.LastIndex(msg[:at], "template: ") {
		if m = templateErrRE.FindStringSubmatch(msg[at:]); m != nil {
			break
		}
	}
	if m == nil {
		return &diag.Error{Position: diag.Position{File: "layouts"}, Msg: msg, Hint: "check the template syntax"}
	}
	file := "layouts/" + m[1]
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	e := &diag.Error{Position: diag.Position{File: file, Line: line, Col: col}, Msg: "template: " + m[4],
		Hint: "fix the template; {{.Name}} must name a field the page has, and every string must exist in content/i18n/"}
	if src, rerr := os.ReadFile(filepath.Join(root, filepath.FromSlash(file))); rerr == nil {
		e.Text = diag.LineText(src, line)
		if col > 0 {
			e.Col = diag.ByteColToChar(src, line, col)
		}
	}
	return e
}
