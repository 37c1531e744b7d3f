// Package change says what a change to the rules does to the people who use
// the self-check: it evaluates every test case and example profile under
// the rules before and after, and lists, measure by measure, the rules that
// changed and each result that changed with them.
package change

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xihuguide/generator/report"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/cases"
	"xihuguide/generator/rules/eval"
)

// Report is what changed in every policy.
type Report struct {
	Policies []Policy `json:"policies"`
}

// Policy is what changed in one policy's rules and results.
type Policy struct {
	Policy   string    `json:"policy"`
	New      bool      `json:"new,omitempty"` // it had no rules before
	Measures []Measure `json:"measures"`
	Cash     []Result  `json:"cash,omitempty"` // profiles whose cash total changed
}

// Measure is what changed for one measure: its rules, and its results.
type Measure struct {
	ID      string     `json:"id"`
	Number  int        `json:"number"`
	Rules   []Rule     `json:"rules,omitempty"`
	Results []Result   `json:"results,omitempty"`
	Status  string     `json:"status,omitempty"` // "added" or "removed" when the measure itself came or went
	Title   rules.Text `json:"-"`
}

// Rule is a condition or step whose formula changed, came or went.
type Rule struct {
	ID  string `json:"id"`
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
}

// Result is one profile's figure before and after.
type Result struct {
	Profile string `json:"profile"` // a case's name, or example-profile
	Old     Figure `json:"old"`
	New     Figure `json:"new"`
}

// Figure is a status and an amount, or why there is none.
type Figure struct {
	Status string `json:"status,omitempty"`
	Low    string `json:"low,omitempty"`
	High   string `json:"high,omitempty"`
	Error  string `json:"error,omitempty"` // the answers do not fit these rules
}

// Compare evaluates each policy's cases and example profile (in dir's
// content, under content/policies/SLUG/example-profile.json) under the
// suites before and after.
func Compare(before, after map[string]*rules.Suite, root string) Report {
	var rep Report
	slugs := make([]string, 0, len(after))
	for slug := range after {
		slugs = append(slugs, slug)
	}
	sort.Strings(slugs)
	for _, slug := range slugs {
		now, was := after[slug], before[slug]
		if was == nil {
			rep.Policies = append(rep.Policies, Policy{Policy: slug, New: true})
			continue
		}
		p := Policy{Policy: slug}
		// A case starts from each version's own case defaults (the answers
		// under which its gates pass), which may name other questions.
		profiles := map[string][2]map[string]any{} // before, after
		var names []string
		for _, c := range now.Cases {
			name := c.Name
			if c.Measure != "" {
				name = c.Measure + ": " + c.Name
			}
			profiles[name] = [2]map[string]any{cases.Profile(was, c), cases.Profile(now, c)}
			names = append(names, name)
		}
		if b, err := os.ReadFile(filepath.Join(root, "content", "policies", slug, "example-profile.json")); err == nil {
			var example map[string]any
			if json.Unmarshal(b, &example) == nil {
				profiles["example-profile"] = [2]map[string]any{example, example}
				names = append(names, "example-profile")
			}
		}
		byMeasure := map[string]*Measure{}
		var order []string
		measure := func(m *rules.Measure) *Measure {
			if mm := byMeasure[m.ID]; mm != nil {
				return mm
			}
			byMeasure[m.ID] = &Measure{ID: m.ID, Number: m.Number, Title: m.Title}
			order = append(order, m.ID)
			return byMeasure[m.ID]
		}
		for _, m := range now.Program.Measures {
			old := was.Program.Measure(m.ID)
			if old == nil {
				measure(m).Status = "added"
				continue
			}
			if r := rulesChanged(old, m); len(r) > 0 {
				measure(m).Rules = r
			}
		}
		for _, m := range was.Program.Measures {
			if now.Program.Measure(m.ID) == nil {
				measure(m).Status = "removed"
			}
		}
		for _, name := range names {
			oldRes, oldErr := evaluate(was.Program, profiles[name][0])
			newRes, newErr := evaluate(now.Program, profiles[name][1])
			if newErr != nil {
				continue // a case that does not fit the new rules is check's to report
			}
			for _, m := range now.Program.Measures {
				nf := figure(newRes, m.ID)
				of := Figure{Error: errText(oldErr)}
				if oldErr == nil {
					of = figure(oldRes, m.ID)
				}
				if of != nf && !(of.Status == "" && nf.Status == eval.NotAnswered) {
					mm := measure(m)
					mm.Results = append(mm.Results, Result{Profile: name, Old: of, New: nf})
				}
			}
			if oldErr == nil && (oldRes.Cash != newRes.Cash) {
				p.Cash = append(p.Cash, Result{Profile: name, Old: Figure{Low: oldRes.Cash.Low, High: oldRes.Cash.High}, New: Figure{Low: newRes.Cash.Low, High: newRes.Cash.High}})
			}
		}
		sort.SliceStable(order, func(i, j int) bool { return byMeasure[order[i]].Number < byMeasure[order[j]].Number })
		for _, id := range order {
			p.Measures = append(p.Measures, *byMeasure[id])
		}
		if len(p.Measures) > 0 || len(p.Cash) > 0 {
			rep.Policies = append(rep.Policies, p)
		}
	}
	return rep
}

