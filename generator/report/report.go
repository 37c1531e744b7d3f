// Package report writes a self-check result as text for a terminal, in one
// of the site's languages: each measure's estimate with the why and the
// clause behind every figure, the totals and the notes.
package report

import (
	"fmt"
	"io"
	"strings"

	"xihuguide/generator/rules"
	"xihuguide/generator/rules/eval"
)

// Writer renders results in one language.
type Writer struct {
	Program *rules.Program
	Strings map[string]string // the language's UI strings
	Lang    string
}

func (w *Writer) t(key string, args ...any) string {
	s, ok := w.Strings[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Money groups the digits of an amount such as "1234567.80" by thousands.
func Money(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

func (w *Writer) amount(low, high string) string {
	if low == high {
		return w.t("money_single", Money(low))
	}
	return w.t("money_range", Money(low), Money(high))
}

func (w *Writer) clause(id string) string {
	if c := w.Program.Clause(id); c != nil {
		return "[" + c.Label[w.Lang] + "]"
	}
	return "[" + id + "]"
}

// Write renders r.
func (w *Writer) Write(out io.Writer, r *eval.Result) {
	p := w.Program
	fmt.Fprintf(out, "%s · %s %s\n\n", w.t("result_title"), w.t("result_rules_version"), r.Rules)
	if r.Eligible {
		fmt.Fprintln(out, w.t("result_gates_ok"))
	} else {
		fmt.Fprintln(out, w.t("result_gates_failed"))
	}
	for i, g := range r.Gates {
		mark := "✓"
		if !g.Passed {
			mark = "✗"
		}
		fmt.Fprintf(out, "  %s %s %s\n", mark, p.Gates[i].Explain[w.Lang], w.clause(g.Clause))
	}
	fmt.Fprintln(out)
	for i, mr := range r.Measures {
		m := p.Measures[i]
		head := fmt.Sprintf("%s %s", w.t("measure_number", m.Number), m.Title[w.Lang])
		status := w.t("result_status_" + mr.Status)
		switch mr.Status {
		case eval.NotAnswered:
			fmt.Fprintf(out, "%s — %s\n", head, status)
			continue
		case eval.Eligible:
			fmt.Fprintf(out, "%s — %s: %s%s\n", head, status, w.amount(mr.Low, mr.High), w.flags(mr.Flags))
		default:
			fmt.Fprintf(out, "%s — %s\n", head, status)
		}
		w.conditions(out, "  ", m.Conditions, mr.Conditions)
		for j, it := range mr.Items {
			label := w.t("result_item", j+1)
			if m.Item != nil {
				label += " " + m.Item.Name[w.Lang]
			}
			if it.Status == eval.Eligible {
				fmt.Fprintf(out, "  %s: %s\n", label, w.amount(it.Low, it.High))
			} else {
				fmt.Fprintf(out, "  %s: %s\n", label, w.t("result_status_"+it.Status))
			}
			w.conditions(out, "    ", m.Item.Conditions, it.Conditions)
			w.steps(out, "    ", p.ItemSteps(m), it.Steps)
		}
		w.steps(out, "  ", m.Steps, mr.Steps)
	}
	fmt.Fprintf(out, "\n%s: %s\n", w.t("result_cash_total"), w.amount(r.Cash.Low, r.Cash.High))
	if len(r.NonCash) > 0 {
		fmt.Fprintf(out, "%s:\n", w.t("result_non_cash"))
		for _, n := range r.NonCash {
			m := p.Measure(n.Measure)
			label := w.t("measure_number", m.Number)
			switch {
			case n.Kind != "": // named by kind where the rules say it
				label += " " + w.t("support_"+n.Kind)
			case n.Item >= 0:
				label += " " + w.t("result_item", n.Item+1)
			}
			fmt.Fprintf(out, "  %s: %s\n", label, w.amount(n.Low, n.High))
		}
	}
	fmt.Fprintf(out, "\n%s:\n", w.t("result_notes"))
	for _, n := range p.Notes {
		fmt.Fprintf(out, "  - %s %s\n", n.Text[w.Lang], w.clause(n.Clause))
	}
}

func (w *Writer) flags(ids []string) string {
	var labels []string
	for _, id := range ids {
		for _, f := range w.Program.Flags {
			if f.ID == id {
				labels = append(labels, f.Label[w.Lang])
			}
		}
	}
	if len(labels) == 0 {
		return ""
	}
	return " (" + strings.Join(labels, "; ") + ")"
}

func (w *Writer) conditions(out io.Writer, indent string, defs []*rules.Condition, checks []eval.ConditionCheck) {
	for i, c := range checks {
		if !c.Passed {
			fmt.Fprintf(out, "%s%s %s %s\n", indent, w.t("result_failed"), defs[i].Explain[w.Lang], w.clause(c.Clause))
		}
	}
}

func (w *Writer) steps(out io.Writer, indent string, defs []*rules.Step, values []eval.StepValue) {
	for i, v := range values {
		fmt.Fprintf(out, "%s· %s = %s %s\n", indent, defs[i].Explain[w.Lang], w.amount(v.Low, v.High), w.clause(v.Clause))
	}
}
