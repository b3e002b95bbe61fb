// Package invoicetext renders the invoice description template a PSA line gets when TrueUp
// creates it or changes its quantity: text with placeholders such as {product} and
// {quantity}, which the customer reads on the invoice. It is pure: the template is parsed
// once when the user saves it (so an unknown placeholder is refused there, never at push
// time) and rendered for each write from the values the plan knows.
package invoicetext

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The placeholders a template may use, in the order the refusal lists them.
const (
	Product        = "product"
	Quantity       = "quantity"
	PeriodStart    = "period_start"
	PeriodEnd      = "period_end"
	SubscriptionID = "subscription_id"
	Account        = "account"
	Vendor         = "vendor"
)

// Known lists every placeholder a template may use.
func Known() []string {
	return []string{Product, Quantity, PeriodStart, PeriodEnd, SubscriptionID, Account, Vendor}
}

// Values are what one write's placeholders stand for; an empty value renders as nothing
// (Rendered.Missing names it, so the preview can say so).
type Values struct {
	Product        string
	Quantity       string
	PeriodStart    string // YYYY-MM-DD
	PeriodEnd      string // YYYY-MM-DD
	SubscriptionID string // the vendor's subscription id(s), comma-separated
	Account        string
	Vendor         string // the vendor integration(s), comma-separated
}

func (v Values) get(name string) string {
	switch name {
	case Product:
		return v.Product
	case Quantity:
		return v.Quantity
	case PeriodStart:
		return v.PeriodStart
	case PeriodEnd:
		return v.PeriodEnd
	case SubscriptionID:
		return v.SubscriptionID
	case Account:
		return v.Account
	case Vendor:
		return v.Vendor
	}
	return ""
}

// Template is a parsed template. The zero Template is "no template": nothing is written,
// so a description someone typed in the PSA is left alone.
type Template struct {
	source string
	parts  []part
}

// part is literal text, or a placeholder when name is set.
type part struct {
	text string
	name string
}

// Parse checks text and returns its template. Placeholders are {name} with a name from
// Known; "{{" and "}}" stand for a literal brace. Blank text is no template.
func Parse(text string) (Template, error) {
	if strings.TrimSpace(text) == "" {
		return Template{}, nil
	}
	if !utf8.ValidString(text) {
		return Template{}, fmt.Errorf("the invoice description template is not valid UTF-8 text: type it again")
	}
	known := map[string]bool{}
	for _, k := range Known() {
		known[k] = true
	}
	t := Template{source: text}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, part{text: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '{' && i+1 < len(text) && text[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(text) && text[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '{':
			end := strings.IndexByte(text[i+1:], '}')
			if end < 0 {
				return Template{}, fmt.Errorf("the invoice description template has a { without its }: close it, or write {{ for a literal brace (placeholders: %s)", knownList())
			}
			name := text[i+1 : i+1+end]
			if !known[strings.TrimSpace(name)] {
				return Template{}, fmt.Errorf("the invoice description template uses {%s}, which TrueUp does not know: use one of %s (write {{ and }} for literal braces)", name, knownList())
			}
			flush()
			t.parts = append(t.parts, part{name: strings.TrimSpace(name)})
			i += end + 1
		case c == '}':
			return Template{}, fmt.Errorf("the invoice description template has a } without its {: write }} for a literal brace (placeholders: %s)", knownList())
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return t, nil
}

func knownList() string {
	ks := Known()
	for i, k := range ks {
		ks[i] = "{" + k + "}"
	}
	return strings.Join(ks, ", ")
}

// IsZero reports whether t is no template (nothing is written).
func (t Template) IsZero() bool { return len(t.parts) == 0 }

// String is the template as the user wrote it.
func (t Template) String() string { return t.source }

// Literal is the template's own text without its placeholders, rune-counted by Fits: what
// every rendering is at least.
func (t Template) literal() string {
	var b strings.Builder
	for _, p := range t.parts {
		b.WriteString(p.text)
	}
	return b.String()
}

// Fits reports an error when the template's own text, without any placeholder value,
// already passes limit characters: every rendering would be cut, so it is refused at save.
func (t Template) Fits(limit int, where string) error {
	if n := utf8.RuneCountInString(t.literal()); n > limit {
		return fmt.Errorf("the invoice description template is %d characters before any placeholder is filled in, and %s takes at most %d: shorten it", n, where, limit)
	}
	return nil
}

// Rendered is a template filled in for one write.
type Rendered struct {
	Text string
	// Missing names the placeholders that had no value (rendered as nothing), in template order.
	Missing []string
	// Cut says Text was shortened to the PSA's limit.
	Cut bool
}

// Render fills t in with v and cuts the result to limit characters (limit <= 0: no limit).
// A value's control characters (a newline in a product name) become spaces, and its braces
// are kept as they are: a value is never read as a template. Spaces left doubled by an empty
// value are closed up, and the text is trimmed.
func (t Template) Render(v Values, limit int) Rendered {
	var b strings.Builder
	var r Rendered
	for _, p := range t.parts {
		if p.name == "" {
			b.WriteString(p.text)
			continue
		}
		val := clean(v.get(p.name))
		if val == "" && !contains(r.Missing, p.name) {
			r.Missing = append(r.Missing, p.name)
		}
		b.WriteString(val)
	}
	r.Text = closeUp(b.String())
	if limit > 0 && utf8.RuneCountInString(r.Text) > limit {
		r.Text, r.Cut = strings.TrimRightFunc(string([]rune(r.Text)[:limit]), unicode.IsSpace), true
	}
	return r
}

// clean turns a value's control characters into spaces and trims it.
func clean(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// closeUp closes the runs of spaces an empty value leaves ("Seats  for" -> "Seats for") on
// each line, keeping the template's own line breaks, and trims the text.
func closeUp(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		for strings.Contains(l, "  ") {
			l = strings.ReplaceAll(l, "  ", " ")
		}
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
