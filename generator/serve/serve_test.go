package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xihuguide/generator/sitetest"
)

var asOf = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// serveTest serves the preview for a test; its event streams are cut when
// the test ends, so that closing the server does not wait for them.
func serveTest(t testing.TB, h http.Handler) *httptest.Server {
	ts := httptest.NewServer(h)
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
	})
	return ts
}

// stream reads the preview's event stream.
type stream struct {
	r    *bufio.Reader
	body io.Closer
}

func subscribe(t testing.TB, base string) *stream {
	t.Helper()
	resp, err := http.Get(base + "/__preview/events")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return &stream{r: bufio.NewReader(resp.Body), body: resp.Body}
}

type event struct {
	Build      int               `json:"build"`
	Ready      bool              `json:"ready"`
	ProblemsZH []json.RawMessage `json:"problems_zh"`
	Problems   []json.RawMessage `json:"problems"`
	CSS        *struct {
		URL string `json:"url"`
	} `json:"css"`
}

func (s *stream) next(t testing.TB) event {
	t.Helper()
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			var ev event
			if err := json.Unmarshal([]byte(data), &ev); err != nil {
				t.Fatal(err)
			}
			return ev
		}
	}
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func write(t testing.TB, root, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestPreview(t *testing.T) {
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, "../..")
	srv := New(root, asOf, io.Discard)
	ts := serveTest(t, srv)

	code, page := get(t, ts.URL+"/policies/demo/measures/02-beta/")
	if code != 200 || !strings.Contains(page, `<script src="/__preview/preview.js" defer></script></head>`) {
		t.Fatalf("%d: the page lacks the preview script", code)
	}
	events := subscribe(t, ts.URL)
	if ev := events.next(t); ev.Build != 1 || len(ev.Problems) != 0 {
		t.Fatalf("first state %+v", ev)
	}

	// An edit rebuilds and tells the page to reload.
	const beta = "content/policies/demo/measures/02-beta/index.en.md"
	write(t, root, beta, strings.Replace(files[beta], "A subsidy of 20% is given.", "A subsidy of 20% is given, edited.", 1))
	srv.Rebuild()
	if ev := events.next(t); ev.Build != 2 || len(ev.Problems) != 0 || ev.CSS != nil {
		t.Fatalf("after an edit %+v", ev)
	}
	if _, page := get(t, ts.URL+"/en/policies/demo/measures/02-beta/"); !strings.Contains(page, "edited.") {
		t.Error("the edit is not served")
	}

	// Broken TOML: the problems go to the page; the last good build stays.
	write(t, root, "content/policies/demo/policy.toml", "title.zh = \"示例政策\n")
	srv.Rebuild()
	ev := events.next(t)
	if ev.Build != 2 || len(ev.Problems) == 0 || !strings.Contains(string(ev.Problems[0]), `"file":"content/policies/demo/policy.toml","line":1`) {
		t.Fatalf("after breaking the TOML %+v", ev)
	}
	if code, page := get(t, ts.URL+"/en/policies/demo/measures/02-beta/"); code != 200 || !strings.Contains(page, "edited.") {
		t.Error("the last good build is no longer served")
	}
	// A new page that connects learns of the problems at once.
	if ev := subscribe(t, ts.URL).next(t); len(ev.Problems) == 0 {
		t.Error("a new page is not told of the problems")
	}

	// Fixed: the problems clear and the page reloads.
	write(t, root, "content/policies/demo/policy.toml", files["content/policies/demo/policy.toml"])
	srv.Rebuild()
	if ev := events.next(t); ev.Build != 3 || len(ev.Problems) != 0 {
		t.Fatalf("after the fix %+v", ev)
	}

	// A stylesheet edit is swapped in place.
	css, _ := os.ReadFile(filepath.Join(root, "assets/css/site.css"))
	write(t, root, "assets/css/site.css", string(css)+"\n.preview-test { color: #123456; }\n")
	srv.Rebuild()
	if ev := events.next(t); ev.CSS == nil || !strings.HasPrefix(ev.CSS.URL, "/assets/site-") {
		t.Fatalf("after a stylesheet edit %+v", ev)
	}
}

