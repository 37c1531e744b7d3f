package site

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"sync"
	"xihuguide/generator/chart"
	"xihuguide/generator/report"
	"xihuguide/generator/rules"

	"github.com/shopspring/decimal"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
	"xihuguide/generator/markdown"
	"xihuguide/generator/urls"
)

type policyLinks struct {
	intro, provisions []markdown.Link
	apply             []markdown.Link // shown on the overview, each measure page and the self-check
	measures          map[int][]markdown.Link
	bodies            []markdown.Link // measure bodies only, as the full text shows them
}

func (l *policyLinks) all() []markdown.Link {
	out := append([]markdown.Link{}, l.intro...)
	out = append(out, l.bodies...)
	return append(out, l.provisions...)
}

// render renders doc for a place whose own headings start at h<top>. A
// build that runs once lets go of the source: the Markdown of a large site
// would otherwise stay in memory, beside its HTML, to the end.
func (b *builder) render(md *markdown.Renderer, doc *content.Doc, top int, into *[]markdown.Link, errs *diag.List) template.HTML {
	if doc == nil {
		return ""
	}
	r, err := md.RenderText(doc.File, doc.Body, doc.BodyLine, top)
	if err != nil {
		errs.Add(err)
		return ""
	}
	*into = append(*into, r.Links...)
	if b.opts.Once {
		doc.Body = nil
	}
	return r.HTML
}

