package jsengine

import (
	"slices"
	"sync"
	"testing"
	"unicode"

	"xihuguide/generator/search"

	"github.com/dop251/goja"
)

// The search page splits a query into the terms the build indexed text by:
// Go's tokenizer and the browser's agree on every kind of text a visitor
// types, punctuation, quotes, spaces, widths and apostrophes included.
func TestSearchTokensAgree(t *testing.T) {
	e := searchEngine(t)
	for _, text := range []string{
		"就高、不重复", "“就高、不重复”原则", "就高 不重复", "《西湖区若干措施》", "数据要素", "算力券 compute vouchers",
		"Enterprise's vouchers", "enterprise’s", "first-of-a-kind", "ＡＩ模型１２３", "Model filing: national", "ABC　数据",
		"don't", "“AI”大模型", "100万元", "",
	} {
		got, err := e.SearchTokens(text)
		if err != nil {
			t.Fatal(err)
		}
		if want := search.Tokens(text); !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%q: the browser splits it %q, Go %q", text, got, want)
		}
	}
}

// The browser's table of Chinese characters is Go's unicode.Han, range for
// range, so that a Go upgrade with a newer Unicode shows up here.
func TestSearchHanIsGos(t *testing.T) {
	e := searchEngine(t)
	var got [][2]int
	if err := e.vm.ExportTo(e.vm.Get("engine").ToObject(e.vm).Get("searchHan"), &got); err != nil {
		t.Fatal(err)
	}
	var want [][2]int
	add := func(lo, hi, stride uint32) {
		for r := lo; r <= hi; r += stride {
			if stride == 1 {
				want = append(want, [2]int{int(lo), int(hi)})
				return
			}
			want = append(want, [2]int{int(r), int(r)})
		}
	}
	for _, r := range unicode.Han.R16 {
		add(uint32(r.Lo), uint32(r.Hi), uint32(r.Stride))
	}
	for _, r := range unicode.Han.R32 {
		add(r.Lo, r.Hi, r.Stride)
	}
	if !slices.Equal(got, want) {
		t.Errorf("HAN in assets/ts/search.ts is\n%v\nGo's unicode.Han is\n%v", got, want)
	}
}

// A query is widened by the editors' synonyms: the longest word of a group
// that it holds is replaced by each word of the group, an English word
// only as a whole word.
func TestSearchVariants(t *testing.T) {
	e := searchEngine(t)
	fn, _ := goja.AssertFunction(e.vm.Get("engine").ToObject(e.vm).Get("searchVariants"))
	for _, tt := range []struct {
		query  string
		groups [][]string
		want   []string
	}{
		{"loan guarantee", [][]string{{"guarantee", "loan guarantee"}}, []string{"guarantee", "loan guarantee"}},
		{"supply chain", [][]string{{"ai", "artificial intelligence"}}, []string{"supply chain"}},
		{"compute coupons", [][]string{{"voucher", "coupon"}}, []string{"compute coupon", "compute voucher"}},
		{"AI models", [][]string{{"ai", "artificial intelligence"}}, []string{"ai models", "artificial intelligence models"}},
		{"算力补贴", [][]string{{"补贴", "补助"}, {"算力券", "算力补贴"}}, []string{"算力券", "算力补助", "算力补贴"}},
	} {
		v, err := fn(goja.Undefined(), e.vm.ToValue(tt.query), e.vm.ToValue(tt.groups))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := e.vm.ExportTo(v, &got); err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: variants %q, want %q", tt.query, got, tt.want)
		}
	}
}

// searchEngine is one bundled engine for the search tests, which only read
// from it: bundling takes longer than the tests.
func searchEngine(t *testing.T) *Engine {
	t.Helper()
	searchOnce.Do(func() { searchJS, searchErr = New("../..") })
	if searchErr != nil {
		t.Fatal(searchErr)
	}
	return searchJS
}

var (
	searchOnce sync.Once
	searchJS   *Engine
	searchErr  error
)
