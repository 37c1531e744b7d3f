package expr

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"xihuguide/generator/diag"
)

// Env is what names mean where an expression stands.
type Env struct {
	Vars map[string]Type
	// Items are the names of each repeatable item, usable only inside
	// sum() and count() at the level above the items. Nil elsewhere.
	Items map[string]Type
	// Later are the ids of the steps from the one being checked on, which
	// it may not use: only the steps above a step are its names.
	Later map[string]bool
}

// Check type-checks n in env, annotating every node with its type.
func Check(n *Node, env *Env) (Type, error) {
	c := checker{env: env}
	return c.check(n)
}

// CheckAs checks n and requires a type of the given kind. A plain Number
// (such as a literal, or a literal picked by if) is accepted where Money or
// Count is wanted: numbers take the unit of the place they stand in.
func CheckAs(n *Node, env *Env, want Kind) (Type, error) {
	t, err := Check(n, env)
	if err != nil {
		return t, err
	}
	if t.Kind != want && !(t.Kind == Number && (want == Money || want == Count)) {
		hint := ""
		switch want {
		case Bool:
			hint = "a condition is a comparison such as amount >= 1000000, or a yes/no answer"
		case Money:
			hint = "an award is an amount of money, such as amount * 25% or 5万"
		}
		return t, errorf(n.Pos, hint, "this is a %s, but a %s is needed here", t, want)
	}
	return t, nil
}

type checker struct {
	env    *Env
	inItem bool // inside sum() or count()
}

func (c *checker) check(n *Node) (Type, error) {
	t, err := c.infer(n)
	n.Type = t
	return t, err
}

func (c *checker) infer(n *Node) (Type, error) {
	switch n.K {
	case "num":
		return Type{Kind: Number}, nil
	case "date":
		return Type{Kind: Date}, nil
	case "bool":
		return Type{Kind: Bool}, nil
	case "str":
		return Type{}, errorf(n.Pos, "text can only be compared with a choice, as in level == 'national'", "text '%s' stands alone", n.V)
	case "var":
		return c.variable(n)
	case "not":
		t, err := c.check(n.Args[0])
		if err != nil {
			return t, err
		}
		if t.Kind != Bool {
			return t, errorf(n.Pos, "not applies to a condition", "not of a %s", t)
		}
		return Type{Kind: Bool}, nil
	case "neg":
		t, err := c.check(n.Args[0])
		if err != nil {
			return t, err
		}
		if !t.numeric() {
			return t, errorf(n.Pos, "", "minus of a %s", t)
		}
		return t, nil
	case "bin":
		return c.binary(n)
	case "call":
		return c.call(n)
	}
	return Type{}, errorf(n.Pos, "", "unknown node %q", n.K)
}

func (c *checker) variable(n *Node) (Type, error) {
	if t, ok := c.env.Vars[n.V]; ok {
		return t, nil
	}
	if t, ok := c.env.Items[n.V]; ok {
		if c.inItem {
			return t, nil
		}
		return t, errorf(n.Pos, fmt.Sprintf("add up the items with sum(%s)", n.V), "%s is a value of each item, not of the whole measure", n.V)
	}
	if c.env.Later[n.V] {
		return Type{}, errorf(n.Pos, "a step can use only the inputs and the steps above it; steps that use each other (a = b, b = a) are a cycle: compute one from the other",
			"%s is computed by this step or a later one", n.V)
	}
	return Type{}, errorf(n.Pos, suggest(n.V, c.names()), "unknown name %q", n.V)
}

