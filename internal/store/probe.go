package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
)

// HasIntegrations says whether the database at path holds any integration, without
// creating, migrating or locking anything: a missing file has none. The GUI asks this at
// start to choose between the user's own workspace and the demo, so a first launch opens
// one workspace instead of opening the own one only to close it again. An error means the
// file could not be read this way (the caller opens it properly, which says what is wrong).
func HasIntegrations(ctx context.Context, path string) (bool, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("look at database %s: %w", path, err)
	}
	q := url.Values{}
	// mode=rw: never create the file (it may have gone since the Stat); a sync in another
	// process holds no lock a reader waits for in WAL mode, the busy timeout covers a
	// checkpoint.
	q.Add("mode", "rw")
	q.Add("_pragma", "busy_timeout(2000)")
	db, err := sql.Open("sqlite", databaseURI(path, q))
	if err != nil {
		return false, fmt.Errorf("open database %s: %w", path, err)
	}
	defer db.Close()
	var found bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM integrations)").Scan(&found); err != nil {
		return false, fmt.Errorf("read integrations from %s: %w", path, err)
	}
	return found, nil
}
