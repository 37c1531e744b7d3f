package search

import (
	"encoding/json"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

func TestTokens(t *testing.T) {
	for in, want := range map[string][]string{
		"算力券":                    {"算", "算力", "力", "力券", "券"},
		"“数据要素×”大赛":              {"数", "数据", "据", "据要", "要", "要素", "素", "大", "大赛", "赛"},
		"Compute Vouchers, 2025": {"compute", "voucher", "2025"},
		"ＡＩ模型":                   {"ai", "模", "模型", "型"},
		"class":                  {"class"},
		// A Chinese phrase holds its punctuation and spaces unparted, so
		// that it is found as typed without them; an apostrophe joins.
		"就高、不重复":            {"就", "就高", "高", "高不", "不", "不重", "重", "重复", "复"},
		"“就高 不重复”":          {"就", "就高", "高", "高不", "不", "不重", "重", "重复", "复"},
		"enterprise's fund": {"enterprise", "fund"},
		"1、2":               {"1", "2"},
	} {
		if got := Tokens(in); !reflect.DeepEqual(got, want) {
			t.Errorf("Tokens(%q) = %q, want %q", in, got, want)
		}
	}
}

// built collects what Build emits, and fails the test if a file is emitted
// twice or while another is being emitted.
func built(t testing.TB, dir string, docs []Doc) map[string][]byte {
	files := map[string][]byte{}
	var busy atomic.Bool
	Build(dir, docs, func(name string, data []byte) {
		if !busy.CompareAndSwap(false, true) {
			t.Errorf("%s emitted while another file was", name)
		}
		defer busy.Store(false)
		if _, ok := files[name]; ok {
			t.Errorf("%s emitted twice", name)
		}
		files[name] = data
	})
	return files
}

func TestBuild(t *testing.T) {
	files := built(t, "search/en", []Doc{
		{URL: "/a/", Title: "Compute vouchers", Text: text("vouchers for compute")},
		{URL: "/b/", Title: "Datasets", Text: text("data products")},
	})
	if len(files) != Shards+1 {
		t.Fatalf("%d files", len(files))
	}
	var shard map[string][][2]int
	if err := json.Unmarshal(files["search/en/t"+pad(Shard("voucher"))+".json"], &shard); err != nil {
		t.Fatal(err)
	}
	if ps := shard["voucher"]; len(ps) != 1 || ps[0][0] != 0 || ps[0][1] <= 0 {
		t.Errorf("postings of voucher %v", ps)
	}
}

// A term in more documents than a block holds lists every one of them, in
// order, with the weight of its count.
func TestLongPostingLists(t *testing.T) {
	ps := voucherPostings(t, func(i int) int { return 1 + i%3 })
	for i, p := range ps {
		if p[0] != i {
			t.Fatalf("posting %d is of document %d", i, p[0])
		}
		if p[1] != ps[i%3][1] {
			t.Fatalf("document %d weighs %d, document %d, which says voucher as often, %d", i, p[1], i%3, ps[i%3][1])
		}
	}
	if !(ps[0][1] < ps[1][1] && ps[1][1] < ps[2][1]) {
		t.Errorf("saying voucher once, twice and three times weighs %d, %d and %d", ps[0][1], ps[1][1], ps[2][1])
	}
}

// A document that says a term more often than a byte counts, in a list
// long enough to fill blocks, weighs what its whole count weighs.
func TestLargeCountsInLongLists(t *testing.T) {
	counts := []int{1, 2, 254, 255, 256, 300, 1000}
	ps := voucherPostings(t, func(i int) int { return counts[i%len(counts)] })
	idf := math.Log(2) // every document says it: log(1 + n/n)
	for i, p := range ps {
		c := counts[i%len(counts)]
		if want := int(math.Round(100 * (1 + math.Log(float64(c))) * idf)); p[0] != i || p[1] != want {
			t.Fatalf("posting %d is [%d, %d], want [%d, %d] for a count of %d", i, p[0], p[1], i, want, c)
		}
	}
}

// voucherPostings indexes more documents than two blocks hold, document i
// saying voucher count(i) times, and returns voucher's postings, one for
// each document.
func voucherPostings(t *testing.T, count func(i int) int) [][2]int {
	t.Helper()
	n := 2*postingBlock + 7
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{URL: "/" + strconv.Itoa(i) + "/", Title: "Grant", Text: text(strings.Repeat("voucher ", count(i)))}
	}
	var shard map[string][][2]int
	if err := json.Unmarshal(built(t, "search/en", docs)["search/en/t"+pad(Shard("voucher"))+".json"], &shard); err != nil {
		t.Fatal(err)
	}
	ps := shard["voucher"]
	if len(ps) != n {
		t.Fatalf("voucher is listed in %d documents, want %d", len(ps), n)
	}
	return ps
}

