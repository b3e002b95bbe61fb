package workspace

// The true-up's DTOs: what the Mapping, Reconcile, Activity Log, Costs and guided-month
// screens and the CLI's --json see. The field names of MappingRow, CardDTO and LedgerEntry
// are the CLI contract of the issue (README "Command line"): extend, never rename.
// Quantities and money are exact decimal strings ("27", "12.50"), never floats, so the
// frontend formats them with Intl and nothing is rounded on the way. Integration ids are
// numbers; card ids are 16 hex digits, stable across syncs (reconcile.CardID).

// MappingSuggestion is one proposed PSA target of a vendor item.
type MappingSuggestion struct {
	PSAIntegrationID int64   `json:"psa_integration_id"`
	PSAID            string  `json:"psa_id"`
	PSAName          string  `json:"psa_name"`
	Match            string  `json:"match"`  // exact | fuzzy
	Score            float64 `json:"score"`  // 1 for exact
	Reason           string  `json:"reason"` // "Eastgate Property Mgmt ~ Eastgate Property Management, 0.91"
}

// MappingRow is one vendor account or product and where it maps.
type MappingRow struct {
	IntegrationID    int64               `json:"integration_id"` // the vendor integration
	Integration      string              `json:"integration"`    // its name
	Kind             string              `json:"kind"`           // account | product
	VendorID         string              `json:"vendor_id"`
	VendorName       string              `json:"vendor_name"`
	State            string              `json:"state"` // unmapped | mapped | excluded
	PSAIntegrationID int64               `json:"psa_integration_id,omitempty"`
	PSAID            string              `json:"psa_id"`
	PSAName          string              `json:"psa_name"`
	Suggestions      []MappingSuggestion `json:"suggestions"`
	// Gone: the vendor id is no longer at the source (kept, so the mapping is not lost).
	Gone bool `json:"gone"`
	// Subscriptions and MonthlyCost are what waits behind this item while unmapped
	// (active subscriptions, sum of quantity x partner cost).
	Subscriptions int    `json:"subscriptions"`
	MonthlyCost   string `json:"monthly_cost"`
	Note          string `json:"note,omitempty"` // the mapped PSA account's note as cards show it (text and tags)
	// NoteText and Tags are that note's parts, for editing it.
	NoteText  string   `json:"note_text,omitempty"`
	Tags      []string `json:"tags,omitempty"`
	UpdatedAt string   `json:"updated_at,omitempty"`
	UpdatedBy string   `json:"updated_by,omitempty"`
}

// UnmappedCount is what waits behind one vendor integration's unmapped items.
type UnmappedCount struct {
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"`
	Accounts      int    `json:"accounts"`
	Products      int    `json:"products"`
	Subscriptions int    `json:"subscriptions"`
	MonthlyCost   string `json:"monthly_cost"`
}

// MappingList answers the Mapping screen and `trueup mappings`.
type MappingList struct {
	Rows     []MappingRow    `json:"rows"`
	Unmapped []UnmappedCount `json:"unmapped"`
}

// MapRequest maps, excludes or clears one vendor item. Exactly one of PSAID, Exclude and
// Clear; PSAIntegrationID may be 0 when the workspace has one PSA.
type MapRequest struct {
	IntegrationID    int64  `json:"integration_id"`
	Kind             string `json:"kind"` // account | product
	VendorID         string `json:"vendor_id"`
	PSAIntegrationID int64  `json:"psa_integration_id"`
	PSAID            string `json:"psa_id"`
	Exclude          bool   `json:"exclude"`
	Clear            bool   `json:"clear"`
}

// PSAOption is a PSA account or catalog product the user can map to (the picker's list).
type PSAOption struct {
	PSAIntegrationID int64  `json:"psa_integration_id"`
	ID               string `json:"id"`
	Name             string `json:"name"`
	Detail           string `json:"detail"` // e.g. a catalog item's identifier, or an account's site count
}

