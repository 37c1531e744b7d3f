// Package jsengine runs the browser's TypeScript evaluator inside Go, in
// the goja JavaScript engine, so that tests can require it to give the same
// bytes as the Go evaluator.
package jsengine

import (
	"fmt"

	"github.com/dop251/goja"

	"xihuguide/generator/assets"
)

// Engine is one goja runtime holding the bundled evaluator. Like a goja
// runtime, it is for one goroutine at a time.
type Engine struct {
	vm       *goja.Runtime
	evaluate goja.Callable
	tokens   goja.Callable
}

// New bundles the evaluator under root with esbuild and loads it.
func New(root string) (*Engine, error) {
	src, err := assets.BundleEngine(root)
	if err != nil {
		return nil, err
	}
	vm := goja.New()
	if _, err := vm.RunScript("engine.js", string(src)); err != nil {
		return nil, fmt.Errorf("loading the evaluator: %w", err)
	}
	fn, ok := goja.AssertFunction(vm.Get("engine").ToObject(vm).Get("evaluateJSON"))
	if !ok {
		return nil, fmt.Errorf("the bundle defines no engine.evaluateJSON")
	}
	tokens, ok := goja.AssertFunction(vm.Get("engine").ToObject(vm).Get("searchTokens"))
	if !ok {
		return nil, fmt.Errorf("the bundle defines no engine.searchTokens")
	}
	return &Engine{vm: vm, evaluate: fn, tokens: tokens}, nil
}

// SearchTokens splits a query into search terms as the search page does.
func (e *Engine) SearchTokens(text string) ([]string, error) {
	v, err := e.tokens(goja.Undefined(), e.vm.ToValue(text))
	if err != nil {
		return nil, err
	}
	var out []string
	if err := e.vm.ExportTo(v, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Evaluate returns the result's JSON for a profile, or {"error": PATH} when
// the profile does not fit the rules.
func (e *Engine) Evaluate(rulesJSON, profileJSON string) (string, error) {
	v, err := e.evaluate(goja.Undefined(), e.vm.ToValue(rulesJSON), e.vm.ToValue(profileJSON))
	if err != nil {
		return "", err
	}
	return v.String(), nil
}
