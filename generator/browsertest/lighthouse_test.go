package browsertest

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"xihuguide/generator/content"
)

// BenchmarkLighthouse runs Lighthouse (npm lighthouse@12, with Debian's
// Chromium) on every page kind of the site in every language and prints the
// four category scores, then every scored audit that did not pass. The site
// is served as a host would serve it: the headers its _headers file asks
// for, compressed. It is a measurement, not a test:
//
//	LIGHTHOUSE=/path/to/lighthouse go test ./generator/browsertest -run X -bench Lighthouse -benchtime 1x
//
// .ci/lighthouse installs Lighthouse from npm and runs it.
func BenchmarkLighthouse(b *testing.B) {
	lh := os.Getenv("LIGHTHOUSE")
	if lh == "" {
		b.Skip("set LIGHTHOUSE to the lighthouse command (npm install lighthouse@12)")
	}
	chromium := DesktopChromiumPath(b)
	dir := searchSite(b, "../..")
	srv := httptest.NewServer(hostLike(b, dir))
	b.Cleanup(srv.Close)
	s, err := content.Load("../..")
	if err != nil {
		b.Fatal(err)
	}
	type page struct{ kind, path string }
	var pages []page
	for _, l := range s.Languages() {
		prefix := s.Prefix(l.Code)
		add := func(kind, path string) { pages = append(pages, page{l.Code + " " + kind, prefix + path}) }
		add("home", "/")
		add("policies", "/policies/")
		for _, p := range s.Policies[:1] {
			base := "/policies/" + p.Slug + "/"
			add("overview", base)
			add("full text", base+"text/")
			add("measure", base+"measures/"+p.Measures[0].Slug+"/")
			add("provisions", base+"provisions/")
			add("rules", base+"rules/")
			add("self-check", base+"check/")
		}
		add("search", "/search/")
		add("changes", "/changes/")
		add("about", "/about/")
		// Lighthouse will not audit a page sent with status 404: the page
		// itself, as a file.
		add("not found", "/404.html")
	}
	fmt.Printf("%-16s %12s %14s %15s %5s\n", "page", "performance", "accessibility", "best-practices", "seo")
	var failed []string
	for _, pg := range pages {
		out := filepath.Join(b.TempDir(), "report.json")
		cmd := exec.Command(lh, srv.URL+pg.path, "--output=json", "--output-path="+out, "--quiet",
			"--chrome-flags=--headless=new --no-sandbox --disable-gpu")
		cmd.Env = append(os.Environ(), "CHROME_PATH="+chromium)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%s: %v\n%s", pg.path, err, msg)
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			b.Fatal(err)
		}
		var report struct {
			Categories map[string]struct {
				Score     *float64 `json:"score"`
				AuditRefs []struct {
					ID     string  `json:"id"`
					Weight float64 `json:"weight"`
				} `json:"auditRefs"`
			} `json:"categories"`
			Audits map[string]struct {
				Score        *float64 `json:"score"`
				DisplayValue string   `json:"displayValue"`
			} `json:"audits"`
		}
		if err := json.Unmarshal(raw, &report); err != nil {
			b.Fatal(err)
		}
		score := func(cat string) string {
			c := report.Categories[cat]
			if c.Score == nil {
				return "-"
			}
			return fmt.Sprintf("%.0f", *c.Score*100)
		}
		fmt.Printf("%-16s %12s %14s %15s %5s\n", pg.kind, score("performance"), score("accessibility"), score("best-practices"), score("seo"))
		for cat, c := range report.Categories {
			for _, ref := range c.AuditRefs {
				a := report.Audits[ref.ID]
				if ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
					failed = append(failed, fmt.Sprintf("  %s %s: %s %.2f %s", pg.kind, cat, ref.ID, *a.Score, a.DisplayValue))
				}
			}
		}
	}
	sort.Strings(failed)
	if len(failed) > 0 {
		fmt.Println("Scored audits that did not pass:")
		fmt.Println(strings.Join(failed, "\n"))
	}
}

// hostLike serves dir as a static host would: the headers of its _headers
// file (Netlify's format: a path pattern, then indented headers), gzip for
// clients that accept it, and the 404 page for what is missing.
func hostLike(t testing.TB, dir string) http.Handler {
	type rule struct {
		pattern string
		headers [][2]string
	}
	var rules []rule
	if f, err := os.Open(filepath.Join(dir, "_headers")); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.TrimSpace(line) == "":
			case !strings.HasPrefix(line, " "):
				rules = append(rules, rule{pattern: strings.TrimSpace(line)})
			case len(rules) > 0:
				k, v, _ := strings.Cut(strings.TrimSpace(line), ":")
				rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{k, strings.TrimSpace(v)})
			}
		}
		f.Close()
	}
	static, _ := ServeUnder(t, dir, "")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rl := range rules {
			if p, wild := strings.CutSuffix(rl.pattern, "*"); wild && strings.HasPrefix(r.URL.Path, p) || rl.pattern == r.URL.Path {
				for _, h := range rl.headers {
					w.Header().Set(h[0], h[1])
				}
			}
		}
		var body http.ResponseWriter = w
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Add("Vary", "Accept-Encoding")
			gz := gzip.NewWriter(w)
			defer gz.Close()
			body = gzipWriter{w, gz}
		}
		proxy, err := http.NewRequest(r.Method, static.URL+r.URL.RequestURI(), nil)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		res, err := http.DefaultClient.Do(proxy)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		for _, k := range []string{"Content-Type", "Last-Modified"} {
			if v := res.Header.Get(k); v != "" {
				w.Header().Set(k, v)
			}
		}
		w.WriteHeader(res.StatusCode)
		buf := make([]byte, 32<<10)
		for {
			n, err := res.Body.Read(buf)
			body.Write(buf[:n])
			if err != nil {
				break
			}
		}
	})
}

type gzipWriter struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g gzipWriter) Write(p []byte) (int, error) { return g.gz.Write(p) }
