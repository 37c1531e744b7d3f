package browsertest

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/build"
	"xihuguide/generator/corpus"
	"xihuguide/generator/sitetest"
)

// BenchmarkSearchEngines compares the site's own search with Pagefind on the
// real site and on a synthetic portal: the time and memory to index, the
// size of the index, the time a query takes in Chromium, and on the real
// site how well each finds the measures of testdata/search-terms.txt
// (found among the first five, and the mean reciprocal rank). Pagefind runs
// on a page of its own without the site's CSP, which forbids the
// WebAssembly it needs. It is a measurement, not a test:
//
//	PAGEFIND=/path/to/pagefind_extended go test ./generator/browsertest -run X -bench SearchEngines -benchtime 1x
//
// .ci/bench installs Pagefind from npm and runs it.
func BenchmarkSearchEngines(b *testing.B) {
	pagefind := os.Getenv("PAGEFIND")
	if pagefind == "" {
		b.Skip("set PAGEFIND to a pagefind_extended binary (npm install @pagefind/linux-x64)")
	}
	pages := 10000
	if n := os.Getenv("SEARCH_CORPUS_PAGES"); n != "" {
		fmt.Sscan(n, &pages)
	}
	real := searchSite(b, "../..")
	corpusRoot := b.TempDir()
	if err := corpus.Site(corpusRoot, corpus.ForPages(pages, 20)); err != nil {
		b.Fatal(err)
	}
	sitetest.WriteInto(b, corpusRoot, nil, "../..")
	big := searchSite(b, corpusRoot)

	terms := searchTerms(b)
	ctx := Browser(b)
	fmt.Printf("%-8s %-9s %9s %9s %7s %10s %9s %9s %8s %6s\n", "site", "engine", "index_s", "index_MB", "files", "size_KB", "median_ms", "max_ms", "found@5", "MRR")
	for _, s := range []struct {
		name string
		dir  string
		real bool
	}{{"real", real, true}, {fmt.Sprintf("%d", pages), big, false}} {
		pfTime, pfMem := runPagefind(b, pagefind, s.dir)
		base := Serve(b, s.dir).URL
		for _, engine := range []string{"ours", "pagefind"} {
			var took []float64
			var missed []string
			found, rr := 0, 0.0
			for _, t := range terms {
				ms, urls := query(b, ctx, base, engine, t.lang, t.query)
				took = append(took, ms)
				if !s.real {
					continue
				}
				prefix := map[string]string{"zh": "", "en": "/en"}[t.lang]
				want := prefix + "/" + t.page
				if i := slices.Index(urls, want); i >= 0 {
					found++
					rr += 1 / float64(i+1)
				} else {
					missed = append(missed, t.lang+" "+t.query)
				}
			}
			slices.Sort(took)
			dir, indexS, indexMB := filepath.Join(s.dir, "search"), "in build", "-"
			if engine == "pagefind" {
				dir, indexS, indexMB = filepath.Join(s.dir, "pagefind"), fmt.Sprintf("%.2f", pfTime.Seconds()), fmt.Sprintf("%.0f", pfMem)
			}
			files, size := treeSize(b, dir)
			quality := fmt.Sprintf("%d/%d %6.2f", found, len(terms), rr/float64(len(terms)))
			if !s.real {
				quality = "-"
			}
			fmt.Printf("%-8s %-9s %9s %9s %7d %10.0f %9.1f %9.1f %15s\n", s.name, engine, indexS, indexMB, files, float64(size)/1024,
				took[len(took)/2], took[len(took)-1], quality)
			if len(missed) > 0 {
				fmt.Printf("%-8s %-9s missed: %s\n", "", "", strings.Join(missed, "; "))
			}
		}
	}
	fmt.Println("  index: Pagefind's own run (time, peak MB); ours is made during the build. Query: from asking to the first five results, in Chromium.")
}

// searchTerm is a line of testdata/search-terms.txt: a language, the page
// (from the site root, without the language) that a visitor typing the
// query wants, and the query.
type searchTerm struct{ lang, page, query string }

func searchTerms(t testing.TB) []searchTerm {
	data, err := os.ReadFile("testdata/search-terms.txt")
	if err != nil {
		t.Fatal(err)
	}
	var terms []searchTerm
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.SplitN(line, " ", 3)
		terms = append(terms, searchTerm{parts[0], parts[1], parts[2]})
	}
	return terms
}

// searchSite builds the site under root and adds, per language, a page
// without the site's CSP from which Pagefind's script can run.
func searchSite(t testing.TB, root string) string {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(build.Options{Root: root, Out: out, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh-CN", "en"} {
		page := fmt.Sprintf("<!doctype html><html lang=%q><head><meta charset=utf-8><title>Pagefind</title></head><body></body></html>", lang)
		if err := os.WriteFile(filepath.Join(out, "pagefind-"+lang+".html"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// runPagefind indexes dir's pages by their <main>, as ours does, and
// returns how long it took and its peak memory in MB.
func runPagefind(t testing.TB, bin, dir string) (time.Duration, float64) {
	cmd := exec.Command(bin, "--site", dir, "--root-selector", "main", "--silent")
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pagefind: %v\n%s", err, out)
	}
	took := time.Since(start)
	mem := 0.0
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		mem = float64(ru.Maxrss) / 1024 // KB on Linux
	}
	return took, mem
}

// query asks one engine, on a freshly loaded page, and returns how long the
// first five results took and their addresses.
func query(t testing.TB, ctx context.Context, base, engine, lang, q string) (float64, []string) {
	page := map[string]string{"zh": base + "/search/", "en": base + "/en/search/"}[lang]
	script := `(async (q) => {
		const app = document.getElementById("search-app");
		const t0 = performance.now();
		const done = new Promise((resolve) => {
			const mo = new MutationObserver(() => { if (document.getElementById("search-count")) { mo.disconnect(); resolve(); } });
			mo.observe(app, { childList: true });
		});
		location.hash = "#q=" + encodeURIComponent(q);
		await done;
		return { ms: performance.now() - t0, urls: Array.from(document.querySelectorAll(".search-title")).slice(0, 5).map((a) => a.getAttribute("href")) };
	})`
	if engine == "pagefind" {
		page = map[string]string{"zh": base + "/pagefind-zh-CN.html", "en": base + "/pagefind-en.html"}[lang]
		script = `(async (q) => {
			const pf = await import("/pagefind/pagefind.js");
			const t0 = performance.now();
			const r = await pf.search(q);
			const top = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
			return { ms: performance.now() - t0, urls: top.map((d) => d.url) };
		})`
	}
	type result struct {
		MS   float64  `json:"ms"`
		URLs []string `json:"urls"`
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank"), chromedp.Navigate(page)); err != nil {
		t.Fatalf("%s %s: %v", engine, page, err)
	}
	r, err := chromedp.Run(ctx, chromedp.Evaluate[result](script+"("+jsString(q)+")", chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s %s %q: %v", engine, lang, q, err)
	}
	return r.MS, r.URLs
}

func jsString(s string) string {
	return "\"" + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + "\""
}

func treeSize(t testing.TB, dir string) (files int, size int64) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			files++
			size += info.Size()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, size
}
