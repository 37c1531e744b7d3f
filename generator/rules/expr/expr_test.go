package expr

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

var env = &Env{
	Vars: map[string]Type{
		"amount": {Kind: Money},
		"paid":   {Kind: Money},
		"cases":  {Kind: Count},
		"rate":   {Kind: Number},
		"listed": {Kind: Bool},
		"day":    {Kind: Date},
		"level":  {Kind: Choice, Options: []string{"national", "provincial"}},
		"tiered": {Kind: Money, Ranged: true},
	},
	Items: map[string]Type{"award": {Kind: Money}},
}

type scope struct {
	vars  map[string]Value
	items []Scope
}

func (s scope) Lookup(n string) (Value, bool) { v, ok := s.vars[n]; return v, ok }
func (s scope) Items() []Scope                { return s.items }

func money(s string) Value { return Point(Money, decimal.RequireFromString(s)) }

var values = scope{
	vars: map[string]Value{
		"amount": money("1000000.01"), "paid": money("250000"), "cases": Point(Count, decimal.NewFromInt(10)),
		"rate": Point(Number, decimal.RequireFromString("0.35")), "listed": {Kind: Bool, Bool: true},
		"day": {Kind: Date, Text: "2028-04-12"}, "level": {Kind: Choice, Text: "provincial"},
		"tiered": {Kind: Money, Lo: decimal.NewFromInt(200000), Hi: decimal.NewFromInt(500000)},
	},
	items: []Scope{
		scope{vars: map[string]Value{"award": money("100000")}},
		scope{vars: map[string]Value{"award": money("0.01")}},
	},
}

func TestEval(t *testing.T) {
	tests := []struct{ src, lo, hi string }{
		{"amount * 25%", "250000.0025", "250000.0025"},
		{"min(amount * 25%, 500万)", "250000.0025", "250000.0025"},
		{"min(amount * 50%, 1_000_000 - paid)", "500000.005", "500000.005"},
		{"amount * range(20%, 50%)", "200000.002", "500000.005"},
		{"min(amount * range(20%, 50%), 30万)", "200000.002", "300000"},
		{"max(0, paid - tiered)", "0", "50000"},
		{"match(level, 'national', 200000, 'provincial', 100000) - 60000", "40000", "40000"},
		{"if(cases >= 10 and listed, 50万, 0)", "500000", "500000"},
		{"sum(award)", "100000.01", "100000.01"},
		{"count() * 10万", "200000", "200000"},
		{"-(paid - 1)", "-249999", "-249999"},
		{"1 - (2 - 3)", "2", "2"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.src)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if _, err := Check(n, env); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		v, err := Eval(n, values)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if Canonical(v.Lo) != tt.lo || Canonical(v.Hi) != tt.hi {
			t.Errorf("%s = [%s, %s], want [%s, %s]", tt.src, Canonical(v.Lo), Canonical(v.Hi), tt.lo, tt.hi)
		}
		// Printing and parsing again gives the same tree.
		again, err := Parse(n.String())
		if err != nil || again.String() != n.String() {
			t.Errorf("%s printed as %s, which reads back as %v (%v)", tt.src, n.String(), again, err)
		}
	}
}

func TestConditions(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"amount >= 1000000", true},
		{"amount > 1000000.01", false},
		{"day <= 2028-04-12 and day >= 2025-04-13", true},
		{"day > 2028-04-12", false},
		{"level == 'national' or cases > 10", false},
		{"not listed", false},
		{"listed == true", true},
		{"level != 'national'", true},
	}
	for _, tt := range tests {
		n, err := Parse(tt.src)
		if err == nil {
			_, err = CheckAs(n, env, Bool)
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		v, _ := Eval(n, values)
		if v.Bool != tt.want {
			t.Errorf("%s = %v", tt.src, v.Bool)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		pos  int
		msg  string
		hint string
	}{
		{"amount >= day", 7, "cannot compare a money with a date", "alike"},
		{"amout * 25%", 0, `unknown name "amout"`, "did you mean amount?"},
		{"amount * paid", 7, "cannot multiply two amounts of money", "rate"},
		{"amount / 4", 7, `unexpected "/"`, "no division"},
		{"amount = 1", 7, `unexpected "="`, "=="},
		{"min(amount", 10, "expected , or )", ""},
		{"(amount + 1", 11, "missing )", ""},
		{"level == 'regional'", 9, "'regional' is not an option of level", "national, provincial"},
		{"match(level, 'national', 1)", 0, "does not say what 'provincial' gives", ""},
		{"tiered > 5", 7, "cannot depend on a range", ""},
		{"award + 1", 0, "a value of each item", "sum(award)"},
		{"frobnicate(1)", 0, `unknown function "frobnicate"`, "min, max"},
		{"range(5, 1)", 0, "runs backwards", ""},
		{"1 < amount < 2", 11, "cannot be chained", ""},
		{"amount + cases", 7, "cannot add a money and a count", ""},
		{"12..5", 0, "malformed number", ""},
		{"'open", 0, "not closed", ""},
		{"amount >", 8, "ends too early", ""},
		{"amount（", 6, `unexpected "（"`, "half-width"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.src)
		if err == nil {
			_, err = Check(n, env)
		}
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%s: error %v", tt.src, err)
			continue
		}
		if e.Pos != tt.pos || !strings.Contains(e.Msg, tt.msg) || !strings.Contains(e.Hint, tt.hint) {
			t.Errorf("%s: got %d %q (%q), want %d %q (%q)", tt.src, e.Pos, e.Msg, e.Hint, tt.pos, tt.msg, tt.hint)
		}
	}
}

