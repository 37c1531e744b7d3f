// Package assets bundles and minifies the site's stylesheets and scripts
// under assets/ with esbuild's Go API, names each output by its content hash
// and computes its Subresource Integrity value. No Node.js is involved.
package assets

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"xihuguide/generator/diag"
)

// File is one bundled output.
type File struct {
	Path      string // in the output tree: assets/site-HASH.css
	URL       string // as linked from pages: /assets/site-HASH.css
	Integrity string // sha384-…, for the integrity attribute
	Data      []byte
}

// Bundle is what the site's pages link to.
type Bundle struct {
	CSS    File   // every page's stylesheet
	JS     File   // every page's small script
	Check  File   // the self-check, only on its page
	Search File   // the search, only on its page
	Files  []File // every output, for writing
}

// Entries are the entry points, relative to the site root. A page kind that
// needs more script gets its own entry here.
var Entries = []string{"assets/css/site.css", "assets/ts/site.ts", "assets/ts/check.ts", "assets/ts/search.ts"}

// last is the bundle this process made last, by a digest of the files it
// was made from. The preview rebuilds the site at every save and the tests
// build many sites from the same assets; esbuild would take most of the
// time of a small site's build.
var last struct {
	mu     sync.Mutex
	key    string
	bundle *Bundle
}

// Build bundles the entry points under root. The bundle is the same as the
// last one this process made when every file under assets/ (path and
// bytes) is the same, and that bundle read nothing from outside assets/;
// the Bundle is then shared, and nobody may change it.
func Build(root string) (*Bundle, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	key := digest(abs)
	last.mu.Lock()
	if key != "" && key == last.key {
		b := last.bundle
		last.mu.Unlock()
		return b, nil
	}
	last.mu.Unlock()
	b, inside, err := build(abs)
	if err == nil && inside && key != "" {
		last.mu.Lock()
		last.key, last.bundle = key, b
		last.mu.Unlock()
	}
	return b, err
}

// digest hashes the path (from root) and bytes of every file under
// root/assets; "" when one cannot be read.
func digest(root string) string {
	h := sha256.New()
	err := filepath.WalkDir(filepath.Join(root, "assets"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// build runs esbuild, and says whether every file it read is under assets/.
func build(abs string) (b *Bundle, inside bool, err error) {
	outdir := filepath.Join(abs, ".assets-out") // never written: Write is false
	result := api.Build(api.BuildOptions{
		AbsWorkingDir:     abs,
		EntryPoints:       Entries,
		Outdir:            outdir,
		EntryNames:        "[name]-[hash]",
		Bundle:            true,
		Write:             false,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		Target:            api.ES2020, // keeps BigInt literals as they are
		// assets/ts/tsconfig.json is for type-checking in CI; the bundle
		// must not change with it.
		TsconfigRaw:   "{}",
		Format:        api.FormatIIFE,
		Charset:       api.CharsetUTF8,
		LegalComments: api.LegalCommentsNone,
		LogLevel:      api.LogLevelSilent,
		Metafile:      true,
	})
	if err := buildErrors(abs, result); err != nil {
		return nil, false, err
	}
	inside = readsOnlyAssets(result.Metafile)
	b = &Bundle{}
	for _, out := range result.OutputFiles {
		rel, err := filepath.Rel(outdir, out.Path)
		if err != nil {
			return nil, false, err
		}
		f := File{
			Path:      path.Join("assets", filepath.ToSlash(rel)),
			Integrity: integrity(out.Contents),
			Data:      out.Contents,
		}
		f.URL = "/" + f.Path
		switch name := path.Base(f.Path); {
		case strings.HasPrefix(name, "site-") && path.Ext(name) == ".css":
			b.CSS = f
		case strings.HasPrefix(name, "site-") && path.Ext(name) == ".js":
			b.JS = f
		case strings.HasPrefix(name, "check-") && path.Ext(name) == ".js":
			b.Check = f
		case strings.HasPrefix(name, "search-") && path.Ext(name) == ".js":
			b.Search = f
		}
		b.Files = append(b.Files, f)
	}
	sort.Slice(b.Files, func(i, j int) bool { return b.Files[i].Path < b.Files[j].Path })
	if b.CSS.Path == "" || b.JS.Path == "" || b.Check.Path == "" || b.Search.Path == "" {
		return nil, false, &diag.Error{Position: diag.Position{File: "assets"}, Msg: "the bundle lacks a stylesheet or a script",
			Hint: fmt.Sprintf("keep the entry points %s", strings.Join(Entries, ", "))}
	}
	return b, inside, nil
}

// readsOnlyAssets says whether every input of esbuild's metafile is a file
// under assets/ (its paths are relative to the working directory).
func readsOnlyAssets(metafile string) bool {
	var meta struct {
		Inputs map[string]json.RawMessage `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(metafile), &meta); err != nil || len(meta.Inputs) == 0 {
		return false
	}
	for in := range meta.Inputs {
		if !strings.HasPrefix(in, "assets/") || strings.Contains(in, "..") {
			return false
		}
	}
	return true
}

func integrity(data []byte) string {
	sum := sha512.Sum384(data)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// buildErrors returns esbuild's errors, each at its file, line and column.
func buildErrors(root string, result api.BuildResult) error {
	var errs diag.List
	for _, m := range result.Errors {
		errs = append(errs, fromMessage(root, m))
	}
	return errs.Err()
}

// fromMessage turns an esbuild error into a diag.Error. esbuild's column is
// 0-based and counts bytes; ours is 1-based and counts characters.
func fromMessage(root string, m api.Message) *diag.Error {
	e := &diag.Error{Msg: m.Text, Hint: "fix the script or stylesheet under assets/"}
	if loc := m.Location; loc != nil {
		e.File = filepath.ToSlash(loc.File)
		if rel, err := filepath.Rel(root, loc.File); err == nil && !strings.HasPrefix(rel, "..") {
			e.File = filepath.ToSlash(rel)
		}
		e.Line = loc.Line
		e.Text = loc.LineText
		col := loc.Column
		if col > len(loc.LineText) {
			col = len(loc.LineText)
		}
		e.Col = len([]rune(loc.LineText[:col])) + 1
		if loc.Suggestion != "" {
			e.Hint = "did you mean " + loc.Suggestion + "?"
		}
	}
	return e
}

// EngineEntry is the browser's evaluator alone, without its page.
const EngineEntry = "assets/ts/engine/engine.ts"

// BundleEngine bundles the evaluator as a script that defines the global
// `engine`, for running it outside a browser (the parity tests do, in goja).
func BundleEngine(root string) ([]byte, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	result := api.Build(api.BuildOptions{
		AbsWorkingDir: abs,
		EntryPoints:   []string{EngineEntry},
		Bundle:        true,
		Write:         false,
		Target:        api.ES2020,
		TsconfigRaw:   "{}",
		Format:        api.FormatIIFE,
		GlobalName:    "engine",
		LogLevel:      api.LogLevelSilent,
	})
	if err := buildErrors(abs, result); err != nil {
		return nil, err
	}
	return result.OutputFiles[0].Contents, nil
}
