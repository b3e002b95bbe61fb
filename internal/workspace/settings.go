package workspace

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/reconcile"
)

// The reconciliation settings' defaults (reconcile.Settings says what they mean).
const (
	defaultLargeUnits      = 10
	defaultLargePercent    = 20
	defaultLargeNewRevenue = 10
)

// parseSettings reads the stored settings, filling in the defaults. Billing holds only the
// vendor integrations with a stored policy.
func parseSettings(kv map[string]string) (ReconcileSettings, error) {
	s := ReconcileSettings{LargeChangeUnits: defaultLargeUnits, LargeChangePercent: defaultLargePercent,
		LargeNewRevenueUnits: defaultLargeNewRevenue, Billing: map[string]string{}}
	ints := map[string]*int64{settingLargeUnits: &s.LargeChangeUnits, settingLargePercent: &s.LargeChangePercent,
		settingLargeNewRevenue: &s.LargeNewRevenueUnits}
	for k, v := range kv {
		if p, ok := ints[k]; ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				return ReconcileSettings{}, fmt.Errorf("the stored setting %s is %q, not a whole number >= 1: set it again in Settings", k, v)
			}
			*p = n
			continue
		}
		if id, ok := strings.CutPrefix(k, settingBillingPrefix); ok {
			p, err := reconcile.ParsePolicy(v)
			if err != nil {
				return ReconcileSettings{}, fmt.Errorf("the stored billing setting of integration %s: %w", id, err)
			}
			s.Billing[id] = string(p)
		}
		if k == settingBulkWarningSeen {
			s.BulkWarningSeen = v == "true"
		}
	}
	return s, nil
}

// reconcile is s as card building reads it.
func (s ReconcileSettings) reconcile() reconcile.Settings {
	out := reconcile.Settings{LargeChangeUnits: reconcile.Units(s.LargeChangeUnits), LargeChangePercent: s.LargeChangePercent,
		LargeNewRevenueUnits: reconcile.Units(s.LargeNewRevenueUnits), Billing: map[string]reconcile.EffectivePolicy{}}
	for id, p := range s.Billing {
		out.Billing[id] = reconcile.EffectivePolicy(p)
	}
	return out
}

// Settings returns the reconciliation settings, with the billing policy of every vendor
// integration (next_period unless set).
func (c *Cards) Settings(ctx context.Context) (ReconcileSettings, error) {
	kv, err := c.w.store.Settings(ctx)
	if err != nil {
		return ReconcileSettings{}, err
	}
	s, err := parseSettings(kv)
	if err != nil {
		return ReconcileSettings{}, err
	}
	vendors, err := c.w.vendorIntegrations(ctx)
	if err != nil {
		return ReconcileSettings{}, err
	}
	billing := map[string]string{}
	for _, id := range vendors {
		k := integrationKey(id)
		billing[k] = string(reconcile.PolicyNextPeriod)
		if p, ok := s.Billing[k]; ok {
			billing[k] = p
		}
	}
	s.Billing = billing
	return s, nil
}

// SetSettings validates and stores the settings, all of them or none, and returns them as
// stored. Billing policies apply to cards detected afterwards: a card already shown keeps
// the date it was detected under.
func (c *Cards) SetSettings(ctx context.Context, s ReconcileSettings) (ReconcileSettings, error) {
	switch {
	case s.LargeChangeUnits < 1:
		return ReconcileSettings{}, inputErr("large_change_units", "a large change must be at least 1 unit: give a whole number >= 1 (default 10)")
	case s.LargeChangePercent < 1 || s.LargeChangePercent > 100:
		return ReconcileSettings{}, inputErr("large_change_percent", "the large change percentage must be between 1 and 100 (default 20)")
	case s.LargeNewRevenueUnits < 1:
		return ReconcileSettings{}, inputErr("large_new_revenue_units", "a large New Revenue card must be at least 1 unit: give a whole number >= 1 (default 10)")
	}
	vendors, err := c.w.vendorIntegrations(ctx)
	if err != nil {
		return ReconcileSettings{}, err
	}
	known := map[string]bool{}
	for _, id := range vendors {
		known[integrationKey(id)] = true
	}
	kv := map[string]string{
		settingLargeUnits:      strconv.FormatInt(s.LargeChangeUnits, 10),
		settingLargePercent:    strconv.FormatInt(s.LargeChangePercent, 10),
		settingLargeNewRevenue: strconv.FormatInt(s.LargeNewRevenueUnits, 10),
		settingBulkWarningSeen: "",
	}
	if s.BulkWarningSeen {
		kv[settingBulkWarningSeen] = "true"
	}
	ids := make([]string, 0, len(s.Billing))
	for id := range s.Billing {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if !known[id] {
			return ReconcileSettings{}, inputErr("billing", fmt.Sprintf("there is no vendor integration with id %s: reload the settings (it may have been deleted)", id))
		}
		p, err := reconcile.ParsePolicy(s.Billing[id])
		if err != nil {
			return ReconcileSettings{}, inputErr("billing", err.Error())
		}
		kv[settingBillingPrefix+id] = string(p)
	}
	if err := c.w.store.SetSettings(ctx, kv); err != nil {
		return ReconcileSettings{}, err
	}
	return c.Settings(ctx)
}

// vendorIntegrations lists the ids of the vendor integrations, in id order.
func (w *Workspace) vendorIntegrations(ctx context.Context) ([]int64, error) {
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, in := range list {
		if f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind)); err == nil && f.Role == connector.RoleVendor {
			out = append(out, in.ID)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}
