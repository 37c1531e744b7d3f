package browsertest

import (
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/serve"
	"xihuguide/generator/sitetest"
)

// Editing a page while the preview runs shows the change in the open
// browser without a manual reload; broken TOML shows the overlay with the
// file, line and quoted text, and fixing the file clears it.
func TestPreviewLiveReload(t *testing.T) {
	t.Parallel()
	files := sitetest.Minimal()
	root := sitetest.Write(t, files, "../..")
	ts := preview(t, root)

	ctx := Browser(t)
	const page = "/en/policies/demo/measures/02-beta/"
	if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
		t.Fatal(err)
	}
	// The page notes that it was loaded, to tell a live reload from none.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__loadedOnce = true`)); err != nil {
		t.Fatal(err)
	}
	waitListening(t, ctx)
	save := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// waitFor asks the page again and again: a reload in between only
	// means asking the new page.
	waitFor := func(js, what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return
			}
			time.Sleep(25 * time.Millisecond)
		}
		t.Fatal(what)
	}
	const beta = "content/policies/demo/measures/02-beta/index.en.md"
	save(beta, strings.Replace(files[beta], "A subsidy of 20% is given.", "A subsidy of 20% is given, as edited live.", 1))
	waitFor(`document.querySelector("main") && document.querySelector("main").innerText.includes("as edited live")`, "the edit did not appear")
	if reloaded, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__loadedOnce !== true`)); !reloaded {
		t.Error("the page changed without reloading?")
	}

	const policy = "content/policies/demo/policy.toml"
	save(policy, strings.Replace(files[policy], `title.en = "Demo policy"`, `title.en = "Demo policy`, 1))
	waitFor(`(() => { const o = document.getElementById("preview-overlay"); return !!o && o.innerText.includes("content/policies/demo/policy.toml:2") && o.innerText.includes('title.en = "Demo policy') })()`,
		"the overlay did not show the broken TOML")
	text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(text, "as edited live") {
		t.Error("the last good page is not kept under the overlay")
	}

	save(policy, files[policy])
	waitFor(`document.getElementById("preview-overlay") === null && document.querySelector("main") !== null`, "the overlay did not clear after the fix")
}

// waitListening waits until the page's preview script has its event stream.
func waitListening(t *testing.T, ctx context_) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitReady(chromedp.CSS("html[data-preview-build]"))); err != nil {
		t.Fatal(err)
	}
}

// Started on content that does not build, the preview shows every page as
// the list of problems in the page's language, and the real page once
// they are fixed, without a manual reload.
func TestPreviewStartsOnBrokenContent(t *testing.T) {
	t.Parallel()
	files := sitetest.Minimal()
	const policy = "content/policies/demo/policy.toml"
	root := sitetest.Write(t, sitetest.With(files, map[string]string{policy: strings.Replace(files[policy], `title.en = "Demo policy"`, `title.en = "Demo policy`, 1)}), "../..")
	ts := preview(t, root)

	ctx := Browser(t)
	overlay := `(() => { const o = document.getElementById("preview-overlay"); return o ? o.innerText : ""; })()`
	// In this order, so that the page left open is the English measure,
	// whose title the fix below must bring back.
	for _, p := range []struct{ page, heading string }{
		{"/policies/demo/", "网站尚未生成：请改正下列问题"},
		{"/en/policies/demo/measures/02-beta/", "The site does not build yet"},
	} {
		page, heading := p.page, p.heading
		if err := chromedp.Do(ctx, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.ID("preview-overlay"))); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](overlay))
		if !strings.Contains(text, heading) || !strings.Contains(text, policy+":2") {
			t.Errorf("%s: the overlay reads %q", page, text)
		}
		// The problem itself is in the page's language too.
		if message := map[bool]string{true: "TOML 语法错误", false: "TOML syntax"}[strings.HasPrefix(page, "/policies/")]; !strings.Contains(text, message) {
			t.Errorf("%s: the overlay lacks %q: %q", page, message, text)
		}
	}
	waitListening(t, ctx)
	if err := os.WriteFile(filepath.Join(root, policy), []byte(files[policy]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(text, "Beta") {
			return
		}
		time.Sleep(25 * time.Millisecond)
	}
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + " | " + document.body.innerText.slice(0, 300)`))
	t.Errorf("the page did not become the real page after the fix: %q", text)
}

// preview serves the site under root as `serve` does, watching it, and
// returns once every change is seen.
func preview(t *testing.T, root string) *httptest.Server {
	srv := serve.New(root, asOf, io.Discard)
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.CloseClientConnections(); ts.Close() })
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go srv.Watch(root, stop)
	<-srv.Watching()
	return ts
}