// AccountNoteInput sets the note and tags of a PSA account.
type AccountNoteInput struct {
	PSAIntegrationID int64    `json:"psa_integration_id"`
	AccountID        string   `json:"account_id"`
	Note             string   `json:"note"`
	Tags             []string `json:"tags"`
}

// CardLine is one PSA line behind a card (the visible lines only).
type CardLine struct {
	LineID        string `json:"line_id"`
	AgreementID   string `json:"agreement_id"`
	AgreementName string `json:"agreement_name"`
	Quantity      string `json:"quantity"`
	LessIncluded  string `json:"less_included"`
	BillCustomer  string `json:"bill_customer"` // Billable | DoNotBill | NoCharge
	UnitPrice     string `json:"unit_price"`
	Target        bool   `json:"target"` // the line a quantity push changes
	FetchedAt     string `json:"fetched_at"`
}

// CardSource is one vendor subscription behind a card.
type CardSource struct {
	IntegrationID  int64  `json:"integration_id"`
	Integration    string `json:"integration"`
	SubscriptionID string `json:"subscription_id"`
	AccountID      string `json:"account_id"`
	AccountName    string `json:"account_name"`
	ProductID      string `json:"product_id"`
	ProductName    string `json:"product_name"`
	Quantity       string `json:"quantity"`
	Term           string `json:"term"`
	UnitCost       string `json:"unit_cost"`
	FetchedAt      string `json:"fetched_at"`
}

// CardDTO is one service card.
type CardDTO struct {
	ID               string       `json:"id"`
	State            string       `json:"state"` // reconcile | new_revenue | no_change | no_vendor_data
	PSAIntegrationID int64        `json:"psa_integration_id"`
	AccountName      string       `json:"account_name"`
	PSAAccountID     string       `json:"psa_account_id"`
	ProductName      string       `json:"product_name"`
	PSAProductID     string       `json:"psa_product_id"`
	PSAQuantity      string       `json:"psa_quantity"`
	VendorQuantity   string       `json:"vendor_quantity"`
	Difference       string       `json:"difference"`
	UnitPrice        string       `json:"unit_price"`
	MonthlyImpact    string       `json:"monthly_impact"`
	VendorUnitCost   string       `json:"vendor_unit_cost"`
	Margin           string       `json:"margin"`
	Flags            []string     `json:"flags"`
	Note             string       `json:"note"`
	Decision         string       `json:"decision"` // open | approved | dismissed | acknowledged
	Vendors          []string     `json:"vendors"`  // vendor integration names behind the card
	PSALines         []CardLine   `json:"psa_lines"`
	VendorSources    []CardSource `json:"vendor_sources"`
	// Push is the state of the card's latest push this cycle ("" when none):
	// queued | sending | pushed | failed | conflict | reverted.
	Push string `json:"push,omitempty"`
	// Terms are the commitment-term facts (Microsoft NCE) of the card's subscriptions;
	// absent when none has a commitment term.
	Terms *CardTerms `json:"terms,omitempty"`
}

// CardTerms are a card's commitment-term facts (reconcile.TermFacts).
type CardTerms struct {
	Term             string `json:"term"`              // "P1Y"; several joined by ", "
	BillingFrequency string `json:"billing_frequency"` // "monthly"
	CommitmentEnd    string `json:"commitment_end"`    // YYYY-MM-DD, the last day of the term (inclusive); "" unknown
	AutoRenew        bool   `json:"auto_renew"`
	RenewsSoon       bool   `json:"renews_soon"` // the commitment end is within 30 days
	AddOnOf          string `json:"add_on_of,omitempty"`
	// RefundableSeats can be cancelled at the vendor for a refund until RefundableUntil
	// (RFC 3339); RefundNote says so on a decrease, in the MSP's local time.
	RefundableSeats string `json:"refundable_seats,omitempty"`
	RefundableUntil string `json:"refundable_until,omitempty"`
	RefundNote      string `json:"refund_note,omitempty"`
}

