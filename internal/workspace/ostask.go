package workspace

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/internal/ostask"
	"github.com/trueup/trueup/internal/schedule"
)

// OSTaskManager keeps the OS task (internal/ostask.Manager).
type OSTaskManager interface {
	Register(ctx context.Context, s ostask.Spec) error
	Remove(ctx context.Context) error
	Status(ctx context.Context, s ostask.Spec) (ostask.Status, error)
}

// OSTaskConfig lets a workspace register the OS task that runs `trueup sync --scheduled`
// while no window is open. Only the user's own workspace has one: the demo and dev builds
// leave Options.OSTask nil, so they never touch the user's scheduler.
type OSTaskConfig struct {
	Manager OSTaskManager
	// Executable is the absolute path of this trueup program.
	Executable string
	// DefaultDataDir is the folder trueup opens without --data-dir or TRUEUP_DATA_DIR: the
	// task passes --data-dir only for another folder (the task's environment has no
	// TRUEUP_DATA_DIR, so any other folder must be named).
	DefaultDataDir string
	// Unavailable, when set, is why this platform or program cannot register a task (the
	// UI shows it instead of the buttons).
	Unavailable string
}

// OS task states beside ostask's: Unavailable when this workspace cannot register one.
const OSTaskUnavailable = "unavailable"

// OSTaskInfo is what Settings > Schedules and `trueup schedule task status` show.
type OSTaskInfo struct {
	// State is registered, not_registered, stale (its times or command differ from the
	// schedules: register again) or unavailable.
	State    string `json:"state"`
	Platform string `json:"platform"` // "systemd user timer", "launchd agent", "Task Scheduler task"
	Location string `json:"location"` // its file or task name
	Detail   string `json:"detail"`   // why it is stale or unavailable, and what to do
	// Command is what the task runs (or would run).
	Command string `json:"command"`
	// Schedules counts the integrations whose schedule is on (with none the task has
	// nothing to run).
	Schedules int `json:"schedules"`
}

// OSTask is the OS task of the schedules.
type OSTask struct{ w *Workspace }

// OSTask returns the OS task service.
func (s *Schedules) OSTask() *OSTask { return &OSTask{w: s.w} }

// errNoOSTask: this workspace has no OS task (the demo, a dev build).
var errNoOSTask = errors.New("this workspace (the demo, or a development build) never registers an OS task: open your own workspace in the released TrueUp")

func (t *OSTask) config() (*OSTaskConfig, error) {
	cfg := t.w.opts.OSTask
	switch {
	case cfg == nil:
		return nil, errNoOSTask
	case cfg.Unavailable != "":
		return nil, errors.New(cfg.Unavailable)
	}
	return cfg, nil
}

// Status says whether the task is registered and matches the schedules.
func (t *OSTask) Status(ctx context.Context) (OSTaskInfo, error) {
	cfg, err := t.config()
	if err != nil {
		return OSTaskInfo{State: OSTaskUnavailable, Detail: err.Error()}, nil
	}
	spec, n, err := t.spec(ctx)
	if err != nil {
		return OSTaskInfo{}, err
	}
	st, err := cfg.Manager.Status(ctx, spec)
	if err != nil {
		return OSTaskInfo{}, fmt.Errorf("look up the OS task: %w", err)
	}
	return OSTaskInfo{State: string(st.State), Platform: st.Platform, Location: st.Location, Detail: st.Detail,
		Command: commandLine(spec), Schedules: n}, nil
}

// Register creates or updates the task for the schedules as they are now.
func (t *OSTask) Register(ctx context.Context) (OSTaskInfo, error) {
	cfg, err := t.config()
	if err != nil {
		return OSTaskInfo{}, err
	}
	spec, n, err := t.spec(ctx)
	if err != nil {
		return OSTaskInfo{}, err
	}
	if n == 0 {
		return OSTaskInfo{}, inputErr("schedules", "every schedule is off, so the OS task would have nothing to run: set a schedule first")
	}
	if err := cfg.Manager.Register(ctx, spec); err != nil {
		return OSTaskInfo{}, fmt.Errorf("register the OS task: %w", err)
	}
	return t.Status(ctx)
}

// Remove deletes the task; nothing happens when it is not there.
func (t *OSTask) Remove(ctx context.Context) (OSTaskInfo, error) {
	cfg, err := t.config()
	if err != nil {
		return OSTaskInfo{}, err
	}
	if err := cfg.Manager.Remove(ctx); err != nil {
		return OSTaskInfo{}, fmt.Errorf("remove the OS task: %w", err)
	}
	return t.Status(ctx)
}

// spec is the task for the schedules every integration runs on now; n counts the
// integrations whose schedule is on.
func (t *OSTask) spec(ctx context.Context) (ostask.Spec, int, error) {
	cfg := t.w.opts.OSTask
	plans, err := t.w.plans(ctx, nil)
	if err != nil {
		return ostask.Spec{}, 0, err
	}
	spec := ostask.Spec{Executable: cfg.Executable, Hour: schedule.Hour}
	if filepath.Clean(t.w.opts.DataDir) != filepath.Clean(cfg.DefaultDataDir) {
		spec.DataDir = t.w.opts.DataDir
	}
	n := 0
	for _, p := range plans {
		tr, ok := osTrigger(p.sched)
		if !ok {
			continue
		}
		n++
		spec.Triggers = append(spec.Triggers, tr)
	}
	return spec, n, nil
}

func osTrigger(s schedule.Schedule) (ostask.Trigger, bool) {
	switch s.Cadence {
	case schedule.Nightly:
		return ostask.Trigger{Cadence: ostask.Nightly}, true
	case schedule.Weekly:
		return ostask.Trigger{Cadence: ostask.Weekly, Weekday: s.Weekday}, true
	case schedule.Monthly:
		return ostask.Trigger{Cadence: ostask.Monthly, Day: s.Day}, true
	}
	return ostask.Trigger{}, false
}

// commandLine shows the task's command, arguments with spaces quoted.
func commandLine(s ostask.Spec) string {
	words := append([]string{s.Executable}, s.Args()...)
	for i, w := range words {
		if w == "" || strings.ContainsAny(w, " \t\"'") {
			words[i] = fmt.Sprintf("%q", w)
		}
	}
	return strings.Join(words, " ")
}
