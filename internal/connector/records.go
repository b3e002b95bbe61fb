package connector

import (
	"encoding/json"
	"fmt"
	"time"
)

// Entity names one kind of cached record.
type Entity string

const (
	EntityAccounts      Entity = "accounts"
	EntityAgreements    Entity = "agreements"
	EntityServiceLines  Entity = "service_lines"
	EntitySubscriptions Entity = "subscriptions"
	EntityProducts      Entity = "products"
)

// Entities lists every entity in the order a sync writes them (parents first).
var Entities = []Entity{EntityAccounts, EntityAgreements, EntityServiceLines, EntitySubscriptions, EntityProducts}

// entityInfo is what the sink, the store and the engine need to know about an entity
// beyond its typed view. Adding an entity means a constant, a line here, a typed view
// below and the connector code that reads it: the sink, the cache table, staging, commit
// and the engine handle every entity the same way.
var entityInfo = map[Entity]struct {
	words  string // for log lines: "service lines"
	parent Entity // the entity ParentID refers to; empty for top-level records
	// diesWithParent: rows whose parent is no longer cached are dropped (the additions of
	// a deleted agreement are gone with it at the source).
	diesWithParent bool
}{
	EntityAccounts:      {words: "accounts"},
	EntityAgreements:    {words: "agreements", parent: EntityAccounts},
	EntityServiceLines:  {words: "service lines", parent: EntityAgreements, diesWithParent: true},
	EntitySubscriptions: {words: "subscriptions", parent: EntityAccounts},
	EntityProducts:      {words: "products"},
}

// Words is the entity as a log line names it.
func (e Entity) Words() string {
	if i, ok := entityInfo[e]; ok {
		return i.words
	}
	return string(e)
}

// Parent is the entity a record's ParentID refers to (empty for top-level entities). A
// connector that re-reads children through their parent's changes follows it.
func (e Entity) Parent() Entity { return entityInfo[e].parent }

// DiesWithParent reports whether rows of e go when their parent is no longer cached.
func (e Entity) DiesWithParent() bool { return entityInfo[e].diesWithParent }

// Record is the envelope every cached record travels in, whatever its entity: what the
// sink, the cache and the sync engine need (identity, scope, source stamp, the source's own
// JSON) plus Fields, the typed view encoded as JSON. Connectors build records with Encode
// and readers get the typed view back with Decode, so only the code that produces or reads
// an entity knows its fields. Mappings, decisions and outbox rows refer to a record by
// (integration, Entity, ID), never by a cache row or a name.
type Record struct {
	Entity Entity
	ID     string
	// ParentID is the record's parent of Entity.Parent() (the agreement of a service
	// line, the account of an agreement or subscription): scoped completeness and
	// failures (Scope.ParentID) match it.
	ParentID  string
	AccountID string
	UpdatedAt time.Time // the source's modified stamp; zero when the source has none
	Fields    json.RawMessage
	Raw       json.RawMessage
}

// View is a typed record: Account, Agreement, ServiceLine, Subscription, Product.
type View interface {
	// Envelope is the record without Fields (Encode fills them in).
	Envelope() Record
}

// viewPtr lets Decode give a decoded view back its source JSON, which is kept beside the
// fields rather than inside them.
type viewPtr[T any] interface {
	*T
	View
	setRaw(json.RawMessage)
}

// Encode wraps typed views in records.
func Encode[T View](views ...T) ([]Record, error) {
	out := make([]Record, len(views))
	for i, v := range views {
		r := v.Envelope()
		f, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", r.Entity, r.ID, err)
		}
		r.Fields = f
		out[i] = r
	}
	return out, nil
}

// Decode reads the typed view of a record.
func Decode[T any, P viewPtr[T]](r Record) (T, error) {
	var v T
	if len(r.Fields) > 0 {
		if err := json.Unmarshal(r.Fields, &v); err != nil {
			return v, fmt.Errorf("read cached %s %s: %w", r.Entity, r.ID, err)
		}
	}
	P(&v).setRaw(r.Raw)
	return v, nil
}

// Dates are civil dates ("2026-11-01") because agreements and subscriptions start and end on
// calendar days, not instants; an empty string means "not set" (for example no end date).
// Connectors store them as the source wrote them: what a date means today (cancelled,
// ended, not started yet) is decided by internal/reconcile.

