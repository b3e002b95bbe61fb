package connectwise

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// This file implements the subset of ConnectWise's `conditions` query language the
// simulator needs: `field op value` comparisons joined with AND/OR (NOT and parentheses
// allowed). Operators: = (also ==), !=, <, <=, >, >=, like, contains, in (...), and the
// negated "not like", "not contains", "not in". Values: "strings" (or 'strings'), numbers,
// [datetimes], true/false and null. Fields are paths such as company/id. Keywords are
// case-insensitive, string comparisons too (ConnectWise runs on a case-insensitive SQL
// collation). like accepts % and * as wildcards.

type kind int

const (
	kindNull kind = iota
	kindString
	kindNumber
	kindBool
	kindTime
)

func (k kind) String() string {
	switch k {
	case kindString:
		return "string"
	case kindNumber:
		return "number"
	case kindBool:
		return "boolean"
	case kindTime:
		return "datetime"
	}
	return "null"
}

// value is a typed scalar: a field's value or a literal.
type value struct {
	k kind
	s string
	n float64
	b bool
	t time.Time
}

func strVal(s string) value     { return value{k: kindString, s: s} }
func numVal(n float64) value    { return value{k: kindNumber, n: n} }
func boolVal(b bool) value      { return value{k: kindBool, b: b} }
func nullVal() value            { return value{} }
func timeVal(t time.Time) value { return value{k: kindTime, t: t} }

// dateVal parses a ConnectWise date string; empty means null.
func dateVal(s string) value {
	if s == "" {
		return nullVal()
	}
	if t, ok := parseDateTime(s); ok {
		return timeVal(t)
	}
	return nullVal()
}

// schema lists the fields a list endpoint can filter and sort on, with their kinds.
type schema map[string]kind

// node is a parsed condition.
type node interface {
	eval(get func(field string) value) bool
}

type andNode struct{ l, r node }
type orNode struct{ l, r node }
type notNode struct{ n node }
type cmpNode struct {
	field  string
	op     string // "=", "!=", "<", "<=", ">", ">=", "like", "contains", "in"
	negate bool
	vals   []value
}

func (n andNode) eval(get func(string) value) bool { return n.l.eval(get) && n.r.eval(get) }
func (n orNode) eval(get func(string) value) bool  { return n.l.eval(get) || n.r.eval(get) }
func (n notNode) eval(get func(string) value) bool { return !n.n.eval(get) }

func (n cmpNode) eval(get func(string) value) bool {
	v := get(n.field)
	var r bool
	switch n.op {
	case "in":
		for _, x := range n.vals {
			if equal(v, x) {
				r = true
				break
			}
		}
	case "=":
		r = equal(v, n.vals[0])
	case "!=":
		r = !equal(v, n.vals[0])
	case "like":
		r = v.k == kindString && likeMatch(strings.ToLower(v.s), strings.ToLower(n.vals[0].s))
	case "contains":
		r = v.k == kindString && strings.Contains(strings.ToLower(v.s), strings.ToLower(n.vals[0].s))
	default:
		c, ok := compare(v, n.vals[0])
		if !ok {
			return false // SQL: comparisons with NULL are not true
		}
		switch n.op {
		case "<":
			r = c < 0
		case "<=":
			r = c <= 0
		case ">":
			r = c > 0
		case ">=":
			r = c >= 0
		}
	}
	if n.negate {
		return !r
	}
	return r
}

func equal(a, b value) bool {
	if a.k == kindNull || b.k == kindNull {
		return a.k == b.k
	}
	c, ok := compare(a, b)
	return ok && c == 0
}

func compare(a, b value) (int, bool) {
	if a.k != b.k || a.k == kindNull {
		return 0, false
	}
	switch a.k {
	case kindString:
		return strings.Compare(strings.ToLower(a.s), strings.ToLower(b.s)), true
	case kindNumber:
		switch {
		case a.n < b.n:
			return -1, true
		case a.n > b.n:
			return 1, true
		}
		return 0, true
	case kindBool:
		if a.b == b.b {
			return 0, true
		}
		if !a.b {
			return -1, true
		}
		return 1, true
	case kindTime:
		return a.t.Compare(b.t), true
	}
	return 0, false
}

