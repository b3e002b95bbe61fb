package workspace

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// A secret that the source replaces at every use and drops when unused for a while
// (connector.Field.ExpiresUnused: Microsoft's refresh token, 90 days) lapses silently when
// nobody syncs for a quarter, and the only fix is a new admin consent. So the workspace
// remembers when each such value was issued (never the value) and the Sync Status row
// warns two weeks before it lapses.

// secretWarningAhead is how long before a secret lapses its integration's row warns.
const secretWarningAhead = 14 * 24 * time.Hour

// secretIssuedKey is the settings key holding when field of integration id was issued.
func secretIssuedKey(id int64, field string) string {
	return "secret_issued." + strconv.FormatInt(id, 10) + "." + field
}

// expiring are the secret fields of f that lapse when unused.
func expiring(f connector.Factory) []connector.Field {
	var out []connector.Field
	for _, s := range f.Secrets {
		if s.ExpiresUnused > 0 {
			out = append(out, s)
		}
	}
	return out
}

// noteSecretsIssued records that the given fields of in got new values now (stored by the
// user, or rotated by the source).
func (w *Workspace) noteSecretsIssued(ctx context.Context, in store.Integration, f connector.Factory, fields []string) error {
	kv := map[string]string{}
	now := w.opts.Now().UTC().Format(time.RFC3339)
	for _, s := range expiring(f) {
		for _, k := range fields {
			if k == s.Key {
				kv[secretIssuedKey(in.ID, k)] = now
			}
		}
	}
	if len(kv) == 0 {
		return nil
	}
	if err := w.store.SetSettings(ctx, kv); err != nil {
		return fmt.Errorf("remember when the %s credentials were issued: %w", in.Name, err)
	}
	return nil
}

// forgetSecretsIssued drops what noteSecretsIssued stored for a deleted integration.
func (w *Workspace) forgetSecretsIssued(ctx context.Context, in store.Integration, f connector.Factory) error {
	kv := map[string]string{}
	for _, s := range expiring(f) {
		kv[secretIssuedKey(in.ID, s.Key)] = ""
	}
	if len(kv) == 0 {
		return nil
	}
	return w.store.SetSettings(ctx, kv)
}

// secretExpiry fills the row's sign-in expiry and, from two weeks before it, its warning:
// the earliest lapse of in's expiring secrets whose issue time is known (settings kv).
func (w *Workspace) secretExpiry(st *IntegrationStatus, in store.Integration, kv map[string]string) {
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return
	}
	var expires time.Time
	for _, s := range expiring(f) {
		issued, err := time.Parse(time.RFC3339, kv[secretIssuedKey(in.ID, s.Key)])
		if err != nil {
			continue // never recorded (stored by an older TrueUp): known after the next sync
		}
		if at := issued.Add(s.ExpiresUnused); expires.IsZero() || at.Before(expires) {
			expires = at
		}
	}
	if expires.IsZero() {
		return
	}
	st.SignInExpiresAt = fmtTime(expires)
	now := w.opts.Now()
	day := expires.In(w.opts.Location).Format("2 Jan 2006 15:04")
	switch {
	case !now.Before(expires):
		st.SignInWarning = fmt.Sprintf("%s sign-in expired on %s: redo the admin consent and store the new credentials with `trueup credentials set --integration %q`", f.Label, day, in.Name)
	case !now.Before(expires.Add(-secretWarningAhead)):
		st.SignInWarning = fmt.Sprintf("%s sign-in expires on %s: run a sync or `trueup credentials test --integration %q` before then", f.Label, day, in.Name)
	}
}
