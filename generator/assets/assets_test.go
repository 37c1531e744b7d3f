package assets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tree writes a root with the four entry points, and more files.
func tree(t *testing.T, more map[string]string) string {
	t.Helper()
	root := t.TempDir()
	files := map[string]string{
		"assets/css/site.css": "body { color: black }",
		"assets/ts/site.ts":   `console.log("site");`,
		"assets/ts/check.ts":  `console.log("check");`,
		"assets/ts/search.ts": `console.log("search");`,
	}
	for k, v := range more {
		files[k] = v
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestBuildReusesTheBundleOfTheSameAssets(t *testing.T) {
	first, err := Build(tree(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Build(tree(t, nil)) // another root, the same files
	if err != nil {
		t.Fatal(err)
	}
	if again != first {
		t.Error("the same assets under another root were bundled again")
	}
	changed, err := Build(tree(t, map[string]string{"assets/ts/check.ts": `console.log("changed");`}))
	if err != nil {
		t.Fatal(err)
	}
	if changed == first || !strings.Contains(string(changed.Check.Data), "changed") {
		t.Errorf("a changed script gave the old bundle: %s", changed.Check.Data)
	}
}

func TestBuildDoesNotKeepABundleThatReadsOutsideAssets(t *testing.T) {
	imports := map[string]string{"assets/ts/check.ts": `import { word } from "../../content/word"; console.log(word);`}
	root := tree(t, with(imports, "content/word.ts", `export const word = "before";`))
	if b, err := Build(root); err != nil || !strings.Contains(string(b.Check.Data), "before") {
		t.Fatalf("%v %s", err, b.Check.Data)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "word.ts"), []byte(`export const word = "after";`), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Build(root)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b.Check.Data), "after") {
		t.Errorf("a change outside assets/ was not bundled: %s", b.Check.Data)
	}
}

func with(m map[string]string, k, v string) map[string]string {
	out := map[string]string{k: v}
	for a, b := range m {
		out[a] = b
	}
	return out
}