// CardQuery filters cards. Zero values mean no filter; by default the undecided cards of
// the current cycle (All adds decided ones).
type CardQuery struct {
	State     string `json:"state"`     // a card state
	Account   string `json:"account"`   // account name, case-insensitive substring
	Vendor    string `json:"vendor"`    // vendor integration name
	Direction string `json:"direction"` // increase | decrease
	Search    string `json:"search"`    // account or product name substring
	All       bool   `json:"all"`
}

// CardTotals are the counts and revenue of the cards a query returned.
type CardTotals struct {
	Cards          int            `json:"cards"`
	ByState        map[string]int `json:"by_state"`
	RevenueAdded   string         `json:"revenue_added"`   // sum of positive monthly impacts
	RevenueRemoved string         `json:"revenue_removed"` // sum of negative monthly impacts (negative)
}

// Freshness says how old each side's data is; Stale when it was last fetched before this
// billing cycle began (reviewing stale data is the seed's first pitfall).
type Freshness struct {
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"`
	Role          string `json:"role"`
	LastFetchedAt string `json:"last_fetched_at"` // "" when never synced
	Stale         bool   `json:"stale"`
	Running       bool   `json:"running"`
}

// CardList answers the Reconcile screen and `trueup cards`.
type CardList struct {
	Cycle     string      `json:"cycle"` // YYYY-MM
	Cards     []CardDTO   `json:"cards"`
	Totals    CardTotals  `json:"totals"`
	Freshness []Freshness `json:"freshness"`
	// SyncRunning: a sync is running, so the cards may change under the user.
	SyncRunning bool `json:"sync_running"`
}

// ApproveRequest approves one card, from the CLI or the Review dialog.
type ApproveRequest struct {
	CardID       string `json:"card_id"`
	Quantity     string `json:"quantity"`     // "" = the vendor quantity
	Effective    string `json:"effective"`    // YYYY-MM-DD; "" = by the billing setting
	AgreementID  string `json:"agreement_id"` // required for New Revenue
	LineID       string `json:"line_id"`      // "" = the card's target line
	Note         string `json:"note"`
	ConfirmLarge bool   `json:"confirm_large"` // required for a large change
	DryRun       bool   `json:"dry_run"`
}

// PlannedWrite is one request a push will send, as the preview shows it.
type PlannedWrite struct {
	Kind          string `json:"kind"` // quantity | new_line | prorated_line | cost | remove_line
	Method        string `json:"method"`
	Path          string `json:"path"`
	Body          string `json:"body"` // the exact JSON body ("" for DELETE)
	Preview       string `json:"preview"`
	AgreementName string `json:"agreement_name"`
	// InvoiceDescription is the invoice description the write gives its line, rendered from
	// the invoice template ("" and HasInvoiceDescription false: none is sent).
	InvoiceDescription    string `json:"invoice_description"`
	HasInvoiceDescription bool   `json:"has_invoice_description"`
}

// AgreementOption is an agreement a New Revenue line can be added to.
type AgreementOption struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Prorates bool   `json:"prorates"`
}

// ApprovePreview is exactly what approving will write, from the same plan the push sends.
type ApprovePreview struct {
	CardID      string            `json:"card_id"`
	Writes      []PlannedWrite    `json:"writes"`
	Effective   string            `json:"effective"` // YYYY-MM-DD
	Prorated    bool              `json:"prorated"`
	Explanation string            `json:"explanation"` // how ConnectWise will bill it
	Large       bool              `json:"large"`       // needs ConfirmLarge
	Agreements  []AgreementOption `json:"agreements"`  // the account's agreements (New Revenue picks one)
}

// PushEntry is one outbox entry as the UI and CLI show it, live.
type PushEntry struct {
	ID          int64  `json:"id"` // the ledger id of the push
	DecisionID  int64  `json:"decision_id"`
	CardID      string `json:"card_id"`
	Integration string `json:"integration"`
	State       string `json:"state"` // queued | sending | pushed | failed | conflict | reverted
	// Revert is set on the entry of a revert (it puts back what an earlier push changed): once
	// it is pushed, its card's push is reverted, not pushed.
	Revert        bool   `json:"revert"`
	Preview       string `json:"preview"`
	Attempts      int    `json:"attempts"`
	NextAttemptAt string `json:"next_attempt_at"`
	LastError     string `json:"last_error"`
	UpdatedAt     string `json:"updated_at"`
	// Waiting says why a queued or sending push is held right now by its PSA's request budget
	// ("Autotask API usage 93%: pushes wait until it is under 75%"); "" otherwise.
	Waiting string `json:"waiting"`
}

