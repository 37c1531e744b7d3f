// Package chart pictures a measure's award against one amount, as its
// [chart] asks: the Go evaluator computes the award along the axis from the
// measure's own rules (thresholds, percentages, caps, the band a review
// decides), and the picture is inline SVG with no script and no style
// attribute, so that it passes the site's Content-Security-Policy and
// prints. A table of exact figures goes with it as its text.
package chart

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/shopspring/decimal"

	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"
)

// Words are what the picture says, in the page's language.
type Words struct {
	Lang   string
	Award  string                         // the vertical axis: "资助或奖励（元）"
	Amount func(d string) string          // an exact amount, as the page writes one
	Tick   func(d decimal.Decimal) string // a round amount on an axis: 20万, 200,000
}

// Picture is a drawn chart and the figures it is drawn from.
type Picture struct {
	SVG   template.HTML
	Label string // the horizontal axis: the question x answers
	Rows  []Row  // exact figures at round amounts, the picture's text
}

// Row is the award at one amount.
type Row struct{ X, Award string }

const (
	samples       = 240
	width, height = 640, 300
	left, right   = 72, 16
	top, bottom   = 16, 44
)

// Awards are the figures a chart is drawn from: the award along the axis
// (or for each option of a choice) and at the round amounts the table
// gives. They do not depend on the language, so the pages of every
// language draw from one computation.
type Awards struct {
	m        *rules.Measure
	choice   bool // one bar per option
	count    bool // whole numbers along the axis
	xs       []decimal.Decimal
	los, his []decimal.Decimal
	rows     []point // at the round amounts
}

type point struct{ x, lo, hi decimal.Decimal }

// Compute computes the measure's award from 0 to its chart's end with the
// Go evaluator. It returns nil when the measure asks for no chart.
func Compute(s *rules.Suite, m *rules.Measure) (*Awards, error) {
	c := m.Chart
	if c == nil {
		return nil, nil
	}
	award := func(x any) (lo, hi decimal.Decimal, err error) {
		answers, item := map[string]any{}, map[string]any{}
		for k, v := range c.Given {
			if onItem(m, k) {
				item[k] = v
			} else {
				answers[k] = v
			}
		}
		if d, ok := x.(decimal.Decimal); ok {
			x = d.StringFixed(2) // an amount as a profile writes it
		}
		if c.OnItem {
			item[c.X] = x
		} else {
			answers[c.X] = x
		}
		entry := map[string]any{"answers": answers}
		if m.Item != nil {
			entry["items"] = []any{item}
		}
		// The answers under which every gate passes, as the cases start from.
		gates := map[string]any{}
		for k, v := range s.CaseDefaults {
			gates[k] = v
		}
		prof, err := eval.Decode(s.Program, map[string]any{"policy": s.Program.Policy, "answers": gates, "measures": map[string]any{m.ID: entry}})
		if err != nil {
			return lo, hi, err
		}
		r, err := eval.Evaluate(s.Program, prof)
		if err != nil {
			return lo, hi, err
		}
		for _, mr := range r.Measures {
			if mr.ID == m.ID {
				return decimal.RequireFromString(mr.Low), decimal.RequireFromString(mr.High), nil
			}
		}
		return lo, hi, fmt.Errorf("measure %s not in the result", m.ID)
	}
	a := &Awards{m: m}
	if c.Input != nil && c.Input.Type == "choice" {
		a.choice = true
		for _, o := range c.Input.Options {
			lo, hi, err := award(o.ID)
			if err != nil {
				return nil, fmt.Errorf("chart of measure %d: %w", m.Number, err)
			}
			a.los, a.his = append(a.los, lo), append(a.his, hi)
		}
		return a, nil
	}
	a.count = c.Input != nil && c.Input.Type == "count"
	n := samples
	if a.count {
		n = int(c.To.IntPart()) // one point per whole number
	}
	at := func(x decimal.Decimal) any {
		if a.count {
			return x.IntPart()
		}
		return x
	}
	a.xs = make([]decimal.Decimal, n+1)
	a.los, a.his = make([]decimal.Decimal, n+1), make([]decimal.Decimal, n+1)
	for i := range a.xs {
		a.xs[i] = c.To.Mul(decimal.NewFromInt(int64(i))).Div(decimal.NewFromInt(int64(n))).Round(2)
		var err error
		if a.los[i], a.his[i], err = award(at(a.xs[i])); err != nil {
			return nil, fmt.Errorf("chart of measure %d: %w", m.Number, err)
		}
	}
	// The figures at five round amounts, exact to the fen.
	for _, t := range niceTicks(c.To) {
		if t.GreaterThan(c.To) {
			break
		}
		lo, hi, err := award(at(t))
		if err != nil {
			return nil, err
		}
		a.rows = append(a.rows, point{t, lo, hi})
	}
	return a, nil
}

