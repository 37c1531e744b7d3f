// Package search builds the site's search index at build time: for each
// language, a list of documents (a measure, a provision, a policy) and an
// inverted index split into shards that the browser fetches on demand, so
// that search works on any static host under the site's strict CSP, with no
// server and no WebAssembly. Chinese is indexed by single characters and
// pairs of characters, other text by lowercased words, so that 算力券, 备案
// and 数据要素 are found without a dictionary. assets/ts/search.ts tokenizes
// queries the same way.
package search

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode"

	"xihuguide/generator/workers"
)

// Shards is how many files the index of a language is split into.
const Shards = 32

// Doc is one searchable thing.
type Doc struct {
	URL     string `json:"u"`           // the page
	Clause  string `json:"c,omitempty"` // the clause in the full text, when there is one
	Title   string `json:"t"`
	Context string `json:"x"` // the policy it belongs to
	Snippet string `json:"s"`
	Text    string `json:"-"`
}

// Tokens splits text into search terms. Keep in step with tokens() in
// assets/ts/search.ts.
func Tokens(text string) []string {
	var out []string
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, stem(string(word)))
			word = word[:0]
		}
	}
	flushHan := func() {
		for i, r := range han {
			out = append(out, string(r))
			if i+1 < len(han) {
				out = append(out, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range text {
		r = normalize(r)
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word = append(word, r)
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	return out
}

// normalize folds full-width ASCII to half-width and letters to lower case.
func normalize(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

// stem drops an English plural s, so that voucher finds vouchers.
func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}

// Shard is the shard that holds a term: FNV-1a of its UTF-8 bytes.
func Shard(term string) int {
	h := fnv.New32a()
	h.Write([]byte(term))
	return int(h.Sum32() % Shards)
}

// posting is a document and a weight: the term's count in it times the
// term's rarity, rounded so that the index is small and exact.
type posting [2]int

// Build returns the index files of one language under dir: docs.json and
// t00.json … t31.json, each {"term": [[doc, weight], …]}.
func Build(dir string, docs []Doc) map[string][]byte {
	// Each document's terms go straight into the shards as [doc, count]
	// postings, so that no per-document table outlives its document; the
	// counts become weights once every document is in.
	var shards [Shards]struct {
		mu    sync.Mutex
		terms map[string][]posting
	}
	for i := range shards {
		shards[i].terms = map[string][]posting{}
	}
	workers.Each(len(docs), func(i int) {
		counts := map[string]int{}
		for _, t := range Tokens(docs[i].Title + " " + docs[i].Title + " " + docs[i].Text) {
			counts[t]++
		}
		var byShard [Shards][]string
		for t := range counts {
			s := Shard(t)
			byShard[s] = append(byShard[s], t)
		}
		for s, terms := range byShard {
			if len(terms) == 0 {
				continue
			}
			sh := &shards[s]
			sh.mu.Lock()
			for _, t := range terms {
				sh.terms[t] = append(sh.terms[t], posting{i, counts[t]})
			}
			sh.mu.Unlock()
		}
	})
	n := float64(len(docs))
	out := map[string][]byte{}
	b, _ := json.Marshal(docs)
	out[dir+"/docs.json"] = b
	encoded := make([][]byte, Shards)
	workers.Each(Shards, func(s int) {
		for _, ps := range shards[s].terms {
			idf := math.Log(1 + n/float64(len(ps)))
			for k := range ps {
				ps[k][1] = int(math.Round(100 * (1 + math.Log(float64(ps[k][1]))) * idf))
			}
			sort.Slice(ps, func(a, b int) bool { return ps[a][0] < ps[b][0] })
		}
		encoded[s], _ = json.Marshal(shards[s].terms) // maps marshal with sorted keys: deterministic
	})
	for i, b := range encoded {
		out[fmt.Sprintf("%s/t%02d.json", dir, i)] = b
	}
	return out
}

// Snippet shortens text to about n characters at a word or sentence break.
func Snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "…"
}
