package workspace

import (
	"context"
	"encoding/csv"
	"strconv"
	"strings"
)

// ledgerColumns are the CSV export's columns: the JSON field names of `trueup ledger
// --json`, in the order of the CLI contract, with kind after id (decision and push ids are
// separate sequences), and automatic last (added later: the earlier columns keep their
// places for spreadsheets that read them by position).
var ledgerColumns = []string{"id", "kind", "at", "action", "card_id", "account_name", "product_name", "agreement_name",
	"before", "after", "effective_date", "state", "psa_response", "note", "user", "automatic"}

// LedgerCSV is Ledger as CSV (RFC 4180: quoted where needed, CRLF line ends), with the
// header row first. A cell that a spreadsheet would run as a formula (one that starts with
// = + - @, a tab or a carriage return) is prefixed with a single quote: notes and names are
// typed by people and synced from other systems.
func (p *Pushes) LedgerCSV(ctx context.Context, q LedgerQuery) (string, error) {
	entries, err := p.Ledger(ctx, q)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	cw := csv.NewWriter(&b)
	cw.UseCRLF = true
	if err := cw.Write(ledgerColumns); err != nil {
		return "", err
	}
	for _, e := range entries {
		row := []string{strconv.FormatInt(e.ID, 10), e.Kind, e.At, e.Action, e.CardID, e.AccountName, e.ProductName, e.AgreementName,
			e.Before, e.After, e.EffectiveDate, e.State, e.PSAResponse, e.Note, e.User, strconv.FormatBool(e.Automatic)}
		for i, c := range row {
			row[i] = defuse(c)
		}
		if err := cw.Write(row); err != nil {
			return "", err
		}
	}
	cw.Flush()
	return b.String(), cw.Error()
}

// defuse keeps a spreadsheet from reading a cell as a formula (OWASP "CSV injection").
func defuse(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
