// Package reconcile holds the pure rules of reconciliation. This file: which cached lines
// reconciliation sees. The rules follow what MSP owners know from the PSA-sync products
// (seeds/gradient-autotask-troubleshooting.txt): a line counts only if its company is an
// active customer, its agreement is current, and it bills a quantity. Hidden lines keep
// the reason, so "why isn't this showing?" has an answer.
package reconcile

import (
	"fmt"
	"strings"

	"github.com/trueup/trueup/internal/connector"
)

// Line is one cached line with the verdict of the visibility rules.
type Line struct {
	ID            string
	AccountID     string
	AccountName   string
	AgreementID   string
	AgreementName string
	ServiceName   string
	Quantity      float64
	// BilledQuantity is the part of Quantity the customer is billed for (see
	// BilledQuantity); reconciliation compares it with what the vendor bills.
	BilledQuantity float64
	Status         string
	UpdatedAt      string
	Visible        bool
	HiddenReason   string
	// BillingTerm and BillingFrequency are a vendor line's term and billing frequency as the
	// vendor says them (empty for PSA lines).
	BillingTerm      string
	BillingFrequency string
}

// PSALines applies the PSA rules to a cache snapshot. today is YYYY-MM-DD in the MSP's own
// time zone: agreements start and end on calendar days.
func PSALines(accounts []connector.Account, agreements []connector.Agreement, lines []connector.ServiceLine, today string) []Line {
	acc := make(map[string]connector.Account, len(accounts))
	for _, a := range accounts {
		acc[a.ID] = a
	}
	agr := make(map[string]connector.Agreement, len(agreements))
	for _, a := range agreements {
		agr[a.ID] = a
	}
	out := make([]Line, 0, len(lines))
	for _, l := range lines {
		a, hasAgr := agr[l.AgreementID]
		accountID := l.AccountID
		if hasAgr && a.AccountID != "" {
			accountID = a.AccountID
		}
		c, hasAcc := acc[accountID]
		line := Line{ID: l.ID, AccountID: accountID, AccountName: c.Name, AgreementID: l.AgreementID, AgreementName: a.Name,
			ServiceName: l.ProductName, Quantity: l.Quantity, BilledQuantity: BilledQuantity(l), Status: a.Status, UpdatedAt: stamp(l.UpdatedAt.IsZero(), l.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z"))}
		if line.AccountName == "" {
			line.AccountName = "(company " + accountID + ")"
		}
		if line.AgreementName == "" {
			line.AgreementName = "(agreement " + l.AgreementID + ")"
		}
		line.HiddenReason = firstNonEmpty(
			accountReason(c, hasAcc),
			agreementReason(a, hasAgr, today),
			serviceLineReason(l, today),
		)
		line.Visible = line.HiddenReason == ""
		out = append(out, line)
	}
	return out
}

// VendorLines applies the vendor rules on today (YYYY-MM-DD in the MSP's time zone): only
// active subscriptions are billed, and of those sold under a commitment term only the ones
// whose term covers today (term.go).
func VendorLines(accounts []connector.Account, subs []connector.Subscription, today string) []Line {
	acc := make(map[string]connector.Account, len(accounts))
	for _, a := range accounts {
		acc[a.ID] = a
	}
	rules := vendorRules(subs, today)
	out := make([]Line, 0, len(subs))
	for i, s := range subs {
		line := Line{ID: s.ID, AccountID: s.AccountID, AccountName: acc[s.AccountID].Name, ServiceName: s.ProductName,
			Quantity: s.Quantity, BilledQuantity: s.Quantity, Status: s.Status, UpdatedAt: stamp(s.UpdatedAt.IsZero(), s.UpdatedAt.UTC().Format("2006-01-02T15:04:05Z")),
			BillingTerm: s.BillingTerm, BillingFrequency: s.BillingFrequency}
		if line.AccountName == "" {
			line.AccountName = "(customer " + s.AccountID + ")"
		}
		line.HiddenReason = rules[i].reason
		line.Visible = line.HiddenReason == ""
		out = append(out, line)
	}
	return out
}

// AccountHiddenReason is why the lines of a cached account are hidden ("" when they are
// not): the account rule of PSALines, for callers that list an account's agreements.
func AccountHiddenReason(c connector.Account) string { return accountReason(c, true) }

// AgreementHiddenReason is why the lines of a cached agreement are hidden on today ("" when
// it is current): the agreement rule of PSALines, so a New Revenue line is only offered
// agreements whose lines would count.
func AgreementHiddenReason(a connector.Agreement, today string) string {
	return agreementReason(a, true, today)
}

func accountReason(c connector.Account, ok bool) string { return accountRule(c, ok).reason }

func agreementReason(a connector.Agreement, ok bool, today string) string {
	return agreementRule(a, ok, today).reason
}

// hidden is a visibility verdict: which rule hides a record and the words that say so. The
// rule names the case for callers that act on it (explain offers a fix per rule); the
// reason is what the screens show.
type hidden struct {
	rule   Rule
	reason string
}

// accountRule judges a PSA company. The type words quote the source's own company type
// (Account.Type), so an Autotask "Lead" or "Partner" reads as such instead of as a
// ConnectWise Prospect or Vendor.
func accountRule(c connector.Account, ok bool) hidden {
	switch {
	case !ok:
		return hidden{RuleAccountMissing, "Company is not in the cache: run a Full Sync"}
	case c.Deleted:
		return hidden{RuleAccountDeleted, "Company is marked deleted in the PSA"}
	case c.Prospect:
		return hidden{RuleAccountType, fmt.Sprintf("Company type is %s: change its type to a customer type in the PSA", typeWord(c.Type, "Prospect"))}
	case c.Vendor:
		if t := typeWord(c.Type, "Vendor"); !strings.EqualFold(t, "Vendor") {
			return hidden{RuleAccountType, fmt.Sprintf("Company type is %s: only customer companies are billed; change its type in the PSA if you bill it", t)}
		}
		return hidden{RuleAccountType, "Company has a Vendor type: remove the Vendor type in the PSA if you bill it"}
	case c.NotCustomer:
		return hidden{RuleAccountType, fmt.Sprintf("Company type is %s: only customers are billed; change its type to Customer in the PSA if you bill it", orUnknown(c.Type))}
	case !c.Active:
		return hidden{RuleAccountInactive, fmt.Sprintf("Company is not active (status: %s)", orUnknown(c.Status))}
	}
	return hidden{}
}

// typeWord picks the company type to quote from the source's type list ("Customer,
// Prospect" in ConnectWise, one word in Autotask and Halo): the one named like the flag that
// hides it when there is one, otherwise the first that is not a customer type, otherwise
// the flag's own word.
func typeWord(types, flag string) string {
	var other string
	for _, t := range strings.Split(types, ",") {
		t = strings.TrimSpace(t)
		switch {
		case strings.EqualFold(t, flag):
			return t
		case t != "" && other == "" && !strings.EqualFold(t, "Customer") && !strings.EqualFold(t, "Client"):
			other = t
		}
	}
	if other != "" {
		return other
	}
	return flag
}

func agreementRule(a connector.Agreement, ok bool, today string) hidden {
	switch {
	case !ok:
		return hidden{RuleAgreementMissing, "Agreement is not in the cache: run a Full Sync"}
	case a.Cancelled || strings.EqualFold(a.Status, "Cancelled"):
		return hidden{RuleAgreementCancelled, "Agreement is cancelled"}
	case a.Status != "" && !strings.EqualFold(a.Status, "Active"):
		return hidden{RuleAgreementInactive, fmt.Sprintf("Agreement is not active (status: %s)", a.Status)}
	case a.StartDate != "" && a.StartDate > today:
		return hidden{RuleAgreementFuture, fmt.Sprintf("Agreement starts on %s: future-dated agreements appear on their start date", a.StartDate)}
	case a.EndDate != "" && a.EndDate < today:
		return hidden{RuleAgreementEnded, fmt.Sprintf("Agreement ended on %s", a.EndDate)}
	}
	return hidden{}
}

// BilledQuantity is what the PSA bills of a service line: nothing when the line is set not
// to bill (ConnectWise billCustomer DoNotBill or NoCharge: the customer has the units, the
// invoice does not carry them), otherwise the quantity less the units the agreement
// includes (lessIncluded), never below zero.
func BilledQuantity(l connector.ServiceLine) float64 {
	switch {
	case strings.EqualFold(string(l.Billing), string(connector.BillingDoNotBill)),
		strings.EqualFold(string(l.Billing), string(connector.BillingNoCharge)):
		return 0
	case l.Quantity <= l.LessIncluded:
		return 0
	}
	return l.Quantity - l.LessIncluded
}

// serviceLineReason judges a line on today's date: the connectors store the source's
// cancelled flag and cancelled date as they are, so a line whose cancellation date
// passes is hidden from that day on without another sync.
func serviceLineReason(l connector.ServiceLine, today string) string {
	return serviceLineRule(l, today).reason
}

func serviceLineRule(l connector.ServiceLine, today string) hidden {
	switch {
	case l.Cancelled:
		if l.CancelledDate != "" {
			return hidden{RuleLineCancelled, fmt.Sprintf("Line was cancelled on %s", l.CancelledDate)}
		}
		return hidden{RuleLineCancelled, "Line is cancelled"}
	case l.CancelledDate != "" && l.CancelledDate <= today:
		return hidden{RuleLineCancelled, fmt.Sprintf("Line was cancelled on %s", l.CancelledDate)}
	case l.Quantity <= 0 && !billsFromNextCycle(l, today):
		if l.NextQuantity != nil && *l.NextQuantity > 0 {
			return hidden{RuleQuantityZero, fmt.Sprintf("Quantity is 0 for this period: it bills %s from %s and counts from the cycle before that day", QtyOf(*l.NextQuantity), l.NextFrom)}
		}
		return hidden{RuleQuantityZero, "Quantity is 0: lines without a quantity are not billed"}
	}
	return hidden{}
}

// billsFromNextCycle reports whether a line bills a quantity scheduled from the next cycle's
// start at the latest (an Autotask contract service that a New Revenue push created: 0 units
// today, N from the 1st of next month). Cards count those units (LineEvidence.Counted), so
// the line must not be hidden as empty, or the pushed card would stay New Revenue.
func billsFromNextCycle(l connector.ServiceLine, today string) bool {
	if l.NextQuantity == nil || *l.NextQuantity <= 0 {
		return false
	}
	from, err := ParseDate(l.NextFrom)
	if err != nil {
		return false
	}
	d, err := ParseDate(today)
	if err != nil {
		return false
	}
	return !from.After(CycleOf(d).Next().Start())
}

// subscriptionRule judges a vendor subscription: only active ones are billed.
func subscriptionRule(s connector.Subscription) hidden {
	if s.Active {
		return hidden{}
	}
	return hidden{RuleSubscriptionInactive, fmt.Sprintf("Subscription status is %s: only active subscriptions are billed", orUnknown(s.Status))}
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func stamp(zero bool, s string) string {
	if zero {
		return ""
	}
	return s
}
