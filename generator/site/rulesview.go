package site

import (
	"fmt"

	"xihuguide/generator/rules"
)

// RulesView is a policy's rules in one language, for the page that shows
// how the self-check calculates.
type RulesView struct {
	Version   string
	Inputs    []InputView
	Gates     []RuleView
	EveryItem *LevelView
	Notes     []NoteView
	Measures  []RuleMeasureView
}

// InputView is one question.
type InputView struct {
	ID, Type, Label, Help, Default string
	Options                        []string
}

// RuleView is a condition or a step.
type RuleView struct {
	ID, Explain, Formula string
	Flags                []string
	Clause               ClauseRef
}

// ClauseRef is a cited clause with where to read it.
type ClauseRef struct{ Label, URL string }

// LevelView is a measure's or an item's questions, conditions and steps.
type LevelView struct {
	Name       string
	Inputs     []InputView
	Conditions []RuleView
	Steps      []RuleView
}

// NoteView is a note shown with every result.
type NoteView struct {
	Text   string
	Clause ClauseRef
}

// RuleMeasureView is one measure's rules.
type RuleMeasureView struct {
	Number int
	Title  string
	Kind   string
	Ask    string
	URL    string
	Level  LevelView
	Item   *LevelView
	Cases  []CaseView
}

// CaseView is a test case, in brief.
type CaseView struct {
	Name, Answers, Expect string
}

func rulesView(s *rules.Suite, lang string) *RulesView {
	p := s.Program
	clause := func(id string) ClauseRef {
		c := p.Clause(id)
		if c == nil {
			return ClauseRef{Label: id}
		}
		return ClauseRef{Label: c.Label[lang], URL: c.URL[lang]}
	}
	flagLabel := map[string]string{}
	for _, f := range p.Flags {
		flagLabel[f.ID] = f.Label[lang]
	}
	inputs := func(list []*rules.Input) []InputView {
		var out []InputView
		for _, in := range list {
			v := InputView{ID: in.ID, Type: in.Type, Label: in.Label[lang], Help: in.Help[lang]}
			if in.Default != nil {
				v.Default = *in.Default
			}
			for _, o := range in.Options {
				v.Options = append(v.Options, o.ID+": "+o.Label[lang])
			}
			out = append(out, v)
		}
		return out
	}
	conds := func(list []*rules.Condition) []RuleView {
		var out []RuleView
		for _, c := range list {
			out = append(out, RuleView{ID: c.ID, Explain: c.Explain[lang], Formula: c.Source, Clause: clause(c.Clause)})
		}
		return out
	}
	steps := func(list []*rules.Step) []RuleView {
		var out []RuleView
		for _, st := range list {
			v := RuleView{ID: st.ID, Explain: st.Explain[lang], Formula: st.Source, Clause: clause(st.Clause)}
			for _, f := range st.Flags {
				v.Flags = append(v.Flags, flagLabel[f])
			}
			out = append(out, v)
		}
		return out
	}
	v := &RulesView{Version: p.Version, Inputs: inputs(p.Inputs), Gates: conds(p.Gates)}
	if p.EveryItem != nil {
		v.EveryItem = &LevelView{Inputs: inputs(p.EveryItem.Inputs), Steps: steps(p.EveryItem.Steps)}
	}
	for _, n := range p.Notes {
		v.Notes = append(v.Notes, NoteView{Text: n.Text[lang], Clause: clause(n.Clause)})
	}
	for _, m := range p.Measures {
		mv := RuleMeasureView{Number: m.Number, Title: m.Title[lang], Kind: m.Kind, Ask: m.Ask[lang],
			URL:   clause(fmt.Sprintf("measure-%d", m.Number)).URL,
			Level: LevelView{Inputs: inputs(m.Inputs), Conditions: conds(m.Conditions), Steps: steps(m.Steps)}}
		if m.Item != nil {
			mv.Item = &LevelView{Name: m.Item.Name[lang], Inputs: inputs(m.Item.Inputs), Conditions: conds(m.Item.Conditions), Steps: steps(m.Item.Steps)}
		}
		for _, e := range s.Examples {
			if e.Measure == m.ID {
				mv.Cases = append(mv.Cases, caseView(e, lang))
			}
		}
		v.Measures = append(v.Measures, mv)
	}
	return v
}

func caseView(e rules.Example, lang string) CaseView {
	name := e.Name
	if t := e.Title[lang]; t != "" {
		name = t
	}
	return CaseView{Name: name, Answers: e.Answers, Expect: e.Expect}
}
