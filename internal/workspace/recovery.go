package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/store"
)

// DamagedError is Open's answer when the folder's database is damaged (not a SQLite file,
// truncated, garbage written into it, or failing quick_check). Open has moved it aside,
// so nothing is lost and the next Open starts with an empty cache; the user chooses
// between that and restoring a backup (mappings, decisions and the ledger come from the
// backup; the cache can be read again from the sources by a Full Sync).
type DamagedError struct {
	DataDir string `json:"data_dir"`
	Reason  string `json:"reason"`
	// MovedTo is where the damaged file went; empty when another process holds the folder,
	// so the file was left where it is (moving a file another process writes loses its
	// writes).
	MovedTo string `json:"moved_to,omitempty"`
	// Latest is the newest backup that passes its check, nil when there is none.
	Latest *BackupInfo `json:"latest,omitempty"`
	// KeptIntegrations are the integrations put into the new empty cache (read from the
	// damaged database, or from the newest good backup when it could not be read), with
	// their credentials still in the keychain; KeptFrom says which.
	KeptIntegrations []string `json:"kept_integrations,omitempty"`
	KeptFrom         string   `json:"kept_from,omitempty"`
}

func (e *DamagedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the database in %s is damaged (%s)", e.DataDir, e.Reason)
	if e.MovedTo == "" {
		b.WriteString(": another TrueUp process has this data folder open, so it was left in place: close TrueUp everywhere and start again")
		return b.String()
	}
	fmt.Fprintf(&b, "; it was moved aside to %s and is kept. ", e.MovedTo)
	empty := "set up the integrations again"
	if len(e.KeptIntegrations) > 0 {
		empty = fmt.Sprintf("the empty cache keeps %s (%s, from %s) with their credentials: run a Full Sync of each",
			connector.Count(len(e.KeptIntegrations), "integration", "integrations"), strings.Join(e.KeptIntegrations, ", "), e.KeptFrom)
	}
	if e.Latest != nil {
		fmt.Fprintf(&b, "Restore the newest good backup (%s, %s) with `trueup backup restore --latest`, then run a Full Sync to refresh the cache; "+
			"or start with an empty cache: %s", e.Latest.At, e.Latest.Name, empty)
	} else {
		fmt.Fprintf(&b, "There is no good backup: TrueUp starts with an empty cache; %s", empty)
	}
	return b.String()
}

// recoverDamaged moves a damaged database aside when no other process holds the folder
// and returns the *DamagedError that tells the user what happened and what to do.
func recoverDamaged(ctx context.Context, opts Options, damaged *store.DamagedError) error {
	out := &DamagedError{DataDir: opts.DataDir, Reason: damaged.Reason}
	lock := newFolderLock(filepath.Join(opts.DataDir, LockFile))
	ok, err := lock.tryLock()
	if err != nil {
		return errors.Join(out, err)
	}
	if !ok {
		return out
	}
	defer lock.unlock()
	moved, err := store.MoveAside(damaged.Path, opts.Now())
	if err != nil {
		return fmt.Errorf("%w; moving it aside failed too: %w", out, err)
	}
	out.MovedTo = moved
	if opts.Logger != nil {
		opts.Logger.Error("the database was damaged and moved aside", "reason", damaged.Reason, "moved_to", moved)
	}
	latest, hasLatest, err := store.LatestGoodBackup(ctx, damaged.Path)
	if err == nil && hasLatest {
		info := backupInfo(latest)
		out.Latest = &info
	}
	out.KeptIntegrations, out.KeptFrom = keepIntegrations(ctx, opts, damaged.Path, moved, latest, hasLatest)
	return out
}

// keepIntegrations creates the new empty cache at path holding the integrations of the
// damaged database (moved aside to moved) or, when those cannot be read, of the newest
// good backup, so that starting empty does not mean setting them up again: their
// credentials are still in the keychain under the same uids. Nothing is created when
// there is nothing to keep; a failure only loses this convenience (the next start creates
// the empty cache as before).
func keepIntegrations(ctx context.Context, opts Options, path, moved string, latest store.BackupInfo, hasLatest bool) ([]string, string) {
	ins, err := store.SalvageIntegrations(ctx, moved)
	from := "the damaged database"
	if (err != nil || len(ins) == 0) && hasLatest {
		ins, err = store.SalvageIntegrations(ctx, latest.Path)
		from = "the backup of " + latest.Time.UTC().Format("2 Jan 2006 15:04 UTC")
	}
	if err != nil || len(ins) == 0 {
		if err != nil && opts.Logger != nil {
			opts.Logger.Warn("no integrations could be kept for the empty cache", "error", err)
		}
		return nil, ""
	}
	st, err := store.Open(ctx, path, store.WithClock(opts.Now))
	if err != nil {
		if opts.Logger != nil {
			opts.Logger.Warn("the empty cache could not be created to keep the integrations", "error", err)
		}
		return nil, ""
	}
	defer st.Close()
	added, err := st.AdoptIntegrations(ctx, ins)
	if err != nil {
		if opts.Logger != nil {
			opts.Logger.Warn("the integrations could not be kept in the empty cache", "error", err)
		}
		return nil, ""
	}
	return added, from
}
