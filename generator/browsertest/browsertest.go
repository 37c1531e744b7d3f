// Package browsertest drives Debian's Chromium over the DevTools protocol
// (chromedp) against a site built into a temporary folder and served on the
// loopback address, for the tests that need a real browser: filling the
// self-check as a visitor would, watching every network request, keyboard
// use, and axe-core's accessibility audit.
//
// A test that needs the browser skips when Chromium is missing, except in CI
// (CI=true), where it fails: CI must prove what the README promises.
package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// need skips or fails the test when a tool it needs is missing.
func need(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is missing, and CI must run this test: .ci/run installs it", what)
	}
	t.Skipf("%s is missing; install it to run this test", what)
}

// thorough says whether the tests that walk every case of the real site
// walk them all: in CI (CI=true), or with BROWSERTEST_ALL=1. Elsewhere they
// take one for each measure, so that go test ./... stays well under a
// minute on two cores; a page costs the browser about a tenth of a second
// of processor time.
func thorough() bool {
	return os.Getenv("CI") == "true" || os.Getenv("BROWSERTEST_ALL") == "1"
}

// ChromiumPath finds the browser that the tests drive: $CHROMIUM, else
// Debian's chromium-headless-shell, else its full Chromium. The shell is
// the same Chromium (its Blink and V8, its version) built for automation,
// without the desktop browser around the page; the package's tests cost it
// half the processor time that they cost the full browser, on two cores the
// difference between 40 and 21 seconds.
func ChromiumPath(t testing.TB) string {
	t.Helper()
	return findBrowser(t, os.Getenv("CHROMIUM"), "/usr/bin/chromium-headless-shell", "/usr/bin/chromium", "/usr/bin/chromium-browser")
}

// DesktopChromiumPath finds the full browser that visitors run, for what
// measures it as a whole (Lighthouse): $CHROME_PATH, else Debian's Chromium.
func DesktopChromiumPath(t testing.TB) string {
	t.Helper()
	return findBrowser(t, os.Getenv("CHROME_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser")
}

func findBrowser(t testing.TB, paths ...string) string {
	t.Helper()
	for _, p := range paths {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	need(t, "Chromium (apt-get install chromium-headless-shell chromium)")
	return ""
}

// AxeSource returns axe-core's script: $AXE_CORE_JS, else where .ci/run
// installs it.
func AxeSource(t testing.TB) string {
	t.Helper()
	for _, p := range []string{os.Getenv("AXE_CORE_JS"), "/tmp/xihu-axe/node_modules/axe-core/axe.min.js"} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			return string(b)
		}
	}
	need(t, "axe-core (npm install --prefix /tmp/xihu-axe axe-core)")
	return ""
}

// Serve serves a built site on the loopback address, with its 404 page for
// missing paths.
func Serve(t testing.TB, dir string) *httptest.Server {
	srv, _ := ServeUnder(t, dir, "")
	return srv
}

// Misses records the paths a server answered with its 404 page.
type Misses struct {
	mu    sync.Mutex
	paths []string
}

// All returns the paths answered 404 so far.
func (m *Misses) All() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]string{}, m.paths...)
}

