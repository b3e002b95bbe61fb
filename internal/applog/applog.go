// Package applog is TrueUp's application log: logs/trueup.log in the data folder, rotated
// by size through gopkg.in/natefinch/lumberjack.v2 (the maintained rotating writer for
// Go), as slog text lines. It is what "Export diagnostics" ships, so it holds no secrets:
// callers log names, kinds, outcomes and messages that were redacted where they were made
// (run messages go through the run's redactor), and the handler masks the value of any
// attribute whose key names a credential, whatever a caller passes.
package applog

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/natefinch/lumberjack.v2"
)

const (
	// Folder is the log folder inside the data folder; File the current log in it.
	Folder = "logs"
	File   = "trueup.log"
	// maxMB and keep bound the log: the current file up to 5 MB plus 3 rotated ones.
	maxMB = 5
	keep  = 3
)

// Mask replaces the value of a credential-named attribute.
const Mask = "[redacted]"

// Log is an open application log.
type Log struct {
	*slog.Logger
	w *lumberjack.Logger
}

// Open opens (creating) the log of the data folder dir. also, when set, receives the same
// lines (the GUI's stderr, for a developer watching the terminal).
func Open(dir string, also io.Writer) (*Log, error) {
	folder := filepath.Join(dir, Folder)
	if err := os.MkdirAll(folder, 0o700); err != nil {
		return nil, fmt.Errorf("create the log folder %s: check that you can write to the data folder: %w", folder, err)
	}
	w := &lumberjack.Logger{Filename: filepath.Join(folder, File), MaxSize: maxMB, MaxBackups: keep, LocalTime: false}
	var h slog.Handler = slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: maskCredentials})
	if also != nil {
		h = slog.NewMultiHandler(h, slog.NewTextHandler(also, &slog.HandlerOptions{Level: slog.LevelInfo, ReplaceAttr: maskCredentials}))
	}
	return &Log{Logger: slog.New(h), w: w}, nil
}

// Close flushes and closes the file.
func (l *Log) Close() error { return l.w.Close() }

// credentialWords name attributes whose values are never written.
var credentialWords = []string{"secret", "password", "passwd", "token", "authorization", "apikey", "api_key", "private_key", "public_key", "credential"}

func maskCredentials(_ []string, a slog.Attr) slog.Attr {
	k := strings.ToLower(a.Key)
	for _, w := range credentialWords {
		if strings.Contains(k, w) {
			return slog.String(a.Key, Mask)
		}
	}
	return a
}

// Files lists the data folder's log files, the current one first, then the rotated ones
// newest first; none yet is not an error.
func Files(dir string) ([]string, error) {
	folder := filepath.Join(dir, Folder)
	entries, err := os.ReadDir(folder)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the log folder %s: %w", folder, err)
	}
	var current string
	var rotated []string
	base := strings.TrimSuffix(File, filepath.Ext(File))
	for _, e := range entries {
		switch n := e.Name(); {
		case !e.Type().IsRegular():
		case n == File:
			current = filepath.Join(folder, n)
		case strings.HasPrefix(n, base+"-") && (strings.HasSuffix(n, ".log") || strings.HasSuffix(n, ".log.gz")):
			rotated = append(rotated, filepath.Join(folder, n))
		}
	}
	sort.Sort(sort.Reverse(sort.StringSlice(rotated))) // lumberjack names them by time
	if current != "" {
		return append([]string{current}, rotated...), nil
	}
	return rotated, nil
}