func (c *checker) names() []string {
	var names []string
	for k := range c.env.Vars {
		names = append(names, k)
	}
	for k := range c.env.Items {
		if _, both := c.env.Vars[k]; !both {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return names
}

// numericResult combines the kinds of two numeric operands of + or -, min or
// max: money with money or a plain number, count with count.
func numericResult(a, b Type) (Kind, bool) {
	switch {
	case a.Kind == b.Kind:
		return a.Kind, true
	case a.Kind == Money && b.Kind == Number, a.Kind == Number && b.Kind == Money:
		return Money, true
	case a.Kind == Count && b.Kind == Number, a.Kind == Number && b.Kind == Count:
		return Number, true
	}
	return "", false
}

func (c *checker) binary(n *Node) (Type, error) {
	l, err := c.check(n.Args[0])
	if err != nil {
		return l, err
	}
	if n.Op == "==" || n.Op == "!=" {
		if l.Kind == Choice {
			return c.choiceCompare(n, l)
		}
	}
	r, err := c.check(n.Args[1])
	if err != nil {
		return r, err
	}
	ranged := l.Ranged || r.Ranged
	switch n.Op {
	case "and", "or":
		if l.Kind != Bool || r.Kind != Bool {
			return Type{}, errorf(n.Pos, "and/or join conditions", "%s of a %s and a %s", n.Op, l, r)
		}
		return Type{Kind: Bool}, nil
	case "<", "<=", ">", ">=", "==", "!=":
		if ranged {
			return Type{}, errorf(n.Pos, "compare the answers themselves, before a tier is applied", "a condition cannot depend on a range decided by review")
		}
		_, ok := numericResult(l, r)
		if l.numeric() && r.numeric() && ok || l.Kind == r.Kind && (l.Kind == Date || l.Kind == Bool && (n.Op == "==" || n.Op == "!=")) {
			return Type{Kind: Bool}, nil
		}
		return Type{}, errorf(n.Pos, "both sides must be amounts, counts or dates alike", "cannot compare a %s with a %s", l, r)
	case "+", "-":
		if k, ok := numericResult(l, r); ok && l.numeric() && r.numeric() {
			return Type{Kind: k, Ranged: ranged}, nil
		}
		return Type{}, errorf(n.Pos, "add and subtract amounts of money with amounts, counts with counts", "cannot %s a %s and a %s", verb(n.Op), l, r)
	case "*":
		if !l.numeric() || !r.numeric() {
			return Type{}, errorf(n.Pos, "", "cannot multiply a %s and a %s", l, r)
		}
		if l.Kind == Money && r.Kind == Money {
			return Type{}, errorf(n.Pos, "multiply an amount by a rate (25%) or a count", "cannot multiply two amounts of money")
		}
		k := Number
		switch {
		case l.Kind == Money || r.Kind == Money:
			k = Money
		case l.Kind == Count && r.Kind == Count:
			k = Count
		}
		return Type{Kind: k, Ranged: ranged}, nil
	}
	return Type{}, errorf(n.Pos, "", "unknown operator %s", n.Op)
}

func verb(op string) string {
	if op == "+" {
		return "add"
	}
	return "subtract"
}

func (c *checker) choiceCompare(n *Node, l Type) (Type, error) {
	r := n.Args[1]
	if r.K != "str" {
		return Type{}, errorf(r.Pos, "write the option in quotes: level == 'national'", "a choice is compared with one of its options")
	}
	r.Type = l
	if !slices.Contains(l.Options, r.V) {
		return Type{}, errorf(r.Pos, "the options are "+strings.Join(l.Options, ", "), "'%s' is not an option of %s", r.V, n.Args[0])
	}
	return Type{Kind: Bool}, nil
}

// Functions lists the functions an expression may call, for messages and docs.
var Functions = []string{"min", "max", "range", "if", "match", "sum", "count"}

func (c *checker) call(n *Node) (Type, error) {
	argc := func(min, max int) error {
		if len(n.Args) < min || max >= 0 && len(n.Args) > max {
			want := fmt.Sprintf("%d", min)
			if max < 0 {
				want = fmt.Sprintf("at least %d", min)
			} else if max != min {
				want = fmt.Sprintf("%d to %d", min, max)
			}
			return errorf(n.Pos, "", "%s takes %s arguments, not %d", n.Op, want, len(n.Args))
		}
		return nil
	}
	switch n.Op {
	case "min", "max":
		if err := argc(2, -1); err != nil {
			return Type{}, err
		}
		return c.sameNumeric(n, n.Args)
	case "range":
		if err := argc(2, 2); err != nil {
			return Type{}, err
		}
		t, err := c.sameNumeric(n, n.Args)
		if err != nil {
			return t, err
		}
		for _, a := range n.Args {
			if a.Type.Ranged {
				return t, errorf(a.Pos, "", "the ends of a range must be single figures")
			}
		}
		if n.Args[0].K == "num" && n.Args[1].K == "num" {
			lo, _ := parseDecimal(n.Args[0].V)
			hi, _ := parseDecimal(n.Args[1].V)
			if lo.GreaterThan(hi) {
				return t, errorf(n.Pos, "write the lower end first", "range(%s, %s) runs backwards", n.Args[0].V, n.Args[1].V)
			}
		}
		t.Ranged = true
		return t, nil
	case "if":
		if err := argc(3, 3); err != nil {
			return Type{}, err
		}
		cond, err := c.check(n.Args[0])
		if err != nil {
			return cond, err
		}
		if cond.Kind != Bool || cond.Ranged {
			return Type{}, errorf(n.Args[0].Pos, "if(condition, value when true, value when false)", "the first argument of if must be a condition")
		}
		return c.sameType(n, n.Args[1:])
	case "match":
		return c.match(n)
	case "sum", "count":
		if c.env.Items == nil {
			return Type{}, errorf(n.Pos, "sum and count add up repeatable items, at the level of the whole measure", "%s is not available here", n.Op)
		}
		if n.Op == "count" {
			if err := argc(0, 0); err != nil {
				return Type{}, err
			}
			return Type{Kind: Count}, nil
		}
		if err := argc(1, 1); err != nil {
			return Type{}, err
		}
		c.inItem = true
		t, err := c.check(n.Args[0])
		c.inItem = false
		if err != nil {
			return t, err
		}
		if !t.numeric() {
			return t, errorf(n.Pos, "", "cannot add up a %s", t)
		}
		return t, nil
	}
	return Type{}, errorf(n.Pos, "the functions are "+strings.Join(Functions, ", "), "unknown function %q", n.Op)
}

func (c *checker) sameNumeric(n *Node, args []*Node) (Type, error) {
	var out Type
	for i, a := range args {
		t, err := c.check(a)
		if err != nil {
			return t, err
		}
		if !t.numeric() {
			return t, errorf(a.Pos, "", "%s needs amounts or numbers, not a %s", n.Op, t)
		}
		if i == 0 {
			out = t
			continue
		}
		k, ok := numericResult(out, t)
		if !ok {
			return t, errorf(a.Pos, "", "%s mixes a %s and a %s", n.Op, out, t)
		}
		out = Type{Kind: k, Ranged: out.Ranged || t.Ranged}
	}
	return out, nil
}

func (c *checker) sameType(n *Node, args []*Node) (Type, error) {
	first, err := c.check(args[0])
	if err != nil {
		return first, err
	}
	if first.numeric() {
		return c.sameNumeric(n, args)
	}
	for _, a := range args[1:] {
		t, err := c.check(a)
		if err != nil {
			return t, err
		}
		if t.Kind != first.Kind {
			return t, errorf(a.Pos, "", "%s gives a %s here and a %s there", n.Op, first, t)
		}
	}
	return first, nil
}

// match(x, 'a', value_a, 'b', value_b, …) picks the value for x's option.
// Every option of x must appear exactly once.
func (c *checker) match(n *Node) (Type, error) {
	if len(n.Args) < 3 || len(n.Args)%2 == 0 {
		return Type{}, errorf(n.Pos, "match(choice, 'option', value, 'option', value, …)", "match needs a choice and pairs of option and value")
	}
	subject, err := c.check(n.Args[0])
	if err != nil {
		return subject, err
	}
	if subject.Kind != Choice {
		return subject, errorf(n.Args[0].Pos, "", "match needs a choice first, not a %s", subject)
	}
	seen := map[string]bool{}
	var values []*Node
	for i := 1; i < len(n.Args); i += 2 {
		key := n.Args[i]
		if key.K != "str" {
			return Type{}, errorf(key.Pos, "write the option in quotes", "expected an option of %s", n.Args[0])
		}
		key.Type = subject
		if !slices.Contains(subject.Options, key.V) {
			return Type{}, errorf(key.Pos, "the options are "+strings.Join(subject.Options, ", "), "'%s' is not an option of %s", key.V, n.Args[0])
		}
		if seen[key.V] {
			return Type{}, errorf(key.Pos, "", "'%s' appears twice", key.V)
		}
		seen[key.V] = true
		values = append(values, n.Args[i+1])
	}
	for _, o := range subject.Options {
		if !seen[o] {
			return Type{}, errorf(n.Pos, "give a value for every option", "match does not say what '%s' gives", o)
		}
	}
	return c.sameType(n, values)
}

// suggest proposes the known name closest to an unknown one.
func suggest(name string, known []string) string {
	if best, ok := diag.Closest(name, known); ok {
		return "did you mean " + best + "?"
	}
	if len(known) == 0 {
		return "no names are defined here"
	}
	return "the names here are " + strings.Join(known, ", ")
}