// likeMatch matches s against a pattern where % and * match any run of characters.
func likeMatch(s, pattern string) bool {
	pattern = strings.ReplaceAll(pattern, "*", "%")
	parts := strings.Split(pattern, "%")
	if len(parts) == 1 {
		return s == pattern
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return strings.HasSuffix(s, last)
}

// conditionError is a query the API refuses (HTTP 400).
type conditionError struct{ msg string }

func (e *conditionError) Error() string { return e.msg }

func condErrf(format string, args ...any) error {
	return &conditionError{msg: fmt.Sprintf(format, args...)}
}

// parseConditions parses a conditions string against the endpoint's schema.
func parseConditions(src string, sc schema) (node, error) {
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, sc: sc}
	n, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		return nil, condErrf("unexpected %q at position %d", p.toks[p.pos].text, p.toks[p.pos].at)
	}
	return n, nil
}

type tokKind int

const (
	tIdent tokKind = iota
	tString
	tNumber
	tDate
	tOp
	tLParen
	tRParen
	tComma
)

type token struct {
	kind tokKind
	text string
	at   int
}

func lex(src string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(src) {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			toks = append(toks, token{tLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tRParen, ")", i})
			i++
		case c == ',':
			toks = append(toks, token{tComma, ",", i})
			i++
		case c == '"' || c == '\'':
			start := i
			i++
			var b strings.Builder
			closed := false
			for i < len(src) {
				if src[i] == '\\' && i+1 < len(src) {
					b.WriteByte(src[i+1])
					i += 2
					continue
				}
				if src[i] == c {
					closed = true
					i++
					break
				}
				b.WriteByte(src[i])
				i++
			}
			if !closed {
				return nil, condErrf("unterminated string starting at position %d", start)
			}
			toks = append(toks, token{tString, b.String(), start})
		case c == '[':
			end := strings.IndexByte(src[i:], ']')
			if end < 0 {
				return nil, condErrf("unterminated [datetime] starting at position %d", i)
			}
			toks = append(toks, token{tDate, src[i+1 : i+end], i})
			i += end + 1
		case c == '=' || c == '!' || c == '<' || c == '>':
			start := i
			op := string(c)
			if i+1 < len(src) && (src[i+1] == '=' || (c == '<' && src[i+1] == '>')) {
				op += string(src[i+1])
			}
			i += len(op)
			switch op {
			case "==":
				op = "="
			case "<>":
				op = "!="
			case "!":
				return nil, condErrf("unexpected '!' at position %d", start)
			}
			toks = append(toks, token{tOp, op, start})
		case c >= '0' && c <= '9' || c == '-' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			start := i
			i++
			for i < len(src) && (src[i] >= '0' && src[i] <= '9' || src[i] == '.') {
				i++
			}
			toks = append(toks, token{tNumber, src[start:i], start})
		case isIdentStart(c):
			start := i
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			toks = append(toks, token{tIdent, src[start:i], start})
		default:
			return nil, condErrf("unexpected character %q at position %d", c, i)
		}
	}
	return toks, nil
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '/' || c == '.'
}

type parser struct {
	toks []token
	pos  int
	sc   schema
}

const maxDepth = 64

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

func (p *parser) keyword(words ...string) bool {
	t := p.peek()
	if t == nil || t.kind != tIdent {
		return false
	}
	for _, w := range words {
		if strings.EqualFold(t.text, w) {
			return true
		}
	}
	return false
}

