package workspace

// The workspace's services. Each is a small view of the one open workspace: they share its
// store, engine, clock and lock (the Workspace holds them), and each groups one screen's
// calls, so neither the GUI's bound services nor the CLI reach for a 40-method type.

// Integrations adds, edits, tests and removes integrations and their credentials.
type Integrations struct{ w *Workspace }

// Integrations returns the integration service.
func (w *Workspace) Integrations() *Integrations { return &Integrations{w: w} }

// Sync starts, watches, retries and cancels sync runs, and reports their status.
type Sync struct{ w *Workspace }

// Sync returns the sync service.
func (w *Workspace) Sync() *Sync { return &Sync{w: w} }

// Data shows the cached data, online or not.
type Data struct{ w *Workspace }

// Data returns the cached-data service.
func (w *Workspace) Data() *Data { return &Data{w: w} }

// Mappings maps vendor accounts and products to PSA ones (step 1 of the month).
type Mappings struct{ w *Workspace }

// Mappings returns the mapping service.
func (w *Workspace) Mappings() *Mappings { return &Mappings{w: w} }

// Cards builds service cards and records decisions on them (steps 3-7).
type Cards struct{ w *Workspace }

// Cards returns the card service.
func (w *Workspace) Cards() *Cards { return &Cards{w: w} }

// Pushes is the push outbox and the ledger: what was sent, what it did, Revert.
type Pushes struct{ w *Workspace }

// Pushes returns the push service.
func (w *Workspace) Pushes() *Pushes { return &Pushes{w: w} }

// Month is the guided month: where this cycle's true-up stands.
type Month struct{ w *Workspace }

// Month returns the guided-month service.
func (w *Workspace) Month() *Month { return &Month{w: w} }
