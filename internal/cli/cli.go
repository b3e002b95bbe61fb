// Package cli is TrueUp's command-line interface: the same workspace services as the GUI,
// scriptable. The commands, flags, exit codes and JSON field names are a public contract
// (DESIGN.md "Command line"): extend them, never rename them.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/workspace"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailed  = 1 // failed run or bad usage
	ExitPartial = 2 // a sync finished but some sections failed
)

// Env is everything the CLI touches outside itself, so tests can run it in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// ReadSecret asks for one secret on the terminal without echoing it; nil when stdin is
	// not a terminal (a script), so `credentials set` reads JSON from Stdin instead.
	ReadSecret func(prompt string) (string, error)
	// OpenWorkspace opens the user's workspace in dataDir; passive as workspace.Options.
	OpenWorkspace func(ctx context.Context, dataDir string, passive bool) (*workspace.Workspace, error)
	// RunDemo runs the demo simulators in the foreground until ctx ends.
	RunDemo func(ctx context.Context, out io.Writer, opts DemoOptions) error
	Version string
	Commit  string // the commit the build was made from ("" when unknown)
}

// IsCommand reports whether args (without the program name) are for the CLI. Only a bare
// GUI start is not: nothing but --data-dir and the flags the GUI itself parses (guiFlags,
// each taking a value: Wails dev builds read -devserver ADDR, -assetdir DIR...). Anything
// else, --version and mistyped flags included, goes to Run, which answers in one line
// instead of starting a window.
func IsCommand(args []string, guiFlags ...string) bool {
	rest, _, err := splitGlobal(args)
	if err != nil {
		return true // let Run explain the mistake
	}
	for len(rest) > 0 {
		name, hasValue := flagName(rest[0])
		if name == "" || !slices.Contains(guiFlags, name) {
			return true
		}
		if hasValue {
			rest = rest[1:]
		} else if len(rest) > 1 {
			rest = rest[2:]
		} else {
			return true
		}
	}
	return false
}

// flagName returns the name of a -name, --name or --name=value argument ("" for a word)
// and whether the value is in the same argument.
func flagName(arg string) (name string, inline bool) {
	if !strings.HasPrefix(arg, "-") || arg == "-" || arg == "--" {
		return "", false
	}
	name = strings.TrimLeft(arg, "-")
	name, _, inline = strings.Cut(name, "=")
	return name, inline
}

// splitGlobal takes the global --data-dir flag off the front of args.
func splitGlobal(args []string) (rest []string, dataDir string, err error) {
	for len(args) > 0 {
		a := args[0]
		switch {
		case a == "--data-dir" || a == "-data-dir":
			if len(args) < 2 || args[1] == "" {
				return nil, "", errors.New("--data-dir needs a folder")
			}
			dataDir, args = args[1], args[2:]
		case strings.HasPrefix(a, "--data-dir=") || strings.HasPrefix(a, "-data-dir="):
			_, dataDir, _ = strings.Cut(a, "=")
			if dataDir == "" {
				return nil, "", errors.New("--data-dir needs a folder")
			}
			args = args[1:]
		default:
			return args, dataDir, nil
		}
	}
	return args, dataDir, nil
}

// DataDir resolves the data folder: --data-dir, then TRUEUP_DATA_DIR, then the OS user
// config folder.
func DataDir(flagValue string, getenv func(string) string) (string, error) {
	if flagValue != "" {
		return filepath.Abs(flagValue)
	}
	if v := getenv("TRUEUP_DATA_DIR"); v != "" {
		return filepath.Abs(v)
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("find the user config folder (set TRUEUP_DATA_DIR or --data-dir): %w", err)
	}
	return filepath.Join(base, "TrueUp"), nil
}

