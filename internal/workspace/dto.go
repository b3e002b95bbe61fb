package workspace

import "github.com/trueup/trueup/internal/connector"

// The types below are what the GUI (through Wails bindings) and the CLI (as JSON) see.
// Field names are part of the CLI's JSON contract: extend, never rename. Times are RFC 3339
// strings in UTC ("" when unset) and dates are YYYY-MM-DD, so the frontend never guesses.

// KindInfo describes an integration kind TrueUp can connect to.
type KindInfo struct {
	Kind               string            `json:"kind"`
	Label              string            `json:"label"`
	Role               string            `json:"role"` // "psa" or "vendor"
	DefaultBaseURL     string            `json:"default_base_url"`
	BaseURLHelp        string            `json:"base_url_help"`
	Settings           []connector.Field `json:"settings"`
	Secrets            []connector.Field `json:"secrets"`
	ChangeFilter       bool              `json:"change_filter"`
	DefaultConcurrency int               `json:"default_concurrency"`
}

// Integration is one configured connection. Secrets are never part of it: SecretsSet only
// says whether every secret field has a value in the keychain.
type Integration struct {
	ID          int64             `json:"id"`
	Name        string            `json:"name"`
	Kind        string            `json:"kind"`
	KindLabel   string            `json:"kind_label"`
	Role        string            `json:"role"`
	BaseURL     string            `json:"base_url"`
	Settings    map[string]string `json:"settings"`
	Concurrency int               `json:"concurrency"`
	SecretsSet  bool              `json:"secrets_set"`
	CreatedAt   string            `json:"created_at"`
	UpdatedAt   string            `json:"updated_at"`
	// Notice is what an edit did that the user must know, e.g. that a base URL on another
	// server removed the credentials; only set in the answer to that edit.
	Notice string `json:"notice,omitempty"`
}

// IntegrationInput creates or edits an integration. On edit, Kind is ignored and a nil or
// empty Secrets map leaves the keychain as it is; a non-empty map replaces those fields.
type IntegrationInput struct {
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	BaseURL     string            `json:"base_url"`
	Settings    map[string]string `json:"settings"`
	Concurrency int               `json:"concurrency"`
	Secrets     map[string]string `json:"secrets"`
}

// TestResult answers "Test connection".
type TestResult struct {
	OK         bool   `json:"ok"`
	Message    string `json:"message"`
	DurationMs int64  `json:"duration_ms"`
}

// SyncRequest starts runs. Mode is quick, full or since; Since (YYYY-MM-DD) only for since.
type SyncRequest struct {
	IntegrationIDs []int64 `json:"integration_ids"`
	Mode           string  `json:"mode"`
	Since          string  `json:"since"`
}

// SectionResult is how one section of a run ended.
type SectionResult struct {
	Name   string `json:"name"`
	Status string `json:"status"` // "ok" or "failed"
	Error  string `json:"error"`
}

// Run is one sync run of one integration.
type Run struct {
	ID              int64  `json:"id"`
	IntegrationID   int64  `json:"integration_id"`
	IntegrationName string `json:"integration_name"`
	Kind            string `json:"kind"`
	Role            string `json:"role"`
	Mode            string `json:"mode"`  // quick, full, since
	Since           string `json:"since"` // YYYY-MM-DD for since runs
	Status          string `json:"status"`
	QueuedAt        string `json:"queued_at"`
	StartedAt       string `json:"started_at"`
	FinishedAt      string `json:"finished_at"`
	Section         string `json:"section"` // what a running sync is reading now
	ProgressDone    int    `json:"progress_done"`
	ProgressTotal   int    `json:"progress_total"`
	// Percent is how far the whole run is (sections weighted), 0..100; it never moves
	// backwards while the run is going, is 100 once it succeeded (or partly did) and -1
	// when it cannot be estimated. ProgressDone/Total are the current section's.
	Percent     int             `json:"percent"`
	Added       int             `json:"added"`
	Updated     int             `json:"updated"`
	Removed     int             `json:"removed"`
	Requests    int64           `json:"requests"` // counts up while the run is going
	Error       string          `json:"error"`
	Waiting     string          `json:"waiting"` // why a queued run has not started, e.g. "waiting for ConnectWise to finish"
	Note        string          `json:"note"`    // what a running sync says about its pace, e.g. "Autotask API usage at 91%: paused until it is under 75%"
	Stuck       bool            `json:"stuck"`
	StuckReason string          `json:"stuck_reason"`
	NothingNew  bool            `json:"nothing_new"`
	Sections    []SectionResult `json:"sections"`
}

// CacheCounts is how many visible-or-not records the cache holds for an integration.
type CacheCounts struct {
	Accounts      int `json:"accounts"`
	Agreements    int `json:"agreements"`
	ServiceLines  int `json:"service_lines"`
	Subscriptions int `json:"subscriptions"`
}

