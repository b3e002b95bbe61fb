package microsoft

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// customersPage is one page of GET /v1/customers.
type customersPage struct {
	Items             []json.RawMessage `json:"items"`
	ContinuationToken string            `json:"continuationToken"`
	Links             struct {
		Next *struct {
			Headers []struct {
				Key   string `json:"key"`
				Value string `json:"value"`
			} `json:"headers"`
		} `json:"next"`
	} `json:"links"`
}

// next is the continuation token of the next page, empty on the last page: the
// MS-ContinuationToken header of links.next, else continuationToken.
func (p customersPage) next() string {
	if p.Links.Next != nil {
		for _, h := range p.Links.Next.Headers {
			if strings.EqualFold(h.Key, "MS-ContinuationToken") && h.Value != "" {
				return h.Value
			}
		}
	}
	return p.ContinuationToken
}

type customer struct {
	ID             string `json:"id"`
	CompanyProfile struct {
		TenantID    string `json:"tenantId"`
		Domain      string `json:"domain"`
		CompanyName string `json:"companyName"`
	} `json:"companyProfile"`
}

// subscription is the part of Partner Center's Subscription resource TrueUp reads. Enums
// stay strings: Microsoft adds values.
type subscription struct {
	ID                   string  `json:"id"`
	OfferID              string  `json:"offerId"`
	OfferName            string  `json:"offerName"`
	FriendlyName         string  `json:"friendlyName"`
	Quantity             float64 `json:"quantity"`
	ParentSubscriptionID string  `json:"parentSubscriptionId"`
	EffectiveStartDate   string  `json:"effectiveStartDate"`
	CommitmentEndDate    string  `json:"commitmentEndDate"`
	Status               string  `json:"status"`
	AutoRenewEnabled     bool    `json:"autoRenewEnabled"`
	BillingCycle         string  `json:"billingCycle"`
	TermDuration         string  `json:"termDuration"`
	RefundableQuantity   *struct {
		TotalQuantity float64 `json:"totalQuantity"`
		Details       []struct {
			Quantity             float64 `json:"quantity"`
			AllowedUntilDateTime string  `json:"allowedUntilDateTime"`
		} `json:"details"`
	} `json:"refundableQuantity"`
	CancellationAllowedUntilDate string `json:"cancellationAllowedUntilDate"`
}

// nce is the subscription's commitment-term facts. Refund batches whose deadline TrueUp
// cannot read are dropped (a deadline is what makes the seats worth showing); a total
// without details has no deadline and is left out for the same reason.
func (s subscription) nce() *connector.NCETerm {
	t := &connector.NCETerm{AutoRenew: s.AutoRenewEnabled, ParentSubscriptionID: strings.TrimSpace(s.ParentSubscriptionID)}
	if rq := s.RefundableQuantity; rq != nil {
		for _, d := range rq.Details {
			until, ok := instant(d.AllowedUntilDateTime)
			if ok && d.Quantity > 0 {
				t.Refundable = append(t.Refundable, connector.RefundableSeats{Quantity: d.Quantity, Until: until})
			}
		}
	}
	t.CancellationAllowedUntil, _ = instant(s.CancellationAllowedUntilDate)
	return t
}

// instant reads a Partner Center date-time (RFC 3339, with or without fractional seconds;
// a zone-less one is UTC, as Partner Center's are), false when it is empty or unreadable.
func instant(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0001-01-01") {
		return time.Time{}, false
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

type subscriptionsPage struct {
	Items []json.RawMessage `json:"items"`
}

// decodeCustomers reads a customers page.
func decodeCustomers(body []byte) (customersPage, []customer, error) {
	var p customersPage
	if err := json.Unmarshal(body, &p); err != nil {
		return p, nil, fmt.Errorf("the customers answer is not the documented JSON: %w", err)
	}
	out := make([]customer, 0, len(p.Items))
	for i, raw := range p.Items {
		var c customer
		if err := json.Unmarshal(raw, &c); err != nil {
			return p, nil, fmt.Errorf("customer %d of the page is not the documented JSON: %w", i+1, err)
		}
		if c.ID == "" {
			c.ID = c.CompanyProfile.TenantID
		}
		out = append(out, c)
	}
	return p, out, nil
}

// decodeSubscriptions reads a customer's subscriptions, each with its raw JSON.
func decodeSubscriptions(body []byte) ([]subscription, []json.RawMessage, error) {
	var p subscriptionsPage
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, nil, fmt.Errorf("the subscriptions answer is not the documented JSON: %w", err)
	}
	out := make([]subscription, 0, len(p.Items))
	for i, raw := range p.Items {
		var s subscription
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, nil, fmt.Errorf("subscription %d of the list is not the documented JSON: %w", i+1, err)
		}
		out = append(out, s)
	}
	return out, p.Items, nil
}

// knownStatuses are the subscription statuses Partner Center documents.
var knownStatuses = map[string]bool{
	"none": true, "active": true, "pending": true, "suspended": true, "expired": true, "disabled": true, "deleted": true,
}

// civilDate is the calendar day of a Partner Center timestamp ("2026-08-31T00:00:00Z" or
// "2026-08-31"), empty when it has none. The day is the one Microsoft wrote: commitment
// end dates are whole days, inclusive.
func civilDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return ""
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return ""
	}
	if s[:10] == "0001-01-01" { // .NET's DateTime.MinValue: not set
		return ""
	}
	return s[:10]
}