// HasDisplay reports whether the desktop window can open on goos: Windows and macOS always
// have a display; elsewhere GTK needs an X11 or Wayland one and panics without it.
func HasDisplay(goos string, getenv func(string) string) bool {
	switch goos {
	case "windows", "darwin":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// NoDisplayMessage is what the GUI path prints when HasDisplay is false.
const NoDisplayMessage = "no display found: run a command, see `trueup help`, or `make dev` for a browser"

// Run executes one command and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	rest, dataFlag, err := splitGlobal(args)
	if err != nil {
		return usageErr(env, err.Error())
	}
	if len(rest) == 0 {
		printUsage(env.Stdout)
		return ExitOK
	}
	switch rest[0] {
	case "help", "-h", "-help", "--help":
		if len(rest) > 1 && rest[0] == "help" {
			return printHelp(env, rest[1:])
		}
		printUsage(env.Stdout)
		return ExitOK
	case "version", "-v", "-version", "--version":
		fmt.Fprintln(env.Stdout, "trueup", env.Version)
		return ExitOK
	}
	if name, _ := flagName(rest[0]); name != "" {
		return usageErr(env, fmt.Sprintf("unknown flag --%s (the flags before a command are --data-dir, --version and --help)", name))
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		return usageErr(env, fmt.Sprintf("unknown command %q", rest[0]))
	}
	if wantsHelp(rest[1:]) {
		return printHelp(env, rest)
	}
	c := &call{env: env, args: rest[1:], name: rest[0]}
	if cmd.workspace || cmd.folder {
		dir, err := DataDir(dataFlag, env.Getenv)
		if err != nil {
			fmt.Fprintln(env.Stderr, "trueup:", err)
			return ExitFailed
		}
		c.dataDir = dir
	}
	if cmd.workspace {
		dir := c.dataDir
		// Only the commands that run syncs or pushes open the folder actively (they may take
		// the folder lock). Every other command opens it passively, so it works beside the
		// app or a scheduled sync and never touches their runs.
		// A dry run only reads: opened actively it would send the pushes already waiting in
		// the outbox while it runs.
		active := (cmd.active || (len(rest) > 1 && slices.Contains(cmd.activeSubs, rest[1]))) && !dryRun(rest[1:])
		ws, err := env.OpenWorkspace(ctx, dir, !active)
		if err != nil {
			fmt.Fprintln(env.Stderr, "trueup: open workspace:", err)
			return ExitFailed
		}
		defer ws.Close()
		for _, warning := range ws.Warnings() {
			fmt.Fprintln(env.Stderr, "trueup: warning:", warning)
		}
		c.ws = ws
	}
	return cmd.run(ctx, c)
}

// dryRun reports whether a command's arguments ask for a dry run (before any "--").
func dryRun(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-dry-run", "--dry-run", "-dry-run=true", "--dry-run=true":
			return true
		}
	}
	return false
}

// wantsHelp reports whether a command's arguments ask for its help (before any "--").
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

type call struct {
	env  Env
	ws   *workspace.Workspace // nil while printing help: commands parse flags before using it
	args []string
	name string
	// dataDir is the data folder of a command that works on one (workspace or folder).
	dataDir string
}

// fail prints err and returns ExitFailed. A full disk or read-only data folder is said in
// those words, whichever write ran into it.
func (c *call) fail(err error) int {
	if c.dataDir != "" {
		err = store.ExplainDiskError(err, c.dataDir)
	}
	fmt.Fprintln(c.env.Stderr, "trueup "+c.name+":", err)
	return ExitFailed
}

func usageErr(env Env, msg string) int {
	fmt.Fprintf(env.Stderr, "trueup: %s\nRun `trueup help` for the commands.\n", msg)
	return ExitFailed
}

// GUIDataDir resolves the data folder when the GUI starts (args may hold --data-dir).
func GUIDataDir(args []string, getenv func(string) string) (string, error) {
	_, flagValue, err := splitGlobal(args)
	if err != nil {
		return "", err
	}
	return DataDir(flagValue, getenv)
}
