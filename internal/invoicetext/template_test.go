package invoicetext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var full = Values{Product: "Microsoft 365 Business Premium", Quantity: "27", PeriodStart: "2027-01-01", PeriodEnd: "2027-01-31",
	SubscriptionID: "sub-1", Account: "Acme Dental", Vendor: "Pax8"}

func TestRender(t *testing.T) {
	for _, c := range []struct {
		name, template string
		values         Values
		limit          int
		want           string
		missing        []string
		cut            bool
	}{
		{name: "every placeholder", template: "{product} x{quantity} {period_start}..{period_end} ({subscription_id}) {account} via {vendor}", values: full,
			want: "Microsoft 365 Business Premium x27 2027-01-01..2027-01-31 (sub-1) Acme Dental via Pax8"},
		{name: "spaces inside the braces", template: "{ product }", values: full, want: "Microsoft 365 Business Premium"},
		{name: "a missing value renders as nothing and is named once", template: "{product} {subscription_id} seats, ref {subscription_id}",
			values: Values{Product: "Backup"}, want: "Backup seats, ref", missing: []string{SubscriptionID}},
		{name: "escaped braces are literal", template: "{{{product}}} {{quantity}}", values: full, want: "{Microsoft 365 Business Premium} {quantity}"},
		{name: "a value's braces are never a placeholder", template: "{product}", values: Values{Product: "Plan {quantity}"}, want: "Plan {quantity}"},
		{name: "a value's newline becomes a space", template: "{product}: {quantity}", values: Values{Product: "Line\none\t", Quantity: "3"}, want: "Line one: 3"},
		{name: "the template's own line breaks stay", template: "{product}\nPeriod {period_start} - {period_end}", values: full,
			want: "Microsoft 365 Business Premium\nPeriod 2027-01-01 - 2027-01-31"},
		{name: "cut at the limit in characters, not bytes", template: "Überweisung {product}", values: Values{Product: "äöü"}, limit: 13,
			want: "Überweisung ä", cut: true},
		{name: "a cut does not end in a space", template: "ab {product}", values: Values{Product: "cd"}, limit: 3, want: "ab", cut: true},
		{name: "exactly the limit is not cut", template: "{quantity}", values: Values{Quantity: "12345"}, limit: 5, want: "12345"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tpl, err := Parse(c.template)
			require.NoError(t, err)
			got := tpl.Render(c.values, c.limit)
			assert.Equal(t, c.want, got.Text)
			assert.Equal(t, c.missing, got.Missing)
			assert.Equal(t, c.cut, got.Cut)
		})
	}
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ name, template, says string }{
		{name: "unknown placeholder, with the known ones", template: "{product} {seats}", says: "{seats}, which TrueUp does not know: use one of {product}, {quantity}, {period_start}, {period_end}, {subscription_id}, {account}, {vendor}"},
		{name: "case matters", template: "{Product}", says: "{Product}, which TrueUp does not know"},
		{name: "empty placeholder", template: "{}", says: "{}, which TrueUp does not know"},
		{name: "unclosed", template: "{product", says: "a { without its }"},
		{name: "stray closing brace", template: "product}", says: "a } without its {"},
		{name: "not UTF-8", template: "\xff{product}", says: "not valid UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.template)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.says)
		})
	}
}

func TestBlankIsNoTemplate(t *testing.T) {
	for _, s := range []string{"", "  ", "\n"} {
		tpl, err := Parse(s)
		require.NoError(t, err)
		assert.True(t, tpl.IsZero(), "%q", s)
	}
	tpl, err := Parse("{product}")
	require.NoError(t, err)
	assert.False(t, tpl.IsZero())
	assert.Equal(t, "{product}", tpl.String())
}

func TestFitsCountsTheTemplatesOwnText(t *testing.T) {
	tpl, err := Parse(strings.Repeat("é", 10) + "{product}{{")
	require.NoError(t, err)
	require.NoError(t, tpl.Fits(11, "ConnectWise's invoiceDescription"), "10 letters and one literal brace; the placeholder does not count")
	err = tpl.Fits(10, "ConnectWise's invoiceDescription")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "11 characters before any placeholder is filled in, and ConnectWise's invoiceDescription takes at most 10")
}
