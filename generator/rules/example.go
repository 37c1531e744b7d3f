package rules

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Example is a case as the rules page shows it: what it answers and what
// it expects, each on one line. A build that has run the cases keeps their
// examples and lets the cases go: at 50,000 pages their answers, decoded
// as maps, were a sixth of the build's live memory.
type Example struct {
	Measure string // as in Case
	Name    string
	Title   Text
	Answers string // the enterprise's answers, then each measure's and each item's
	Expect  string
}

// example writes c on a line or two.
func example(c *Case) Example {
	var answers []string
	if len(c.Answers) > 0 {
		answers = append(answers, brief(c.Answers))
	}
	for _, id := range slices.Sorted(maps.Keys(c.Measures)) {
		m := c.Measures[id]
		if a, ok := m["answers"].(map[string]any); ok && len(a) > 0 {
			answers = append(answers, brief(a))
		}
		if items, ok := m["items"].([]any); ok {
			for i, it := range items {
				if obj, ok := it.(map[string]any); ok {
					answers = append(answers, fmt.Sprintf("#%d %s", i+1, brief(obj)))
				}
			}
		}
	}
	return Example{Measure: c.Measure, Name: c.Name, Title: c.Title, Answers: strings.Join(answers, "; "), Expect: brief(c.Expect)}
}

// brief writes a table of answers or expectations on one line.
func brief(m map[string]any) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, k+" = "+briefValue(m[k]))
	}
	return strings.Join(parts, ", ")
}

func briefValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		return "{" + brief(x) + "}"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = briefValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case string:
		return x
	case time.Time:
		return x.Format(time.DateOnly)
	}
	return fmt.Sprint(v)
}
