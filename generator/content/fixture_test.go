package content_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/sitetest"
)

// The minimal fixture loads with every part in its place: languages,
// measures in number order with their pages, provisions, groups, the
// binding text line by line and the dates in force.
func TestLoadFixture(t *testing.T) {
	s, err := content.Load(sitetest.Write(t, sitetest.Minimal(), "../.."))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Languages()) != 2 || s.Config.DefaultLanguage != "zh" {
		t.Fatalf("languages %+v", s.Languages())
	}
	p := s.Policy("demo")
	if p == nil {
		t.Fatal("no demo policy")
	}
	if len(p.Measures) != 2 || len(p.Provisions) != 1 || len(p.Meta.Groups) != 1 {
		t.Fatalf("%d measures, %d provisions, %d groups", len(p.Measures), len(p.Provisions), len(p.Meta.Groups))
	}
	for i, m := range p.Measures {
		if m.Number != i+1 {
			t.Errorf("measure %d is numbered %d", i+1, m.Number)
		}
		for _, lang := range []string{"zh", "en"} {
			if m.Lang[lang] == nil || m.Lang[lang].Title == "" {
				t.Errorf("measure %d has no %s title", m.Number, lang)
			}
		}
		if zh := string(m.Lang["zh"].Body); !strings.HasPrefix(zh, fmt.Sprintf("%d、", m.Number)) {
			t.Errorf("measure %d's zh body starts %q", m.Number, zh)
		}
	}
	if len(p.Original) != 11 || p.Original[10].Line != 11 || p.Original[10].Text != "1、以预算为限。" {
		t.Errorf("the binding text: %+v", p.Original)
	}
	if got := p.Meta.InForceUntil.Format(time.DateOnly); got != "2025-12-31" {
		t.Errorf("in force until %s", got)
	}
}
