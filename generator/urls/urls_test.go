package urls

import "testing"

func TestLayout(t *testing.T) {
	tests := []struct {
		baseURL              string
		zhPage, enPage, root string
		abs                  string
		file                 string
		fileOK               bool
		outside              string
	}{
		{"https://example.org/", "/policies/x/", "/en/policies/x/", "/assets/a.css", "https://example.org/en/policies/x/", "en/policies/x/index.html", true, ""},
		{"https://example.gov.cn/xihu-ai/", "/xihu-ai/policies/x/", "/xihu-ai/en/policies/x/", "/xihu-ai/assets/a.css",
			"https://example.gov.cn/xihu-ai/en/policies/x/", "en/policies/x/index.html", true, "/policies/x/"},
		{"https://example.gov.cn/a/b/", "/a/b/policies/x/", "/a/b/en/policies/x/", "/a/b/assets/a.css",
			"https://example.gov.cn/a/b/en/policies/x/", "en/policies/x/index.html", true, "/a/bc/"},
	}
	for _, tt := range tests {
		l := New(tt.baseURL, "zh")
		if got := l.Page("zh", "/policies/x/"); got != tt.zhPage {
			t.Errorf("%s: zh page %s, want %s", tt.baseURL, got, tt.zhPage)
		}
		en := l.Page("en", "/policies/x/")
		if en != tt.enPage {
			t.Errorf("%s: en page %s, want %s", tt.baseURL, en, tt.enPage)
		}
		if got := l.Root("/assets/a.css"); got != tt.root {
			t.Errorf("%s: asset %s, want %s", tt.baseURL, got, tt.root)
		}
		if got := l.Abs(en); got != tt.abs {
			t.Errorf("%s: absolute %s, want %s", tt.baseURL, got, tt.abs)
		}
		if got, ok := l.File(en); got != tt.file || ok != tt.fileOK {
			t.Errorf("%s: file of %s: %s %v", tt.baseURL, en, got, ok)
		}
		if got, ok := l.File(l.Lang("zh") + "/"); got != "index.html" || !ok {
			t.Errorf("%s: the home is served by %s %v", tt.baseURL, got, ok)
		}
		if tt.outside != "" {
			if f, ok := l.File(tt.outside); ok {
				t.Errorf("%s: %s is outside the site, yet served by %s", tt.baseURL, tt.outside, f)
			}
		}
	}
}