// Account is a customer as the source system holds it: a PSA company/account/client or a
// vendor's customer record. The flags feed the visibility rules; Raw keeps the whole source
// record so "why isn't this showing?" can be answered later.
type Account struct {
	ID        string          `json:"id"`
	Name      string          `json:"name"`
	Status    string          `json:"status"` // the source's own words, e.g. "Active", "Inactive", "Deleted"
	Type      string          `json:"type"`   // e.g. "Customer", "Prospect", "Vendor" (several joined with ", ")
	Active    bool            `json:"active"`
	Deleted   bool            `json:"deleted"`
	Prospect  bool            `json:"prospect"`
	Vendor    bool            `json:"vendor"`
	UpdatedAt time.Time       `json:"updated_at"` // the source's modified stamp; zero when the source has none
	Raw       json.RawMessage `json:"-"`
	// NotCustomer is set when the source's company type says the company is neither a
	// customer nor a prospect or vendor (Autotask companyType Partner, Dead, Cancellation):
	// its lines are not billed. Type holds the source's word for the reason. Additive
	// (issue 8), for Autotask, whose company has exactly one type.
	NotCustomer bool `json:"not_customer,omitempty"`
}

func (a Account) Envelope() Record {
	return Record{Entity: EntityAccounts, ID: a.ID, AccountID: a.ID, UpdatedAt: a.UpdatedAt, Raw: a.Raw}
}
func (a *Account) setRaw(raw json.RawMessage) { a.Raw = raw }

// Agreement is a PSA recurring agreement/contract of an account.
type Agreement struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Status    string `json:"status"` // e.g. "Active", "Cancelled", "Expired", "Inactive"
	// Cancelled is the source's own cancelled flag, not a judgement from dates.
	Cancelled bool   `json:"cancelled"`
	StartDate string `json:"start_date"`
	EndDate   string `json:"end_date"` // empty: no end date
	// Prorate is the agreement's proration setting (ConnectWise prorateFlag): whether a
	// quantity change mid-period bills a part of the period.
	Prorate   bool            `json:"prorate"`
	UpdatedAt time.Time       `json:"updated_at"`
	Raw       json.RawMessage `json:"-"`

	// NextInvoiceDate is the day the PSA next invoices the agreement, where the source keeps
	// one (HaloPSA's recurring invoice nextcreationdate); empty when unknown. Added for the
	// HaloPSA push preview: a Halo line change bills from that run.
	NextInvoiceDate string `json:"next_invoice_date,omitempty"`
}

func (a Agreement) Envelope() Record {
	return Record{Entity: EntityAgreements, ID: a.ID, ParentID: a.AccountID, AccountID: a.AccountID, UpdatedAt: a.UpdatedAt, Raw: a.Raw}
}
func (a *Agreement) setRaw(raw json.RawMessage) { a.Raw = raw }

// Billing says whether a service line's quantity is billed, in the source's words
// (ConnectWise billCustomer). Sources add values, so it stays a string.
type Billing string

const (
	BillingBillable  Billing = "Billable"
	BillingDoNotBill Billing = "DoNotBill"
	BillingNoCharge  Billing = "NoCharge"
)

// ServiceLine is a billed line on an agreement (CW agreement addition, Autotask contract
// service, Halo recurring invoice line).
type ServiceLine struct {
	ID          string  `json:"id"`
	AgreementID string  `json:"agreement_id"`
	AccountID   string  `json:"account_id"`
	ProductID   string  `json:"product_id"`
	ProductName string  `json:"product_name"`
	Quantity    float64 `json:"quantity"`
	// LessIncluded is the part of Quantity the agreement includes at no extra charge
	// (ConnectWise lessIncluded).
	LessIncluded float64 `json:"less_included"`
	// Billing is the source's billing setting; empty when the source has none (billed).
	Billing   Billing `json:"billing"`
	UnitPrice float64 `json:"unit_price"`
	UnitCost  float64 `json:"unit_cost"`
	// Cancelled is a cancelled flag the source itself sets; a cancelled date alone is left
	// to the visibility rules to judge.
	Cancelled     bool            `json:"cancelled"`
	EffectiveDate string          `json:"effective_date"`
	CancelledDate string          `json:"cancelled_date"`
	UpdatedAt     time.Time       `json:"updated_at"`
	Raw           json.RawMessage `json:"-"`
	// NextQuantity and NextFrom are the units of the latest period starting after today,
	// when they differ from Quantity (Autotask: a units adjustment is dated, so a push bills
	// from its effective date while today's units stay). Additive (issue 8); nil/empty when
	// no change is scheduled or the source has no dated quantities.
	NextQuantity *float64 `json:"next_quantity,omitempty"`
	NextFrom     string   `json:"next_from,omitempty"`
}

