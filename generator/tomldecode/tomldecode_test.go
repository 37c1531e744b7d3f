package tomldecode

import (
	"strings"
	"testing"
	"time"
	"unsafe"

	"xihuguide/generator/diag"
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
		{"unclosed string", "title = \"西湖\ncount = 1\n", 0, "f:1:12", "TOML syntax: basic strings cannot have new lines"},
		{"full-width equals", "title ＝ \"x\"\n", 0, "f:1:7", `full-width "＝"`},
		{"full-width quote", "title = “x”\n", 0, "f:1:9", `full-width "“"`},
		{"wrong type", "count = \"three\"\n", 0, "f:1:9", "count must be a whole number"},
		{"wrong type in an array of tables", "[[steps]]\nid = 1\n", 0, "f:2:6", "steps.id must be text in double quotes"},
		{"a list where a text per language goes", "[[steps]]\nid = \"a\"\nexplain.zh = [\"b\"]\n", 0, "f:3:14", "steps.explain.zh must be text in double quotes"},
		{"text where a text per language goes", "explain = \"x\"\n", 0, "f:1:11", "explain must be a text for each language"},
		{"a key set twice", "title = \"x\"\ntitle = \"y\"\n", 0, "f:2:1", "title is set twice"},
		{"a table twice", "[table]\nname = \"a\"\n[table]\n", 0, "f:3:2", "TOML syntax: table table already exists"},
		{"a bare word", "title = x\n", 0, "f:1:9", "TOML syntax: unexpected character"},
		{"misspelt dotted key in an array of tables", "explain.zh = \"a\"\n[[steps]]\nid = \"x\"\nexplain.zh = \"b\"\nexplian.en = \"c\"\n", 0, "f:5:1",
			`unknown key "steps.explian.en"`},
		{"a top-level key after a table", "title = \"x\"\n[[steps]]\nid = \"a\"\nrepealed_on = \"2026-06-01\"\n", 0, "f:4:1",
			"repealed_on is read as part of [[steps]], because it comes after that table's header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v target
			err := Decode("f", []byte(tt.src), tt.base, &v)
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
	err := Decode("f", []byte("[[steps]]\nid = \"x\"\nexplian.zh = \"b\"\n"), 0, &v)
	if e := diag.All(err); len(e) != 1 || !strings.HasPrefix(e[0].Hint, "did you mean explain?") || e[0].Text != `explian.zh = "b"` {
		t.Errorf("a misspelt nested key: %v", err)
	}
}

// Each kind of syntax error says how to mend it, and in Chinese too.
func TestSyntaxErrorsSayHowToMendThem(t *testing.T) {
	for _, tt := range []struct{ src, hint string }{
		{"title = \"西湖\n", "close the quotes on the same line"},
		{"title = \"x\"\ntitle = \"y\"\n", "each key is set once in a file"},
		{"[table]\n[table]\n", "a [table] header stands once in a file"},
		{"title = x\n", "text values need double quotes"},
		{"explain.zh = [\"a\",\n", "a string, array or table is not closed"},
	} {
		var v target
		err := Decode("f", []byte(tt.src), 0, &v)
		if err == nil {
			t.Errorf("%q: no error", tt.src)
			continue
		}
		e := diag.All(err)[0]
		if !strings.HasPrefix(e.Hint, tt.hint) {
			t.Errorf("%q: hint %q, want %q…", tt.src, e.Hint, tt.hint)
		}
		if zh := e.In("zh"); !diag.Translated("zh", e.Msg) || zh.Hint == e.Hint {
			t.Errorf("%q: no Chinese for %q / %q", tt.src, e.Msg, e.Hint)
		}
	}
}

func TestFullWidthInsideStringsIsText(t *testing.T) {
	var v target
	if err := Decode("f", []byte("title = \"“算力券”：发放额满截止\"\n"), 0, &v); err != nil {
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

type freeForm struct {
	Answers map[string]any    `toml:"answers"`
	Dated   time.Time         `toml:"dated"`
	Label   map[string]string `toml:"label"`
	Cases   []struct {
		Expect map[string]any `toml:"expect"`
	} `toml:"cases"`
}

// Below a key that the target holds in a map, any key is the value's: no
// key there is unknown.
func TestKeysBelowAMapAreValues(t *testing.T) {
	var v freeForm
	src := "answers.anything = 1\nanswers.nested.deeper = \"x\"\n[[cases]]\nexpect.01-alpha.low = \"1.00\"\n"
	if err := Decode("f", []byte(src), 0, &v); err != nil {
		t.Fatal(err)
	}
	if v.Answers["anything"] != int64(1) || v.Cases[0].Expect["01-alpha"].(map[string]any)["low"] != "1.00" {
		t.Errorf("decoded %#v", v)
	}
}

// A date without a zone is the same midnight in UTC on every machine, in a
// field and in a free-form value, however deep.
func TestDatesAreUTCWhateverTheMachinesZone(t *testing.T) {
	t.Setenv("TZ", "Asia/Shanghai")
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip("no zone data:", err)
	}
	old := time.Local
	time.Local = shanghai
	defer func() { time.Local = old }()
	var v freeForm
	src := "dated = 2025-04-13\nanswers.founded = 2020-01-02\nanswers.list = [2021-03-04]\nanswers.at = 2021-03-04T05:06:07\n"
	if err := Decode("f", []byte(src), 0, &v); err != nil {
		t.Fatal(err)
	}
	for name, got := range map[string]any{"dated": v.Dated, "founded": v.Answers["founded"], "list": v.Answers["list"].([]any)[0], "at": v.Answers["at"]} {
		want := map[string]time.Time{"dated": time.Date(2025, 4, 13, 0, 0, 0, 0, time.UTC), "founded": time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
			"list": time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC), "at": time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)}[name]
		if tm, ok := got.(time.Time); !ok || !tm.Equal(want) || tm.Location() != time.UTC {
			t.Errorf("%s: %#v, want %v", name, got, want)
		}
	}
}

// A decoded string does not share the file's text: one label kept would
// keep the whole file, and a large site's build would hold every rules file
// to its end.
func TestDecodedStringsOwnTheirBytes(t *testing.T) {
	src := []byte("label.zh = \"算力券\"\nanswers.kind = \"cash\"\n")
	var v freeForm
	if err := Decode("f", src, 0, &v); err != nil {
		t.Fatal(err)
	}
	lo, hi := uintptr(unsafe.Pointer(&src[0])), uintptr(unsafe.Pointer(&src[len(src)-1]))
	inside := func(s string) bool {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		return len(s) > 0 && p >= lo && p <= hi
	}
	var strs []string
	for k, s := range v.Label {
		strs = append(strs, k, s)
	}
	for k, s := range v.Answers {
		strs = append(strs, k, s.(string))
	}
	if len(strs) != 4 {
		t.Fatalf("decoded %v", strs)
	}
	for _, s := range strs {
		if inside(s) {
			t.Errorf("%q points into the file's text", s)
		}
	}
}