func pad(i int) string {
	s := "0" + string(rune('0'+i%10))
	if i >= 10 {
		s = string(rune('0'+i/10)) + string(rune('0'+i%10))
	}
	return s
}

// Shard is FNV-1a, which assets/ts/search.ts computes too.
func TestShardIsFNV1a(t *testing.T) {
	for _, term := range []string{"", "a", "voucher", "算力", "数据要素", "2025"} {
		h := fnv.New32a()
		h.Write([]byte(term))
		if got, want := Shard(term), int(h.Sum32()%Shards); got != want {
			t.Errorf("Shard(%q) = %d, want %d", term, got, want)
		}
	}
}

func BenchmarkBuild(b *testing.B) {
	text := strings.Repeat("对经备案的大模型给予算力券支持，Compute vouchers for filed models. ", 40)
	docs := make([]Doc, 2000)
	for i := range docs {
		docs[i] = Doc{URL: "/x/", Title: "算力券 Compute vouchers", Text: func() string { return text + strconv.Itoa(i) }}
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Build("search/zh", docs, func(string, []byte) {})
	}
}

// The shards are written by hand; they must be what json.Marshal writes.
func TestEncodeShardIsJSON(t *testing.T) {
	terms := map[string][]posting{
		"voucher": {{0, 120}, {7, 3}}, "算力": {{2, 45}}, "a\"b": {{1, 1}}, "<x>&": {{3, 2}},
		"line\u2028sep": {{4, 4}}, "ctl\x01": {{5, 5}}, "": {{6, 6}}, "bad\xff": {{8, 8}},
	}
	want, err := json.Marshal(terms)
	if err != nil {
		t.Fatal(err)
	}
	if got := encodeShard(terms); string(got) != string(want) {
		t.Errorf("encodeShard:\n%s\nwant\n%s", got, want)
	}
	if got := encodeShard(map[string][]posting{}); string(got) != "{}" {
		t.Errorf("empty shard: %s", got)
	}
}

// Words joined by hyphens are also indexed joined, and a measure's boost
// raises its weights above a page that says the same words as often.
func TestCompoundsAndBoost(t *testing.T) {
	files := built(t, "search/en", []Doc{
		{URL: "/overview/", Title: "Overview", Text: text("first-of-a-kind equipment")},
		{URL: "/measure/", Title: "Measure", Text: text("first-of-a-kind equipment"), Boost: 2},
	})
	var shard map[string][][2]int
	if err := json.Unmarshal(files["search/en/t"+pad(Shard("firstofakind"))+".json"], &shard); err != nil {
		t.Fatal(err)
	}
	ps := shard["firstofakind"]
	if len(ps) != 2 {
		t.Fatalf("postings of firstofakind %v, want both pages", ps)
	}
	if ps[1][1] <= ps[0][1] {
		t.Errorf("the boosted page weighs %d, the other %d", ps[1][1], ps[0][1])
	}
}

// compounds finds what the regular expression it replaced finds, on words
// of every script, digits, hyphens in every position, and broken UTF-8.
func TestCompoundsFindWhatTheExpressionFound(t *testing.T) {
	re := regexp.MustCompile(`[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+`)
	pieces := []string{"a", "Zb", "开源", "7", "٣", "-", "--", " ", "—", ".", "\xff", "é", "x-", "-y"}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"first-of-a-kind", "open-source AI", "a--b", "-a-b-", "2025-04-13", "人工智能-AI-产业", ""}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		var got []string
		compounds(text, func(c string) { got = append(got, c) })
		if want := re.FindAllString(text, -1); !slices.Equal(got, want) {
			t.Fatalf("%q: compounds %q, the expression %q", text, got, want)
		}
	}
}

// Snippet writes what joining the fields and cutting the runes wrote, on
// texts of every script, white space of every kind and broken UTF-8.
func TestSnippetAsFieldsAndRunes(t *testing.T) {
	reference := func(text string, n int) string {
		text = strings.Join(strings.Fields(text), " ")
		r := []rune(text)
		if len(r) <= n {
			return text
		}
		return string(r[:n]) + "…"
	}
	pieces := []string{"a", "补贴", " ", "  ", "\n", "\t", "\u3000", "\xff", "é", "。", "word", "\xe8\xa1"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text, n := b.String(), rng.IntN(12)
		if got, want := Snippet(text, n), reference(text, n); got != want {
			t.Fatalf("Snippet(%q, %d) = %q, want %q", text, n, got, want)
		}
	}
}

// text is a document's Text that gives s.
func text(s string) func() string { return func() string { return s } }
