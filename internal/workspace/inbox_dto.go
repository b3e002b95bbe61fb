package workspace

// Notice kinds.
const (
	NoticeSyncChanged = "sync_changed" // a scheduled sync succeeded and changed records
	NoticeSyncPartial = "sync_partial" // a scheduled sync finished, some sections failed
	NoticeSyncFailed  = "sync_failed"  // a scheduled sync failed
	NoticeAutoTrueUp  = "auto_trueup"  // the automatic true-up pushed changes or left cards
	NoticeSyncStuck   = "sync_stuck"   // a sync has been stuck (Sync Status's Stuck badge)
	NoticeWeekly      = "weekly"       // the weekly summary
)

// Notice is one inbox entry. Target says what opening it shows: "run" (the log of RunID on
// Sync Status), "cards" (the Reconcile page, filtered to CardState when set), "ledger" (the
// push ledger), "mapping" (the Mapping page), "sync" (Sync Status) or "" (nothing more).
type Notice struct {
	ID        int64  `json:"id"`
	CreatedAt string `json:"created_at"` // RFC 3339, UTC
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Target    string `json:"target"`
	RunID     int64  `json:"run_id,omitempty"`
	CardState string `json:"card_state,omitempty"`
	// Integration is the vendor integration whose automatic true-up plan a "settings"
	// notice asks to approve.
	Integration string `json:"integration,omitempty"`
	Read        bool   `json:"read"`
	ReadAt      string `json:"read_at"` // "" while unread
}

// NoticePage is one page of the inbox with its counts.
type NoticePage struct {
	Notices []Notice `json:"notices"`
	Total   int      `json:"total"`
	Unread  int      `json:"unread"`
}

// InboxEvent tells the window that the inbox changed: Notice is set for a new notice, nil
// when only the unread count moved (notices marked read, here or in another process). Seq
// grows with every event, so a listener can tell it missed one and re-read the inbox.
type InboxEvent struct {
	Seq    int64   `json:"seq"`
	Unread int     `json:"unread"`
	Notice *Notice `json:"notice"`
}