func (b *builder) policyView(p *content.Policy, lang content.Language, md *markdown.Renderer, errs *diag.List) (*PolicyView, *policyLinks) {
	code := lang.Code
	status := p.StatusOn(b.opts.AsOf)
	v := &PolicyView{Slug: p.Slug, Meta: &p.Meta, Title: p.Meta.Title[code], ShortTitle: p.Meta.ShortTitle[code],
		Status: status, StatusKey: statusKey(status), RepealedBy: p.Meta.RepealedBy[code], AsOf: b.opts.AsOf, prefix: b.prefix(lang),
		HasRules: b.opts.Rules[p.Slug] != nil}
	v.Links = PolicyLinks{Overview: v.URL(""), Text: v.URL("text"), Provisions: v.URL("provisions"), Check: v.URL("check"), Rules: v.URL("rules"),
		RulesJSON: b.urls.Root(urls.Rules(p.Slug, ""))}
	v.Headings.Scope, v.Headings.Measures, v.Headings.Provisions = p.Meta.Headings.Scope[code], p.Meta.Headings.Measures[code], p.Meta.Headings.Provisions[code]
	numberFormat, ok := b.site.Strings[code]["measure_number"]
	if !ok {
		errs.Add(&diag.Error{Position: diag.Position{File: "content/i18n/" + code + ".toml"}, Msg: `missing UI string "measure_number"`,
			Hint: `add measure_number = "…%d…", the label of a measure by its number`})
	}
	l := &policyLinks{measures: map[int][]markdown.Link{}}
	v.Notice = b.render(md, p.Notice[code], 2, &l.intro, errs)
	v.Preamble = b.render(md, p.Preamble[code], 2, &l.intro, errs)
	v.Scope = b.render(md, p.Scope[code], 3, &l.intro, errs)
	v.Apply = b.render(md, p.Apply[code], 3, &l.apply, errs)
	byNumber := map[int]*MeasureView{}
	for _, m := range p.Measures {
		t := m.Lang[code]
		if t == nil {
			continue
		}
		mv := &MeasureView{Number: m.Number, Label: fmt.Sprintf(numberFormat, m.Number), Slug: m.Slug, Title: t.Title,
			Summary: t.Summary, Qualifies: t.Qualifies, Amounts: t.Amounts, URL: v.URL("measures/" + m.Slug)}
		mv.Chart = b.chart(p, m, lang, errs)
		var bodyLinks, readingLinks []markdown.Link
		mv.Body = b.render(md, &t.Doc, 4, &bodyLinks, errs)
		if t.Reading != "" {
			mv.Reading = b.render(md, &content.Doc{File: t.File, Body: []byte(t.Reading), BodyLine: t.ReadingLine}, 3, &readingLinks, errs)
		}
		l.bodies = append(l.bodies, bodyLinks...)
		l.measures[m.Number] = append(bodyLinks, readingLinks...)
		if g := p.GroupOf(m.Number); g >= 0 {
			mv.Group = p.Meta.Groups[g].Title[code]
		}
		if n := len(v.Measures); n > 0 {
			mv.Prev, v.Measures[n-1].Next = v.Measures[n-1], mv
		}
		v.Measures = append(v.Measures, mv)
		byNumber[m.Number] = mv
	}
	for i, g := range p.Meta.Groups {
		gv := &GroupView{Number: i + 1, Title: g.Title[code]}
		for _, n := range g.Measures {
			if mv := byNumber[n]; mv != nil {
				gv.Measures = append(gv.Measures, mv)
			}
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, pr := range p.Provisions {
		t := pr.Lang[code]
		if t == nil {
			continue
		}
		v.Provisions = append(v.Provisions, &ProvisionView{Number: pr.Number, Title: t.Title, Body: b.render(md, &t.Doc, 3, &l.provisions, errs)})
	}
	return v, l
}

// checkStrings picks the strings the self-check's script uses. json.Marshal
// escapes <, > and &, so the JSON cannot close the script element it sits in.
func checkStrings(all map[string]string) template.JS {
	picked := map[string]string{}
	for k, v := range all {
		for _, prefix := range []string{"check_", "err_", "result_", "money_", "measure_number", "support_"} {
			if strings.HasPrefix(k, prefix) {
				picked[k] = v
			}
		}
	}
	b, _ := json.Marshal(picked) // sorted keys: deterministic
	return template.JS(b)
}

// chart draws the picture a measure's rules ask for, in the page's
// language; nil when they ask for none.
func (b *builder) chart(p *content.Policy, m *content.Measure, lang content.Language, errs *diag.List) *chart.Picture {
	suite := b.opts.Rules[p.Slug]
	if suite == nil {
		return nil
	}
	rm := suite.Program.Measure(m.Slug)
	if rm == nil || rm.Chart == nil {
		return nil
	}
	str := b.site.Strings[lang.Code]
	// Amounts as the guide writes them: 50万元 in Chinese, CNY 500,000.00.
	money := func(d string) string {
		if v := decimal.RequireFromString(d); lang.Code == "zh" && v.GreaterThanOrEqual(decimal.NewFromInt(10000)) {
			return v.Div(decimal.NewFromInt(10000)).String() + "万元"
		}
		return fmt.Sprintf(str["money_single"], report.Money(d))
	}
	tick := func(d decimal.Decimal) string {
		if lang.Code == "zh" && d.GreaterThanOrEqual(decimal.NewFromInt(10000)) {
			return d.Div(decimal.NewFromInt(10000)).String() + "万"
		}
		return report.Money(d.String())
	}
	// The picture depends on the figures, the language and the one UI
	// string it uses, and on nothing else.
	picture, err := b.awards.drawn(suite, rm, lang.Code+"\x00"+str["money_single"], func(a *chart.Awards) *chart.Picture {
		return a.Draw(chart.Words{Lang: lang.Code, Amount: money, Tick: tick})
	})
	if err != nil {
		errs.Add(&diag.Error{Position: diag.Position{File: "content/policies/" + p.Slug + "/measures/" + m.Slug + "/rules.toml"},
			Msg: fmt.Sprintf("cannot draw the chart: %s", err), Hint: "give the chart's other answers under [chart] given, so that the measure can be computed along its axis"})
		return nil
	}
	return picture
}

// awardsMemo computes each chart's figures once for all the languages. A
// measure is drawn once per language, one language after the other, so no
// two goroutines compute the same one. In the preview's Memo it also keeps
// the last good build's figures, and each language's picture: a compiled
// measure is never changed, and the memo's hold on it keeps its address from
// being reused, so the same pointer means the same figures. A build that
// runs once draws each picture once, and keeps none.
type awardsMemo struct {
	mu   sync.Mutex
	last map[*rules.Measure]*computedAwards // the last good build's
	done map[*rules.Measure]*computedAwards // this build's
	// computed counts the charts whose figures this build computed.
	computed int
	// acrossBuilds is set by begin, for the preview's memo.
	acrossBuilds bool
}

type computedAwards struct {
	awards *chart.Awards
	err    error
	drawn  map[string]*chart.Picture // by the words it is drawn in
}

// drawn returns rm's chart as draw draws it in the words that key names,
// computing the figures and drawing them only when the memo lacks them.
func (m *awardsMemo) drawn(s *rules.Suite, rm *rules.Measure, key string, draw func(*chart.Awards) *chart.Picture) (*chart.Picture, error) {
	m.mu.Lock()
	c, ok := m.done[rm]
	if !ok {
		if c, ok = m.last[rm]; ok {
			m.keep(rm, c)
		}
	}
	m.mu.Unlock()
	if !ok {
		c = &computedAwards{drawn: map[string]*chart.Picture{}}
		c.awards, c.err = chart.Compute(s, rm)
		m.mu.Lock()
		m.keep(rm, c)
		m.computed++
		m.mu.Unlock()
	}
	if c.err != nil {
		return nil, c.err
	}
	if !m.acrossBuilds {
		return draw(c.awards), nil
	}
	m.mu.Lock()
	p, ok := c.drawn[key]
	m.mu.Unlock()
	if !ok {
		p = draw(c.awards)
		m.mu.Lock()
		c.drawn[key] = p
		m.mu.Unlock()
	}
	return p, nil
}

// keep records a measure's figures for this build; the caller holds mu.
func (m *awardsMemo) keep(rm *rules.Measure, c *computedAwards) {
	if m.done == nil {
		m.done = map[*rules.Measure]*computedAwards{}
	}
	m.done[rm] = c
}

// begin starts a build of the preview's: what it draws, and only that, is
// kept for the next.
func (m *awardsMemo) begin() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.done, m.computed, m.acrossBuilds = nil, 0, true
}

// commit keeps a good build's figures for the next build.
func (m *awardsMemo) commit() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.last, m.done = m.done, nil
}