func (p *parser) expr(depth int) (node, error) {
	if depth > maxDepth {
		return nil, condErrf("conditions are nested too deeply")
	}
	l, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("or") {
		p.pos++
		r, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *parser) term(depth int) (node, error) {
	l, err := p.factor(depth)
	if err != nil {
		return nil, err
	}
	for p.keyword("and") {
		p.pos++
		r, err := p.factor(depth)
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *parser) factor(depth int) (node, error) {
	t := p.peek()
	if t == nil {
		return nil, condErrf("conditions end too early: expected a comparison")
	}
	if t.kind == tLParen {
		p.pos++
		n, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if t := p.peek(); t == nil || t.kind != tRParen {
			return nil, condErrf("missing ')'")
		}
		p.pos++
		return n, nil
	}
	if p.keyword("not") {
		p.pos++
		if depth+1 > maxDepth {
			return nil, condErrf("conditions are nested too deeply")
		}
		n, err := p.factor(depth + 1)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	}
	return p.comparison()
}

func (p *parser) comparison() (node, error) {
	t := p.peek()
	if t.kind != tIdent {
		return nil, condErrf("expected a field name at position %d, found %q", t.at, t.text)
	}
	field := t.text
	fk, ok := lookupField(p.sc, field)
	if !ok {
		return nil, condErrf("unknown field %q in conditions", field)
	}
	p.pos++
	n := cmpNode{field: canonicalField(p.sc, field)}
	if p.keyword("not") {
		n.negate = true
		p.pos++
		if !p.keyword("like", "contains", "in") {
			return nil, condErrf("expected like, contains or in after 'not' for field %s", field)
		}
	}
	t = p.peek()
	switch {
	case t == nil:
		return nil, condErrf("missing operator after %s", field)
	case t.kind == tOp:
		n.op = t.text
	case t.kind == tIdent && (strings.EqualFold(t.text, "like") || strings.EqualFold(t.text, "contains") || strings.EqualFold(t.text, "in")):
		n.op = strings.ToLower(t.text)
	default:
		return nil, condErrf("expected an operator after %s at position %d, found %q", field, t.at, t.text)
	}
	p.pos++
	if n.op == "in" {
		if t := p.peek(); t == nil || t.kind != tLParen {
			return nil, condErrf("'in' needs a list in parentheses, e.g. %s in (1, 2)", field)
		}
		p.pos++
		for {
			v, err := p.literal(field, fk, n.op)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
			t := p.peek()
			if t != nil && t.kind == tComma {
				p.pos++
				continue
			}
			if t != nil && t.kind == tRParen {
				p.pos++
				break
			}
			return nil, condErrf("missing ')' after the list of %s", field)
		}
		return n, nil
	}
	v, err := p.literal(field, fk, n.op)
	if err != nil {
		return nil, err
	}
	n.vals = []value{v}
	return n, nil
}

func (p *parser) literal(field string, fk kind, op string) (value, error) {
	t := p.peek()
	if t == nil {
		return value{}, condErrf("missing value after %s %s", field, op)
	}
	p.pos++
	var v value
	switch t.kind {
	case tString:
		v = strVal(t.text)
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return value{}, condErrf("%q is not a number", t.text)
		}
		v = numVal(f)
	case tDate:
		tm, ok := parseDateTime(strings.TrimSpace(t.text))
		if !ok {
			return value{}, condErrf("[%s] is not a datetime: use [2025-01-31T00:00:00Z]", t.text)
		}
		v = timeVal(tm)
	case tIdent:
		switch strings.ToLower(t.text) {
		case "true":
			v = boolVal(true)
		case "false":
			v = boolVal(false)
		case "null":
			v = nullVal()
		default:
			return value{}, condErrf("expected a value after %s %s, found %q: quote strings", field, op, t.text)
		}
	default:
		return value{}, condErrf("expected a value after %s %s, found %q", field, op, t.text)
	}
	if v.k == kindNull {
		if op != "=" && op != "!=" {
			return value{}, condErrf("null can only be compared with = or !=")
		}
		return v, nil
	}
	if (op == "like" || op == "contains") && (fk != kindString || v.k != kindString) {
		return value{}, condErrf("%s can only be used with a string field and a quoted value (%s is a %s)", op, field, fk)
	}
	if v.k != fk {
		return value{}, condErrf("%s is a %s field and cannot be compared with a %s value", field, fk, v.k)
	}
	if fk == kindBool && op != "=" && op != "!=" {
		return value{}, condErrf("%s is a boolean: use = or !=", field)
	}
	return v, nil
}

func lookupField(sc schema, field string) (kind, bool) {
	for name, k := range sc {
		if strings.EqualFold(name, field) {
			return k, true
		}
	}
	return 0, false
}

func canonicalField(sc schema, field string) string {
	for name := range sc {
		if strings.EqualFold(name, field) {
			return name
		}
	}
	return field
}

// parseDateTime accepts the datetime forms ConnectWise uses in conditions and records.
func parseDateTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
