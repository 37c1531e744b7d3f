package build

import (
	"regexp"
	"strings"
	"testing"

	"xihuguide/generator/sitetest"
)

// A measure whose rules ask for a chart shows, on its page in each
// language, the award against the amount drawn as inline SVG that the
// site's CSP allows (no script, no style attribute), and as its text the
// exact figures the rules give at round amounts.
func TestChartOfTheAward(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's alpha: 10% of the cost from 1,000, at most 100,000.
	for page, rows := range map[string][]string{
		"policies/demo/measures/01-alpha/index.html":    {"<td>0.00元</td><td>0.00元</td>", "<td>50万元</td><td>5万元</td>", "<td>100万元</td><td>10万元</td>", "<td>150万元</td><td>10万元</td>"},
		"en/policies/demo/measures/01-alpha/index.html": {"<td>CNY 500,000.00</td><td>CNY 50,000.00</td>", "<td>CNY 1,500,000.00</td><td>CNY 100,000.00</td>"},
	} {
		html := string(r.Output.Files[page])
		figure := regexp.MustCompile(`(?s)<figure class="chart-figure">.*?</figure>`).FindString(html)
		if figure == "" {
			t.Fatalf("%s has no chart", page)
		}
		svg := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindString(figure)
		if svg == "" || !strings.Contains(svg, `<polyline class="award"`) {
			t.Errorf("%s: the chart has no line of the award:\n%s", page, figure)
		}
		if strings.Contains(svg, "style=") || strings.Contains(svg, "<script") || strings.Contains(svg, "on") && regexp.MustCompile(`\son\w+=`).MatchString(svg) {
			t.Errorf("%s: the chart carries a style attribute, a script or a handler", page)
		}
		for _, row := range rows {
			if !strings.Contains(figure, row) {
				t.Errorf("%s: the chart's figures lack %s", page, row)
			}
		}
	}
	if strings.Contains(string(r.Output.Files["policies/demo/measures/02-beta/index.html"]), "chart-figure") {
		t.Error("a measure whose rules ask for no chart shows one")
	}
}

// A chart of a choice draws a bar for each option, and its figures name
// the options in the page's language.
func TestChartOfAChoice(t *testing.T) {
	root := sitetest.Write(t, sitetest.Rich(), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	for page, rows := range map[string][]string{
		"policies/demo/measures/03-gamma/index.html":    {"<td>国家级</td><td>5万元</td>", "<td>省级</td><td>3万元</td>"},
		"en/policies/demo/measures/03-gamma/index.html": {"<td>National</td><td>CNY 50,000.00</td>", "<td>Provincial</td><td>CNY 30,000.00</td>"},
	} {
		html := string(r.Output.Files[page])
		figure := regexp.MustCompile(`(?s)<figure class="chart-figure">.*?</figure>`).FindString(html)
		if n := strings.Count(figure, `<rect class="bar"`); n != 2 {
			t.Errorf("%s: %d bars, want one for each of the two options", page, n)
		}
		for _, row := range rows {
			if !strings.Contains(figure, row) {
				t.Errorf("%s: the chart's figures lack %s", page, row)
			}
		}
	}
}
