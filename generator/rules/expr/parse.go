package expr

import (
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

type token struct {
	kind string // num, date, str, ident, op, eof
	text string // for num: the canonical decimal
	pos  int
}

type lexer struct {
	src string
	pos int
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && strings.IndexByte(" \t\n\r", l.src[l.pos]) >= 0 {
		l.pos++
	}
	start := l.pos
	if l.pos >= len(l.src) {
		return token{kind: "eof", pos: start}, nil
	}
	c := l.src[l.pos]
	switch {
	case isDigit(c):
		return l.number()
	case isIdentStart(c):
		for l.pos < len(l.src) && (isIdentStart(l.src[l.pos]) || isDigit(l.src[l.pos])) {
			l.pos++
		}
		return token{kind: "ident", text: l.src[start:l.pos], pos: start}, nil
	case c == '\'' || c == '"':
		end := strings.IndexByte(l.src[l.pos+1:], c)
		if end < 0 {
			return token{}, errorf(start, "close the text with the same quote it opens with", "text is not closed")
		}
		l.pos += end + 2
		return token{kind: "str", text: l.src[start+1 : l.pos-1], pos: start}, nil
	}
	for _, op := range []string{"<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "(", ")", ","} {
		if strings.HasPrefix(l.src[l.pos:], op) {
			l.pos += len(op)
			return token{kind: "op", text: op, pos: start}, nil
		}
	}
	r, _ := utf8.DecodeRuneInString(l.src[l.pos:])
	hint := "expressions use names, numbers, 'text', + - *, comparisons, and/or/not and functions"
	switch r {
	case '=':
		hint = "compare with == (two equals signs)"
	case '/':
		hint = "there is no division: multiply by a percentage, e.g. amount * 25%"
	case '（', '）', '，', '＜', '＞', '＝', '％':
		hint = "switch to half-width (English) punctuation"
	}
	return token{}, errorf(start, hint, "unexpected %q", string(r))
}

// number lexes 12, 12.5, 1_000_000, 25%, 100万 and dates such as 2025-04-13.
func (l *lexer) number() (token, error) {
	start := l.pos
	if len(l.src)-start >= 10 && isDate(l.src[start:start+10]) {
		l.pos += 10
		return token{kind: "date", text: l.src[start:l.pos], pos: start}, nil
	}
	for l.pos < len(l.src) && (isDigit(l.src[l.pos]) || l.src[l.pos] == '_' || l.src[l.pos] == '.') {
		l.pos++
	}
	text := strings.ReplaceAll(l.src[start:l.pos], "_", "")
	d, err := decimal.NewFromString(text)
	if err != nil || strings.HasSuffix(text, ".") || strings.Count(text, ".") > 1 {
		return token{}, errorf(start, "write numbers like 1000000, 1_000_000, 12.5, 25% or 100万", "malformed number %q", l.src[start:l.pos])
	}
	switch {
	case strings.HasPrefix(l.src[l.pos:], "%"):
		l.pos++
		d = d.Shift(-2)
	case strings.HasPrefix(l.src[l.pos:], "万"):
		l.pos += len("万")
		d = d.Shift(4)
	}
	return token{kind: "num", text: Canonical(d), pos: start}, nil
}

func isDate(s string) bool {
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// Canonical renders a decimal without exponent and without trailing zeros
// after the point, the form both evaluators agree on.
func Canonical(d decimal.Decimal) string {
	s := d.String()
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// MaxDepth bounds how deep a formula may nest (parentheses, calls, not,
// minus) and how deep its tree may be: no real rule comes near it, and a
// formula nested a million deep must get a message, not exhaust the stack
// of the build or of the visitor's browser, whose evaluator holds rules
// to the same limit.
const MaxDepth = 64

// maxTerms bounds one chain of a + b + … or a and b and …, whose tree is as
// deep as the chain is long.
const maxTerms = MaxDepth

type parser struct {
	lex   lexer
	tok   token
	depth int
}

// enter counts one level of nesting at pos, and refuses one too many.
func (p *parser) enter(pos int) error {
	p.depth++
	if p.depth > MaxDepth {
		return errorf(pos, "split it into steps: each step's id names its value for the steps after it", "the formula nests more than %d deep", MaxDepth)
	}
	return nil
}

// Parse parses src into an unchecked tree.
func Parse(src string) (*Node, error) {
	p := &parser{lex: lexer{src: src}}
	if err := p.advance(); err != nil {
		return nil, err
	}
	n, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != "eof" {
		return nil, errorf(p.tok.pos, "join conditions with and/or, terms with + - *", "unexpected %q after the end of the expression", p.tok.text)
	}
	if deep := tooDeep(n, 1); deep != nil {
		return nil, errorf(deep.Pos, "split it into steps: each step's id names its value for the steps after it", "the formula nests more than %d deep", MaxDepth)
	}
	return n, nil
}

// tooDeep returns a node deeper than MaxDepth in n's tree, or nil.
func tooDeep(n *Node, depth int) *Node {
	if depth > MaxDepth {
		return n
	}
	for _, a := range n.Args {
		if d := tooDeep(a, depth+1); d != nil {
			return d
		}
	}
	return nil
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) isOp(op string) bool  { return p.tok.kind == "op" && p.tok.text == op }
func (p *parser) isWord(w string) bool { return p.tok.kind == "ident" && p.tok.text == w }

func (p *parser) binary(next func() (*Node, error), ops ...string) (*Node, error) {
	left, err := next()
	if err != nil {
		return nil, err
	}
	for terms := 1; ; terms++ {
		op := ""
		for _, o := range ops {
			if p.isOp(o) || p.isWord(o) {
				op = o
			}
		}
		if op == "" {
			return left, nil
		}
		pos := p.tok.pos
		if terms >= maxTerms {
			return nil, errorf(pos, "split it into steps: each step's id names its value for the steps after it", "the formula nests more than %d deep", MaxDepth)
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		right, err := next()
		if err != nil {
			return nil, err
		}
		left = &Node{K: "bin", Op: op, Args: []*Node{left, right}, Pos: pos}
		if precedence[op] == 3 && (p.tok.kind == "op" && precedence[p.tok.text] == 3) {
			return nil, errorf(p.tok.pos, "write a <= x and x <= b", "comparisons cannot be chained")
		}
	}
}

func (p *parser) or() (*Node, error)  { return p.binary(p.and, "or") }
func (p *parser) and() (*Node, error) { return p.binary(p.not, "and") }

func (p *parser) not() (*Node, error) {
	if p.isWord("not") {
		pos := p.tok.pos
		if err := p.enter(pos); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.not()
		if err != nil {
			return nil, err
		}
		return &Node{K: "not", Args: []*Node{x}, Pos: pos}, nil
	}
	return p.cmp()
}

func (p *parser) cmp() (*Node, error) { return p.binary(p.add, "<=", ">=", "==", "!=", "<", ">") }
func (p *parser) add() (*Node, error) { return p.binary(p.mul, "+", "-") }
func (p *parser) mul() (*Node, error) { return p.binary(p.unary, "*") }

func (p *parser) unary() (*Node, error) {
	if p.isOp("-") {
		pos := p.tok.pos
		if err := p.enter(pos); err != nil {
			return nil, err
		}
		defer func() { p.depth-- }()
		if err := p.advance(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Node{K: "neg", Args: []*Node{x}, Pos: pos}, nil
	}
	return p.primary()
}

func (p *parser) primary() (*Node, error) {
	t := p.tok
	switch t.kind {
	case "num", "date", "str":
		if err := p.advance(); err != nil {
			return nil, err
		}
		return &Node{K: t.kind, V: t.text, Pos: t.pos}, nil
	case "ident":
		if err := p.advance(); err != nil {
			return nil, err
		}
		switch t.text {
		case "true", "false":
			return &Node{K: "bool", V: t.text, Pos: t.pos}, nil
		case "and", "or", "not":
			return nil, errorf(t.pos, "put a value on each side of and/or", "unexpected %q", t.text)
		}
		if !p.isOp("(") {
			return &Node{K: "var", V: t.text, Pos: t.pos}, nil
		}
		return p.call(t)
	case "op":
		if t.text == "(" {
			if err := p.enter(t.pos); err != nil {
				return nil, err
			}
			defer func() { p.depth-- }()
			if err := p.advance(); err != nil {
				return nil, err
			}
			n, err := p.or()
			if err != nil {
				return nil, err
			}
			if !p.isOp(")") {
				return nil, errorf(p.tok.pos, "add the closing parenthesis", "missing )")
			}
			return n, p.advance()
		}
	case "eof":
		return nil, errorf(t.pos, "complete the expression", "the expression ends too early")
	}
	return nil, errorf(t.pos, "a name, a number or ( was expected here", "unexpected %q", t.text)
}

func (p *parser) call(name token) (*Node, error) {
	if err := p.enter(name.pos); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	n := &Node{K: "call", Op: name.text, Pos: name.pos}
	if err := p.advance(); err != nil { // (
		return nil, err
	}
	if p.isOp(")") {
		return n, p.advance()
	}
	for {
		arg, err := p.or()
		if err != nil {
			return nil, err
		}
		n.Args = append(n.Args, arg)
		if p.isOp(")") {
			return n, p.advance()
		}
		if !p.isOp(",") {
			return nil, errorf(p.tok.pos, "separate arguments with commas and close with )", "expected , or ) in the call of %s", name.text)
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
	}
}

func parseDecimal(s string) (decimal.Decimal, error) { return decimal.NewFromString(s) }
