// Package eval evaluates a policy's compiled rules for one enterprise's
// answers (a profile) and produces the result in its fixed JSON form, the
// form the browser's evaluator must reproduce byte for byte.
package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"xihuguide/generator/diag"
	"xihuguide/generator/rules"
	"xihuguide/generator/rules/expr"
)

// Profile is a decoded set of answers, every value typed and checked.
type Profile struct {
	Answers  map[string]expr.Value
	Measures map[string]*MeasureAnswers // by measure id; absent: not answered
}

// MeasureAnswers are the answers about one measure.
type MeasureAnswers struct {
	Answers map[string]expr.Value
	Items   []map[string]expr.Value
}

// FieldError is a problem with one answer, named by its path in the profile
// (measures.ID.items[0].INPUT).
type FieldError struct {
	Path string
	Msg  string
}

func (e *FieldError) Error() string {
	path := e.Path
	if r := []rune(path); len(r) > 80 {
		path = string(r[:80]) + "…" // a key of 20 MB is named by its start
	}
	return path + ": " + e.Msg
}

// Limits on answers. Larger amounts are refused rather than computed: no
// enterprise enters them by honest mistake, and both evaluators must agree.
const (
	MaxMoneyDigits = 15 // yuan before the point: up to 999,999,999,999,999.99
	MaxCount       = 1_000_000_000
	MaxItems       = 200
)

// DecodeJSON decodes a profile from JSON. Amounts are strings ("12.50"),
// never JSON numbers, which a browser cannot read exactly; counts may be
// either.
func DecodeJSON(p *rules.Program, data []byte) (*Profile, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, &FieldError{Path: "(profile)", Msg: "not valid JSON: " + err.Error()}
	}
	if dec.More() {
		return nil, &FieldError{Path: "(profile)", Msg: "more than one JSON value"}
	}
	raw, ok := top.(map[string]any)
	if !ok {
		return nil, &FieldError{Path: "(profile)", Msg: `must be an object: {"policy": …, "answers": {…}, "measures": {…}}`}
	}
	// encoding/json keeps the last of two equal keys without a word: the
	// same answer given twice must not decide by its place.
	if path := DuplicateKey(data); path != "" {
		return nil, &FieldError{Path: path, Msg: "given twice: keep one"}
	}
	return Decode(p, raw)
}

// DuplicateKey returns the path of the first key that an object of a valid
// JSON document holds twice, as a FieldError names it
// (measures.03-x.items[0].cost), or "". The browser's reader does the same.
func DuplicateKey(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(path string) string
	walk = func(path string) string {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return ""
				}
				key, _ := k.(string)
				p := key
				if path != "" {
					p = path + "." + key
				}
				if seen[key] {
					return p
				}
				seen[key] = true
				if dup := walk(p); dup != "" {
					return dup
				}
			}
			dec.Token() // }
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if dup := walk(fmt.Sprintf("%s[%d]", path, i)); dup != "" {
					return dup
				}
			}
			dec.Token() // ]
		}
		return ""
	}
	return walk("")
}

// Amount writes an amount as people type it in the plain form the readers
// check: full-width digits and marks become ASCII, commas that group
// thousands go, a final 元 goes, and N万 becomes N × 10,000 (exactly:
// 120.5万 is 1205000). Anything else is left as it is, for the check to
// refuse. The browser's reader (engine/profile.ts) does the same.
func Amount(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == '，':
			return ','
		}
		return r
	}, trimBlanks(s))
	s = strings.TrimSuffix(s, "元")
	mantissa, wan := strings.CutSuffix(s, "万")
	if groupedRE.MatchString(mantissa) {
		mantissa = strings.ReplaceAll(mantissa, ",", "")
	}
	s = mantissa
	if wan && !wanRE.MatchString(mantissa) {
		s += "万" // left for the check to refuse
	} else if wan {
		whole, frac, _ := strings.Cut(mantissa, ".")
		frac += "0000"
		s = strings.TrimLeft(whole+frac[:4], "0")
		if rest := strings.TrimRight(frac[4:], "0"); rest != "" {
			s += "." + rest
		}
		if s == "" || s[0] == '.' {
			s = "0" + s
		}
	}
	return s
}

var (
	groupedRE = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$`)
	wanRE     = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]+)?$`)
)

// trimBlanks drops the spaces, tabs and line breaks a form or a file may
// leave around an answer, and nothing else: other white space (U+00A0,
// U+3000, U+FEFF, U+0085) makes the answer wrong, as in the browser's reader.
func trimBlanks(s string) string { return strings.Trim(s, " \t\r\n") }

