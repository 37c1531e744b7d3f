package rules

import (
	"strings"
	"time"

	"xihuguide/generator/content"
	"xihuguide/generator/rules/expr"
)

// The policy's dates are written once, in policy.toml. Formulas name them
// (application_date <= in_force_until) and texts quote them
// ({in_force_until}), so that a change of dates, or a repeal, is one edit.
//
// in_force_until is the last day the policy applies: the day before its
// repeal when it was repealed earlier than it would have expired, so that an
// application on or after the repeal fails the gate that asks for it.
func policyDates(p *content.Policy) map[string]time.Time {
	until := p.Meta.InForceUntil
	if r := p.Meta.RepealedOn; !r.IsZero() && (until.IsZero() || r.AddDate(0, 0, -1).Before(until)) {
		until = r.AddDate(0, 0, -1)
	}
	dates := map[string]time.Time{}
	if !p.Meta.InForceFrom.IsZero() {
		dates["in_force_from"] = p.Meta.InForceFrom
	}
	if !until.IsZero() {
		dates["in_force_until"] = until
	}
	return dates
}

// withDates replaces each name of a policy date in n by the date itself:
// the compiled rules hold plain date literals, so that both evaluators
// need nothing new.
func withDates(n *expr.Node, dates map[string]time.Time) {
	if n.K == "var" {
		if d, ok := dates[n.V]; ok {
			n.K, n.V = "date", d.Format(time.DateOnly)
		}
		return
	}
	for _, a := range n.Args {
		withDates(a, dates)
	}
}

// expandDates writes the policy's dates into a text in its language, where
// it says {in_force_from} or {in_force_until}.
func expandDates(t Text, dates map[string]time.Time) {
	for lang, s := range t {
		if !strings.Contains(s, "{") {
			continue
		}
		for name, d := range dates {
			s = strings.ReplaceAll(s, "{"+name+"}", content.FormatDate(lang, d))
		}
		t[lang] = s
	}
}
