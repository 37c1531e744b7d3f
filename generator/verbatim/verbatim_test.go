package verbatim

import (
	"strings"
	"testing"

	"xihuguide/generator/content"
)

func lines(texts ...string) []content.OriginalLine {
	var out []content.OriginalLine
	for i, s := range texts {
		out = append(out, content.OriginalLine{File: "o.txt", Line: i + 1, Text: s})
	}
	return out
}

const page = `<html><head><title>不算</title></head><body><nav>导航</nav><main>
<h1>西湖区  若干措施</h1><p>1、支持算力。<em>给予</em>25%的资助，&ldquo;算力券&rdquo;额满截止。</p>
<script>var x = "2、隐藏";</script></main></body></html>`

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		lines []content.OriginalLine
		want  string
	}{
		{"layout and spacing may differ", lines("西湖区若干措施", "1、支持算力。给予25%的资助，“算力券”额满截止。"), ""},
		{"a changed character", lines("1、支持算力。给予26%的资助"), "departs from it after «1、支持算力。给予2»"},
		{"out of order", lines("1、支持算力。", "西湖区若干措施"), "o.txt:2:1"},
		{"scripts are not text", lines("2、隐藏"), "not reproduced"},
		{"outside main", lines("导航"), "not reproduced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.lines, []byte(page), "p.html")
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want …%s…", err, tt.want)
			}
		})
	}
}
