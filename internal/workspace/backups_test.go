package workspace_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/workspace"
)

// backupClock is an injectable clock the test moves.
type backupClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *backupClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *backupClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func openAt(t *testing.T, dir string, c *backupClock, passive bool) *workspace.Workspace {
	t.Helper()
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: c.now, Location: time.UTC, Passive: passive})
	require.NoError(t, err)
	t.Cleanup(ws.Close)
	return ws
}

func kinds(t *testing.T, ws *workspace.Workspace) []string {
	t.Helper()
	list, err := ws.Backups().List(context.Background())
	require.NoError(t, err)
	var out []string
	for _, b := range list {
		out = append(out, b.At[:10]+" "+b.Kind)
		assert.True(t, b.OK, b.Problem)
	}
	return out
}

func TestTheOwnerTakesADailyBackup(t *testing.T) {
	ctx := context.Background()
	c := &backupClock{t: time.Date(2026, 12, 30, 9, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	ws := openAt(t, dir, c, false)
	require.Eventually(t, func() bool { return len(kinds(t, ws)) == 1 }, 10*time.Second, 5*time.Millisecond,
		"the owner takes the day's backup once it opens the folder")
	assert.Equal(t, []string{"2026-12-30 daily"}, kinds(t, ws))

	created, err := ws.Backups().EnsureDaily(ctx)
	require.NoError(t, err)
	assert.False(t, created, "one a day")

	passive := openAt(t, dir, c, true)
	c.add(24 * time.Hour)
	created, err = passive.Backups().EnsureDaily(ctx)
	require.NoError(t, err)
	assert.False(t, created, "only the folder's sync owner takes the daily backup")

	created, err = ws.Backups().EnsureDaily(ctx)
	require.NoError(t, err)
	assert.True(t, created, "a day has passed")
	for range 9 {
		c.add(24 * time.Hour)
		_, err := ws.Backups().EnsureDaily(ctx)
		require.NoError(t, err)
	}
	got := kinds(t, ws)
	assert.Len(t, got, 8, "rotated: 7 daily and the weekly of the week before")
	assert.Equal(t, "2027-01-09 daily", got[0])
	assert.Equal(t, "2026-12-30 weekly", got[7], "ISO week 53 of 2026 keeps its oldest copy")

	info, err := ws.Backups().Now(ctx)
	require.NoError(t, err)
	assert.Equal(t, "manual", info.Kind)
	assert.True(t, info.OK)
}

func TestTheRunningAppTakesTheNextDaysBackup(t *testing.T) {
	c := &backupClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	ws, err := workspace.Open(context.Background(), workspace.Options{DataDir: t.TempDir(), Secrets: secrets.NewMemory(),
		Registry: connectors.Registry(), Now: c.now, Location: time.UTC, BackupCheckEvery: 10 * time.Millisecond})
	require.NoError(t, err)
	defer ws.Close()
	require.Eventually(t, func() bool { return len(kinds(t, ws)) == 1 }, 10*time.Second, 5*time.Millisecond)
	c.add(24 * time.Hour)
	require.Eventually(t, func() bool {
		list, err := ws.Backups().List(context.Background())
		return err == nil && len(list) == 2
	}, 10*time.Second, 10*time.Millisecond, "the owner's hourly check takes the new day's backup")
}

// Secrets live in the OS keychain only, so a backup of the database has none. With
// scripts/with-keyring.sh the credentials are in the real Secret Service.
func TestBackupsHoldNoSecrets(t *testing.T) {
	stores := map[string]func(t *testing.T) secrets.Store{
		"memory": func(*testing.T) secrets.Store { return secrets.NewMemory() },
		"keychain": func(t *testing.T) secrets.Store {
			if os.Getenv("TRUEUP_KEYRING_TESTS") == "" {
				t.Skip("TRUEUP_KEYRING_TESTS is not set: run through scripts/with-keyring.sh to store the credentials in the real OS keychain")
			}
			service := "TrueUp-test-" + rand.Text()
			t.Cleanup(func() { _ = keyring.DeleteAll(service) })
			return secrets.NewKeyring(secrets.WithService(service), secrets.WithTimeout(10*time.Second))
		},
	}
	for name, keys := range stores {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			ws, dir := open(t, keys(t))
			_, url := pax8Sim(t)
			in := addPax8(t, ws, url)
			st, err := ws.Integrations().Get(ctx, in.ID)
			require.NoError(t, err)
			require.True(t, st.SecretsSet, "the credentials are in the keychain")

			info, err := ws.Backups().Now(ctx)
			require.NoError(t, err)
			list, err := ws.Backups().List(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, list)
			for _, b := range list {
				raw, err := os.ReadFile(b.Path)
				require.NoError(t, err)
				assert.False(t, bytes.Contains(raw, []byte(secretValue)), "%s holds the secret", b.Name)
			}
			raw, err := os.ReadFile(info.Path)
			require.NoError(t, err)
			assert.True(t, bytes.Contains(raw, []byte(url)), "the backup is a copy of the database with the integration")
			assert.Equal(t, filepath.Join(dir, "backups", info.Name), info.Path)
		})
	}
}

