package build

import (
	"encoding/xml"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/sitetest"
)

// Pages show when their content last changed, from git. What changed, as
// the public reads it, is what the editors wrote in content/changes.toml:
// the changes page, the feeds and the pages each note concerns show the
// notes in their language, and commits without a note stay out.
func TestHistoryAndChangeNotes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	files := sitetest.With(minimal(t), map[string]string{content.ChangesFile: `
[[changes]]
date = 2025-02-01
text.zh = "新增附则第1条的说明。"
text.en = "A note on supplementary provision 1."
pages = ["/policies/demo/provisions/"]

[[changes]]
date = 2025-03-15
text.zh = "第2条补助比例说明更新。"
text.en = "Measure 2: the rate is explained anew."
pages = ["/policies/demo/measures/02-beta/", "/about/"]
`})
	root := sitetest.Write(t, files, realRoot)
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "init", "-q")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "add", ".")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "commit", "-qm", "Publish the demo policy")
	const beta = "content/policies/demo/measures/02-beta/index.en.md"
	os.WriteFile(root+"/"+beta, []byte(strings.Replace(files[beta], "is given.", "is given at once.", 1)), 0o644)
	sitetest.Git(t, root, "2025-03-15T16:00:00+08:00", "commit", "-qam", "Clarify measure 2 (a developer's words)")

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
	for name, wants := range map[string][]string{
		"en/changes/index.html": {`<time datetime="2025-03-15">15 March 2025</time> Measure 2: the rate is explained anew.`,
			`href="/en/policies/demo/measures/02-beta/">Measure 2 Beta</a>`, `href="/en/about/">About</a>`, "A note on supplementary provision 1."},
		"changes/index.html":                           {`<time datetime="2025-03-15">2025年3月15日</time> 第2条补助比例说明更新。`},
		"en/policies/demo/measures/02-beta/index.html": {`<p class="notice amended">Last amended on 15 March 2025: Measure 2: the rate is explained anew.`},
		"policies/demo/measures/02-beta/index.html":    {`最近一次修订（2025年3月15日）： 第2条补助比例说明更新。`},
		"en/about/index.html":                          {`<p class="amended">Last amended on 15 March 2025:`},
	} {
		for _, want := range wants {
			if !strings.Contains(page(name), want) {
				t.Errorf("%s lacks %q", name, want)
			}
		}
	}
	if strings.Contains(page("en/changes/index.html"), "a developer's words") || strings.Contains(page("en/policies/demo/measures/01-alpha/index.html"), "amended") {
		t.Error("a commit subject, or a note, shows where it does not belong")
	}
	// The newest note comes first; the older one is on the 1st of February.
	changes := page("en/changes/index.html")
	if strings.Index(changes, "Measure 2: the rate") > strings.Index(changes, "supplementary provision 1") {
		t.Error("the notes are not newest first")
	}
	var feed struct {
		Entries []struct {
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Summary string `xml:"summary"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(r.Output.Files["en/changes.xml"], &feed); err != nil {
		t.Fatal(err)
	}
	if len(feed.Entries) != 2 || feed.Entries[0].Title != "Measure 2: the rate is explained anew." || feed.Entries[0].Updated != "2025-03-14T16:00:00Z" ||
		!strings.Contains(feed.Entries[0].Summary, "Measure 2 Beta") || strings.Contains(feed.Entries[0].Summary, "content/") {
		t.Errorf("feed entries %+v", feed.Entries)
	}
}

// A note that names no date, lacks a language or names a page the site
// does not have is refused at its line.
func TestChangeNotesThatAreWrong(t *testing.T) {
	for _, tt := range []struct{ note, want string }{
		{"[[changes]]\ntext.zh = \"x\"\ntext.en = \"x\"\n", "content/changes.toml:1:1: this note has no date"},
		{"# notes\n\n[[changes]]\ndate = 2025-02-01\ntext.zh = \"x\"\n", "content/changes.toml:3:1: this note has no English text"},
		{"[[changes]]\ndate = 2025-02-01\ntext.zh = \"x\"\ntext.en = \"x\"\npages = [\"/policies/demo/measures/09-gone/\"]\n",
			`content/changes.toml:1:1: this note concerns page "/policies/demo/measures/09-gone/", which the site does not have`},
		{"[[changes]]\ndate = 2025-02-01\ntext.zh = \"x\"\ntext.en = \"x\"\npages = [\"policies/demo/\"]\n", `page "policies/demo/" is not written from the site's root`},
	} {
		root := sitetest.Write(t, sitetest.With(minimal(t), map[string]string{content.ChangesFile: tt.note}), realRoot)
		err := Check(Options{Root: root, AsOf: asOf})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %s", tt.note, err, tt.want)
		}
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
