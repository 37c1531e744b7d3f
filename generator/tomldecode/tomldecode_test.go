package tomldecode

import (
	"strings"
	"testing"

	"xihuguide/generator/diag"

	"github.com/BurntSushi/toml"
)

type target struct {
	Title   string            `toml:"title"`
	Count   int               `toml:"count"`
	Repeal  string            `toml:"repealed_on"`
	Explain map[string]string `toml:"explain"`
	Table   struct {
		Name string `toml:"name"`
	} `toml:"table"`
	Steps []struct {
		ID      string            `toml:"id"`
		Explain map[string]string `toml:"explain"`
	} `toml:"steps"`
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
		{"misspelt dotted key in an array of tables", "explain.zh = \"a\"\n[[steps]]\nid = \"x\"\nexplain.zh = \"b\"\nexplian.en = \"c\"\n", 0, "f:5:1",
			`unknown key "steps.explian.en"`},
		{"a top-level key after a table", "title = \"x\"\n[[steps]]\nid = \"a\"\nrepealed_on = \"2026-06-01\"\n", 0, "f:4:1",
			"repealed_on is read as part of [[steps]], because it comes after that table's header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v target
			_, err := Decode("f", []byte(tt.src), tt.base, &v)
			if err == nil {
				t.Fatal("no error")
			}
			e := diag.All(err)[0]
			if !strings.HasPrefix(e.Position.String(), tt.pos) || !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("got %s: %s; want %s…: …%s…", e.Position.String(), e.Msg, tt.pos, tt.msg)
			}
			if e.Hint == "" {
				t.Error("no hint")
			}
		})
	}
	var v target
	_, err := Decode("f", []byte("[[steps]]\nid = \"x\"\nexplian.zh = \"b\"\n"), 0, &v)
	if e := diag.All(err); len(e) != 1 || !strings.HasPrefix(e[0].Hint, "did you mean explain?") || e[0].Text != `explian.zh = "b"` {
		t.Errorf("a misspelt nested key: %v", err)
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
	src := []byte("title = 1\nask.zh = \"q\"\n[a]\ntitle = 2\n[b.c]\nd = 3\ne.f = 4\n\"g h\" . i = 5\n[[s]]\nx = { zh = \"1\", en = \"2\" }\n")
	for _, tt := range []struct {
		key  []string
		want int
	}{{[]string{"title"}, 1}, {[]string{"a", "title"}, 4}, {[]string{"b", "c", "d"}, 6}, {[]string{"zz"}, 0},
		{[]string{"ask", "zh"}, 2}, {[]string{"b", "c", "e", "f"}, 7}, {[]string{"b", "c", "g h", "i"}, 8},
		{[]string{"s", "x", "en"}, 10}} {
		if got := KeyLine(src, tt.key); got != tt.want {
			t.Errorf("KeyLine(%v) = %d, want %d", tt.key, got, tt.want)
		}
	}
}

// under reads a key's parts as the key written out would read: below a
// prefix only with a part after it, and a quoted part with a dot in it is
// one part.
func TestUnderComparesParts(t *testing.T) {
	prefixes := []string{"chart.given", "cases.expect", "case_defaults"}
	for _, tt := range []struct {
		key  toml.Key
		want bool
	}{
		{toml.Key{"cases", "expect", "01-alpha"}, true},
		{toml.Key{"cases", "expect", "01-alpha", "low"}, true},
		{toml.Key{"cases", "expect"}, false},
		{toml.Key{"cases", "expectations", "x"}, false},
		{toml.Key{"cases.expect", "x"}, false},
		{toml.Key{"case_defaults", "in_district"}, true},
		{toml.Key{"case_defaults"}, false},
		{toml.Key{"chart", "given", "cost"}, true},
		{toml.Key{"chart", "x"}, false},
		{toml.Key{}, false},
	} {
		written := false
		for _, p := range prefixes {
			written = written || strings.HasPrefix(tt.key.String(), p+".")
		}
		if got := under(tt.key, prefixes); got != tt.want || got != written {
			t.Errorf("%q: under %v, want %v (written out: %v)", tt.key, got, tt.want, written)
		}
	}
}
