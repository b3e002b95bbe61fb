// TrueUp: without a command it starts the desktop app; with one it runs the command-line
// interface over the same services (README "Command line"). main only wires parts.
package main

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	goruntime "runtime"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2/pkg/application"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"

	"github.com/trueup/trueup/app"
	"github.com/trueup/trueup/internal/applog"
	"github.com/trueup/trueup/internal/cli"
	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/connectors"
	"github.com/trueup/trueup/internal/demo"
	"github.com/trueup/trueup/internal/desktopnotify"
	"github.com/trueup/trueup/internal/devbuild"
	"github.com/trueup/trueup/internal/ostask"
	"github.com/trueup/trueup/internal/secrets"
	"github.com/trueup/trueup/internal/startupview"
	"github.com/trueup/trueup/internal/store"
	"github.com/trueup/trueup/internal/webviewgpu"
	"github.com/trueup/trueup/internal/windowpicture"
	"github.com/trueup/trueup/internal/workspace"
)

//go:embed all:frontend/dist
var assets embed.FS

//go:embed build/appicon.png
var icon []byte

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// commit is the commit the build was made from, set like version ("" when unknown).
var commit = ""

func main() {
	args := os.Args[1:]
	registry := connectors.Registry()
	if cli.IsCommand(args, guiFlags()...) {
		attachConsole()
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, args, cli.Env{
			Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Version: version, Commit: commit,
			ReadSecret: terminalSecretReader(os.Stdin, os.Stderr),
			OpenWorkspace: func(ctx context.Context, dir string, passive bool) (*workspace.Workspace, error) {
				return openOwn(ctx, dir, registry, passive)
			},
			RunDemo: cli.RunDemo,
		})
		stop()
		os.Exit(code)
	}
	// GTK panics with a goroutine dump when there is no display: say so in one line.
	if opensWindow && !cli.HasDisplay(goruntime.GOOS, os.Getenv) {
		fmt.Fprintln(os.Stderr, "trueup:", cli.NoDisplayMessage)
		os.Exit(1)
	}
	dataDir, err := cli.GUIDataDir(args, os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trueup:", err)
		os.Exit(1)
	}
	own, err := guiOptions(dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "trueup:", err)
		os.Exit(1)
	}
	gpu := linux.WebviewGpuPolicyAlways
	if goruntime.GOOS == "linux" {
		p, why := webviewgpu.Choose(webviewgpu.Host())
		if p == webviewgpu.Never {
			gpu = linux.WebviewGpuPolicyNever
		}
		own.Logger.Info("window compositing", "webview_gpu", p.String(), "because", why)
	}
	dc, err := newDevClock(os.Getenv) // nil but in a dev build's end-to-end test
	if err != nil {
		fmt.Fprintln(os.Stderr, "trueup:", err)
		os.Exit(1)
	}
	var shell *app.Shell
	shell = app.NewShell(func(ctx context.Context, t app.Target) (*workspace.Workspace, error) {
		// New inbox notices show on the desktop, the demo's too; a click opens the notice.
		desktop := func(o *workspace.Options) { o.Desktop = shell.Desktop(t) }
		if t.Demo {
			// TRUEUP_DEMO_LATENCY (e.g. "300ms") makes the demo tenant answer like a real one.
			latency, _ := time.ParseDuration(os.Getenv("TRUEUP_DEMO_LATENCY"))
			return demo.Open(ctx, dataDir, registry, t.PSA, latency, desktop, dc.options)
		}
		opts := own
		opts.Registry = registry
		desktop(&opts)
		dc.options(&opts)
		return workspace.Open(ctx, opts)
	}, func(ctx context.Context) (bool, error) {
		return store.HasIntegrations(ctx, filepath.Join(dataDir, workspace.DatabaseFile))
	})
	views := startupview.NewStore(dataDir)
	// The picture of the screen the window kept, from the window's first frame until the
	// page has painted that screen itself (internal/windowpicture). Read and decoded beside
	// GTK's start rather than before it: the window is drawn a few hundred ms later.
	go func() {
		if pic, ok := views.LoadPicture(startupview.BuildOf(indexHTML(os.Getenv))); ok {
			windowpicture.Show(pic, pictureWait)
		}
	}()
	// What the first screen reads, also read for the page itself: with nothing kept, a first
	// launch's page comes with the build's rendering of the demo's first screen when these
	// answers are the ones it was rendered from (internal/startupview).
	syncs, workspaces, mappings := app.NewSyncService(shell), app.NewWorkspaceService(shell, version), app.NewMappingService(shell)
	months, backups, inbox := app.NewMonthService(shell), app.NewBackupService(shell, dataDir), app.NewInboxService(shell)
	views.UseFirstScreen(app.NewFirstScreen(shell, workspaces, syncs, months, inbox, mappings, backups).Reads)
	notifier := desktopnotify.New(icon)
	defer notifier.Close()
	shell.UseDesktop(notifier)
	var gui *application.Application
	closer := newSignalCloser(os.Stderr, func() { gui.Quit() })
	gui = application.NewWithOptions(&options.App{
		Title:            "TrueUp",
		Width:            1320,
		Height:           860,
		MinWidth:         1024,
		MinHeight:        680,
		AssetServer:      &assetserver.Options{Assets: assets, Middleware: views.Middleware(startupview.Platform(goruntime.GOOS))},
		BackgroundColour: &options.RGBA{R: 248, G: 250, B: 252, A: 1},
		OnStartup: func(ctx context.Context) {
			closer.Listen()
			shell.Startup(ctx)
		},
		OnDomReady: closer.DomReady,
		OnShutdown: shell.Shutdown,
		// One window per data folder: a second start focuses the first (single_instance.go).
		SingleInstanceLock: singleInstanceLock(dataDir, shell.Focus),
		ErrorFormatter:     app.FormatError,
		// Set on purpose: passing Linux options at all turns Wails' default (never) into always.
		Linux: &linux.Options{Icon: icon, ProgramName: "trueup", WebviewGpuPolicy: gpu},
		Mac: &mac.Options{About: &mac.AboutInfo{Title: "TrueUp " + version,
			Message: "Monthly billing true-up for MSPs: PSA agreements against vendor subscriptions.", Icon: icon}},
		Bind: append([]any{
			app.NewIntegrationService(shell),
			syncs,
			app.NewDataService(shell),
			workspaces,
			mappings,
			app.NewReconcileService(shell),
			app.NewPushService(shell),
			app.NewAutoTrueUpService(shell),
			months,
			backups,
			app.NewAboutService(shell, aboutOptions(dataDir)),
			app.NewScheduleService(shell),
			inbox,
			app.NewFileImportService(shell, filePicker()),
			app.NewScheduleTaskService(shell),
			app.NewStartupViewService(shell, views, app.WindowPicture{Capture: windowpicture.Capture, Hide: windowpicture.Hide}),
		}, dc.services()...),
	})
	if err := gui.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "trueup:", err)
		os.Exit(1)
	}
}

