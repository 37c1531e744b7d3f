package site

import (
	"html/template"
	"time"
	"xihuguide/generator/chart"

	"xihuguide/generator/assets"
	"xihuguide/generator/content"
	"xihuguide/generator/urls"
)

// PageData is what every template receives as its dot.
type PageData struct {
	Site             *SiteView
	Lang             content.Language
	IsDefaultLang    bool
	Kind             string // policy, text, measure, provisions, page, 404
	Path             string // the URL path of this page, with its language prefix
	Title            string
	Description      string
	Canonical        string
	Alternates       []Alternate // this page in every language, the site's order
	OtherLanguages   []Alternate // the same without this page's language
	DefaultAlternate *Alternate  // this page in the default language, when that is not this page
	XDefault         string
	Assets           *assets.Bundle
	Status           string // the policy's status class, or "none"
	Policy           *PolicyView
	OtherPolicies    []*PolicyView
	Measure          *MeasureView
	Body             template.HTML
	Rules            *RulesView
	RulesVersion     string      // on the self-check page
	RulesURL         string      // on the self-check page: where its rules are
	CheckStrings     template.JS // the self-check's interface strings, as JSON
	LastChanged      string      // YYYY-MM-DD of the last commit to the page's sources
	Amended          *ChangeView // the newest editors' note on this page
	Feed             string      // the language's Atom feed of changes
	Changes          []*ChangeView
	Portal           *PortalView
	SearchIndex      string // on the search page: the folder of the language's index
	// T is the language's UI strings: {{$.T.key}} reads one with no function
	// call, and a key that does not exist stops the build.
	T map[string]string

	fragments *fragments // shared by every page of a build
}

// ChangeView is one change to the content, for the "what changed" page.
type ChangeView struct {
	ID      string // an anchor: change-DAY-N
	Day     string // YYYY-MM-DD
	DayText string // as the language writes it: 2026年6月1日
	Text    string
	Pages   []ChangedPage
	Date    time.Time
}

// ChangedPage is a page a note concerns.
type ChangedPage struct {
	Title, URL string
	Path       string // from the site's root, without the language
}

// SiteView holds what is the same on every page.
type SiteView struct {
	CSP string
}

// Alternate is a page's version in one language.
type Alternate struct {
	Lang    content.Language
	Path    string
	AbsURL  string
	Current bool // the page itself
}

// PolicyView is a policy rendered for one language.
type PolicyView struct {
	Slug       string
	Meta       *content.PolicyMeta
	Title      string
	ShortTitle string
	Status     content.Status
	StatusKey  string // status_… key suffix: in_force, pending, expired
	RepealedBy string // what repealed it, in this language, when it says
	AsOf       time.Time
	Notice     template.HTML
	Preamble   template.HTML
	Apply      template.HTML // how to apply; empty when the policy does not say
	Scope      template.HTML
	Groups     []*GroupView
	Measures   []*MeasureView
	Provisions []*ProvisionView
	HasRules   bool
	// Links are the policy's pages, and Headings its section titles, in
	// this language: fields rather than calls, because each call in a
	// template costs a reflective call on every page.
	Links    PolicyLinks
	Headings struct{ Scope, Measures, Provisions string }
	prefix   string
}

// PolicyLinks are the paths of a policy's pages in one language.
type PolicyLinks struct {
	Overview, Text, Provisions, Check, Rules string
	RulesJSON                                string // the current compiled rules, to download
}

// URL returns the path of one of the policy's pages: "" for the overview,
// "text", "provisions".
func (p *PolicyView) URL(page string) string {
	u := p.prefix + urls.Policy(p.Slug, "")
	if page != "" {
		u += page + "/"
	}
	return u
}

// GroupView is a group of measures.
type GroupView struct {
	Number   int
	Title    string
	Measures []*MeasureView
}

// MeasureView is a measure rendered for one language.
type MeasureView struct {
	Number     int
	Label      string // "第3条", "Measure 3": the measure_number UI string
	Slug       string
	Group      string
	Title      string
	Summary    string
	Qualifies  []string
	Amounts    []content.Amount
	Reading    template.HTML
	Chart      *chart.Picture // the award against one amount, when the rules ask for it
	Body       template.HTML
	URL        string
	Prev, Next *MeasureView
}

// ProvisionView is a general provision rendered for one language.
type ProvisionView struct {
	Number int
	Title  string
	Body   template.HTML
}
