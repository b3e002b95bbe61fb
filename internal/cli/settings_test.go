package cli

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/workspace"
)

func TestSettingsCommand(t *testing.T) {
	h := newHarness(t)
	h.setup()

	r := h.run("", "settings")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "SETTING              VALUE\n"+
		"large change         at least 10 units or 20% of the PSA quantity\n"+
		"large New Revenue    at least 10 units\n"+
		"billing of Pax8      next_period: from the first day of the next billing period\n"+
		"invoice description  none: TrueUp leaves the PSA's invoice descriptions as they are\n", r.stdout)

	r = h.run("", "settings", "--large-units", "5", "--billing", demo.Pax8Name+"=detected", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var s workspace.ReconcileSettings
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	assert.Equal(t, int64(5), s.LargeChangeUnits)
	assert.Equal(t, int64(20), s.LargeChangePercent, "a flag not given keeps its value")
	require.Len(t, s.Billing, 1)
	for _, p := range s.Billing {
		assert.Equal(t, "detected", p)
	}

	r = h.run("", "settings")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "at least 5 units or 20% of the PSA quantity", "the change was stored")

	for name, tc := range map[string]struct {
		args []string
		err  string
	}{
		"zero units":     {[]string{"--large-units", "0"}, "a large change must be at least 1 unit"},
		"percent > 100":  {[]string{"--large-percent", "150"}, "between 1 and 100"},
		"unknown policy": {[]string{"--billing", demo.Pax8Name + "=monthly"}, `billing setting "monthly" is unknown`},
		"a PSA":          {[]string{"--billing", demo.ConnectWiseName + "=detected"}, "the billing setting belongs to a vendor integration"},
		"no equals":      {[]string{"--billing", "Pax8"}, "write it as VENDOR=next_period"},
		"unknown vendor": {[]string{"--billing", "Nope=detected"}, "Nope"},
	} {
		t.Run(name, func(t *testing.T) {
			r := h.run("", append([]string{"settings"}, tc.args...)...)
			assert.Equal(t, 1, r.code)
			assert.Contains(t, r.stderr, tc.err)
		})
	}
	r = h.run("", "settings")
	assert.Contains(t, r.stdout, "at least 5 units", "a refused change stores nothing")
	assert.Contains(t, r.stdout, "detected: from the day")
}

func TestSettingsInvoiceTemplate(t *testing.T) {
	h := newHarness(t)
	h.trueup()

	r := h.run("", "settings", "--invoice-template", "{product} {seats}")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "{seats}, which TrueUp does not know: use one of {product}, {quantity}, {period_start}, {period_end}, {subscription_id}, {account}, {vendor}")

	r = h.run("", "settings", "--invoice-template", "{product} ({quantity}) for {account}")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "invoice description  {product} ({quantity}) for {account}")

	r = h.run("", "settings", "--invoice-template", "{quantity} x {product}", "--psa", demo.ConnectWiseName, "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var s struct {
		workspace.ReconcileSettings
		Invoice workspace.InvoiceTemplateSettings `json:"invoice_template"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
	assert.Equal(t, int64(10), s.LargeChangeUnits)
	assert.Equal(t, "{product} ({quantity}) for {account}", s.Invoice.Template)
	require.Len(t, s.Invoice.PSAs, 1)
	assert.Equal(t, "{quantity} x {product}", s.Invoice.PSAs[0].Applies)

	r = h.run("", "settings", "--invoice-template", "{product}", "--psa", demo.Pax8Name)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "is a vendor; an invoice template belongs to a PSA integration")
	r = h.run("", "settings", "--psa", demo.ConnectWiseName)
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "give both")

	r = h.run("", "settings", "preview-invoice")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "INVOICE DESCRIPTION")
	assert.Regexp(t, `\d+ x M365 Business`, r.stdout, "the PSA's own template, rendered on the cached cards")

	r = h.run("", "settings", "preview-invoice", "--template", "{product} for {account}", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var p workspace.InvoicePreview
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &p))
	require.NotEmpty(t, p.Lines)
	assert.Equal(t, p.Lines[0].ProductName+" for "+p.Lines[0].AccountName, p.Lines[0].Text)

	r = h.run("", "settings", "preview-invoice", "--template", "{product")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "a { without its }")

	r = h.run("", "settings", "--invoice-template", "", "--psa", demo.ConnectWiseName)
	require.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stdout, "invoice description of", "the override is gone")
}
