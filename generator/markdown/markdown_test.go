package markdown

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"解读要点":                 "解读要点",
		"Key points":           "key-points",
		"附则 5：就高、不重复":          "附则-5-就高-不重复",
		"  --  ":               "",
		"Measure 12 (finance)": "measure-12-finance",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	r := New("/en")
	src := "## 解读要点\n\n## 解读要点\n\nSee [p5](/policies/x/text/#provision-5) and [gov](https://www.gov.cn/).\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n"
	res, err := r.RenderText("f.md", []byte(src), 5, 3)
	if err != nil {
		t.Fatal(err)
	}
	html := string(res.HTML)
	for _, want := range []string{
		`<h3 id="解读要点">解读要点</h3>`, `<h3 id="解读要点-1">`, // Chinese IDs, shifted to h3, made unique
		`href="/en/policies/x/text/#provision-5"`, // site links go under the language
		`href="https://www.gov.cn/"`,
		"<td>2</td>", // no style attribute for alignment: the CSP forbids inline styles
	} {
		if !strings.Contains(html, want) {
			t.Errorf("output lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "style=") {
		t.Errorf("output has a style attribute:\n%s", html)
	}
	if len(res.Links) != 2 || res.Links[0].Dest != "/en/policies/x/text/#provision-5" || res.Links[0].At.Line != 9 {
		t.Errorf("links %+v", res.Links[0].At)
	}
}

func TestRenderRefuses(t *testing.T) {
	r := New("")
	for _, tt := range []struct{ src, pos, msg string }{
		{"text\n\n<div>block</div>\n", "f.md:3:1", "raw HTML"},
		{"inline <b>bold</b> here\n", "f.md:1:8", "raw HTML"},
		{"ok\n\tindented\n", "f.md:2:1", "tab"},
		{"ok\r\nline\r\n", "f.md:1:3", "CRLF"},
		{"see [x](javascript:alert(1))\n", "f.md:1:9", "a javascript link is not allowed"},
		{"see [x](JaVaScRiPt:alert(1))\n", "f.md:1:9", "a javascript link is not allowed"},
		{"see [e](java&#x09;script:alert(1))\n", "f.md:1:", "a javascript link is not allowed"},
		{"![i](data:text/html,hi)\n", "f.md:1:", "a data link is not allowed"},
		{"<vbscript:msgbox>\n", "f.md:1:", "a vbscript link is not allowed"},
		{"[f](file:///etc/passwd)\n", "f.md:1:", "a file link is not allowed"},
		{"![](/\\tracker.example/p.gif)\n", "f.md:1:", "a backslash in a link"},
		{"first\nbad \xff\xfe bytes\n", "f.md:2:5", "not UTF-8"},
		{"ok\n" + deepList(2000), "f.md:", "Markdown nested more than 16 deep"},
		{"ok\n\n" + strings.Repeat(">", 5000) + " quote\n", "f.md:3:1", "Markdown nested more than 16 deep"},
		{strings.Repeat("- ", 3000) + "x\n", "f.md:1:1", "Markdown nested more than 16 deep"},
	} {
		_, err := r.RenderText("f.md", []byte(tt.src), 1, 2)
		if err == nil {
			t.Errorf("%q: no error", tt.src)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.pos) || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%q: got %v, want %s … %s", tt.src, err, tt.pos, tt.msg)
		}
	}
}

func deepList(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

// Lists and quotes nested as deep as a page could want still render.
func TestReasonableNesting(t *testing.T) {
	src := deepList(8) + "\n" + strings.Repeat(">", 8) + " q\n\n1. one\n   - two\n     1) three\n"
	if _, err := New("").RenderText("f.md", []byte(src), 1, 2); err != nil {
		t.Fatal(err)
	}
}
