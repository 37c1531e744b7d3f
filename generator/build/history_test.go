package build

import (
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"xihuguide/generator/sitetest"
)

// Pages show when their content last changed, from git; the "what changed"
// page and its Atom feed list the changes.
func TestHistoryFromGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	files := minimal(t)
	root := sitetest.Write(t, files, realRoot)
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "init", "-q")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "add", ".")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "commit", "-qm", "Publish the demo policy")
	const beta = "content/policies/demo/measures/02-beta/index.en.md"
	os.WriteFile(root+"/"+beta, []byte(strings.Replace(files[beta], "is given.", "is given at once.", 1)), 0o644)
	sitetest.Git(t, root, "2025-03-15T16:00:00+08:00", "commit", "-qam", "Clarify measure 2")

	r, err := Render(Options{Root: root, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	page := func(name string) string { return string(r.Output.Files[name]) }
	if !strings.Contains(page("en/policies/demo/measures/02-beta/index.html"), `<time datetime="2025-03-15">2025-03-15</time>`) {
		t.Error("measure 2 does not show its last change")
	}
	if !strings.Contains(page("policies/demo/measures/01-alpha/index.html"), `<time datetime="2025-01-02">`) {
		t.Error("measure 1 does not show the first commit as its last change")
	}
	changes := page("en/changes/index.html")
	if !strings.Contains(changes, "Clarify measure 2") || !strings.Contains(changes, `href="/en/policies/demo/measures/02-beta/">Beta</a>`) {
		t.Errorf("the changes page lacks the change and its page:\n%s", changes)
	}
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(r.Output.Files["changes.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Title != "Clarify measure 2" || feed.Entries[0].Updated != "2025-03-15T08:00:00Z" {
		t.Errorf("feed entries %+v", feed.Entries)
	}
}

// A policy past its end date says so on every one of its pages, the
// self-check included.
func TestExpiredPolicyShowsOnEveryPage(t *testing.T) {
	root := sitetest.Write(t, minimal(t), realRoot)
	r, err := Render(Options{Root: root, AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range r.Output.Files {
		if !strings.HasPrefix(name, "policies/demo/") && !strings.HasPrefix(name, "en/policies/demo/") || !strings.HasSuffix(name, ".html") {
			continue
		}
		want := "本政策有效期至2025年12月31日，现已失效"
		if strings.HasPrefix(name, "en/") {
			want = "This policy was in force until 31 December 2025 and no longer is"
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s does not say the policy expired", name)
		}
	}
	if !strings.Contains(string(r.Output.Files["en/policies/demo/check/index.html"]), "This policy was in force until 31 December 2025") {
		t.Error("the self-check does not say the policy expired")
	}
}
