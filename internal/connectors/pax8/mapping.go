package pax8

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
)

// companyRow is a company as read, before the sync decides whether to write it.
type companyRow struct {
	account connector.Account
	stamp   time.Time // updatedDate; zero when Pax8 sent none
}

// subscriptionRow is a subscription as read; the product name is filled in later.
type subscriptionRow struct {
	sub         connector.Subscription
	ownName     string    // productName as the subscription carried it, if at all
	stamp       time.Time // updatedDate, else createdDate; zero when neither was readable
	updatedSeen bool      // Pax8 sent a readable updatedDate
}

// decodeCompany maps one company record (kept verbatim as Raw).
func decodeCompany(raw json.RawMessage) (companyRow, error) {
	var c company
	if err := json.Unmarshal(raw, &c); err != nil {
		return companyRow{}, fmt.Errorf("company record is not the documented JSON: %w", err)
	}
	id := strings.TrimSpace(string(c.ID))
	status := strings.TrimSpace(string(c.Status))
	name := strings.TrimSpace(string(c.Name))
	if name == "" {
		name = "Pax8 company " + id
	}
	updated, _ := parseTime(string(c.UpdatedDate))
	return companyRow{
		account: connector.Account{
			ID:        id,
			Name:      name,
			Status:    status,
			Active:    strings.EqualFold(status, "Active"),
			Deleted:   strings.EqualFold(status, "Deleted"),
			UpdatedAt: utc(updated),
			Raw:       raw,
		},
		stamp: utc(updated),
	}, nil
}

// decodeSubscription maps one subscription record (kept verbatim as Raw). Status and
// billingTerm stay strings in Pax8's own words: vendors add values.
func decodeSubscription(raw json.RawMessage) (subscriptionRow, error) {
	var s subscription
	if err := json.Unmarshal(raw, &s); err != nil {
		return subscriptionRow{}, fmt.Errorf("subscription record is not the documented JSON: %w", err)
	}
	status := strings.TrimSpace(string(s.Status))
	updated, updatedOK := parseTime(string(s.UpdatedDate))
	if !updatedOK {
		updated, _ = parseTime(string(s.CreatedDate))
	}
	return subscriptionRow{
		sub: connector.Subscription{
			ID:          strings.TrimSpace(string(s.ID)),
			AccountID:   strings.TrimSpace(string(s.CompanyID)),
			ProductID:   strings.TrimSpace(string(s.ProductID)),
			Quantity:    float64(s.Quantity),
			Status:      status,
			Active:      strings.EqualFold(status, "Active"),
			BillingTerm: strings.TrimSpace(string(s.BillingTerm)),
			StartDate:   civilDate(string(s.StartDate)),
			EndDate:     civilDate(string(s.EndDate)),
			Price:       float64(s.Price),
			Cost:        float64(s.PartnerCost),
			Currency:    strings.TrimSpace(string(s.Currency)),
			UpdatedAt:   utc(updated),
			Raw:         raw,
		},
		ownName:     strings.TrimSpace(string(s.ProductName)),
		stamp:       utc(updated),
		updatedSeen: updatedOK,
	}, nil
}

// unknownProduct is the name shown when a product could not be read.
// decodeProduct maps a product record (GET /products/{id}) read for id. The SKU is Pax8's
// own; the vendor SKU is the manufacturer's part number that a PSA catalog item carries too.
func decodeProduct(id string, raw json.RawMessage) (connector.Product, error) {
	var p product
	if err := json.Unmarshal(raw, &p); err != nil {
		return connector.Product{}, fmt.Errorf("Pax8 product %s is not the documented JSON: %w", id, err)
	}
	if got := strings.TrimSpace(string(p.ID)); got != "" {
		id = got
	}
	out := connector.Product{
		ID:         id,
		Identifier: strings.TrimSpace(string(p.SKU)),
		Name:       strings.TrimSpace(string(p.Name)),
		Vendor:     strings.TrimSpace(string(p.VendorName)),
		VendorSKU:  strings.TrimSpace(string(p.VendorSKU)),
		Recurring:  true, // Pax8 sells subscriptions
		Raw:        raw,
	}
	return out, nil
}

func unknownProduct(id string) string {
	if id == "" {
		return "Unknown product"
	}
	return "Unknown product " + id
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC()
}