// ApproveResult is what an approval (or a revert, or a cost push) did.
type ApproveResult struct {
	CardID     string         `json:"card_id"`
	DecisionID int64          `json:"decision_id"`
	Decision   string         `json:"decision"` // approved | acknowledged | ...
	Writes     []PlannedWrite `json:"writes"`
	Pushes     []PushEntry    `json:"pushes"` // their state when the call returned
	DryRun     bool           `json:"dry_run"`
	Message    string         `json:"message"` // one sentence for the user
}

// BulkApproveRequest approves the selected cards; Confirmed lists the large changes the
// user confirmed one by one (the others are left out).
type BulkApproveRequest struct {
	CardIDs   []string `json:"card_ids"`
	Confirmed []string `json:"confirmed"`
	Note      string   `json:"note"`
}

// SkippedCard is a card a bulk action left out, with why.
type SkippedCard struct {
	CardID string `json:"card_id"`
	Reason string `json:"reason"`
}

// BulkApproveResult is what a bulk approve did.
type BulkApproveResult struct {
	Approved     []ApproveResult `json:"approved"`
	Acknowledged []string        `json:"acknowledged"`
	Skipped      []SkippedCard   `json:"skipped"`
}

// ReconcileSettings are the thresholds and billing policies of the true-up.
type ReconcileSettings struct {
	LargeChangeUnits     int64             `json:"large_change_units"`      // default 10
	LargeChangePercent   int64             `json:"large_change_percent"`    // default 20
	LargeNewRevenueUnits int64             `json:"large_new_revenue_units"` // default 10
	Billing              map[string]string `json:"billing"`                 // vendor integration id -> next_period | detected
	BulkWarningSeen      bool              `json:"bulk_warning_seen"`
}

// LedgerEntry is one decision or push in the activity log (`trueup ledger`).
type LedgerEntry struct {
	ID            int64    `json:"id"`   // decision entries and push entries have separate ids: see Kind
	Kind          string   `json:"kind"` // decision | push
	At            string   `json:"at"`
	Action        string   `json:"action"` // approve | dismiss | acknowledge | push | revert | cost
	CardID        string   `json:"card_id"`
	Cycle         string   `json:"cycle"`
	AccountName   string   `json:"account_name"`
	ProductName   string   `json:"product_name"`
	AgreementName string   `json:"agreement_name"`
	LineID        string   `json:"line_id"`
	Vendors       []string `json:"vendors"`
	Before        string   `json:"before"`
	After         string   `json:"after"`
	EffectiveDate string   `json:"effective_date"`
	State         string   `json:"state"`        // queued | sending | pushed | failed | conflict | reverted | recorded
	PSAResponse   string   `json:"psa_response"` // status, record id and value the PSA answered
	Note          string   `json:"note"`
	User          string   `json:"user"`
	Automatic     bool     `json:"automatic"`
	Revertible    bool     `json:"revertible"` // a pushed entry that a Revert can compensate
	RevertOf      int64    `json:"revert_of,omitempty"`
	LastError     string   `json:"last_error,omitempty"`
}

// LedgerQuery filters the ledger. Zero values mean no filter.
type LedgerQuery struct {
	Since   string `json:"since"`   // YYYY-MM-DD, in the MSP's time zone
	Cycle   string `json:"cycle"`   // YYYY-MM
	Account string `json:"account"` // account name substring
	Vendor  string `json:"vendor"`  // vendor integration name
	State   string `json:"state"`
}