// IntegrationStatus is one row of the Sync Status Overview.
type IntegrationStatus struct {
	Integration Integration `json:"integration"`
	LatestRun   *Run        `json:"latest_run"`
	// LastFetchedAt is when TrueUp last stored data from the source (a succeeded or
	// partial run); NewestSourceAt is the newest modified stamp the source holds in the
	// cache. They differ: a successful sync can bring nothing new.
	LastFetchedAt  string      `json:"last_fetched_at"`
	LastSuccessAt  string      `json:"last_success_at"`
	NewestSourceAt string      `json:"newest_source_at"`
	DefaultSince   string      `json:"default_since"` // YYYY-MM-DD: the last successful sync, for "Sync from date"
	Counts         CacheCounts `json:"counts"`
	Busy           bool        `json:"busy"` // a run is queued or running
	// NextRunAt is when the integration's schedule next syncs it (RFC 3339, UTC; empty when
	// its schedule is off); NextRunLabel shows it in the user's time zone with the UTC time
	// beside it: "Tue 8 Dec 08:00 (07:00 UTC)".
	NextRunAt    string `json:"next_run_at"`
	NextRunLabel string `json:"next_run_label"`
	// FileName, FileRows and ImportedAt describe the last file a csv (file import)
	// integration imported; empty for the other kinds.
	FileName   string `json:"file_name,omitempty"`
	FileRows   int    `json:"file_rows,omitempty"`
	ImportedAt string `json:"imported_at,omitempty"`
}

// StatusSnapshot is the whole Sync Status screen. Seq is the newest event sequence number
// included, so the UI can tell whether it missed events.
type StatusSnapshot struct {
	Seq          int64               `json:"seq"`
	GeneratedAt  string              `json:"generated_at"`
	Integrations []IntegrationStatus `json:"integrations"`
	Recent       []Run               `json:"recent"` // the 10 most recent runs, newest first
}

// LogLine is one timestamped line of a run's log.
type LogLine struct {
	At      string `json:"at"`
	Level   string `json:"level"`
	Section string `json:"section"`
	Message string `json:"message"`
}

// LogPage is a slice of a run's log (see Sync.LogPage).
type LogPage struct {
	Lines []LogLine `json:"lines"`
	Next  int       `json:"next"` // the offset to ask for next
	More  bool      `json:"more"` // the log held more lines after this page
}

// Line is one cached line as reconciliation sees it (Visible) or would if it passed the
// visibility rules (HiddenReason says which rule hides it).
type Line struct {
	ID            string  `json:"id"`
	AccountID     string  `json:"account_id"`
	AccountName   string  `json:"account_name"`
	AgreementID   string  `json:"agreement_id,omitempty"`
	AgreementName string  `json:"agreement_name,omitempty"`
	ServiceName   string  `json:"service_name"`
	Quantity      float64 `json:"quantity"`
	Status        string  `json:"status,omitempty"`
	UpdatedAt     string  `json:"updated_at,omitempty"`
	Visible       bool    `json:"visible"`
	HiddenReason  string  `json:"hidden_reason,omitempty"`
	// BillingTerm and BillingFrequency are a vendor line's term and how often it is billed,
	// in the vendor's words (Microsoft: P1Y, monthly); absent when the vendor has none.
	BillingTerm      string `json:"billing_term,omitempty"`
	BillingFrequency string `json:"billing_frequency,omitempty"`
}

// LinesResult is the cached lines of one integration.
type LinesResult struct {
	IntegrationID   int64  `json:"integration_id"`
	IntegrationName string `json:"integration_name"`
	Role            string `json:"role"`
	LastFetchedAt   string `json:"last_fetched_at"`
	Lines           []Line `json:"lines"`
	Visible         int    `json:"visible"`
	Hidden          int    `json:"hidden"`
}

// WorkspaceInfo says which workspace is open.
type WorkspaceInfo struct {
	Demo    bool   `json:"demo"`
	DataDir string `json:"data_dir"`
	// HasOwnIntegrations: the user's own workspace has at least one integration.
	HasOwnIntegrations bool   `json:"has_own_integrations"`
	Version            string `json:"version"`
	// SecretsStore is where this workspace keeps credentials: "keychain" (the OS
	// keychain) or "memory" (the demo workspace, dev builds); SecretsNote says so in a
	// sentence the UI shows, e.g. "Demo credentials are kept in memory and are gone when
	// TrueUp closes."
	SecretsStore string `json:"secrets_store"`
	SecretsNote  string `json:"secrets_note"`
	// DemoPSA is the kind of the open demo workspace's PSA ("" in the own workspace), one
	// of DemoPSAs: the PSAs this build's demo can run on, in the order to offer them (set
	// by the GUI's shell, which opens the demo; internal/demo.PSAs).
	DemoPSA  string          `json:"demo_psa"`
	DemoPSAs []DemoPSAOption `json:"demo_psas"`
}

// DemoPSAOption is a PSA the demo workspace can run on: its kind and the name to show.
type DemoPSAOption struct {
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// KeychainState says whether TrueUp waits for the user to unlock the OS keychain (its
// unlock prompt is open); emitted on "keychain:changed". Message is what the UI shows
// while Waiting ("" otherwise); Seq grows with every change.
type KeychainState struct {
	Seq     int64  `json:"seq"`
	Waiting bool   `json:"waiting"`
	Message string `json:"message"`
}

// SyncEvent is emitted on "sync:changed" whenever a run changes state or progresses.
type SyncEvent struct {
	Seq int64 `json:"seq"`
	Run Run   `json:"run"`
}
