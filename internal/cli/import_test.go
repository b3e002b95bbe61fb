package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/trueup/trueup/internal/workspace"
)

// importLines is what `lines --json` holds for a csv integration, by service name.
func (h *harness) importLines(name string) map[string]float64 {
	h.t.Helper()
	r := h.run("", "lines", "--integration", name, "--json")
	require.Equal(h.t, 0, r.code, r.stderr)
	var lines []struct {
		AccountName string  `json:"account_name"`
		ServiceName string  `json:"service_name"`
		Quantity    float64 `json:"quantity"`
	}
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &lines))
	out := map[string]float64{}
	for _, l := range lines {
		out[l.AccountName+"/"+l.ServiceName] = l.Quantity
	}
	return out
}

// fileStatus is the status --json row of an integration.
func (h *harness) fileStatus(name string) workspace.IntegrationStatus {
	h.t.Helper()
	r := h.run("", "status", "--json")
	require.Equal(h.t, 0, r.code, r.stderr)
	var snap workspace.StatusSnapshot
	require.NoError(h.t, json.Unmarshal([]byte(r.stdout), &snap))
	for _, st := range snap.Integrations {
		if st.Integration.Name == name {
			return st
		}
	}
	h.t.Fatalf("no status row for %q", name)
	return workspace.IntegrationStatus{}
}

func writeImportFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	return p
}

func TestImportCSVFile(t *testing.T) {
	h := newHarness(t)
	r := h.run("", "integrations", "add", "--kind", "csv", "--name", "Dicker", "--set", "profile=dicker")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "trueup import --integration \"Dicker\" --file PATH")

	r = h.run("", "integrations", "add", "--kind", "csv", "--name", "X", "--base-url", "https://example.com")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "leave out the base URL")
	r = h.run("", "integrations", "list")
	assert.Regexp(t, `Dicker\s+File import \(CSV/XLSX\)\s+vendor\s+1\s+none needed`, r.stdout)

	first := writeImportFile(t, "nov.csv", "TENANT NAME,STOCK CODE,STOCK DESCRIPTION,QTY,SUBSCRIPTION ID\n"+
		"Acme Pty Ltd,P1Y:CFQ7TTC0LH04:0001,Microsoft 365 Business Premium,20,sub-1\n"+
		"Acme Pty Ltd,AZURE-PLAN,Azure plan,1.5,\n"+
		"Acme Pty Ltd,AZURE-PLAN,Azure plan,2.5,\n")
	r = h.run("", "import", "--integration", "Dicker", "--file", first)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, "3 rows, 2 lines, 0 bad rows")
	assert.Contains(t, r.stderr, "term P1Y")
	assert.Equal(t, map[string]float64{"Acme Pty Ltd/Microsoft 365 Business Premium": 20, "Acme Pty Ltd/Azure plan": 4}, h.importLines("Dicker"))

	r = h.run("", "import", "--integration", "Dicker", "--file", first)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "nothing changed")
	r = h.run("", "credentials", "test", "--integration", "Dicker")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "the chosen file can be read")
	st := h.fileStatus("Dicker")
	assert.Equal(t, "nov.csv", st.FileName)
	assert.Equal(t, 3, st.FileRows)
	assert.NotEmpty(t, st.ImportedAt)

	// A new file replaces the lines (generation swap); a bad row is reported by its line.
	second := writeImportFile(t, "dec.csv", "TENANT NAME,STOCK CODE,STOCK DESCRIPTION,QTY,SUBSCRIPTION ID\n"+
		"Acme Pty Ltd,P1Y:CFQ7TTC0LH04:0001,Microsoft 365 Business Premium,22,sub-1\n"+
		"Acme Pty Ltd,P1Y:CFQ7TTC0LH18:0001,Microsoft 365 Business Basic,lots,sub-2\n")
	r = h.run("", "import", "--integration", "Dicker", "--file", second)
	assert.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "line 3")
	assert.Contains(t, r.stdout, `"lots" is not a number`)
	assert.Equal(t, map[string]float64{"Acme Pty Ltd/Microsoft 365 Business Premium": 22}, h.importLines("Dicker"))

	// An unreadable file or one whose columns match nothing leaves the cache as it was.
	r = h.run("", "import", "--integration", "Dicker", "--file", filepath.Join(t.TempDir(), "missing.csv"))
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "the cached lines are unchanged")
	odd := writeImportFile(t, "odd.csv", "Klant,Artikel,Aantal\nAcme Pty Ltd,E3,3\n")
	r = h.run("", "import", "--integration", "Dicker", "--file", odd, "--profile", "generic")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `"Klant", "Artikel", "Aantal"`)
	assert.Contains(t, r.stderr, "--map account=")
	assert.Equal(t, map[string]float64{"Acme Pty Ltd/Microsoft 365 Business Premium": 22}, h.importLines("Dicker"))
	assert.Equal(t, "dec.csv", h.fileStatus("Dicker").FileName, "the failed imports left the status row as it was")

	// --map names the columns; the choice is kept for the next import.
	r = h.run("", "import", "--integration", "Dicker", "--file", odd, "--profile", "generic",
		"--map", "account=Klant", "--map", "product=Artikel", "--map", "quantity=Aantal")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Equal(t, map[string]float64{"Acme Pty Ltd/E3": 3}, h.importLines("Dicker"))
	r = h.run("", "import", "--integration", "Dicker", "--file", odd)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "nothing changed")
}

