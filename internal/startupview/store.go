package startupview

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/trueup/trueup/internal/atomicfile"
)

// FileName is the saved view's file in the data folder.
const FileName = "startup-view.html"

// The first line of the file: which build of the page saved it.
const header = "<!-- trueup startup view, page build "

// Store keeps the view of one data folder. The build is the page it was served with this
// launch (Middleware sets it): a view is saved for, and shown with, that build only.
type Store struct {
	path string

	mu    sync.Mutex
	build string
	reads func() (map[string]json.RawMessage, error) // UseFirstScreen
}

// NewStore keeps its view in dataDir.
func NewStore(dataDir string) *Store {
	return &Store{path: filepath.Join(dataDir, FileName)}
}

// BuildOf names a build of the page by its index.html, which lists its hashed asset files.
func BuildOf(index []byte) string {
	sum := sha256.Sum256(index)
	return hex.EncodeToString(sum[:8])
}

func (s *Store) servedBuild() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.build
}

func (s *Store) setBuild(b string) {
	s.mu.Lock()
	s.build = b
	s.mu.Unlock()
}

// Save keeps html as the next launch's first screen, replacing the file in one rename so a
// crash never leaves half a view. It refuses what Validate refuses, and a view before the
// page was served (no build to tie it to).
func (s *Store) Save(html string) error {
	if err := Validate(html); err != nil {
		return err
	}
	build := s.servedBuild()
	if build == "" {
		return errors.New("the page has not been served yet: nothing to tie the startup view to")
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("keep the startup view: %w", err)
	}
	// The old picture is of the old view: gone before the new view is in place.
	if err := s.forgetPicture(); err != nil {
		return err
	}
	if err := atomicfile.Write(s.path, []byte(header+build+" -->\n"+html), 0o600); err != nil {
		return fmt.Errorf("keep the startup view: %w", err)
	}
	return nil
}

// Clear forgets the view and its picture (the window switched workspaces: the next launch opens another one).
func (s *Store) Clear() error {
	if err := s.forgetPicture(); err != nil {
		return err
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("forget the startup view: %w", err)
	}
	return nil
}

// Load returns the view saved for build, if there is one that still passes Validate.
func (s *Store) Load(build string) (string, bool) {
	b, err := os.ReadFile(s.path)
	if err != nil || len(b) > MaxBytes+len(header)+64 {
		return "", false
	}
	first, rest, ok := bytes.Cut(b, []byte("\n"))
	if !ok || string(first) != header+build+" -->" {
		return "", false
	}
	view := string(rest)
	if Validate(view) != nil || strings.TrimSpace(view) == "" {
		return "", false
	}
	return view, true
}
