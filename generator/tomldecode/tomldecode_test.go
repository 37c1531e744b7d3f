package tomldecode

import (
	"strings"
	"testing"

	"xihuguide/generator/diag"
)

type target struct {
	Title string `toml:"title"`
	Count int    `toml:"count"`
	Table struct {
		Name string `toml:"name"`
	} `toml:"table"`
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		base int
		pos  string
		msg  string
	}{
		{"unknown key", "title = \"x\"\ntitel = \"y\"\n", 0, "f:2:1", `unknown key "titel"`},
		{"unknown key in a table, after front matter", "title = \"x\"\n[table]\nnmae = \"y\"\n", 1, "f:4:1", `unknown key "table.nmae"`},
		{"unclosed string", "title = \"西湖\ncount = 1\n", 0, "f:1:", "TOML syntax"},
		{"full-width equals", "title ＝ \"x\"\n", 0, "f:1:7", `full-width "＝"`},
		{"full-width quote", "title = “x”\n", 0, "f:1:9", `full-width "“"`},
		{"wrong type", "count = \"three\"\n", 0, "f:1:1", "count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v target
			_, err := Decode("f", []byte(tt.src), tt.base, &v)
			if err == nil {
				t.Fatal("no error")
			}
			e := diag.All(err)[0]
			if !strings.HasPrefix(e.Position(), tt.pos) || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %s: %s; want %s…: …%s…", e.Position(), e.Msg, tt.pos, tt.msg)
			}
			if e.Hint == "" {
				t.Error("no hint")
			}
		})
	}
}

func TestFullWidthInsideStringsIsText(t *testing.T) {
	var v target
	if _, err := Decode("f", []byte("title = \"“算力券”：发放额满截止\"\n"), 0, &v); err != nil {
		t.Fatal(err)
	}
	if v.Title != "“算力券”：发放额满截止" {
		t.Errorf("title %q", v.Title)
	}
}

func TestKeyLine(t *testing.T) {
	src := []byte("title = 1\n[a]\ntitle = 2\n[b.c]\nd = 3\n")
	for _, tt := range []struct {
		key  []string
		want int
	}{{[]string{"title"}, 1}, {[]string{"a", "title"}, 3}, {[]string{"b", "c", "d"}, 5}, {[]string{"zz"}, 0}} {
		if got := KeyLine(src, tt.key); got != tt.want {
			t.Errorf("KeyLine(%v) = %d, want %d", tt.key, got, tt.want)
		}
	}
}
