package connector

import (
	"fmt"
	"sort"
	"time"
)

// Field describes one setting or secret an integration kind needs, so the GUI and the CLI
// can ask for it without knowing the kind.
type Field struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Help        string `json:"help"`
	Required    bool   `json:"required"`
	Placeholder string `json:"placeholder"`
	// Managed fields are written by TrueUp itself (a file import's file name, its rows,
	// when it ran): shown with the integration, never asked in its forms.
	Managed bool `json:"managed"`
	// ExpiresUnused is, for a secret the source replaces at every use (Microsoft's refresh
	// token), how long the source keeps one that is not used; zero for other fields. The
	// workspace remembers when each value was issued and warns before it lapses.
	ExpiresUnused time.Duration `json:"-"`
}

// Capabilities are what a kind can do; the engine and UI adapt to them.
type Capabilities struct {
	// ChangeFilter is true when the API can list records changed since a time; without it
	// a QuickSync reads everything and diffs on our side (and says so in the log).
	ChangeFilter bool
	// Entities the kind writes.
	Entities []Entity
	// DefaultConcurrency is the number of requests in flight unless the integration
	// overrides it.
	DefaultConcurrency int
	// MaxConcurrency is the most requests in flight the API allows one integration
	// (Autotask: 3); a higher setting is refused. Zero: only TrueUp's own cap.
	MaxConcurrency int
	// Push is true for PSA kinds TrueUp pushes approved changes to: their connectors
	// implement Pusher.
	Push bool
}

// Pusher is implemented by the connectors of kinds with Capabilities.Push: PushWriter is
// the writer the push worker of internal/push drives (its PSA field), built on the
// connector's own client, credentials and request budget.
type Pusher interface {
	PushWriter() any
}

// Factory registers one kind.
type Factory struct {
	Kind           Kind
	Label          string // "ConnectWise Manage"
	Role           Role
	DefaultBaseURL string
	BaseURLHelp    string
	// CheckBaseURLPath checks the path of a base URL that passed httpx.CheckBaseURL, so a
	// wrong API root is refused when the integration is added, not at its first sync. Nil:
	// any path.
	CheckBaseURLPath func(path string) error
	// NoServer is set for kinds that read a local file instead of an API (csv): they take
	// no base URL, and one given is refused.
	NoServer     bool
	Settings     []Field
	Secrets      []Field
	Capabilities Capabilities
	New          func(Config) (Connector, error)
}

// Registry is the explicit list of kinds TrueUp knows (no init-time side effects).
type Registry struct {
	byKind map[Kind]Factory
}

// NewRegistry builds a registry; a duplicate kind is a programming error.
func NewRegistry(factories ...Factory) *Registry {
	r := &Registry{byKind: make(map[Kind]Factory, len(factories))}
	for _, f := range factories {
		if _, dup := r.byKind[f.Kind]; dup {
			panic(fmt.Sprintf("connector: kind %q registered twice", f.Kind))
		}
		r.byKind[f.Kind] = f
	}
	return r
}

// Lookup returns the factory of kind or an error that lists the known kinds.
func (r *Registry) Lookup(kind Kind) (Factory, error) {
	f, ok := r.byKind[kind]
	if !ok {
		return Factory{}, fmt.Errorf("unknown integration kind %q (known: %v)", kind, r.Kinds())
	}
	return f, nil
}

// Kinds lists the registered kinds in a stable order.
func (r *Registry) Kinds() []Kind {
	out := make([]Kind, 0, len(r.byKind))
	for k := range r.byKind {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Factories lists the registered factories in Kinds order.
func (r *Registry) Factories() []Factory {
	out := make([]Factory, 0, len(r.byKind))
	for _, k := range r.Kinds() {
		out = append(out, r.byKind[k])
	}
	return out
}
