package build

import (
	"strings"
	"testing"

	"xihuguide/generator/sitetest"
)

// The rules page names each test case in the page's language where the
// case gives its title in it, and by its name otherwise.
func TestCaseNamesInThePagesLanguage(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), realRoot)
	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	zh, en := string(r.Output.Files["policies/demo/rules/index.html"]), string(r.Output.Files["en/policies/demo/rules/index.html"])
	if !strings.Contains(zh, "百分之十") || strings.Contains(zh, "ten percent") {
		t.Error("the Chinese rules page does not name the case by its Chinese title")
	}
	if !strings.Contains(en, "ten percent") {
		t.Error("the English rules page does not name the case by its name")
	}
}