// Decode checks a generic profile (from JSON or from a test case's TOML):
// {"policy": …, "answers": {…}, "measures": {"ID": {"answers": {…}, "items": [{…}]}}}.
func Decode(p *rules.Program, raw map[string]any) (*Profile, error) {
	if err := onlyKeys("", raw, "policy", "rules", "answers", "measures"); err != nil {
		return nil, err
	}
	if pol, ok := raw["policy"]; ok && pol != p.Policy {
		return nil, &FieldError{Path: "policy", Msg: fmt.Sprintf("these answers are for %v, not %s", pol, p.Policy)}
	}
	out := &Profile{Measures: map[string]*MeasureAnswers{}}
	answers, err := object("answers", raw["answers"], true)
	if err != nil {
		return nil, err
	}
	if out.Answers, err = decodeInputs("answers", p.Inputs, answers); err != nil {
		return nil, err
	}
	measures, err := object("measures", raw["measures"], false)
	if err != nil {
		return nil, err
	}
	for _, id := range slices.Sorted(maps.Keys(measures)) {
		m := p.Measure(id)
		path := "measures." + id
		if m == nil {
			return nil, &FieldError{Path: path, Msg: "no measure has this id" + suggestion(id, measureIDs(p))}
		}
		mraw, err := object(path, measures[id], true)
		if err != nil {
			return nil, err
		}
		if err := onlyKeys(path+".", mraw, "answers", "items"); err != nil {
			return nil, err
		}
		ma := &MeasureAnswers{}
		a, err := object(path+".answers", mraw["answers"], false)
		if err != nil {
			return nil, err
		}
		if ma.Answers, err = decodeInputs(path+".answers", m.Inputs, a); err != nil {
			return nil, err
		}
		rawItems, present := mraw["items"]
		present = present && rawItems != nil // null is as good as absent
		if m.Item == nil {
			if present {
				return nil, &FieldError{Path: path + ".items", Msg: "this measure has no items"}
			}
		} else if present {
			list, ok := rawItems.([]any)
			if !ok {
				return nil, &FieldError{Path: path + ".items", Msg: "must be a list"}
			}
			if len(list) > MaxItems {
				return nil, &FieldError{Path: path + ".items", Msg: fmt.Sprintf("more than %d items", MaxItems)}
			}
			inputs := p.ItemInputs(m)
			for i, it := range list {
				ipath := fmt.Sprintf("%s.items[%d]", path, i)
				obj, err := object(ipath, it, true)
				if err != nil {
					return nil, err
				}
				vals, err := decodeInputs(ipath, inputs, obj)
				if err != nil {
					return nil, err
				}
				ma.Items = append(ma.Items, vals)
			}
		}
		out.Measures[id] = ma
	}
	return out, nil
}

func measureIDs(p *rules.Program) []string {
	var ids []string
	for _, m := range p.Measures {
		ids = append(ids, m.ID)
	}
	return ids
}

func object(path string, v any, required bool) (map[string]any, error) {
	if v == nil {
		if required {
			return nil, &FieldError{Path: path, Msg: "missing"}
		}
		return map[string]any{}, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &FieldError{Path: path, Msg: "must be an object"}
	}
	return m, nil
}

func onlyKeys(prefix string, m map[string]any, allowed ...string) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(allowed, k) {
			return &FieldError{Path: prefix + k, Msg: "unknown field" + suggestion(k, allowed)}
		}
	}
	return nil
}

func suggestion(name string, known []string) string {
	if best, ok := diag.Closest(name, known); ok {
		return " (did you mean " + best + "?)"
	}
	if len(known) > 0 {
		return " (expected one of " + strings.Join(known, ", ") + ")"
	}
	return ""
}

func decodeInputs(path string, inputs []*rules.Input, raw map[string]any) (map[string]expr.Value, error) {
	var names []string
	for _, in := range inputs {
		names = append(names, in.ID)
	}
	if err := onlyKeys(path+".", raw, names...); err != nil {
		return nil, err
	}
	out := map[string]expr.Value{}
	for _, in := range inputs {
		fpath := path + "." + in.ID
		v, present := raw[in.ID]
		if !present || v == nil {
			if in.Default == nil {
				return nil, &FieldError{Path: fpath, Msg: "missing answer"}
			}
			v = *in.Default
			if in.Type == "bool" {
				v = *in.Default == "true"
			}
		}
		val, err := Value(in, v)
		if err != nil {
			return nil, &FieldError{Path: fpath, Msg: err.Error()}
		}
		out[in.ID] = val
	}
	return out, nil
}

