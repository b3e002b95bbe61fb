package reconcile

import "time"

// The input types of card building. They are reconcile's own: the workspace adapts cached
// rows to them, so the rules here do not change when the store's record shapes do. Amounts
// arrive as float64 (what the APIs send) and are converted once, exactly, to Qty and Money.

// Mapping ties one vendor account or product to a PSA account or product, or excludes it.
// Several vendor accounts may map to one PSA account (a multi-site customer), and several
// vendor products to one PSA product (monthly and annual terms of one licence).
type Mapping struct {
	VendorIntegration string
	Kind              MappingKind
	VendorID          string
	Excluded          bool
	PSAIntegration    string
	PSAID             string
}

// BillCustomer is a PSA line's billing flag (ConnectWise addition billCustomer).
type BillCustomer string

const (
	Billable  BillCustomer = "Billable"
	DoNotBill BillCustomer = "DoNotBill"
	NoCharge  BillCustomer = "NoCharge"
)

// PSALine is one visible PSA service line (a ConnectWise agreement addition).
type PSALine struct {
	Integration   string
	LineID        string
	AgreementID   string
	AgreementName string
	AccountID     string
	AccountName   string
	ProductID     string
	ProductName   string
	Quantity      float64
	// LessIncluded is the part of Quantity the agreement includes without charge.
	LessIncluded float64
	UnitPrice    float64
	UnitCost     float64
	BillCustomer BillCustomer
	FetchedAt    time.Time
	// NextQuantity, from NextFrom, is a quantity the PSA already holds for a later day than
	// today (an Autotask adjustment dated ahead: Autotask writes dated deltas, so a pushed
	// change bills from its effective date while today's units stay). nil: none.
	NextQuantity *float64
	NextFrom     Date
}

// Agreement is what write plans need to know of a PSA agreement.
type Agreement struct {
	Integration string
	ID          string
	Name        string
	AccountID   string
	// Prorates is ConnectWise's prorateFlag: only then does a mid-period date change billing.
	Prorates bool
	Start    Date // zero: unknown
	End      Date // zero: open-ended
	// NextInvoice is when the PSA next invoices the agreement, where the source says so
	// (HaloPSA's recurring invoice nextcreationdate; zero: unknown). A Halo line has no
	// effective date: a change bills from that run.
	NextInvoice Date
}

// Subscription is one vendor subscription.
type Subscription struct {
	Integration string
	ID          string
	AccountID   string
	AccountName string
	ProductID   string
	ProductName string
	Quantity    float64
	Active      bool
	Status      string
	Term        string
	UnitCost    float64 // the partner's cost per unit (Pax8 partnerCost)
	FetchedAt   time.Time
	// Commitment is the subscription's commitment term (Microsoft NCE); nil without one.
	Commitment *Commitment
}

// PSAAccount names a PSA account for cards that have no PSA line yet (New Revenue).
type PSAAccount struct {
	Integration string
	ID          string
	Name        string
}

// CatalogItem is a PSA catalog product.
type CatalogItem struct {
	Integration string
	ID          string
	Name        string
	Cost        float64
	Price       float64
}

// AccountNote is the MSP's note or tags on a PSA account ("multi-site: check both tenants").
type AccountNote struct {
	Integration string
	AccountID   string
	Text        string
	Tags        []string
}

// Settings are the MSP's reconciliation settings.
type Settings struct {
	// A Reconcile card is a large change when |difference| >= LargeChangeUnits or
	// |difference| >= LargeChangePercent % of the PSA quantity; a New Revenue card when the
	// vendor quantity >= LargeNewRevenueUnits. Zero values take the defaults (10, 20, 10).
	LargeChangeUnits     Qty
	LargeChangePercent   int64
	LargeNewRevenueUnits Qty
	// Billing is the effective-date policy per vendor integration (default next_period).
	Billing map[string]EffectivePolicy
}

func (s Settings) withDefaults() Settings {
	if s.LargeChangeUnits <= 0 {
		s.LargeChangeUnits = Units(10)
	}
	if s.LargeChangePercent <= 0 {
		s.LargeChangePercent = 20
	}
	if s.LargeNewRevenueUnits <= 0 {
		s.LargeNewRevenueUnits = Units(10)
	}
	return s
}

// Inputs is everything one card build reads.
type Inputs struct {
	Cycle Cycle
	Today Date // in the MSP's time zone
	// Now and Location are the instant of the build and the MSP's time zone: a refund
	// window closes at an instant, and a card names it in the MSP's local time. Zero Now:
	// no window has closed; nil Location: UTC.
	Now           time.Time
	Location      *time.Location
	Mappings      []Mapping
	Lines         []PSALine // visible lines only (PSALines' verdicts applied)
	Subscriptions []Subscription
	Accounts      []PSAAccount
	Catalog       []CatalogItem
	Notes         []AccountNote
	Decisions     []Decision
	Detections    []Detection
	Settings      Settings
}
