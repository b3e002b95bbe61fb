package workspace

import (
	"context"
	"sort"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
)

// Lines returns the cached lines of an integration as reconciliation sees them. It reads
// only the local cache, so it works offline. With includeHidden the lines the visibility
// rules hide are included, each with its reason.
func (d *Data) Lines(ctx context.Context, integrationID int64, includeHidden bool) (LinesResult, error) {
	w := d.w
	in, err := w.lookup(ctx, integrationID)
	if err != nil {
		return LinesResult{}, err
	}
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return LinesResult{}, err
	}
	snap, err := w.store.CacheSnapshot(ctx, in.ID, false)
	if err != nil {
		return LinesResult{}, err
	}
	var lines []reconcile.Line
	if f.Role == connector.RolePSA {
		lines = reconcile.PSALines(snap.Accounts, snap.Agreements, snap.ServiceLines, w.today())
	} else {
		lines = reconcile.VendorLines(snap.Accounts, snap.Subscriptions, w.today())
	}
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		if c := strings.Compare(strings.ToLower(a.AccountName), strings.ToLower(b.AccountName)); c != 0 {
			return c < 0
		}
		if a.AgreementName != b.AgreementName {
			return a.AgreementName < b.AgreementName
		}
		return a.ServiceName < b.ServiceName
	})
	res := LinesResult{IntegrationID: in.ID, IntegrationName: in.Name, Role: string(f.Role), LastFetchedAt: fmtTime(in.LastFetchedAt), Lines: []Line{}}
	for _, l := range lines {
		if l.Visible {
			res.Visible++
		} else {
			res.Hidden++
			if !includeHidden {
				continue
			}
		}
		res.Lines = append(res.Lines, Line{ID: l.ID, AccountID: l.AccountID, AccountName: l.AccountName, AgreementID: l.AgreementID,
			AgreementName: l.AgreementName, ServiceName: l.ServiceName, Quantity: l.Quantity, Status: l.Status,
			UpdatedAt: l.UpdatedAt, Visible: l.Visible, HiddenReason: l.HiddenReason,
			BillingTerm: l.BillingTerm, BillingFrequency: l.BillingFrequency})
	}
	return res, nil
}
