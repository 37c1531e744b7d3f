// Package content loads a site's sources from content/: the site settings,
// the interface strings of each language, the standalone pages and every
// policy with its parts, measures and general provisions. It checks what can
// be checked without rendering (every language present, dates in order,
// numbering unique) and reports each problem with its file and line.
package content

import (
	"strings"
	"time"
	"xihuguide/generator/diag"
	"xihuguide/generator/urls"
)

// Site is everything under content/.
type Site struct {
	Root    string // the folder holding content/, layouts/ and assets/
	files   *diag.Folder
	Config  Config
	Strings map[string]map[string]string // language → key → text
	// Synonyms are the search's groups of words that mean the same to
	// visitors, per language (content/i18n/search-synonyms.LANG.toml).
	Synonyms map[string][][]string
	Pages    []*Page // standalone pages such as about and 404
	Policies []*Policy
	Changes  []*Change // the public notes on what changed, newest first
	// Held lists what holds the site back from publishing although it
	// loads: placeholders left in, and Chinese text that departs from a
	// binding text. The site loads, so that `new measure` runs again while
	// an editor is midway and the preview shows the rest, but a build
	// refuses to publish it.
	Held      diag.List
	languages map[string]bool
}

// Config is content/site.toml.
type Config struct {
	BaseURL         string     `toml:"base_url"`
	DefaultLanguage string     `toml:"default_language"`
	HomePolicy      string     `toml:"home_policy"`
	Languages       []Language `toml:"languages"`
}

// Language is one of the site's languages. The default language lives at the
// site root; the others under /Code/.
type Language struct {
	Code  string `toml:"code"`  // short code used in file names: zh, en
	Tag   string `toml:"tag"`   // BCP 47 tag for lang and hreflang: zh-CN, en
	Name  string `toml:"name"`  // the language's own name, for the switcher
	Title string `toml:"title"` // the site title in this language
}

// Locale is the tag in the form Open Graph and WeChat read: zh_CN for zh-CN.
func (l Language) Locale() string { return strings.ReplaceAll(l.Tag, "-", "_") }

// Localized holds one text per language code.
type Localized map[string]string

// Doc is a Markdown file's body with where it came from, so that errors found
// while rendering can point into the file.
type Doc struct {
	File     string // relative to the site root
	Body     []byte
	BodyLine int // line of the file on which Body starts
}

// Page is a standalone page, one Markdown file per language.
type Page struct {
	Slug string // about, 404
	Lang map[string]*PageText
}

// PageText is a standalone page in one language.
type PageText struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	Doc
}

// Policy is one policy document: content/policies/SLUG/.
type Policy struct {
	Slug     string
	Dir      string // relative to the site root
	Meta     PolicyMeta
	Notice   map[string]*Doc // the covering notice, per language
	Preamble map[string]*Doc
	Scope    map[string]*Doc
	// Apply says how to apply (who receives applications, when rounds
	// open, what to prepare, contacts, the official notice), per
	// language; empty when the policy has no how-to-apply files.
	Apply      map[string]*Doc
	Measures   []*Measure
	Provisions []*Provision
	Original   []OriginalLine // the binding text, when the policy ships it
	// Departures are the places where the Chinese pages depart from the
	// binding text (also in Site.Held).
	Departures diag.List
}

// OriginalLine is one non-empty line of the binding text.
type OriginalLine struct {
	File string
	Line int
	Text string
}

// PolicyMeta is policy.toml.
type PolicyMeta struct {
	Title         Localized   `toml:"title"`
	ShortTitle    Localized   `toml:"short_title"`
	Summary       Localized   `toml:"summary"`
	Issuer        Localized   `toml:"issuer"`
	AddressedTo   Localized   `toml:"addressed_to"`
	InterpretedBy Localized   `toml:"interpreted_by"`
	Dated         time.Time   `toml:"dated"`
	Posted        time.Time   `toml:"posted"`
	InForceFrom   time.Time   `toml:"in_force_from"`
	InForceUntil  time.Time   `toml:"in_force_until"`
	Repeals       []Localized `toml:"repeals"`
	Implements    []Localized `toml:"implements"`
	Source        Localized   `toml:"source"`
	Original      string      `toml:"original"` // file holding the binding text, one clause a line
	RepealedOn    time.Time   `toml:"repealed_on"`
	RepealedBy    Localized   `toml:"repealed_by"`
	Headings      struct {
		Scope      Localized `toml:"scope"`
		Measures   Localized `toml:"measures"`
		Provisions Localized `toml:"provisions"`
	} `toml:"headings"`
	Groups []Group `toml:"groups"`
}

