package build

import (
	"strings"
	"testing"

	"xihuguide/generator/sitetest"
)

// How to apply, as the editors wrote it, stands on the pages from which a
// company goes on to apply: the policy's overview (also the home page),
// every measure page and the self-check, in each language; and on no
// other page.
func TestHowToApplyStandsWhereItIsNeeded(t *testing.T) {
	root := sitetest.Write(t, sitetest.Rich(), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	words := map[string]string{"": "向示例局提出申请", "en/": "Apply to the Demo Bureau"}
	for prefix, text := range words {
		want := []string{prefix + "index.html", prefix + "policies/demo/index.html", prefix + "policies/demo/check/index.html"}
		for _, m := range []string{"01-alpha", "02-beta", "03-gamma", "04-delta", "05-epsilon"} {
			want = append(want, prefix+"policies/demo/measures/"+m+"/index.html")
		}
		for _, name := range want {
			page := string(r.Output.Files[name])
			if !strings.Contains(page, `<section class="how-to-apply"`) || !strings.Contains(page, text) {
				t.Errorf("%s lacks how to apply", name)
			}
		}
		for _, name := range []string{prefix + "policies/demo/text/index.html", prefix + "policies/demo/rules/index.html", prefix + "about/index.html"} {
			if strings.Contains(string(r.Output.Files[name]), text) {
				t.Errorf("%s shows how to apply, which is not its subject", name)
			}
		}
	}
}
