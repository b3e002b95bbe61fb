package workspace

// The DTOs of "Why isn't it showing?" (Cards.Explain): what the Explain panel and `trueup
// explain --json` see. Field names are part of the CLI contract (README "Command line").

// ExplainRequest names what to explain: part of an account's name (PSA or vendor, any
// case, punctuation and legal suffix) and, optionally, of a product's; or a product alone.
type ExplainRequest struct {
	Account string `json:"account"`
	Product string `json:"product"`
}

// ExplainAction is a fix TrueUp can do itself: open the Mapping screen at the item, or sync
// an integration.
type ExplainAction struct {
	Kind          string `json:"kind"` // open_mapping | sync
	Label         string `json:"label"`
	IntegrationID int64  `json:"integration_id,omitempty"` // the vendor to map in (0: any), or the integration to sync
	Integration   string `json:"integration,omitempty"`
	MappingKind   string `json:"mapping_kind,omitempty"` // account | product (open_mapping)
	VendorID      string `json:"vendor_id,omitempty"`    // the vendor item (open_mapping)
	Full          bool   `json:"full,omitempty"`         // sync: a Full Sync
	// Command is the same fix on the command line.
	Command string `json:"command,omitempty"`
}

// ExplainEntry is the answer for one cached record, or for the card it counts on.
type ExplainEntry struct {
	Side          string `json:"side"` // psa | vendor
	IntegrationID int64  `json:"integration_id"`
	Integration   string `json:"integration"`
	Entity        string `json:"entity"` // accounts | agreements | service_lines | subscriptions
	ID            string `json:"id"`
	Name          string `json:"name"`
	AccountName   string `json:"account_name"`
	ProductName   string `json:"product_name,omitempty"`
	Verdict       string `json:"verdict"` // card | hidden
	// Rule names the rule (reconcile.Rule: account_type, agreement_future, quantity_zero,
	// vendor_account_unmapped, vendor_product_excluded, subscription_inactive, sync_stale,
	// card, ...); Reason says it in words and Fix what to do.
	Rule       string             `json:"rule"`
	Reason     string             `json:"reason"`
	Fix        string             `json:"fix,omitempty"`
	Action     *ExplainAction     `json:"action,omitempty"`
	CardID     string             `json:"card_id,omitempty"`
	CardState  string             `json:"card_state,omitempty"`
	Decision   string             `json:"decision,omitempty"`
	Details    []string           `json:"details"`
	Suggestion *MappingSuggestion `json:"suggestion,omitempty"`
}

// ExplainResult answers one request. With no entry, Candidates are the names to try:
// several different accounts matched (Ambiguous), or none did and these are the closest.
type ExplainResult struct {
	Query      ExplainRequest `json:"query"`
	Matched    []string       `json:"matched"`
	Ambiguous  bool           `json:"ambiguous"`
	Candidates []string       `json:"candidates"`
	Entries    []ExplainEntry `json:"entries"`
	// Searched are the integrations whose caches were searched.
	Searched []string `json:"searched"`
}

// ExplainNames are the cached account and product names, for type-ahead.
type ExplainNames struct {
	Accounts []string `json:"accounts"`
	Products []string `json:"products"`
}
