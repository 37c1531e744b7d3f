// Package sitetest lays out whole sites for tests from small text fixtures.
// A fixture is a txtar-style archive: a line "-- path --" starts each file,
// and the lines up to the next such line are its contents.
package sitetest

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"xihuguide/generator/content"
	"xihuguide/generator/corpus"
	"xihuguide/generator/rules"
)

// Parse splits an archive into its files.
func Parse(archive string) map[string]string {
	files := map[string]string{}
	var name string
	var body strings.Builder
	flush := func() {
		if name != "" {
			files[name] = body.String()
		}
		body.Reset()
	}
	for _, line := range strings.SplitAfter(archive, "\n") {
		trimmed := strings.TrimRight(line, "\n")
		if strings.HasPrefix(trimmed, "-- ") && strings.HasSuffix(trimmed, " --") && len(trimmed) > 6 {
			flush()
			name = strings.TrimSpace(trimmed[3 : len(trimmed)-3])
			continue
		}
		if name != "" {
			body.WriteString(line)
		}
	}
	flush()
	return files
}

// Write lays files out under a new temporary folder and returns it. The real
// site's layouts and assets (code) are copied in first, then the fixtures'
// own UI strings (i18n/, not the editors' content/i18n, which editors may
// reword at any time), and files are laid over them, so that fixtures hold
// only what they test.
func Write(t testing.TB, files map[string]string, realRoot string) string {
	t.Helper()
	dir := t.TempDir()
	WriteInto(t, dir, files, realRoot)
	return dir
}

// WriteInto is Write into an existing folder.
func WriteInto(t testing.TB, dir string, files map[string]string, realRoot string) {
	t.Helper()
	for _, shared := range []string{"layouts", "assets"} {
		if err := corpus.CopyDir(filepath.Join(realRoot, shared), filepath.Join(dir, shared)); err != nil {
			t.Fatal(err)
		}
	}
	for name, body := range UIStrings() {
		files = With(map[string]string{name: body}, files)
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// With returns a copy of files with the given files replaced (or removed,
// for an empty value with a name ending in "!").
func With(files map[string]string, changes map[string]string) map[string]string {
	out := make(map[string]string, len(files))
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		if strings.HasSuffix(k, "!") {
			delete(out, strings.TrimSuffix(k, "!"))
			continue
		}
		out[k] = v
	}
	return out
}

// TreeHash returns a digest of every file's path and contents under dir, to
// show that a folder did or did not change.
func TreeHash(t testing.TB, dir string) string {
	t.Helper()
	h := sha256.New()
	var paths []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	sort.Strings(paths)
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Tree reads every file under dir into a map keyed by slash path.
func Tree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

//go:embed minimal.txtar
var minimal string

//go:embed rich.txtar
var rich string

// Rich returns the minimal site with two more measures that between them
// use every kind of input (count, choice, money, yes/no), a yearly cap, a
// and non-cash support, and an example profile.
func Rich() map[string]string { return With(Minimal(), Parse(rich)) }

//go:embed i18n/*.toml
var uiStrings embed.FS

// UIStrings returns the fixtures' interface strings, as content/i18n/LANG.toml
// files. They are the developers' copy: the layouts' keys with wording that
// tests may quote. A key added to the layouts is added here too.
func UIStrings() map[string]string {
	out := map[string]string{}
	entries, _ := uiStrings.ReadDir("i18n")
	for _, e := range entries {
		b, _ := uiStrings.ReadFile("i18n/" + e.Name())
		out["content/i18n/"+e.Name()] = string(b)
	}
	return out
}

// Minimal returns a small two-language site of one policy with two measures,
// one provision and their rules: the base that whole-site tests change.
func Minimal() map[string]string { return Parse(minimal) }

// Git runs git in dir as an editor would, with the author's and the
// committer's date set to date (RFC 3339), so that tests of history are
// deterministic.
func Git(t testing.TB, dir, date string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=Editor", "GIT_AUTHOR_EMAIL=e@example.org", "GIT_COMMITTER_NAME=Editor",
		"GIT_COMMITTER_EMAIL=e@example.org", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// Suite loads the site under root and compiles the rules of one policy,
// for tests that evaluate them.
func Suite(t testing.TB, root, slug string) *rules.Suite {
	t.Helper()
	site, err := content.Load(root)
	if err != nil {
		t.Fatal(err)
	}
	p := site.Policy(slug)
	if p == nil {
		t.Fatalf("no policy %q under %s", slug, root)
	}
	suite, err := rules.Load(site, p, site.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	return suite
}

// ReadFile reads a file a test needs, or stops the test.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RaisedRate writes the minimal site as a git repository of two commits:
// the fixture, then alpha's rate raised from 10% to 20% with its case. It
// returns the folder and the rules version of the first commit, for tests
// of what a change to the rules does.
func RaisedRate(t testing.TB, repoRoot string) (root, firstVersion string) {
	t.Helper()
	root = Write(t, Minimal(), repoRoot)
	const day = "2026-05-01T10:00:00+08:00"
	Git(t, root, day, "init", "-q")
	Git(t, root, day, "add", "-A")
	Git(t, root, day, "commit", "-q", "-m", "ten percent")
	firstVersion = Suite(t, root, "demo").Program.Version
	rulesFile := filepath.Join(root, "content/policies/demo/measures/01-alpha/rules.toml")
	b, err := os.ReadFile(rulesFile)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), `value = "min(cost * 10%, 10万)"`, `value = "min(cost * 20%, 10万)"`, 1)
	edited = strings.Replace(edited, `low = "500.00", high = "500.00"`, `low = "1000.00", high = "1000.00"`, 1)
	if edited == string(b) {
		t.Fatal("the fixture's alpha no longer reads as RaisedRate expects")
	}
	if err := os.WriteFile(rulesFile, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	Git(t, root, day, "commit", "-q", "-am", "twenty percent")
	return root, firstVersion
}
