package diag

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A Folder reads a file inside it, through links that stay inside, and
// refuses one that is, or lies under, a link leading out, however often its
// folder was read from before.
func TestFolderRefusesLinksLeadingOut(t *testing.T) {
	outside := t.TempDir()
	must(t, os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644))
	root := t.TempDir()
	for _, dir := range []string{"content/a", "content/b"} {
		must(t, os.MkdirAll(filepath.Join(root, dir), 0o755))
		must(t, os.WriteFile(filepath.Join(root, dir, "page.md"), []byte("page"), 0o644))
	}
	links := map[string]string{
		"content/a/out.md":  filepath.Join(outside, "secret.md"), // a file leading out
		"content/a/gone.md": filepath.Join(outside, "gone.md"),   // a file leading nowhere
		"content/a/in.md":   "page.md",                           // a file inside
		"content/out":       outside,                             // a folder leading out
		"content/in":        "b",                                 // a folder inside
	}
	for link, target := range links {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skip("no symlinks here")
		}
	}
	f := &Folder{Root: root}
	for _, tt := range []struct{ rel, want string }{
		{"content/a/page.md", ""},
		{"content/a/out.md", "outside the site's folder"},
		{"content/a/page.md", ""}, // its folder known now
		{"content/a/gone.md", "which does not exist"},
		{"content/a/in.md", ""},
		{"content/out/secret.md", "outside the site's folder"},
		{"content/out/secret.md", "outside the site's folder"}, // known now, still refused
		{"content/in/page.md", ""},
		{"content/a/missing.md", "file is missing"},
		{"content/a", "cannot read file"}, // a folder
	} {
		b, err := f.ReadFile(tt.rel)
		switch {
		case tt.want == "" && (err != nil || string(b) != "page"):
			t.Errorf("%s: %q, %v", tt.rel, b, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), tt.rel)):
			t.Errorf("%s: %v, want an error naming it and saying %q", tt.rel, err, tt.want)
		}
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// A Folder reads a file whole, whatever its size.
func TestFolderReadsWholeFiles(t *testing.T) {
	root := t.TempDir()
	f := &Folder{Root: root}
	for _, size := range []int{0, 1, 4095, 4096, 4097, 1 << 20} {
		want := strings.Repeat("x", size)
		must(t, os.WriteFile(filepath.Join(root, "f.md"), []byte(want), 0o644))
		if got, err := f.ReadFile("f.md"); err != nil || string(got) != want {
			t.Errorf("%d bytes: read %d, %v", size, len(got), err)
		}
	}
}
