package content_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/diag"
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

// The Chinese pages and the binding text are held to each other line for
// line, both ways; each departure is reported where the editor wrote it.
func TestBindingTextIsExact(t *testing.T) {
	m := sitetest.Minimal()
	const alpha = "content/policies/demo/measures/01-alpha/index.zh.md"
	const original = "content/policies/demo/original.zh.txt"
	withAlpha := func(body string) map[string]string {
		return map[string]string{alpha: strings.Replace(m[alpha], "1、阿尔法。给予10万元。\n", body, 1)}
	}
	tests := []struct {
		name    string
		changes map[string]string
		want    []string // position, then a part of the message, of each problem
	}{
		{"a sentence appended to a clause", withAlpha("1、阿尔法。给予10万元。另有奖励。\n"),
			[]string{alpha + ":16:14", "differs from the binding text after «…、阿尔法。给予10万元。»: the binding text has «(end of line)», this line has «另有奖励。»"}},
		{"a space inside a number", withAlpha("1、阿尔法。给予10 万元。\n"),
			[]string{alpha + ":16:11", "after «1、阿尔法。给予10»: the binding text has «万元。», this line has « 万元。»"}},
		{"an ideographic space inside a number", withAlpha("1、阿尔法。给予1\u30000万元。\n"),
			[]string{alpha + ":16:10", "this line has «\u30000万元。»"}},
		{"a word changed", withAlpha("1、阿尔法。可给予10万元。\n"),
			[]string{alpha + ":16:7", "the binding text has «给予10万元。», this line has «可给予10万元。»"}},
		{"a clause split in two", withAlpha("1、阿尔法。\n给予10万元。\n"),
			[]string{alpha + ":16:7", "this line has «(end of line)»", alpha + ":17:1", "this line is not in the binding text " + original}},
		{"a clause missing from the binding text", map[string]string{original: strings.Replace(m[original], "2、贝塔。给予20%的补助。\n", "", 1)},
			[]string{"content/policies/demo/measures/02-beta/index.zh.md:5:1", "this line is not in the binding text"}},
		{"a line of the binding text on no page", map[string]string{original: m[original] + "2、附则第二条。\n"},
			[]string{original + ":12:1", "this line of the binding text is on no Chinese page"}},
		{"a heading changed in policy.toml", map[string]string{"content/policies/demo/policy.toml": strings.Replace(m["content/policies/demo/policy.toml"], `zh = "一、对象"`, `zh = "一、支持对象"`, 1)},
			// Too little in common to tell which line was meant: both ends are named.
			[]string{original + ":4:1", "this line of the binding text is on no Chinese page",
				"content/policies/demo/policy.toml:21:17", "this line is not in the binding text " + original}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := content.Load(sitetest.Write(t, sitetest.With(m, tt.changes), "../.."))
			if err != nil {
				t.Fatalf("the site must load, with its departures held back:\n%v", err)
			}
			got := diag.All(s.Held.Err())
			if len(got)*2 != len(tt.want) {
				t.Fatalf("%d problems, want %d:\n%v", len(got), len(tt.want)/2, err)
			}
			for i, e := range got {
				if e.Position.String() != tt.want[2*i] || !strings.Contains(e.Msg, tt.want[2*i+1]) || e.Hint == "" {
					t.Errorf("got %s: %s\nwant %s: …%s…", e.Position.String(), e.Msg, tt.want[2*i], tt.want[2*i+1])
				}
				// A departure from a line of the binding text points at it.
				if strings.Contains(e.Msg, "differs from the binding text") && (len(e.Notes) != 1 || e.Notes[0].File != original || e.Notes[0].Line != 8) {
					t.Errorf("the departure does not point at original.zh.txt:8: %+v", e.Notes)
				}
			}
		})
	}
}