func TestPreviewRefusesPathsOutsideTheSite(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "../..")
	ts := serveTest(t, New(root, asOf, io.Discard))
	for _, p := range []string{"/..%2f..%2fetc/passwd", "/%2e%2e/go.mod", "/en/..%5c..%5cgo.mod"} {
		if code, _ := get(t, ts.URL+p); code != http.StatusBadRequest {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, page := get(t, ts.URL+"/en/nowhere/"); code != 404 || !strings.Contains(page, "Not found") {
		t.Errorf("missing page: %d", code)
	}
	if code, _ := get(t, ts.URL+"/about"); code != 200 {
		t.Errorf("a folder without its slash: %d", code)
	}
}

// The watcher turns a saved file into a rebuild, and a file saved in two
// steps (half, then whole) ends in a good build.
func TestWatchAndHalfSavedFiles(t *testing.T) {
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, "../..")
	events := subscribe(t, watched(t, root).URL)
	events.next(t)
	const policy = "content/policies/demo/policy.toml"
	whole := files[policy]
	write(t, root, policy, whole[:len(whole)/3])
	time.Sleep(50 * time.Millisecond)
	write(t, root, policy, whole)
	deadline := time.After(5 * time.Second)
	for {
		done := make(chan event, 1)
		go func() { done <- events.next(t) }()
		select {
		case ev := <-done:
			if len(ev.Problems) == 0 && ev.Build >= 2 {
				return
			}
		case <-deadline:
			t.Fatal("no good build after the file was saved whole")
		}
	}
}

// A site whose base_url has a path is previewed under that path, as it will
// be published; the host's root leads there, and no redirect leaves the
// site (a request for //policies is not sent on to a host "policies").
func TestPreviewUnderASubPath(t *testing.T) {
	m := sitetest.Minimal()
	root := sitetest.Write(t, sitetest.With(m, map[string]string{"content/site.toml": strings.Replace(m["content/site.toml"],
		`base_url = "https://example.org/"`, `base_url = "https://example.org/sub/"`, 1)}), "../..")
	ts := serveTest(t, New(root, asOf, io.Discard))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	redirect := func(p string) (int, string) {
		resp, err := client.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Location")
	}
	if code, to := redirect("/"); code != http.StatusFound || to != "/sub/" {
		t.Errorf("/ answers %d to %q", code, to)
	}
	for p, want := range map[string]int{"/sub/": 200, "/sub/en/policies/demo/measures/02-beta/": 200, "/policies/demo/": 404, "/subway/": 404} {
		if code, _ := get(t, ts.URL+p); code != want {
			t.Errorf("%s: %d, want %d", p, code, want)
		}
	}
	if code, page := get(t, ts.URL+"/sub/policies/demo/"); code != 200 || !strings.Contains(page, `href="/sub/en/policies/demo/"`) {
		t.Errorf("the overview under /sub/ (%d) does not link its English page under /sub/", code)
	}
	if code, to := redirect("/sub//policies"); code != http.StatusMovedPermanently || to != "/sub/policies/" {
		t.Errorf("/sub//policies answers %d to %q", code, to)
	}
	plain := sitetest.Write(t, m, "../..")
	ts2 := serveTest(t, New(plain, asOf, io.Discard))
	resp, err := client.Get(ts2.URL + "//policies")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if to := resp.Header.Get("Location"); strings.HasPrefix(to, "//") {
		t.Errorf("//policies redirects to %q, which leaves the site", to)
	}
}

// Started on content that does not build, the preview serves every page as
// the list of problems, in the page's language, with its script, and the
// real pages once they are fixed.
func TestPreviewStartsOnBrokenContent(t *testing.T) {
	files := sitetest.Minimal()
	const policy = "content/policies/demo/policy.toml"
	root := sitetest.Write(t, sitetest.With(files, map[string]string{policy: "title.zh = \"示例政策\n"}), "../..")
	srv := New(root, asOf, io.Discard)
	ts := serveTest(t, srv)
	for p, want := range map[string]string{"/en/policies/demo/measures/02-beta/": `<html lang="en">`, "/policies/demo/": `<html lang="zh-CN">`, "/nowhere": `<html lang="zh-CN">`} {
		code, page := get(t, ts.URL+p)
		if code != http.StatusServiceUnavailable || !strings.Contains(page, want) || !strings.Contains(page, `<script src="/__preview/preview.js" defer></script>`) {
			t.Errorf("%s: %d, without %s or the preview script:\n%s", p, code, want, page)
		}
	}
	events := subscribe(t, ts.URL)
	if ev := events.next(t); ev.Build != 0 || ev.Ready || len(ev.Problems) == 0 || !strings.Contains(string(ev.Problems[0]), policy) ||
		len(ev.ProblemsZH) != len(ev.Problems) || !strings.Contains(string(ev.ProblemsZH[0]), "TOML 语法错误") {
		t.Fatalf("first state %+v", ev)
	}
	write(t, root, policy, files[policy])
	srv.Rebuild()
	if ev := events.next(t); ev.Build != 1 || !ev.Ready || len(ev.Problems) != 0 {
		t.Fatalf("after the fix %+v", ev)
	}
	if code, page := get(t, ts.URL+"/en/policies/demo/measures/02-beta/"); code != 200 || !strings.Contains(page, "Beta") {
		t.Errorf("after the fix: %d", code)
	}
}