var (
	moneyRE         = regexp.MustCompile(`^(0|[1-9][0-9]*)(\.[0-9]{1,2})?$`)
	tooManyDecimals = regexp.MustCompile(`^[0-9]+\.[0-9]{3,}$`)
)

// Value checks one answer against its input's type.
func Value(in *rules.Input, v any) (expr.Value, error) {
	switch in.Type {
	case "money":
		if _, isJSONNumber := v.(json.Number); isJSONNumber {
			// The browser cannot read a JSON number exactly, so neither do we.
			return expr.Value{}, fmt.Errorf("must be a number written as text, such as \"1250000.00\"")
		}
		s, err := numberText(v)
		if err != nil {
			return expr.Value{}, err
		}
		s = Amount(s)
		switch {
		case strings.HasPrefix(s, "-"):
			return expr.Value{}, fmt.Errorf("an amount cannot be negative")
		case tooManyDecimals.MatchString(s):
			return expr.Value{}, fmt.Errorf("%q has more than two decimals: amounts are in yuan to the fen", excerpt(s))
		case !moneyRE.MatchString(s):
			return expr.Value{}, fmt.Errorf("%q is not an amount: write yuan as digits, such as 1250000 or 1250000.50", excerpt(s))
		}
		whole, _, _ := strings.Cut(s, ".")
		if len(whole) > MaxMoneyDigits {
			return expr.Value{}, fmt.Errorf("%q is too large: at most %d digits before the point", excerpt(s), MaxMoneyDigits)
		}
		return expr.Point(expr.Money, decimal.RequireFromString(s)), nil
	case "count":
		s, err := numberText(v)
		if err != nil {
			return expr.Value{}, err
		}
		if _, isJSONNumber := v.(json.Number); isJSONNumber {
			// A JSON number counts by its value (10.0 and 1e1 are ten), as
			// it does in the browser.
			if d, err := decimal.NewFromString(s); err == nil && d.IsInteger() && d.Abs().LessThanOrEqual(decimal.NewFromInt(1<<53)) {
				s = d.String()
			}
		}
		n, ok := new(big.Int).SetString(s, 10)
		if !ok || n.Sign() < 0 || n.Cmp(big.NewInt(MaxCount)) > 0 || s != n.String() {
			return expr.Value{}, fmt.Errorf("%q is not a whole number from 0 to %d", excerpt(s), MaxCount)
		}
		return expr.Point(expr.Count, decimal.NewFromBigInt(n, 0)), nil
	case "bool":
		b, ok := v.(bool)
		if !ok {
			return expr.Value{}, fmt.Errorf("must be true or false")
		}
		return expr.Value{Kind: expr.Bool, Bool: b}, nil
	case "date":
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case time.Time:
			s = x.Format(time.DateOnly)
		default:
			return expr.Value{}, fmt.Errorf("must be a date written YYYY-MM-DD")
		}
		t, err := time.Parse(time.DateOnly, s)
		if err != nil || t.Format(time.DateOnly) != s {
			return expr.Value{}, fmt.Errorf("%q is not a date: write it YYYY-MM-DD, such as 2026-05-01", excerpt(s))
		}
		return expr.Value{Kind: expr.Date, Text: s}, nil
	case "choice":
		s, ok := v.(string)
		var ids []string
		for _, o := range in.Options {
			ids = append(ids, o.ID)
		}
		if !ok || !slices.Contains(ids, s) {
			return expr.Value{}, fmt.Errorf("%v is not one of %s", excerpt(fmt.Sprint(v)), strings.Join(ids, ", "))
		}
		return expr.Value{Kind: expr.Choice, Text: s}, nil
	}
	return expr.Value{}, fmt.Errorf("unknown type %s", in.Type)
}

// numberText accepts a number as text, a JSON number or a TOML integer. A
// TOML float is refused: binary floating point cannot hold 0.1 exactly.
func numberText(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case int64:
		return fmt.Sprint(x), nil
	case float64:
		return "", fmt.Errorf("write amounts as text, such as \"12.50\": a binary floating-point number is not exact")
	}
	return "", fmt.Errorf("must be a number written as text, such as \"1250000.00\"")
}

// excerpt shortens an answer quoted in a message: a 20 MB value is named by
// its first characters, not echoed.
func excerpt(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
