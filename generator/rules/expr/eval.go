package expr

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Value is a run-time value. Numbers are ranges [Lo, Hi]; a single figure
// has Lo == Hi.
type Value struct {
	Kind   Kind
	Lo, Hi decimal.Decimal
	Bool   bool
	Text   string // a date (YYYY-MM-DD) or a choice's option
}

// Point returns a single-figure number of kind k.
func Point(k Kind, d decimal.Decimal) Value { return Value{Kind: k, Lo: d, Hi: d} }

// Scope gives the values of names while evaluating.
type Scope interface {
	Lookup(name string) (Value, bool)
	// Items returns the scopes of the eligible repeatable items, for sum()
	// and count().
	Items() []Scope
}

// Eval evaluates a checked tree. It fails only on a name the scope lacks,
// which a checked tree with a complete scope never meets.
func Eval(n *Node, s Scope) (Value, error) {
	switch n.K {
	case "num":
		d, err := decimal.NewFromString(n.V)
		return Point(Number, d), err
	case "date":
		return Value{Kind: Date, Text: n.V}, nil
	case "str":
		return Value{Kind: Choice, Text: n.V}, nil
	case "bool":
		return Value{Kind: Bool, Bool: n.V == "true"}, nil
	case "var":
		v, ok := s.Lookup(n.V)
		if !ok {
			return Value{}, fmt.Errorf("no value for %s", n.V)
		}
		return v, nil
	case "not":
		x, err := Eval(n.Args[0], s)
		return Value{Kind: Bool, Bool: !x.Bool}, err
	case "neg":
		x, err := Eval(n.Args[0], s)
		return Value{Kind: n.Type.Kind, Lo: x.Hi.Neg(), Hi: x.Lo.Neg()}, err
	case "bin":
		return evalBinary(n, s)
	case "call":
		return evalCall(n, s)
	}
	return Value{}, fmt.Errorf("unknown node %q", n.K)
}

func evalBinary(n *Node, s Scope) (Value, error) {
	l, err := Eval(n.Args[0], s)
	if err != nil {
		return l, err
	}
	// and/or do not look at the right side when the left decides.
	switch {
	case n.Op == "and" && !l.Bool:
		return Value{Kind: Bool}, nil
	case n.Op == "or" && l.Bool:
		return Value{Kind: Bool, Bool: true}, nil
	}
	r, err := Eval(n.Args[1], s)
	if err != nil {
		return r, err
	}
	k := n.Type.Kind
	switch n.Op {
	case "and", "or":
		return Value{Kind: Bool, Bool: r.Bool}, nil
	case "+":
		return Value{Kind: k, Lo: l.Lo.Add(r.Lo), Hi: l.Hi.Add(r.Hi)}, nil
	case "-":
		return Value{Kind: k, Lo: l.Lo.Sub(r.Hi), Hi: l.Hi.Sub(r.Lo)}, nil
	case "*":
		products := []decimal.Decimal{l.Lo.Mul(r.Lo), l.Lo.Mul(r.Hi), l.Hi.Mul(r.Lo), l.Hi.Mul(r.Hi)}
		return Value{Kind: k, Lo: decimal.Min(products[0], products[1:]...), Hi: decimal.Max(products[0], products[1:]...)}, nil
	}
	return Value{Kind: Bool, Bool: compare(n.Op, l, r)}, nil
}

func compare(op string, l, r Value) bool {
	var c int
	switch l.Kind {
	case Date, Choice:
		c = cmpString(l.Text, r.Text)
	case Bool:
		if l.Bool != r.Bool {
			c = 1
		}
	default:
		c = l.Lo.Cmp(r.Lo)
	}
	switch op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	case "==":
		return c == 0
	}
	return c != 0
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func evalCall(n *Node, s Scope) (Value, error) {
	k := n.Type.Kind
	args := func(nodes []*Node) ([]Value, error) {
		out := make([]Value, len(nodes))
		for i, a := range nodes {
			v, err := Eval(a, s)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	}
	switch n.Op {
	case "min", "max":
		vs, err := args(n.Args)
		if err != nil {
			return Value{}, err
		}
		out := Value{Kind: k, Lo: vs[0].Lo, Hi: vs[0].Hi}
		for _, v := range vs[1:] {
			if n.Op == "min" {
				out.Lo, out.Hi = decimal.Min(out.Lo, v.Lo), decimal.Min(out.Hi, v.Hi)
			} else {
				out.Lo, out.Hi = decimal.Max(out.Lo, v.Lo), decimal.Max(out.Hi, v.Hi)
			}
		}
		return out, nil
	case "range":
		vs, err := args(n.Args)
		if err != nil {
			return Value{}, err
		}
		return Value{Kind: k, Lo: vs[0].Lo, Hi: vs[1].Hi}, nil
	case "if":
		cond, err := Eval(n.Args[0], s)
		if err != nil {
			return cond, err
		}
		pick := n.Args[2]
		if cond.Bool {
			pick = n.Args[1]
		}
		v, err := Eval(pick, s)
		v.Kind = k
		return v, err
	case "match":
		subject, err := Eval(n.Args[0], s)
		if err != nil {
			return subject, err
		}
		for i := 1; i < len(n.Args); i += 2 {
			if n.Args[i].V == subject.Text {
				v, err := Eval(n.Args[i+1], s)
				v.Kind = k
				return v, err
			}
		}
		return Value{}, fmt.Errorf("no option %q in match", subject.Text)
	case "sum":
		out := Point(k, decimal.Zero)
		for _, item := range s.Items() {
			v, err := Eval(n.Args[0], item)
			if err != nil {
				return v, err
			}
			out.Lo, out.Hi = out.Lo.Add(v.Lo), out.Hi.Add(v.Hi)
		}
		return out, nil
	case "count":
		return Point(Count, decimal.NewFromInt(int64(len(s.Items())))), nil
	}
	return Value{}, fmt.Errorf("unknown function %q", n.Op)
}