// A commit rebuilds the preview by itself, so that the pages' history is
// the repository's, without waiting for the next save.
func TestPreviewPicksUpCommits(t *testing.T) {
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, "../..")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "init", "-q", "-b", "main")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "add", ".")
	sitetest.Git(t, root, "2025-01-02T09:00:00+08:00", "commit", "-qm", "Publish")
	ts := watched(t, root)
	events := subscribe(t, ts.URL)
	first := events.next(t)
	const beta = "content/policies/demo/measures/02-beta/index.en.md"
	// The edit is saved (and rebuilt) first; only then committed.
	write(t, root, beta, strings.Replace(files[beta], "is given.", "is given, amended.", 1))
	for ev := events.next(t); ev.Build == first.Build; ev = events.next(t) {
	}
	_, before := get(t, ts.URL+"/en/policies/demo/measures/02-beta/")
	sitetest.Git(t, root, "2025-03-15T16:00:00+08:00", "commit", "-qam", "Amend measure 2")
	deadline := time.After(10 * time.Second)
	for {
		got := make(chan event, 1)
		go func() { got <- events.next(t) }()
		select {
		case <-deadline:
			t.Fatal("no rebuild after the commit")
		case <-got:
		}
		if _, page := get(t, ts.URL+"/en/policies/demo/measures/02-beta/"); strings.Contains(page, `<time datetime="2025-03-15">`) {
			break
		}
	}
	if strings.Contains(before, `<time datetime="2025-03-15">`) {
		t.Error("the page knew of the commit before it was made")
	}
}

// The preview answers only to loopback names and the host it was given:
// a page that rebinds its own name to 127.0.0.1 gets no page and no event
// stream, and the stream refuses other origins.
func TestPreviewRefusesOtherHosts(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "../..")
	srv := New(root, asOf, io.Discard)
	srv.Hosts = []string{"preview.lan"}
	ts := serveTest(t, srv)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(ts.URL, "http://"))
	request := func(host, path, origin string) (int, string) {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Host = host
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		resp, err := http.DefaultClient.Do(req.WithContext(ctx))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := make([]byte, 64)
		n, _ := io.ReadFull(resp.Body, b)
		return resp.StatusCode, string(b[:n])
	}
	for _, host := range []string{"evil.example", "evil.example:" + port, "127.0.0.1.evil.example", "10.0.0.5:" + port} {
		for _, path := range []string{"/", "/policies/demo/", "/__preview/events"} {
			if code, body := request(host, path, ""); code != http.StatusMisdirectedRequest || body != "" {
				t.Errorf("Host %s %s: %d %q", host, path, code, body)
			}
		}
	}
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "preview.lan:" + port} {
		if code, _ := request(host, "/policies/demo/", ""); code != 200 {
			t.Errorf("Host %s: %d", host, code)
		}
	}
	if code, body := request("127.0.0.1:"+port, "/__preview/events", "http://evil.example"); code != http.StatusForbidden || body != "" {
		t.Errorf("the event stream for another origin: %d %q", code, body)
	}
}

// A request whose headers never end is dropped after the header timeout,
// so that many of them cannot hold the preview.
func TestPreviewDropsHalfSentRequests(t *testing.T) {
	root := sitetest.Write(t, sitetest.Minimal(), "../..")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := HTTPServer(New(root, asOf, io.Discard), 200*time.Millisecond)
	go hs.Serve(ln)
	defer hs.Close()
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	io.ReadAll(conn) // returns when the server closes the connection
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("a half-sent request was held for %s", took)
	}
	if hs.IdleTimeout == 0 {
		t.Error("idle connections are never closed")
	}
}

// watched serves the preview of root for a test, watching it, and returns
// once every change is seen.
func watched(t *testing.T, root string) *httptest.Server {
	srv := New(root, asOf, io.Discard)
	ts := serveTest(t, srv)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go srv.Watch(root, stop)
	<-srv.Watching()
	return ts
}
