// Package cli is TrueUp's command-line interface: the same workspace services as the GUI,
// scriptable. The commands, flags, exit codes and JSON field names are a public contract
// (DESIGN.md "Command line"): extend them, never rename them.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

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
	// OpenWorkspace opens the user's workspace in dataDir; passive as workspace.Options.
	OpenWorkspace func(ctx context.Context, dataDir string, passive bool) (*workspace.Workspace, error)
	// RunDemo runs the demo simulators in the foreground until ctx ends.
	RunDemo func(ctx context.Context, out io.Writer, latency time.Duration) error
	Version string
}

// Commands lists the command words; main uses it to tell the CLI from the GUI.
var Commands = []string{"integrations", "credentials", "sync", "status", "logs", "lines", "demo", "help", "version"}

// IsCommand reports whether args (without the program name) ask for the CLI: the first
// word after an optional --data-dir is a command, or a help flag was given.
func IsCommand(args []string) bool {
	rest, _, err := splitGlobal(args)
	if err != nil {
		return true // let Run explain the mistake
	}
	if len(rest) == 0 {
		return false
	}
	for _, c := range Commands {
		if rest[0] == c {
			return true
		}
	}
	return rest[0] == "-h" || rest[0] == "--help" || !strings.HasPrefix(rest[0], "-")
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

// Run executes one command and returns the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	rest, dataFlag, err := splitGlobal(args)
	if err != nil {
		return usageErr(env, err.Error())
	}
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	if rest[0] == "version" {
		fmt.Fprintln(env.Stdout, "trueup", env.Version)
		return ExitOK
	}
	if rest[0] == "demo" {
		fs := flag.NewFlagSet("trueup demo", flag.ContinueOnError)
		fs.SetOutput(env.Stderr)
		latency := fs.Duration("latency", 0, "added to every simulated request, e.g. 200ms")
		if err := fs.Parse(rest[1:]); err != nil {
			return ExitFailed
		}
		if err := env.RunDemo(ctx, env.Stdout, *latency); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintln(env.Stderr, "trueup demo:", err)
			return ExitFailed
		}
		return ExitOK
	}
	cmd, ok := commands[rest[0]]
	if !ok {
		return usageErr(env, fmt.Sprintf("unknown command %q", rest[0]))
	}
	dir, err := DataDir(dataFlag, env.Getenv)
	if err != nil {
		fmt.Fprintln(env.Stderr, "trueup:", err)
		return ExitFailed
	}
	// Only `sync` runs syncs. Every other command opens the folder passively, so it works
	// beside the app or a scheduled sync and never touches their runs.
	ws, err := env.OpenWorkspace(ctx, dir, rest[0] != "sync")
	if err != nil {
		fmt.Fprintln(env.Stderr, "trueup: open workspace:", err)
		return ExitFailed
	}
	defer ws.Close()
	for _, warning := range ws.Warnings() {
		fmt.Fprintln(env.Stderr, "trueup: warning:", warning)
	}
	return cmd(ctx, &call{env: env, ws: ws, args: rest[1:], name: rest[0]})
}

type call struct {
	env  Env
	ws   *workspace.Workspace
	args []string
	name string
}

// flags returns a FlagSet for the call whose errors print to stderr.
func (c *call) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("trueup "+name, flag.ContinueOnError)
	fs.SetOutput(c.env.Stderr)
	return fs
}

func (c *call) fail(err error) int {
	fmt.Fprintln(c.env.Stderr, "trueup "+c.name+":", err)
	return ExitFailed
}

func usageErr(env Env, msg string) int {
	fmt.Fprintf(env.Stderr, "trueup: %s\nRun `trueup help` for the commands.\n", msg)
	return ExitFailed
}

var commands = map[string]func(context.Context, *call) int{
	"integrations": runIntegrations,
	"credentials":  runCredentials,
	"sync":         runSync,
	"status":       runStatus,
	"logs":         runLogs,
	"lines":        runLines,
}

const usage = `TrueUp: true up MSP billing between your PSA and your vendors.

Usage: trueup [--data-dir DIR] COMMAND [flags]
Without a command the desktop app starts. The data folder defaults to the OS user
config folder (TrueUp); TRUEUP_DATA_DIR overrides it.

Commands:
  integrations add --kind KIND --name NAME [--base-url URL] [--set key=value]... [--concurrency N]
                 KIND: connectwise, pax8
  integrations list [--json]
  integrations remove --integration NAME      (also removes its keychain items and cache)
  credentials set --integration NAME          reads one JSON object of secret fields from stdin
  credentials test --integration NAME         exit 0 when the connection works
  sync (--integration NAME... | --all | --psa | --vendors) [--mode quick|full|since] [--since YYYY-MM-DD] [--json]
                 exit 0 succeeded, 2 partial, 1 failed or bad usage
  status [--json]                             the Sync Status overview and recent runs
  logs --run ID [--json]                      a run's log
  lines --integration NAME [--json] [--hidden] cached lines reconciliation sees (--hidden: also hidden ones, with the reason)
  demo [--latency 200ms]                      run the demo simulators in the foreground
  version
`

// GUIDataDir resolves the data folder when the GUI starts (args may hold --data-dir).
func GUIDataDir(args []string, getenv func(string) string) (string, error) {
	_, flagValue, err := splitGlobal(args)
	if err != nil {
		return "", err
	}
	return DataDir(flagValue, getenv)
}
