package build

import (
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
)

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// weights measures, minified and gzipped, what the self-check makes a
// visitor download: its script, every page's script and stylesheet, and the
// rules it runs (the largest policy's, where there are several).
func weights(t testing.TB) map[string]int {
	r, err := Render(Options{Root: realRoot, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for name, b := range r.Output.Files {
		switch {
		case strings.HasPrefix(name, "assets/check-"):
			out["check-js"] = gzipSize(b)
		case strings.HasPrefix(name, "assets/site-") && strings.HasSuffix(name, ".js"):
			out["site-js"] = gzipSize(b)
		case strings.HasPrefix(name, "assets/site-") && strings.HasSuffix(name, ".css"):
			out["css"] = gzipSize(b)
		case strings.HasPrefix(name, "policies/") && strings.HasSuffix(name, "/rules.json"):
			out["rules-json"] = max(out["rules-json"], gzipSize(b))
		case strings.HasPrefix(name, "policies/") && strings.HasSuffix(name, "/check/index.html"):
			out["check-html"] = max(out["check-html"], gzipSize(b))
		}
	}
	return out
}

// The self-check's JavaScript stays under 20 KB gzipped: a size budget,
// not a timing.
func TestSelfCheckJavaScriptBudget(t *testing.T) {
	w := weights(t)
	js := w["check-js"] + w["site-js"]
	t.Logf("gzipped bytes: self-check JS %d, site JS %d, CSS %d, rules JSON %d, page HTML %d",
		w["check-js"], w["site-js"], w["css"], w["rules-json"], w["check-html"])
	if js == 0 || js > 20*1024 {
		t.Errorf("the self-check's JavaScript is %d bytes gzipped; the budget is 20 KB", js)
	}
}

// BenchmarkSelfCheckWeight reports the weights as metrics:
// go test ./generator/build -run X -bench SelfCheckWeight
func BenchmarkSelfCheckWeight(b *testing.B) {
	var w map[string]int
	for i := 0; i < b.N; i++ {
		w = weights(b)
	}
	for _, k := range []string{"check-js", "site-js", "css", "rules-json", "check-html"} {
		b.ReportMetric(float64(w[k]), k+"-gz-bytes")
	}
}
