package build

import (
	"os"
	"path/filepath"
	"testing"

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
