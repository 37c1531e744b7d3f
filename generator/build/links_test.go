package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xihuguide/generator/sitetest"
)

// A file under content/ that is a link is read only when it leads to a
// file inside the site's folder; one that leads out, or nowhere, is named
// as such, at the link.
func TestLinksInContent(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("+++\ntitle = \"Secret\"\n+++\nnot for publishing\n"), 0o644)
	for _, tt := range []struct{ target, want string }{
		{outside, "content/pages/about.en.md: this is a link to " + outside + ", outside the site's folder"},
		{filepath.Join(t.TempDir(), "gone.md"), "content/pages/about.en.md: this is a link to "},
		{"about.zh.md", ""}, // inside the site: fine
	} {
		root := sitetest.Write(t, sitetest.Minimal(), realRoot)
		page := filepath.Join(root, "content/pages/about.en.md")
		os.Remove(page)
		if err := os.Symlink(tt.target, page); err != nil {
			t.Skip("no symlinks here")
		}
		err := Check(Options{Root: root, AsOf: asOf})
		switch {
		case tt.want == "" && err != nil && strings.Contains(err.Error(), "link to"):
			t.Errorf("a link inside the site is refused: %v", err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("link to %s: %v, want %s", tt.target, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "create content/pages/about.en.md") {
			t.Errorf("asked to create a file that is there: %v", err)
		}
	}
}

// A page whose name holds a space is listed in the sitemap with the space
// escaped, as a URL must be.
func TestSitemapEscapesPaths(t *testing.T) {
	files := sitetest.With(sitetest.Minimal(), map[string]string{
		"content/pages/our team.zh.md": "+++\ntitle = \"团队\"\n+++\n团队。\n",
		"content/pages/our team.en.md": "+++\ntitle = \"Team\"\n+++\nThe team.\n",
	})
	r, err := Render(Options{Root: sitetest.Write(t, files, realRoot), AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	sitemap := string(r.Output.Files["sitemap.xml"])
	if !strings.Contains(sitemap, "<loc>https://example.org/our%20team/</loc>") || strings.Contains(sitemap, "our team") {
		t.Errorf("sitemap:\n%s", sitemap)
	}
}