func (l ServiceLine) Envelope() Record {
	return Record{Entity: EntityServiceLines, ID: l.ID, ParentID: l.AgreementID, AccountID: l.AccountID, UpdatedAt: l.UpdatedAt, Raw: l.Raw}
}
func (l *ServiceLine) setRaw(raw json.RawMessage) { l.Raw = raw }

// Subscription is a vendor's billed line for an account.
type Subscription struct {
	ID          string          `json:"id"`
	AccountID   string          `json:"account_id"`
	ProductID   string          `json:"product_id"`
	ProductName string          `json:"product_name"`
	Quantity    float64         `json:"quantity"`
	Status      string          `json:"status"` // the vendor's own word, kept as a string: vendors add values
	Active      bool            `json:"active"`
	BillingTerm string          `json:"billing_term"`
	StartDate   string          `json:"start_date"`
	EndDate     string          `json:"end_date"`
	Price       float64         `json:"price"`
	Cost        float64         `json:"cost"`
	Currency    string          `json:"currency"`
	UpdatedAt   time.Time       `json:"updated_at"`
	Raw         json.RawMessage `json:"-"`
	// BillingFrequency is how often the term is billed, in the vendor's words (Microsoft
	// billingCycle: monthly, annual, none...), where the vendor says it apart from the
	// term; empty otherwise. Additive (issue 9).
	BillingFrequency string `json:"billing_frequency,omitempty"`
	// NCE holds the facts of a subscription sold under a commitment term (Microsoft's New
	// Commerce Experience); nil for vendors that have no such term. Additive (issue 9).
	NCE *NCETerm `json:"nce,omitempty"`
}

// NCETerm is a commitment term as Microsoft's Partner Center states it. With NCE, StartDate
// and EndDate of the subscription are the term's first and last (inclusive) day.
type NCETerm struct {
	AutoRenew bool `json:"auto_renew"`
	// ParentSubscriptionID is the subscription an add-on belongs to ("" for a base one).
	ParentSubscriptionID string `json:"parent_subscription_id,omitempty"`
	// Refundable are the seats Microsoft still lets the partner cancel for a refund, each
	// batch with its deadline.
	Refundable []RefundableSeats `json:"refundable,omitempty"`
	// CancellationAllowedUntil is the last instant the whole subscription can be cancelled
	// (zero: not any more, or not said).
	CancellationAllowedUntil time.Time `json:"cancellation_allowed_until,omitzero"`
}

// RefundableSeats is one batch of seats that can be cancelled until a deadline.
type RefundableSeats struct {
	Quantity float64   `json:"quantity"`
	Until    time.Time `json:"until"`
}

func (s Subscription) Envelope() Record {
	return Record{Entity: EntitySubscriptions, ID: s.ID, ParentID: s.AccountID, AccountID: s.AccountID, UpdatedAt: s.UpdatedAt, Raw: s.Raw}
}
func (s *Subscription) setRaw(raw json.RawMessage) { s.Raw = raw }

// Product is a catalog item: a PSA's product catalog entry (ConnectWise
// /procurement/catalog) or a vendor's product (Pax8 /products). Service lines and
// subscriptions refer to it by ProductID.
type Product struct {
	ID         string `json:"id"`
	Identifier string `json:"identifier"` // the PSA's short product code; the vendor's SKU
	Name       string `json:"name"`
	Vendor     string `json:"vendor"` // the manufacturer or vendor name, when the source has one
	// VendorSKU is the vendor's part number (ConnectWise vendorSku, else
	// manufacturerPartNumber; Pax8 vendorSku): what ties a PSA product to a vendor's.
	VendorSKU string          `json:"vendor_sku"`
	Price     float64         `json:"price"`
	Cost      float64         `json:"cost"` // the partner's cost, when the source has it
	Recurring bool            `json:"recurring"`
	Inactive  bool            `json:"inactive"`
	UpdatedAt time.Time       `json:"updated_at"`
	Raw       json.RawMessage `json:"-"`
}

func (p Product) Envelope() Record {
	return Record{Entity: EntityProducts, ID: p.ID, UpdatedAt: p.UpdatedAt, Raw: p.Raw}
}
func (p *Product) setRaw(raw json.RawMessage) { p.Raw = raw }
