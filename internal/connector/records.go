package connector

import (
	"encoding/json"
	"time"
)

// Entity names one kind of cached record. The store keeps one table per entity.
type Entity string

const (
	EntityAccounts      Entity = "accounts"
	EntityAgreements    Entity = "agreements"
	EntityServiceLines  Entity = "service_lines"
	EntitySubscriptions Entity = "subscriptions"
)

// Entities lists every entity in the order a sync writes them (parents first).
var Entities = []Entity{EntityAccounts, EntityAgreements, EntityServiceLines, EntitySubscriptions}

// Dates are civil dates ("2026-11-01") because agreements and subscriptions start and end on
// calendar days, not instants; an empty string means "not set" (for example no end date).

// Account is a customer as the source system holds it: a PSA company/account/client or a
// vendor's customer record. The flags feed the visibility rules; Raw keeps the whole source
// record so "why isn't this showing?" can be answered later.
type Account struct {
	ID        string
	Name      string
	Status    string // the source's own words, e.g. "Active", "Inactive", "Deleted"
	Type      string // e.g. "Customer", "Prospect", "Vendor" (several joined with ", ")
	Active    bool
	Deleted   bool
	Prospect  bool
	Vendor    bool
	UpdatedAt time.Time // the source's modified stamp; zero when the source has none
	Raw       json.RawMessage
}

// Agreement is a PSA recurring agreement/contract of an account.
type Agreement struct {
	ID        string
	AccountID string
	Name      string
	Type      string
	Status    string // e.g. "Active", "Cancelled", "Expired", "Inactive"
	Cancelled bool
	StartDate string
	EndDate   string // empty: no end date
	UpdatedAt time.Time
	Raw       json.RawMessage
}

// ServiceLine is a billed line on an agreement (CW agreement addition, Autotask contract
// service, Halo recurring invoice line).
type ServiceLine struct {
	ID            string
	AgreementID   string
	AccountID     string
	ProductID     string
	ProductName   string
	Quantity      float64
	UnitPrice     float64
	UnitCost      float64
	Cancelled     bool
	EffectiveDate string
	CancelledDate string
	UpdatedAt     time.Time
	Raw           json.RawMessage
}

// Subscription is a vendor's billed line for an account.
type Subscription struct {
	ID          string
	AccountID   string
	ProductID   string
	ProductName string
	Quantity    float64
	Status      string // the vendor's own word, kept as a string: vendors add values
	Active      bool
	BillingTerm string
	StartDate   string
	EndDate     string
	Price       float64
	Cost        float64
	Currency    string
	UpdatedAt   time.Time
	Raw         json.RawMessage
}
