package serve

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/sitetest"
)

// BenchmarkSaveToReload measures, on a copy of the real site on tmpfs, the
// time from saving one measure's Markdown to the open page being told to
// reload and fetching the reloaded page:
//
//	go test ./generator/serve -run X -bench SaveToReload -benchtime 50x
func BenchmarkSaveToReload(b *testing.B) {
	defer build.PreviewGC()()
	root := realCopy(b)
	srv := New(root, asOf, io.Discard)
	ts := serveTest(b, srv)
	stop := make(chan struct{})
	defer close(stop)
	go srv.Watch(root, stop)
	<-srv.Watching()
	events := subscribe(b, ts.URL)
	last := events.next(b).Build
	// The home policy's first measure's English page gets a sentence more
	// at the end of its body each time.
	site, err := content.Load(root)
	if err != nil {
		b.Fatal(err)
	}
	p := site.Policy(site.Config.HomePolicy)
	m := p.Measures[0]
	measure := p.Dir + "/measures/" + m.Slug + "/index.en.md"
	pageURL := "/en/policies/" + p.Slug + "/measures/" + m.Slug + "/"
	original, err := os.ReadFile(filepath.Join(root, measure))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		marker := fmt.Sprintf("Edit number %d.", i)
		text := strings.TrimRight(string(original), "\n") + " " + marker + "\n"
		write(b, root, measure, text)
		for {
			ev := events.next(b)
			if len(ev.Problems) > 0 {
				b.Fatalf("the edit broke the build: %s", ev.Problems[0])
			}
			if ev.Build > last {
				last = ev.Build
				break
			}
		}
		if _, page := get(b, ts.URL+pageURL); !strings.Contains(page, marker) {
			b.Fatal("the reloaded page lacks the edit")
		}
	}
}

// realCopy copies the real site's sources to a temporary folder, on tmpfs
// where there is one: disk timings here vary too much to compare.
func realCopy(b testing.TB) string {
	dir := ""
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		d, err := os.MkdirTemp("/dev/shm", "xihu-bench-")
		if err == nil {
			dir = d
			b.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	if dir == "" {
		dir = b.TempDir()
	}
	files := map[string]string{}
	filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel("../..", p)
			files[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	sitetest.WriteInto(b, dir, files, "../..")
	return dir
}