func TestCheckAs(t *testing.T) {
	n, _ := Parse("amount >= 5")
	if _, err := CheckAs(n, env, Money); err == nil || !strings.Contains(err.Error(), "a bool, but a money is needed") {
		t.Errorf("got %v", err)
	}
	n, _ = Parse("if(listed, 5万, 0)")
	if _, err := CheckAs(n, env, Money); err != nil {
		t.Errorf("a plain number where money is wanted: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"min(amount * range(20%, 50%), 100万)", "a and not b or c >= 2025-04-13", "match(x, 'a', 1)", "1_000.5%", "((((", "'x",
		// Deep and long: at the limit, just past it, far past it.
		strings.Repeat("(", MaxDepth-1) + "1" + strings.Repeat(")", MaxDepth-1), strings.Repeat("(", MaxDepth+1) + "1" + strings.Repeat(")", MaxDepth+1),
		strings.Repeat("(", 5000) + "1", strings.Repeat("not ", 70) + "b", strings.Repeat("-", 70) + "1", "1" + strings.Repeat(" + 1", 70),
		strings.Repeat("min(", 40) + "1" + strings.Repeat(", 2)", 40), "a" + strings.Repeat(" and a", 63),
		// White space and look-alikes that editors type.
		"1\u3000+ 2", "\u00a01", "\ufeffa", "min（1, 2）", "1，000", "a ＝＝ b", "100万元", "1e6", "0x10", "1_000_", "\t1\n+\r2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := Parse(src)
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Pos < 0 || e.Pos > len(src) {
				t.Fatalf("bad error %#v for %q", err, src)
			}
			return
		}
		if _, err := Check(n, env); err != nil {
			return
		}
		// A checked tree prints as source that parses and checks to the same print.
		again, err := Parse(n.String())
		if err != nil {
			t.Fatalf("%q printed as %q: %v", src, n.String(), err)
		}
		if _, err := Check(again, env); err != nil || again.String() != n.String() {
			t.Fatalf("%q: %q then %q (%v)", src, n.String(), again.String(), err)
		}
		Eval(n, values)
	})
}

// A formula nested or chained beyond MaxDepth is refused with its position,
// however deep: a million parentheses must not exhaust the stack.
func TestDepthIsBounded(t *testing.T) {
	for _, tt := range []struct {
		src string
		pos int
	}{
		{strings.Repeat("(", 1_000_000) + "1" + strings.Repeat(")", 1_000_000), MaxDepth},
		{strings.Repeat("min(", 100_000) + "1" + strings.Repeat(", 2)", 100_000), MaxDepth * 4},
		{strings.Repeat("not ", 100_000) + "x", MaxDepth * 4},
		{strings.Repeat("-", 100_000) + "1", MaxDepth},
		{"1" + strings.Repeat(" + 1", 100_000), 4*(MaxDepth-1) + 2},
	} {
		_, err := Parse(tt.src)
		e, ok := err.(*Error)
		if !ok || !strings.Contains(e.Msg, "nests more than 64 deep") || e.Pos != tt.pos {
			t.Errorf("%.20s…: %v at %d, want the position %d", tt.src, err, e.Pos, tt.pos)
		}
	}
	if _, err := Parse(strings.Repeat("(", MaxDepth) + "1" + strings.Repeat(")", MaxDepth)); err != nil {
		t.Errorf("%d levels are allowed: %v", MaxDepth, err)
	}
}