func TestImportRefusesOtherKinds(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, 0, h.run("", "integrations", "add", "--kind", "pax8", "--name", "P").code)
	r := h.run("", "import", "--integration", "P", "--file", writeImportFile(t, "a.csv", "Customer,Product,Qty\nA,B,1\n"))
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "import files into a csv one")
}

func TestImportProfilesAndPreview(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, 0, h.run("", "integrations", "add", "--kind", "csv", "--name", "Ingram").code)
	nov := writeImportFile(t, "nov.csv", "Klant;Artikel;Aantal;Kosten\nAcme;E3;3;12,50\nAcme;E5;;9,00\nBravo;E3;1;12,50\n")

	// --preview shows the mapping and the rows and imports nothing; unmatched columns fail.
	r := h.run("", "import", "--integration", "Ingram", "--file", nov, "--preview")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stdout, "Klant -> -")
	assert.Contains(t, r.stderr, "--map account=")
	r = h.run("", "import", "--integration", "Ingram", "--file", nov, "--preview",
		"--map", "account=Klant", "--map", "product=Artikel", "--map", "quantity=Aantal", "--map", "cost=Kosten")
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "Klant -> account, Artikel -> product, Aantal -> quantity, Kosten -> cost")
	assert.Contains(t, r.stdout, "numbers: decimal comma")
	assert.Contains(t, r.stdout, "line 2: Acme | E3 | 3")
	assert.Contains(t, r.stdout, "skipped line 3: the quantity is empty")
	assert.Empty(t, h.importLines("Ingram"), "a preview imports nothing")

	// --save-profile keeps the mapping and imports with it.
	r = h.run("", "import", "--integration", "Ingram", "--file", nov, "--save-profile", "ingram-nl",
		"--map", "account=Klant", "--map", "product=Artikel", "--map", "quantity=Aantal", "--map", "cost=Kosten")
	require.Equal(t, 2, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stderr, `Saved the profile "ingram-nl"`)
	assert.Equal(t, map[string]float64{"Acme/E3": 3, "Bravo/E3": 1}, h.importLines("Ingram"))

	r = h.run("", "import", "--list-profiles")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `dicker\s+ready`, r.stdout)
	assert.Regexp(t, `ingram-nl\s+saved\s+account=Klant product=Artikel quantity=Aantal cost=Kosten, decimal ,`, r.stdout)
	r = h.run("", "import", "--list-profiles", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var profiles []workspace.ImportProfile
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &profiles))
	require.Len(t, profiles, 3)
	assert.Equal(t, "ingram-nl", profiles[2].Name)

	// Another integration uses the saved profile by name, from its settings or --profile.
	require.Equal(t, 0, h.run("", "integrations", "add", "--kind", "csv", "--name", "Ingram 2", "--set", "profile=ingram-nl").code)
	dec := writeImportFile(t, "dec.csv", "Klant;Artikel;Aantal;Kosten\nAcme;E3;4;12,50\n")
	r = h.run("", "import", "--integration", "Ingram 2", "--file", dec)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Equal(t, map[string]float64{"Acme/E3": 4}, h.importLines("Ingram 2"))
	r = h.run("", "integrations", "add", "--kind", "csv", "--name", "X", "--set", "profile=nope")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `there is no profile named "nope"`)

	// A file the profile no longer matches fails with its headers and how to map them.
	jan := writeImportFile(t, "jan.csv", "Klant;Product;Aantal;Kosten\nAcme;E3;5;12,50\n")
	r = h.run("", "import", "--integration", "Ingram 2", "--file", jan, "--profile", "ingram-nl")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `the ingram-nl profile reads product from the column "Artikel", which this file does not have`)
	assert.Contains(t, r.stderr, `the file's columns are "Klant", "Product", "Aantal", "Kosten"`)
	assert.Contains(t, r.stderr, "--save-profile ingram-nl")
	assert.Equal(t, map[string]float64{"Acme/E3": 4}, h.importLines("Ingram 2"), "the cached lines are unchanged")

	r = h.run("", "import", "--integration", "Ingram 2", "--file", jan, "--save-profile", "generic")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "ready profile")
}

func TestImportDetectsTheProfile(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, 0, h.run("", "integrations", "add", "--kind", "csv", "--name", "Files").code)
	f := writeImportFile(t, "d.csv", "TENANT NAME,STOCK CODE,STOCK DESCRIPTION,QTY\nAcme,P1Y:CFQ7TTC0LH04:0001,Business Premium,2\n")
	r := h.run("", "import", "--integration", "Files", "--file", f, "--preview", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var pv workspace.FilePreview
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &pv))
	assert.Equal(t, "dicker", pv.Profile)
	assert.True(t, pv.ProfileDetected)
	require.Len(t, pv.Lines, 1)
	assert.Equal(t, "P1Y", pv.Lines[0].Term)
}
