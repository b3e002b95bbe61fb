package workspace

// AutoTrueUpSettings is one vendor integration's automatic true-up: whether it is on, the
// billing style its changes are dated by, and where its dry run stands.
type AutoTrueUpSettings struct {
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"`
	Enabled       bool   `json:"enabled"`
	BillingStyle  string `json:"billing_style"` // advance | arrears
	Prorate       bool   `json:"prorate"`
	// DryRunApproved: the user approved a dry run's plan, so runs push. Until then every
	// run is a dry run whose plan waits for approval.
	DryRunApproved bool `json:"dry_run_approved"`
	// Refusal says why this style is never trued up automatically ("" when it is).
	Refusal string `json:"refusal"`
	// Agreements are the agreements chosen for the lines the true-up creates, per PSA
	// account (an account with one current agreement needs none).
	Agreements []AutoTrueUpAgreement `json:"agreements"`
	// Plan is the last dry run (nil: none), LastRun the last run that pushed (nil: none).
	Plan    *AutoTrueUpRun `json:"plan"`
	LastRun *AutoTrueUpRun `json:"last_run"`
}

// AutoTrueUpEnable turns the automatic true-up of a vendor integration on. Turning it on
// again with another style needs a new dry run.
type AutoTrueUpEnable struct {
	IntegrationID int64  `json:"integration_id"`
	BillingStyle  string `json:"billing_style"` // advance (default) | arrears
	Prorate       bool   `json:"prorate"`
}

// AutoTrueUpRun is one run of the automatic true-up: a dry run (its plan) or a real one
// (what it queued through the outbox).
type AutoTrueUpRun struct {
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"`
	At            string `json:"at"`
	Cycle         string `json:"cycle"`
	DryRun        bool   `json:"dry_run"`
	Account       string `json:"account"` // "" for every account
	// Pushed counts the changes queued through the outbox (their pushes say what became of
	// them); Waiting the changes left as cards; Refused is set when the style is refused.
	Pushed  int              `json:"pushed"`
	Waiting int              `json:"waiting"`
	Refused bool             `json:"refused"`
	Note    string           `json:"note"`
	Items   []AutoTrueUpItem `json:"items"`
}

// AutoTrueUpItem is what a run did (or, dry, would do) with one card.
type AutoTrueUpItem struct {
	CardID         string `json:"card_id"`
	AccountName    string `json:"account_name"`
	ProductName    string `json:"product_name"`
	Action         string `json:"action"` // nothing | increase | decrease | create | waiting | skipped | refused
	PSAQuantity    string `json:"psa_quantity"`
	VendorQuantity string `json:"vendor_quantity"`
	Quantity       string `json:"quantity"` // what the PSA bills after the push ("" when nothing is pushed)
	EffectiveDate  string `json:"effective_date"`
	Prorated       bool   `json:"prorated"`
	Reason         string `json:"reason"`
	// Writes are the exact writes (dry run: that would be sent); Pushes what became of them.
	Writes []PlannedWrite `json:"writes"`
	Pushes []PushEntry    `json:"pushes"`
	// AgreementOptions are set on a created line that waits for its agreement to be chosen
	// (the customer has several current ones): SetAgreement with one of them.
	AgreementOptions []AgreementOption `json:"agreement_options,omitempty"`
}

// AutoTrueUpAgreement is the agreement the true-up adds a customer's missing products to.
type AutoTrueUpAgreement struct {
	PSAIntegrationID int64  `json:"psa_integration_id"`
	AccountID        string `json:"account_id"`
	AgreementID      string `json:"agreement_id"`
}