// pictureWait bounds how long the window shows the kept screen's picture when the page
// never says it has painted (a page that failed to load shows its own state, not a picture).
const pictureWait = 5 * time.Second

// indexHTML is the page the window will load: the embedded one, or in a dev build the one
// in the folder the assetdir variable names (what Wails' dev asset server then serves).
func indexHTML(getenv func(string) string) []byte {
	var fsys fs.FS
	if dir := getenv("assetdir"); devBuild && dir != "" {
		fsys = os.DirFS(dir)
	} else {
		sub, err := fs.Sub(assets, "frontend/dist")
		if err != nil {
			return nil
		}
		fsys = sub
	}
	b, _ := fs.ReadFile(fsys, "index.html")
	return b
}

// filePicker is the import dialog's file chooser: the native dialog, except in a dev build
// given a file to answer with (internal/devbuild.ImportFileEnv).
func filePicker() app.FilePicker {
	if !devBuild {
		return app.NativeFilePicker
	}
	return devbuild.FilePicker(os.Getenv, app.NativeFilePicker)
}

// openOwn opens the user's workspace for a CLI command; its secrets live in the OS
// keychain only. A failed keychain call prints its one sentence; there is no log to keep
// the detail in (the command's output is what the user reads). A passive workspace never
// runs syncs (workspace.Options.Passive).
func openOwn(ctx context.Context, dir string, registry *connector.Registry, passive bool) (*workspace.Workspace, error) {
	opts := workspace.Options{DataDir: dir, Secrets: secrets.NewKeyring(), Registry: registry, Passive: passive,
		OSTask: ownOSTask()}
	// The application log (logs/ in the data folder) records what a command did; a folder
	// the log cannot be written to is not a reason to refuse the command.
	if l, err := applog.Open(dir, nil); err == nil {
		opts.Logger = l.Logger
		opts.OnClose = func() { _ = l.Close() }
	}
	return workspace.Open(ctx, opts)
}

