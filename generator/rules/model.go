// Package rules loads the rule files that sit beside a policy's content and
// compiles them into a Program: typed inputs with labels in every language,
// the gates that apply to all measures, each measure's conditions and award
// steps, the steps applied to every item across measures, and the notes that
// go with every result. A Program is checked whole when it is loaded, and its
// JSON form is what the browser's evaluator runs.
//
// Nothing here knows any particular measure: a measure is what its rules.toml
// says it is.
package rules

import (
	"encoding/json"
	"github.com/shopspring/decimal"

	"xihuguide/generator/rules/expr"
)

// Text is one text per language code.
type Text map[string]string

// Program is the compiled rules of one policy.
type Program struct {
	Policy    string       `json:"policy"`
	Version   string       `json:"version"` // hash of everything below, set last
	Languages []string     `json:"languages"`
	Inputs    []*Input     `json:"inputs"` // asked once per enterprise
	Gates     []*Condition `json:"gates"`
	EveryItem *Level       `json:"every_item"` // applied to every item of every cash measure
	Notes     []*Note      `json:"notes"`
	Measures  []*Measure   `json:"measures"`
	Clauses   []*Clause    `json:"clauses"`
	Flags     []*Flag      `json:"flags"`
}

// Input is one question.
type Input struct {
	ID      string   `json:"id"`
	Type    string   `json:"type"` // money, count, bool, date, choice
	Options []Option `json:"options,omitempty"`
	Default *string  `json:"default,omitempty"` // as text; nil when an answer is required
	Label   Text     `json:"label"`
	Help    Text     `json:"help,omitempty"`
}

// Option is one choice of a choice input.
type Option struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
}

// Condition must hold for a gate, a measure or an item to qualify.
type Condition struct {
	ID      string     `json:"id"`
	When    *expr.Node `json:"when"`
	Source  string     `json:"source"` // the expression as written
	Clause  string     `json:"clause"`
	Explain Text       `json:"explain"`
}

// Step computes one named value.
type Step struct {
	ID      string     `json:"id"`
	Value   *expr.Node `json:"value"`
	Source  string     `json:"source"`
	Clause  string     `json:"clause"`
	Flags   []string   `json:"flags,omitempty"`
	Explain Text       `json:"explain"`
	// Support names the kind of non-cash support the step's figure is
	// (one of its measure's support kinds). A non-cash measure whose
	// steps name kinds reports those figures apart, by kind.
	Support string `json:"support,omitempty"`
	// Unpinned says why no case can pin the step's numbers down; check
	// --mutate leaves them out and says so.
	Unpinned string `json:"-"`
}

// Level is a set of inputs, conditions and steps evaluated together: a
// measure, or one of its repeatable items.
type Level struct {
	Name       Text         `json:"name,omitempty"` // for items: what one item is
	Inputs     []*Input     `json:"inputs"`
	Conditions []*Condition `json:"conditions"`
	Steps      []*Step      `json:"steps"`
}

// Measure is one measure's rules.
type Measure struct {
	ID      string   `json:"id"` // the measure's folder name
	Number  int      `json:"number"`
	Kind    string   `json:"kind"`              // cash or non-cash
	Support []string `json:"support,omitempty"` // kinds of support, for the portal's filters: grant, award, …
	Title   Text     `json:"title"`
	Ask     Text     `json:"ask"` // the question that opens this measure in the self-check
	Level
	Item *Level `json:"item,omitempty"` // nil when the measure has no repeatable items
	// Chart asks for a picture of the award against one amount, drawn
	// at build time; nil for none.
	Chart *Chart `json:"-"`
}

// Chart is how a measure's award is pictured: against X (an input of the
// measure, or of its one item when OnItem), an amount or a count from 0
// to To, or each option of a choice, with the other answers as Given.
type Chart struct {
	X      string
	OnItem bool
	To     decimal.Decimal // for an amount or a count; unused for a choice
	Given  map[string]any
	Label  Text   // X's question, for the axis
	Input  *Input // X itself: an amount, a count or a choice
}

// Asks reports whether the measure, or its item, has an input id.
func (m *Measure) Asks(id string) bool {
	for _, in := range m.Inputs {
		if in.ID == id {
			return true
		}
	}
	if m.Item != nil {
		for _, in := range m.Item.Inputs {
			if in.ID == id {
				return true
			}
		}
	}
	return false
}

// ReportsByKind reports whether some step of the measure names a kind of
// support, so that its non-cash figures are reported by kind.
func (m *Measure) ReportsByKind() bool {
	for _, st := range m.Steps {
		if st.Support != "" {
			return true
		}
	}
	return false
}

// Note is a statement that goes with every result.
type Note struct {
	ID     string `json:"id"`
	Clause string `json:"clause"`
	Text   Text   `json:"text"`
}

// Clause is a place in the policy that a rule cites, with where to read it.
type Clause struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	URL   Text   `json:"url"`
}

// Flag is a property a step can have, with its wording.
type Flag struct {
	ID    string `json:"id"`
	Label Text   `json:"label"`
	// Maximum says that a figure with this flag is the most the text gives
	// ("up to"): the self-check writes it so.
	Maximum bool `json:"maximum,omitempty"`
}

// Kinds of measure.
const (
	Cash    = "cash"
	NonCash = "non-cash"
)

// InputKinds are the types an input may have.
var InputKinds = []string{"money", "count", "bool", "date", "choice"}

// Measure returns the measure with the given id, or nil.
func (p *Program) Measure(id string) *Measure {
	for _, m := range p.Measures {
		if m.ID == id {
			return m
		}
	}
	return nil
}

// Clause returns the clause with the given id, or nil.
func (p *Program) Clause(id string) *Clause {
	for _, c := range p.Clauses {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// ItemInputs returns what each item of m asks: the measure's own item inputs,
// then those every cash item asks.
func (p *Program) ItemInputs(m *Measure) []*Input {
	if m.Item == nil {
		return nil
	}
	out := append([]*Input{}, m.Item.Inputs...)
	if m.Kind == Cash && p.EveryItem != nil {
		out = append(out, p.EveryItem.Inputs...)
	}
	return out
}

// ItemSteps returns the steps of each item of m, its own then the shared ones.
func (p *Program) ItemSteps(m *Measure) []*Step {
	if m.Item == nil {
		return nil
	}
	out := append([]*Step{}, m.Item.Steps...)
	if m.Kind == Cash && p.EveryItem != nil {
		out = append(out, p.EveryItem.Steps...)
	}
	return out
}

// JSON is the compiled rules as the browser's evaluator reads them.
func (p *Program) JSON() []byte {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // a Program holds only strings, numbers, slices and maps
	}
	return b
}