func evaluate(p *rules.Program, profile map[string]any) (*eval.Result, error) {
	prof, err := eval.Decode(p, profile)
	if err != nil {
		return nil, err
	}
	return eval.Evaluate(p, prof)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func figure(r *eval.Result, id string) Figure {
	for _, m := range r.Measures {
		if m.ID == id {
			return Figure{Status: m.Status, Low: m.Low, High: m.High}
		}
	}
	return Figure{}
}

// rulesChanged lists the conditions and steps of a measure whose formula
// changed between old and now.
func rulesChanged(old, now *rules.Measure) []Rule {
	formulas := func(m *rules.Measure) ([]string, map[string]string) {
		var ids []string
		out := map[string]string{}
		add := func(prefix string, conds []*rules.Condition, steps []*rules.Step) {
			for _, c := range conds {
				ids = append(ids, prefix+c.ID)
				out[prefix+c.ID] = c.Source
			}
			for _, s := range steps {
				ids = append(ids, prefix+s.ID)
				out[prefix+s.ID] = s.Source
			}
		}
		add("", m.Conditions, m.Steps)
		if m.Item != nil {
			add("item.", m.Item.Conditions, m.Item.Steps)
		}
		return ids, out
	}
	oldIDs, was := formulas(old)
	newIDs, is := formulas(now)
	var out []Rule
	for _, id := range newIDs {
		if was[id] != is[id] {
			out = append(out, Rule{ID: id, Old: was[id], New: is[id]})
		}
	}
	for _, id := range oldIDs {
		if _, still := is[id]; !still {
			out = append(out, Rule{ID: id, Old: was[id]})
		}
	}
	return out
}

// Text writes the report for a terminal or a pull request's summary, in
// the language of strs (the site's UI strings).
func (r Report) Text(lang string, strs map[string]string) string {
	var b strings.Builder
	say := func(zh, en string) string {
		if lang == "zh" {
			return zh
		}
		return en
	}
	fig := func(f Figure) string {
		switch {
		case f.Error != "":
			return say("（不符合旧规则的问题）", "(does not fit those rules)")
		case f.Status == "":
			return "—"
		case f.Low == f.High:
			return f.Status + " " + report.Money(f.Low)
		default:
			return f.Status + " " + report.Money(f.Low) + "–" + report.Money(f.High)
		}
	}
	if len(r.Policies) == 0 {
		b.WriteString(say("规则的改动没有改变任何用例或示例的结果。\n", "No case or example profile gives a different result.\n"))
	}
	for _, p := range r.Policies {
		if p.New {
			fmt.Fprintf(&b, say("%s：新政策\n", "%s: a new policy\n"), p.Policy)
			continue
		}
		fmt.Fprintf(&b, "%s\n", p.Policy)
		for _, m := range p.Measures {
			fmt.Fprintf(&b, "  %s %s", fmt.Sprintf(strs["measure_number"], m.Number), m.Title[lang])
			switch m.Status {
			case "added":
				b.WriteString(say("（新增）", " (added)"))
			case "removed":
				b.WriteString(say("（删除）", " (removed)"))
			}
			b.WriteString("\n")
			for _, rl := range m.Rules {
				fmt.Fprintf(&b, "    %s %s: %s → %s\n", say("规则", "rule"), rl.ID, orDash(rl.Old), orDash(rl.New))
			}
			for _, res := range m.Results {
				fmt.Fprintf(&b, "    %s: %s → %s\n", res.Profile, fig(res.Old), fig(res.New))
			}
			if n := len(m.Results); n > 0 {
				fmt.Fprintf(&b, say("    %d 个结果改变\n", "    %d results change\n"), n)
			}
		}
		cash := func(f Figure) string {
			if f.Low == f.High {
				return report.Money(f.Low)
			}
			return report.Money(f.Low) + "–" + report.Money(f.High)
		}
		for _, c := range p.Cash {
			fmt.Fprintf(&b, "  %s, %s: %s → %s\n", say("现金合计", "cash total"), c.Profile, cash(c.Old), cash(c.New))
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
