package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/sitetest"
)

// A measure added to a policy as content alone (its pages and its rules)
// appears in the self-check and is computed there, with no change to any code.
func TestNewMeasureIsContentOnly(t *testing.T) {
	t.Parallel()
	files := sitetest.With(sitetest.Minimal(), map[string]string{
		"content/policies/demo/policy.toml": strings.Replace(sitetest.Minimal()["content/policies/demo/policy.toml"],
			"measures = [1, 2]", "measures = [1, 2, 3]", 1),
		"content/policies/demo/original.zh.txt": strings.Replace(sitetest.Minimal()["content/policies/demo/original.zh.txt"],
			"2、贝塔。给予20%的补助。\n", "2、贝塔。给予20%的补助。\n3、伽马。每台设备给予1万元，最多3台。\n", 1),
		"content/policies/demo/measures/03-gamma/index.zh.md": "+++\ntitle = \"伽马\"\nsummary = \"每台设备1万元\"\n+++\n3、伽马。每台设备给予1万元，最多3台。\n",
		"content/policies/demo/measures/03-gamma/index.en.md": "+++\ntitle = \"Gamma\"\nsummary = \"CNY 10,000 a device\"\n+++\n3\\. Gamma. CNY 10,000 per device, at most three.\n",
		"content/policies/demo/measures/03-gamma/rules.toml": `kind = "cash"
ask.zh = "是否购置了伽马设备？"
ask.en = "Did you buy gamma devices?"

[[inputs]]
id = "devices"
type = "count"
label.zh = "设备台数"
label.en = "Number of devices"

[[conditions]]
id = "some"
when = "devices >= 1"
clause = "measure-3"
explain.zh = "至少1台"
explain.en = "At least one device"

[[steps]]
id = "award"
value = "min(devices, 3) * 1万"
clause = "measure-3"
explain.zh = "每台1万元，最多3台"
explain.en = "CNY 10,000 a device, at most three"

[[cases]]
name = "five devices count as three"
measure = { devices = 5 }
expect = { status = "eligible", low = "30000.00" }
`,
	})
	root := sitetest.Write(t, files, "../..")
	base, suites := site(t, root)
	if suites["demo"].Program.Measure("03-gamma") == nil {
		t.Fatal("the rules lack the new measure")
	}
	ctx := Browser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/en/policies/demo/check/#in_district=yes&applied_on=2025-06-01"),
		chromedp.WaitVisible(chromedp.ID("choose-03-gamma")),
		chromedp.Click(chromedp.ID("choose-03-gamma")),
		chromedp.SendKeys(chromedp.ID("f-03-gamma-devices"), "5"),
		chromedp.WaitVisible(chromedp.CSS(`[data-measure="03-gamma"]`)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[shown](readResults))
	if err != nil {
		t.Fatal(err)
	}
	if m := got.Measures["03-gamma"]; m != [3]string{"eligible", "30000.00", "30000.00"} {
		t.Errorf("the new measure shows %v", m)
	}
	if !strings.Contains(got.Text, "Measure 3 Gamma") || got.Total != [2]string{"30000.00", "30000.00"} {
		t.Errorf("results:\n%s\ntotal %v", got.Text, got.Total)
	}
}