// aboutOptions wire the About screen: a dev build's window is a browser page without
// native dialogs, so its diagnostics go to its scratch data folder.
func aboutOptions(dataDir string) app.AboutOptions {
	opts := app.AboutOptions{Version: version, Commit: commit, DataDir: dataDir, SaveAs: app.NativeSaveAs}
	if devBuild {
		opts.SaveAs = app.ScratchSaveAs(dataDir)
	}
	return opts
}

// ownOSTask lets the user's own workspace register the OS task that runs this program's
// `sync --scheduled`; a platform or program that cannot is shown as unavailable.
func ownOSTask() *workspace.OSTaskConfig {
	cfg := &workspace.OSTaskConfig{}
	m, err := ostask.ForThisUser(goruntime.GOOS)
	if err != nil {
		cfg.Unavailable = err.Error()
		return cfg
	}
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		cfg.Unavailable = "TrueUp cannot tell where its own program file is, so it cannot register it as an OS task: " + err.Error()
		return cfg
	}
	// The task's environment has no TRUEUP_DATA_DIR: the folder a bare `trueup` opens.
	def, err := cli.DataDir("", func(string) string { return "" })
	if err != nil {
		cfg.Unavailable = err.Error()
		return cfg
	}
	cfg.Manager, cfg.Executable, cfg.DefaultDataDir = m, exe, def
	return cfg
}

// guiOptions are the own workspace's options in the GUI: the OS keychain (one Keyring for
// the process, so the "waiting for your keychain" state covers every call), with keychain
// details in the application log (logs/ in the data folder) and on stderr. (The shell
// adds the desktop notifications: the CLI never shows them.) A dev-tagged build
// serves every bound method to any web page, so it refuses the real data folder and keeps
// credentials in memory (internal/devbuild).
func guiOptions(dataDir string) (workspace.Options, error) {
	// The app runs the scheduler: scheduled syncs start while it is open, and a missed one
	// runs at launch (a CLI command never does; `trueup sync --scheduled` runs them once).
	opts := workspace.Options{DataDir: dataDir, Secrets: secrets.NewKeyring(), Logger: slog.Default(), RunSchedules: true}
	if l, err := applog.Open(dataDir, os.Stderr); err == nil {
		opts.Logger = l.Logger
		l.Info("TrueUp started", "version", version, "os", goruntime.GOOS, "arch", goruntime.GOARCH, "data_dir", dataDir, "dev_build", devBuild)
	} else {
		slog.Warn("no application log", "error", err.Error())
	}
	if !devBuild {
		opts.OSTask = ownOSTask()
		return opts, nil
	}
	// A dev build leaves opts.OSTask nil: it never registers itself with the user's scheduler.
	userDefault, err := cli.DataDir("", func(string) string { return "" })
	if err != nil {
		return opts, err
	}
	if err := devbuild.CheckDataDir(dataDir, userDefault); err != nil {
		return opts, err
	}
	opts.Secrets, opts.SecretsStore, opts.SecretsNote, err = devbuild.Secrets(os.Getenv, os.Getuid())
	return opts, err
}
