package build

import (
	"strings"
	"testing"
	"time"

	"xihuguide/generator/rules/eval"
	"xihuguide/generator/sitetest"
)

// repealed is the minimal site with its policy repealed on 2025-06-01 by a
// named notice (its cases answer as of a day before).
func repealed(t *testing.T) string {
	m := sitetest.Minimal()
	const policy = "content/policies/demo/policy.toml"
	return sitetest.Write(t, sitetest.With(m, map[string]string{policy: strings.Replace(m[policy], `original = "original.zh.txt"`,
		"original = \"original.zh.txt\"\nrepealed_on = 2025-06-01\nrepealed_by.zh = \"《示例废止通知》\"\nrepealed_by.en = \"the Demo Repeal Notice\"", 1)}), realRoot)
}

// What repealed a policy is said wherever the repeal is: the banner, the
// status line and the overview's facts, in each language, with dates as
// the language writes them.
func TestRepealIsShownWithWhatRepealedIt(t *testing.T) {
	r, err := Render(Options{Root: repealed(t), AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for page, wants := range map[string][]string{
		"policies/demo/index.html": {"本政策已于2025年6月1日被《示例废止通知》废止，以下内容仅供查阅。", `data-repealed="2025-06-01"`,
			"<dt>废止</dt><dd>已于2025年6月1日废止，废止文件为《示例废止通知》</dd>"},
		"en/policies/demo/index.html": {"This policy was repealed on 1 June 2025 by the Demo Repeal Notice.",
			"<dt>Repealed</dt><dd>Repealed on 1 June 2025 by the Demo Repeal Notice</dd>",
			`<span class="status-repeal">Repealed on 1 June 2025 by the Demo Repeal Notice</span>`},
		"en/policies/demo/measures/01-alpha/index.html": {"This policy was repealed on 1 June 2025 by the Demo Repeal Notice."},
	} {
		html := string(r.Output.Files[page])
		for _, want := range wants {
			if !strings.Contains(html, want) {
				t.Errorf("%s lacks %q", page, want)
			}
		}
	}
}

// The self-check counts an application on or after the repeal as outside
// the period in force, and says until when the policy applied.
func TestRepealClosesTheInForceGate(t *testing.T) {
	r, err := Render(Options{Root: repealed(t), AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Rules["demo"].Program
	for day, passes := range map[string]bool{"2025-05-31": true, "2025-06-01": false, "2025-09-01": false} {
		prof, err := eval.DecodeJSON(p, []byte(`{"answers": {"in_district": true, "applied_on": "`+day+`"}}`))
		if err != nil {
			t.Fatal(err)
		}
		res, err := eval.Evaluate(p, prof)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range res.Gates {
			if g.ID == "in-force" && g.Passed != passes {
				t.Errorf("applied on %s: the in-force gate passed = %v", day, g.Passed)
			}
		}
	}
	for _, g := range p.Gates {
		if g.ID == "in-force" && (!strings.Contains(g.Explain["zh"], "2025年1月2日至2025年5月31日") || !strings.Contains(g.Explain["en"], "2 January 2025 to 31 May 2025")) {
			t.Errorf("the gate says %q / %q", g.Explain["zh"], g.Explain["en"])
		}
	}
}
