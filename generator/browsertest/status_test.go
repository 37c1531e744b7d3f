package browsertest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"xihuguide/generator/build"
	"xihuguide/generator/sitetest"
)

// The status line of a page built on one day follows the visitor's own day
// through all four statuses, as Go computes them: a repeal counts from its
// day, before the end of the period.
func TestStatusFollowsTheVisitorsDay(t *testing.T) {
	t.Parallel()
	m := sitetest.Minimal()
	const policy = "content/policies/demo/policy.toml"
	sites := map[string]map[string]string{
		"plain": m,
		"repealed": sitetest.With(m, map[string]string{policy: strings.Replace(m[policy], `original = "original.zh.txt"`,
			"original = \"original.zh.txt\"\nrepealed_on = 2025-06-01", 1)}),
	}
	bases := map[string]string{}
	for name, files := range sites {
		out := filepath.Join(t.TempDir(), "public")
		// Built while in force: only the script can know better.
		if _, err := build.Run(build.Options{Root: sitetest.Write(t, files, "../.."), Out: out, AsOf: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
		bases[name] = Serve(t, out).URL
	}
	tests := []struct{ site, day, class, label string }{
		{"plain", "2025-01-01", "status-pending", "Not yet in force"},
		{"plain", "2025-01-02", "status-in-force", "In force"},
		{"plain", "2026-01-01", "status-expired", "Expired"},
		{"repealed", "2025-05-31", "status-in-force", "In force"},
		{"repealed", "2025-06-01", "status-repealed", "Repealed"},
		{"repealed", "2026-01-01", "status-repealed", "Repealed"},
	}
	browser := Browser(t)
	for _, tt := range tests {
		t.Run(tt.site+" "+tt.day, func(t *testing.T) {
			ctx := Tab(t, browser)
			if err := chromedp.Do(ctx, visitorDate(tt.day), chromedp.Navigate(bases[tt.site]+"/en/policies/demo/"),
				chromedp.WaitVisible(chromedp.CSS("p.status"))); err != nil {
				t.Fatal(err)
			}
			got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => { const p = document.querySelector("p.status");
  return [p.className, p.querySelector(".status-label").textContent, p.querySelector(".status-as-of").textContent]; })()`))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(got[0], tt.class) || got[1] != tt.label || !strings.HasSuffix(got[2], tt.day) {
				t.Errorf("on %s the status line reads %q", tt.day, got)
			}
		})
	}
}