func TestADamagedDatabaseIsMovedAsideAndABackupOffered(t *testing.T) {
	ctx := context.Background()
	c := &backupClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	ws := openAt(t, dir, c, false)
	_, err := ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: "https://api.pax8.com/v1"})
	require.NoError(t, err)
	good, err := ws.Backups().Now(ctx)
	require.NoError(t, err)
	ws.Close()

	db := filepath.Join(dir, workspace.DatabaseFile)
	raw, err := os.ReadFile(db)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(db, append([]byte("garbage garbage garbage"), raw[23:]...), 0o600))

	c.add(time.Hour)
	_, err = workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(), Now: c.now})
	var de *workspace.DamagedError
	require.ErrorAs(t, err, &de)
	assert.Equal(t, filepath.Join(dir, "trueup-damaged-2026-12-02T100000Z.db"), de.MovedTo)
	require.NotNil(t, de.Latest)
	assert.Equal(t, good.Name, de.Latest.Name, "the newest good backup is offered")
	assert.Contains(t, err.Error(), "`trueup backup restore --latest`")
	kept, err := os.ReadFile(de.MovedTo)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(kept), "garbage"), "the damaged file is kept as it was")

	assert.Equal(t, []string{"Pax8"}, de.KeptIntegrations, "the damaged file cannot be read: the backup's integrations are kept")
	assert.Contains(t, de.KeptFrom, "the backup of")
	fresh := openAt(t, dir, c, false)
	list, err := fresh.Integrations().List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1, "the next start begins with an empty cache that keeps the integrations")
	assert.Equal(t, "Pax8", list[0].Name)
	_, err = workspace.RestoreBackup(ctx, dir, "", c.now())
	assert.ErrorIs(t, err, workspace.ErrFolderInUse, "no restore under a running owner")
	fresh.Close()

	res, err := workspace.RestoreBackup(ctx, dir, "", c.now())
	require.NoError(t, err)
	assert.Equal(t, good.Name, res.From.Name)
	assert.False(t, res.KeptDamaged)
	assert.Contains(t, res.KeptAs, "before-restore", "the empty cache is kept too: the restore can be undone")
	restored := openAt(t, dir, c, false)
	list, err = restored.Integrations().List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Pax8", list[0].Name)
}

func TestADamagedDatabaseThatAnotherProcessHoldsStaysInPlace(t *testing.T) {
	ctx := context.Background()
	c := &backupClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	openAt(t, dir, c, false).Close()
	// Another process holds the folder (an OS file lock, as the app holds it).
	other := flock.New(filepath.Join(dir, workspace.LockFile))
	locked, err := other.TryLock()
	require.NoError(t, err)
	require.True(t, locked)
	defer other.Close()
	db := filepath.Join(dir, workspace.DatabaseFile)
	f, err := os.OpenFile(db, os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteAt([]byte("not a database header!!"), 0)
	require.NoError(t, err)
	require.NoError(t, f.Close())

	_, err = workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: secrets.NewMemory(), Registry: connectors.Registry(), Now: c.now, Passive: true})
	var de *workspace.DamagedError
	require.ErrorAs(t, err, &de)
	assert.Empty(t, de.MovedTo)
	assert.Contains(t, err.Error(), "another TrueUp process has this data folder open")
	_, err = os.Stat(db)
	assert.NoError(t, err, "left where it is")
}

// Starting with an empty cache keeps the integrations of a damaged database whose
// integrations table still reads (no backup needed), with their uids: the credentials in
// the keychain still belong to them, and nothing of the cache is carried over.
func TestADamagedDatabaseKeepsItsReadableIntegrations(t *testing.T) {
	ctx := context.Background()
	c := &backupClock{t: time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	keys := secrets.NewMemory()
	open := func() (*workspace.Workspace, error) {
		return workspace.Open(ctx, workspace.Options{DataDir: dir, Secrets: keys, Registry: connectors.Registry(), Now: c.now, Location: time.UTC})
	}
	ws, err := open()
	require.NoError(t, err)
	_, err = ws.Integrations().Add(ctx, workspace.IntegrationInput{Kind: "pax8", Name: "Pax8", BaseURL: "https://api.pax8.com/v1",
		Secrets: map[string]string{"client_id": "id", "client_secret": "s3cret"}})
	require.NoError(t, err)
	ws.Close()

	// Damage that quick_check finds but that leaves the integrations table readable: a
	// page of another table's index overwritten.
	db := filepath.Join(dir, workspace.DatabaseFile)
	damageIndexPage(t, db)

	c.add(time.Hour)
	_, err = open()
	var de *workspace.DamagedError
	require.ErrorAs(t, err, &de)
	require.NotNil(t, de.Latest, "the day's backup, taken at the first open, before Pax8 was added")
	assert.Equal(t, []string{"Pax8"}, de.KeptIntegrations)
	assert.Equal(t, "the damaged database", de.KeptFrom)
	assert.Contains(t, err.Error(), "the empty cache keeps 1 integration (Pax8, from the damaged database) with their credentials")

	fresh, err := open()
	require.NoError(t, err)
	defer fresh.Close()
	list, err := fresh.Integrations().List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Pax8", list[0].Name)
	assert.True(t, list[0].SecretsSet, "the keychain items still belong to it")
}

// damageIndexPage overwrites the first page of the notices' time index with garbage: damage
// quick_check finds that leaves the integrations table readable. (The last page of the file
// used to serve, until a migration rebuilt a table and left the schema's own page last.)
func damageIndexPage(t *testing.T, db string) {
	t.Helper()
	conn, err := sql.Open("sqlite", db)
	require.NoError(t, err)
	var pageNo int64
	var pageSize int64
	require.NoError(t, conn.QueryRow(`SELECT pageno FROM dbstat WHERE name = 'notices_by_time' ORDER BY pageno LIMIT 1`).Scan(&pageNo),
		"the test finds the index's page with SQLite's dbstat table")
	require.NoError(t, conn.QueryRow(`PRAGMA page_size`).Scan(&pageSize))
	require.NoError(t, conn.Close())
	f, err := os.OpenFile(db, os.O_RDWR, 0)
	require.NoError(t, err)
	junk := bytes.Repeat([]byte{0xA5}, int(pageSize))
	_, err = f.WriteAt(junk, (pageNo-1)*pageSize)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}