// RevertPreview is exactly what reverting a push will write, and whether the PSA value has
// moved since (then Revert needs the user's confirmation).
type RevertPreview struct {
	PushID  int64          `json:"push_id"`
	Writes  []PlannedWrite `json:"writes"`
	Changed bool           `json:"changed"` // the PSA no longer holds what the push wrote
	Current string         `json:"current"` // what the PSA holds now, when read
	Message string         `json:"message"`
}

// CostRowDTO is one mapped product's cost reconciliation.
type CostRowDTO struct {
	PSAIntegrationID int64  `json:"psa_integration_id"`
	ProductID        string `json:"psa_product_id"`
	ProductName      string `json:"product_name"`
	CatalogCost      string `json:"catalog_cost"`
	CatalogPrice     string `json:"catalog_price"`
	VendorCost       string `json:"vendor_cost"`
	Margin           string `json:"margin"`         // catalog price - vendor cost
	MarginPercent    string `json:"margin_percent"` // of the price, "" when the price is 0
	Seats            string `json:"seats"`
	Subscriptions    int    `json:"subscriptions"`
	Drift            bool   `json:"drift"`
	Push             string `json:"push,omitempty"` // state of this cycle's cost push, "" when none
}

// VendorImpact is one bar of the Sanity check chart.
type VendorImpact struct {
	Vendor  string `json:"vendor"`
	Added   string `json:"added"`
	Removed string `json:"removed"`
}

// SanityCheck is step 7 of the month.
type SanityCheck struct {
	Cycle          string         `json:"cycle"`
	Increases      []CardDTO      `json:"increases"`        // approved increases this cycle
	NewRevenueOpen []CardDTO      `json:"new_revenue_open"` // New Revenue not yet actioned
	Pushes         []LedgerEntry  `json:"pushes"`           // this cycle's pushes
	RevenueAdded   string         `json:"revenue_added"`
	RevenueRemoved string         `json:"revenue_removed"`
	ByVendor       []VendorImpact `json:"by_vendor"`
}

// MonthProgress is where the guided month stands.
type MonthProgress struct {
	Cycle     string          `json:"cycle"`
	Step      string          `json:"step"`       // mapping | sync | review | costs | sanity | done
	StartedAt string          `json:"started_at"` // "" when not started
	DoneAt    string          `json:"done_at"`
	Unmapped  []UnmappedCount `json:"unmapped"`
	Freshness []Freshness     `json:"freshness"`
	OpenCards int             `json:"open_cards"`
	Pushed    int             `json:"pushed"`
	Summary   string          `json:"summary"` // when done: what was pushed
}

// InvoiceTemplateSettings are the invoice description templates: the workspace's and each PSA
// integration's override.
type InvoiceTemplateSettings struct {
	// Template is the workspace's template ("" for none: no description is written).
	Template     string               `json:"template"`
	Placeholders []string             `json:"placeholders"` // "{product}", ...
	PSAs         []InvoiceTemplatePSA `json:"psas"`
}

// InvoiceTemplatePSA is one PSA integration's invoice template setting.
type InvoiceTemplatePSA struct {
	IntegrationID int64  `json:"integration_id"`
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	Override      string `json:"override"` // "" for none: the workspace's applies
	Applies       string `json:"applies"`  // the template its pushes use ("" for none)
	Field         string `json:"field"`    // where the PSA keeps it
	Limit         int    `json:"limit"`    // characters
}

// InvoicePreview is a template rendered for the next pushes.
type InvoicePreview struct {
	Lines   []InvoicePreviewLine `json:"lines"`
	Error   string               `json:"error"`   // why the template cannot be saved ("" when it can)
	Message string               `json:"message"` // what the preview has to say when it has no line
}

// InvoicePreviewLine is the description one write of a next push would send.
type InvoicePreviewLine struct {
	CardID      string `json:"card_id"`
	Integration string `json:"integration"`
	AccountName string `json:"account_name"`
	ProductName string `json:"product_name"`
	Kind        string `json:"kind"` // quantity | new_line | prorated_line
	Field       string `json:"field"`
	Text        string `json:"text"`
	Preview     string `json:"preview"`
}