// ServeUnder serves a built site under a base path only ("/sub/path", as a
// project site or a portal's sub-folder is), with its 404 page for every
// other path, and records each path it could not serve.
func ServeUnder(t testing.TB, dir, base string) (*httptest.Server, *Misses) {
	t.Helper()
	misses := &Misses{}
	files := http.StripPrefix(base, http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, under := strings.CutPrefix(r.URL.Path, base+"/")
		p := filepath.Join(dir, filepath.FromSlash(rest))
		if st, err := os.Stat(p); !under || err != nil || (st.IsDir() && !exists(filepath.Join(p, "index.html"))) {
			misses.mu.Lock()
			misses.paths = append(misses.paths, r.URL.Path)
			misses.mu.Unlock()
			notFound := filepath.Join(dir, "404.html")
			if strings.HasPrefix(rest, "en/") {
				notFound = filepath.Join(dir, "en", "404.html")
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(notFound)
			w.Write(b)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, misses
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// Tab lends the test a tab of the package's one Chromium until the test
// ends: a tab another test has given back, reset, or a new one. A new tab
// opens a new window, and each window costs about as much processor time
// as loading a page (three pages in the full browser), so tabs are kept and
// lent again. The tab stops with browser's deadline, but the loan does not
// close it.
func Tab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	tab, err := chromium.lend()
	if err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	deadline, ok := browser.Deadline()
	if !ok {
		deadline = time.Now().Add(3 * time.Minute)
	}
	ctx, cancel := context.WithDeadline(tab.ctx, deadline)
	t.Cleanup(func() {
		cancel()
		chromium.giveBack(tab)
	})
	return context.WithValue(ctx, tabKey{}, tab)
}

// Browser returns a tab of the package's one headless Chromium, which the
// first caller starts and TestMain stops. Starting Chromium costs more
// processor time than most tests spend in it, and on two cores the tests
// are bound by processor time, so they share it; each test still gets a
// clean tab of its own, and its own origin from its own server.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path := ChromiumPath(t)
	chromium.once.Do(func() { chromium.start(path) })
	if chromium.err != nil {
		t.Fatalf("starting Chromium: %v", chromium.err)
	}
	ctx, cancel := context.WithTimeout(chromium.ctx, 3*time.Minute)
	t.Cleanup(cancel)
	return Tab(t, ctx)
}

// A tab is one that Tab lends: its own context, which outlives each loan,
// and the scripts a test asked it to run on every new page, which the reset
// removes.
type tab struct {
	ctx     context.Context
	close   context.CancelFunc
	mu      sync.Mutex
	scripts []page.ScriptIdentifier
}

type tabKey struct{}

// onEveryPage runs js on every page the tab loads from now on, until the
// test gives the tab back.
func onEveryPage(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		res, err := cdp.Call(ctx, tgt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		if err != nil {
			return err
		}
		if tb, ok := ctx.Value(tabKey{}).(*tab); ok {
			tb.mu.Lock()
			tb.scripts = append(tb.scripts, res.Identifier)
			tb.mu.Unlock()
		}
		return nil
	})
}

func (c *sharedBrowser) lend() (*tab, error) {
	c.mu.Lock()
	if n := len(c.free); n > 0 {
		tb := c.free[n-1]
		c.free = c.free[:n-1]
		c.mu.Unlock()
		return tb, nil
	}
	c.mu.Unlock()
	ctx, cancel := chromedp.NewContext(c.ctx)
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, err
	}
	return &tab{ctx: ctx, close: cancel}, nil
}

// giveBack resets the tab to what a new one is, as far as the tests can
// change it (a blank page, the window's own size, the screen's media,
// scripts on, no scripts of its own on every page), and keeps it for the
// next test; a tab that cannot be reset is closed.
func (c *sharedBrowser) giveBack(tb *tab) {
	reset := chromedp.Func(func(ctx context.Context, tgt *chromedp.Target) error {
		tb.mu.Lock()
		scripts := tb.scripts
		tb.scripts = nil
		tb.mu.Unlock()
		for _, id := range scripts {
			if _, err := cdp.Call(ctx, tgt, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id}); err != nil {
				return err
			}
		}
		if _, err := cdp.Call(ctx, tgt, emulation.ClearDeviceMetricsOverride, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tgt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tgt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: false})
		return err
	})
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, reset, chromedp.Navigate("about:blank")); err != nil {
		tb.close()
		return
	}
	c.mu.Lock()
	c.free = append(c.free, tb)
	c.mu.Unlock()
}

// chromium is the browser that Browser shares.
var chromium sharedBrowser

type sharedBrowser struct {
	once    sync.Once
	ctx     context.Context // its first tab, kept open while it runs
	err     error
	dataDir string
	stop    func()

	mu   sync.Mutex
	free []*tab // tabs given back, ready to lend
}

func (c *sharedBrowser) start(path string) {
	c.dataDir, c.err = os.MkdirTemp("", "xihu-chromium-")
	if c.err != nil {
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(c.dataDir),
		chromedp.WindowSize(800, 600), // tests that need a screen say which (phone, desktop)
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("disable-client-side-phishing-detection", true),
		// A page left is not kept for the Back button: no test goes back,
		// and keeping each page cost a tenth of every navigation's time.
		chromedp.Flag("disable-features", "AutofillServerCommunication,OptimizationHints,MediaRouter,Translate,BackForwardCache"),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"),
		chromedp.Flag("lang", "en-US"),
		// Tests open several tabs at once; Chromium would otherwise treat all
		// but one as hidden and slow their timers and frames.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	c.stop = func() {
		cancel()
		cancelAlloc()
		os.RemoveAll(c.dataDir)
	}
	c.ctx = ctx
	c.err = chromedp.Do(ctx)
}

// StopBrowser stops the shared Chromium, if a test started it; TestMain
// calls it once every test has run.
func StopBrowser() {
	if chromium.stop != nil {
		chromium.stop()
	}
}

// Requests records every request the tab makes.
type Requests struct {
	mu   sync.Mutex
	urls []string
}

// Watch starts recording the requests of the tab in ctx.
func Watch(t testing.TB, ctx context.Context) *Requests {
	t.Helper()
	r := &Requests{}
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			r.mu.Lock()
			r.urls = append(r.urls, e.Request.URL)
			r.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Mark returns how many requests were made so far.
func (r *Requests) Mark() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.urls)
}

// Since returns the requests made after a mark.
func (r *Requests) Since(mark int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string{}, r.urls[mark:]...)
}

// All returns every request made.
func (r *Requests) All() []string { return r.Since(0) }
