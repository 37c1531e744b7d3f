package build

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"xihuguide/generator/corpus"
	"xihuguide/generator/sitetest"
)

// corpusSite writes a synthetic portal of about n pages on tmpfs.
func corpusSite(b testing.TB, n int) string {
	dir := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "xihu-corpus-"); err == nil {
			dir = d
			b.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	if dir == "" {
		dir = b.TempDir()
	}
	if err := corpus.Site(dir, corpus.ForPages(n, 20)); err != nil {
		b.Fatal(err)
	}
	sitetest.WriteInto(b, dir, nil, realRoot)
	return dir
}

// BenchmarkBuildCorpus builds a 10,000-page synthetic portal, rules and
// assets included, into tmpfs:
//
//	go test ./generator/build -run X -bench BuildCorpus -benchtime 3x
func BenchmarkBuildCorpus(b *testing.B) {
	root := corpusSite(b, 10000)
	out := filepath.Join(root, "public")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum, err := Run(Options{Root: root, Out: out, AsOf: asOf})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(sum.Pages)/b.Elapsed().Seconds()*float64(i+1), "pages/s")
	}
}

// BenchmarkRebuildOneMeasure times a rebuild by the preview's Builder after
// one measure's Markdown changed, on the real site and on the 10,000-page
// corpus (both on tmpfs):
//
//	go test ./generator/build -run X -bench RebuildOneMeasure
func BenchmarkRebuildOneMeasure(b *testing.B) {
	for _, size := range []struct {
		name string
		root func(testing.TB) string
	}{
		{"real", func(tb testing.TB) string { return realSiteCopy(tb) }},
		{"corpus-10000", func(tb testing.TB) string { return corpusSite(tb, 10000) }},
	} {
		b.Run(size.name, func(b *testing.B) {
			defer PreviewGC()() // as the preview runs
			root := size.root(b)
			builder := &Builder{Root: root, AsOf: asOf}
			if _, err := builder.Build(); err != nil {
				b.Fatal(err)
			}
			measure := firstMeasureFile(b, root)
			original, _ := os.ReadFile(measure)
			took := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				edited := append(append([]byte{}, original...), []byte(fmt.Sprintf("\nEdit %d.\n", i))...)
				if err := os.WriteFile(measure, edited, 0o644); err != nil {
					b.Fatal(err)
				}
				start := time.Now()
				if _, err := builder.Build(); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			// The slowest rebuilds matter to an editor as much as the mean.
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "p90-ms")
			b.ReportMetric(float64(took[len(took)-1].Microseconds())/1000, "max-ms")
		})
	}
}

func firstMeasureFile(b testing.TB, root string) string {
	matches, _ := filepath.Glob(filepath.Join(root, "content/policies/*/measures/*/index.en.md"))
	if len(matches) == 0 {
		b.Fatal("no measure")
	}
	return matches[0]
}

// realSiteCopy copies the real site's sources to tmpfs.
func realSiteCopy(b testing.TB) string {
	dir := ""
	if d, err := os.MkdirTemp("/dev/shm", "xihu-real-"); err == nil {
		dir = d
		b.Cleanup(func() { os.RemoveAll(d) })
	} else {
		dir = b.TempDir()
	}
	files := map[string]string{}
	filepath.WalkDir(filepath.Join(realRoot, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(realRoot, p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	sitetest.WriteInto(b, dir, files, realRoot)
	return dir
}
