// Package expr is the small typed expression language in which rule files
// state conditions and award formulas, such as
//
//	min(service_amount * range(20%, 50%), 100万)
//	annual_trade_amount >= 1000000 and not declared_before
//
// An expression is parsed and type-checked once, in Go, into a Node tree;
// the Go and the TypeScript evaluators both run that tree. Numbers are
// exact decimals: 25% is 0.25, 100万 is 1000000, 1_000_000 is 1000000, and
// there is no division, so every result has a finite decimal expansion.
package expr

import (
	"fmt"
	"strings"
)

// Kind is the kind of a value.
type Kind string

const (
	Money  Kind = "money"  // yuan, exact to the fen on input
	Number Kind = "number" // a dimensionless decimal: rates, literals
	Count  Kind = "count"  // a whole number of things
	Bool   Kind = "bool"
	Date   Kind = "date"
	Choice Kind = "choice" // one of a list of options
)

// Type is a value's static type.
type Type struct {
	Kind    Kind
	Options []string // for Choice
	// Ranged is set when the value may be a range [low, high] rather than a
	// single figure: it depends on range(), a tier decided by review.
	Ranged bool
}

func (t Type) String() string {
	s := string(t.Kind)
	if t.Ranged {
		s = "range of " + s
	}
	return s
}

func (t Type) numeric() bool { return t.Kind == Money || t.Kind == Number || t.Kind == Count }

// Node is one node of a checked expression. Its JSON form is what the
// browser's evaluator runs.
type Node struct {
	K    string  `json:"k"`            // num, date, str, bool, var, bin, not, neg, call
	Op   string  `json:"op,omitempty"` // operator of bin, function of call
	V    string  `json:"v,omitempty"`  // literal value (numbers as canonical decimals)
	Args []*Node `json:"a,omitempty"`  // operands
	Pos  int     `json:"-"`            // byte offset in the source
	Type Type    `json:"-"`
}

// Error is a syntax or type error at a byte offset of the expression.
type Error struct {
	Pos  int
	Msg  string
	Hint string
}

func (e *Error) Error() string { return fmt.Sprintf("at offset %d: %s", e.Pos, e.Msg) }

func errorf(pos int, hint, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// String renders a node back as source, for the published formulas page.
func (n *Node) String() string {
	switch n.K {
	case "num", "bool":
		return n.V
	case "date":
		return n.V
	case "str":
		return "'" + n.V + "'"
	case "var":
		return n.V
	case "not":
		return "not " + n.Args[0].String()
	case "neg":
		return "-" + n.Args[0].String()
	case "bin":
		return paren(n.Args[0], n.Op, false) + " " + n.Op + " " + paren(n.Args[1], n.Op, true)
	case "call":
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			args[i] = a.String()
		}
		return n.Op + "(" + strings.Join(args, ", ") + ")"
	}
	return "?"
}

var precedence = map[string]int{"or": 1, "and": 2, "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3, "+": 4, "-": 4, "*": 5}

// paren wraps an operand that binds more loosely than its parent; on the
// right, also one that binds as tightly (a - (b - c)).
func paren(n *Node, parent string, right bool) string {
	if n.K == "bin" && (precedence[n.Op] < precedence[parent] || right && precedence[n.Op] == precedence[parent]) {
		return "(" + n.String() + ")"
	}
	return n.String()
}
