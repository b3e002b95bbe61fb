package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

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
}

func (e *DamagedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the database in %s is damaged (%s)", e.DataDir, e.Reason)
	if e.MovedTo == "" {
		b.WriteString(": another TrueUp process has this data folder open, so it was left in place: close TrueUp everywhere and start again")
		return b.String()
	}
	fmt.Fprintf(&b, "; it was moved aside to %s and is kept. ", e.MovedTo)
	if e.Latest != nil {
		fmt.Fprintf(&b, "Restore the newest good backup (%s, %s) with `trueup backup restore --latest`, then run a Full Sync to refresh the cache; "+
			"or start with an empty cache (the next start creates one) and set up the integrations again", e.Latest.At, e.Latest.Name)
	} else {
		b.WriteString("There is no good backup: the next start creates an empty cache; set up the integrations again and run a Full Sync")
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
	if latest, ok, err := store.LatestGoodBackup(ctx, damaged.Path); err == nil && ok {
		info := backupInfo(latest)
		out.Latest = &info
	}
	return out
}