// Draw draws the awards in the words of a language.
func (a *Awards) Draw(w Words) *Picture {
	if a.choice {
		return a.drawChoices(w)
	}
	c, xs, los, his, count := a.m.Chart, a.xs, a.los, a.his, a.count
	yTicks, yMax := scale(his)
	px := func(x decimal.Decimal) float64 {
		return left + float64(width-left-right)*x.Div(c.To).InexactFloat64()
	}
	py := func(y decimal.Decimal) float64 {
		return float64(height-bottom) - float64(height-top-bottom)*y.Div(yMax).InexactFloat64()
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-hidden="true" focusable="false">`, width, height)
	// Grid and ticks: coordinates only, which are no one's words.
	for _, t := range yTicks {
		y := py(t)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, width-right, y)
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+4, template.HTMLEscapeString(w.Tick(t)))
	}
	for _, t := range niceTicks(c.To) {
		if t.GreaterThan(c.To) {
			break
		}
		xTick(&b, px(t), height, w.Tick(t))
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, height-bottom, width-right, height-bottom)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top, left, height-bottom)
	band := false
	for i := range xs {
		band = band || !los[i].Equal(his[i])
	}
	line := func(ys []decimal.Decimal) string {
		pts := make([]string, 0, 2*len(xs))
		for i := range xs {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(xs[i]), py(ys[i])))
			if count && i+1 < len(xs) {
				// A count moves in whole steps: the figure holds until the next.
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", px(xs[i+1]), py(ys[i])))
			}
		}
		return strings.Join(pts, " ")
	}
	if band {
		// The band a review decides: between the lowest and the highest.
		back := make([]string, 0, len(xs))
		for i := len(xs) - 1; i >= 0; i-- {
			back = append(back, fmt.Sprintf("%.1f,%.1f", px(xs[i]), py(los[i])))
		}
		fmt.Fprintf(&b, `<polygon class="band" points="%s %s"/>`, line(his), strings.Join(back, " "))
		fmt.Fprintf(&b, `<polyline class="award low" points="%s"/>`, line(los))
	}
	fmt.Fprintf(&b, `<polyline class="award" points="%s"/>`, line(his))
	b.WriteString(`</svg>`)
	p := &Picture{SVG: template.HTML(b.String()), Label: c.Label[w.Lang]}
	for _, r := range a.rows {
		x := w.Amount(r.x.StringFixed(2))
		if count {
			x = r.x.String()
		}
		p.Rows = append(p.Rows, Row{X: x, Award: figure(w, r.lo, r.hi)})
	}
	return p
}

func figure(w Words, lo, hi decimal.Decimal) string {
	a := w.Amount(hi.StringFixed(2))
	if !lo.Equal(hi) {
		a = w.Amount(lo.StringFixed(2)) + " – " + a
	}
	return a
}

// drawChoices pictures the award for each option of a choice as a bar,
// the band a review decides drawn lighter from its low to its high.
func (a *Awards) drawChoices(w Words) *Picture {
	m, los, his := a.m, a.los, a.his
	opts := m.Chart.Input.Options
	ticks, xMax := scale(his)
	// Each option's words stand above its bar, so that long ones fit.
	const from, row, pad = 8, 52, 48
	h := top + row*len(opts) + bottom
	px := func(x decimal.Decimal) float64 {
		return from + float64(width-from-pad)*x.Div(xMax).InexactFloat64()
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-hidden="true" focusable="false">`, width, h)
	for _, t := range ticks {
		xTick(&b, px(t), h, w.Tick(t))
	}
	p := &Picture{Label: m.Chart.Label[w.Lang]}
	for i, o := range opts {
		y := top + row*i
		fmt.Fprintf(&b, `<text class="tick label" x="%d" y="%d">%s</text>`, from, y+16, template.HTMLEscapeString(o.Label[w.Lang]))
		if !los[i].Equal(his[i]) {
			fmt.Fprintf(&b, `<rect class="bar band" x="%d" y="%d" width="%.1f" height="%d"/>`, from, y+24, px(his[i])-from, 20)
		}
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%.1f" height="%d"/>`, from, y+24, px(los[i])-from, 20)
		p.Rows = append(p.Rows, Row{X: o.Label[w.Lang], Award: figure(w, los[i], his[i])})
	}
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, from, top, from, h-bottom)
	b.WriteString(`</svg>`)
	p.SVG = template.HTML(b.String())
	return p
}

// xTick draws a grid line across a chart of height h at x, and its label
// below the plot.
func xTick(b *strings.Builder, x float64, h int, label string) {
	fmt.Fprintf(b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, top, x, h-bottom)
	fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, h-bottom+16, template.HTMLEscapeString(label))
}

func onItem(m *rules.Measure, id string) bool {
	if m.Item == nil {
		return false
	}
	for _, in := range m.Item.Inputs {
		if in.ID == id {
			return true
		}
	}
	return false
}

// scale gives the ticks of the award axis, up to the highest award, and
// the axis's end (never zero, as the picture divides by it).
func scale(awards []decimal.Decimal) (ticks []decimal.Decimal, end decimal.Decimal) {
	peak := decimal.Zero
	for _, a := range awards {
		peak = decimal.Max(peak, a)
	}
	ticks = niceTicks(peak)
	if end = ticks[len(ticks)-1]; end.IsZero() {
		end = decimal.NewFromInt(1)
	}
	return ticks, end
}

// niceTicks divides 0 to max into at most six round steps (1, 2 or 5
// times a power of ten), ending at or above max.
func niceTicks(max decimal.Decimal) []decimal.Decimal {
	if !max.IsPositive() {
		return []decimal.Decimal{decimal.Zero}
	}
	step := decimal.NewFromInt(1)
search:
	for exp := int32(-2); exp < 20; exp++ {
		for _, m := range []int64{1, 2, 5} {
			step = decimal.New(m, exp)
			if max.Div(step).LessThanOrEqual(decimal.NewFromInt(6)) {
				break search
			}
		}
	}
	var out []decimal.Decimal
	for t := decimal.Zero; ; t = t.Add(step) {
		out = append(out, t)
		if !t.LessThan(max) {
			return out
		}
	}
}
