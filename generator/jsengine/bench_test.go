package jsengine

import (
	"encoding/json"
	"testing"

	"xihuguide/generator/build"
	"xihuguide/generator/content"
	"xihuguide/generator/corpus"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"
	"xihuguide/generator/sitetest"
)

// thousand compiles one synthetic policy of 1,000 measures and a profile
// that answers every one of them with two items.
func thousand(b *testing.B) (*rules.Program, []byte) {
	root := b.TempDir()
	if err := corpus.Site(root, corpus.Options{Policies: 1, Measures: 1000}); err != nil {
		b.Fatal(err)
	}
	sitetest.WriteInto(b, root, nil, "../..")
	s, err := content.Load(root)
	if err != nil {
		b.Fatal(err)
	}
	suites, err := build.LoadRules(s)
	if err != nil {
		b.Fatal(err)
	}
	p := suites[s.Policies[0].Slug].Program
	measures := map[string]any{}
	for _, m := range p.Measures {
		measures[m.ID] = map[string]any{"items": []any{map[string]any{"cost": "1234567.89"}, map[string]any{"cost": "99999.99"}}}
	}
	profile, _ := json.Marshal(map[string]any{"policy": p.Policy, "answers": map[string]any{"application_date": "2026-05-01"}, "measures": measures})
	return p, profile
}

// BenchmarkEvaluators evaluates 1,000 measures in Go and in the browser's
// TypeScript evaluator (run in goja, which is slower than a browser's JIT):
//
//	go test ./generator/jsengine -run X -bench Evaluators
func BenchmarkEvaluators(b *testing.B) {
	p, profile := thousand(b)
	b.Run("go", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			prof, err := eval.DecodeJSON(p, profile)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := eval.Evaluate(p, prof); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("typescript-in-goja", func(b *testing.B) {
		js, err := New("../..")
		if err != nil {
			b.Fatal(err)
		}
		rulesJSON := string(p.JSON())
		for i := 0; i < b.N; i++ {
			if _, err := js.Evaluate(rulesJSON, string(profile)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
