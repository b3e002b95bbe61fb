package workspace

import (
	"context"
	"slices"

	"github.com/trueup/trueup/internal/connector"
)

// MissingSecrets lists the required secret fields of an integration that have no value in
// the keychain yet, in the kind's order, so a partial `credentials set` can say what is
// still needed before a sync fails on it.
func (i *Integrations) MissingSecrets(ctx context.Context, id int64) ([]connector.Field, error) {
	w := i.w
	in, err := w.lookup(ctx, id)
	if err != nil {
		return nil, err
	}
	f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
	if err != nil {
		return nil, err
	}
	var missing []connector.Field
	for _, s := range f.Secrets {
		if s.Required && !slices.Contains(in.SecretFields, s.Key) {
			missing = append(missing, s)
		}
	}
	return missing, nil
}