// Group is a heading that gathers measures, such as （一）强化关键要素供给.
type Group struct {
	Title    Localized `toml:"title"`
	Measures []int     `toml:"measures"`
}

// Measure is one numbered measure: a folder holding a page per language.
type Measure struct {
	Number int
	Slug   string // the folder name, used in URLs
	Dir    string
	Lang   map[string]*MeasureText
}

// MeasureText is a measure's page in one language. The body is the clause as
// the policy states it; the front matter explains it.
type MeasureText struct {
	Title     string   `toml:"title"`
	Summary   string   `toml:"summary"`   // the headline amount, for the at-a-glance list
	Qualifies []string `toml:"qualifies"` // who qualifies, in plain words
	Amounts   []Amount `toml:"amounts"`
	Reading   string   `toml:"reading"` // Markdown: how the clause is read as a rule
	Doc
	ReadingLine int // line of the file on which Reading starts
}

// Amount is a row of a measure's amounts table.
type Amount struct {
	Item  string `toml:"item"`
	Award string `toml:"award"`
	Cap   string `toml:"cap"`
}

// Provision is one of the general provisions (附则).
type Provision struct {
	Number int
	Lang   map[string]*ProvisionText
}

// ProvisionText is a provision in one language.
type ProvisionText struct {
	Title string `toml:"title"` // a short label of ours, not part of the text
	Doc
}

// Languages returns the site's languages, the default one first.
func (s *Site) Languages() []Language { return s.Config.Languages }

// Policy returns the policy with the given slug, or nil.
func (s *Site) Policy(slug string) *Policy {
	for _, p := range s.Policies {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// GroupOf returns the index of the group holding measure n, or -1.
func (p *Policy) GroupOf(n int) int {
	for i, g := range p.Meta.Groups {
		for _, m := range g.Measures {
			if m == n {
				return i
			}
		}
	}
	return -1
}

// Status says where a date lies relative to a policy's time in force.
type Status string

const (
	NotYetInForce Status = "pending"
	InForce       Status = "in-force"
	Expired       Status = "expired"
	Repealed      Status = "repealed"
)

// Statuses lists every status, in the order a portal shows them.
var Statuses = []Status{InForce, NotYetInForce, Expired, Repealed}

// StatusOn reports the policy's status on day (only its date counts). Both
// ends of the period are included.
func (p *Policy) StatusOn(day time.Time) Status {
	d := dateOnly(day)
	switch {
	case !p.Meta.RepealedOn.IsZero() && !d.Before(dateOnly(p.Meta.RepealedOn)):
		return Repealed
	case d.Before(dateOnly(p.Meta.InForceFrom)):
		return NotYetInForce
	case d.After(dateOnly(p.Meta.InForceUntil)):
		return Expired
	}
	return InForce
}

func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// URLs is the site's URL layout, from base_url and the default language.
func (s *Site) URLs() urls.Layout { return urls.New(s.Config.BaseURL, s.Config.DefaultLanguage) }

// Prefix is the path under which a language's pages are served: the site's
// base path ("" at a host's root) for the default language, and base/CODE
// for the others.
func (s *Site) Prefix(lang string) string { return s.URLs().Lang(lang) }

// FormatDate writes a day as a reader of the language expects it in prose:
// 2025年4月13日, 13 April 2025; other languages get 2025-04-13.
func FormatDate(lang string, t time.Time) string {
	switch lang {
	case "zh":
		return t.Format("2006年1月2日")
	case "en":
		return t.Format("2 January 2006")
	}
	return t.Format(time.DateOnly)
}

// ReadFile reads a file of the site's folder, rel a path from its root, as
// diag.Folder does; the content and the rules of one load share what it
// found out about the folders.
func (s *Site) ReadFile(rel string) ([]byte, error) {
	if s.files == nil {
		return (&diag.Folder{Root: s.Root}).ReadFile(rel)
	}
	return s.files.ReadFile(rel)
}
