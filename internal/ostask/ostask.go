// Package ostask registers, removes and inspects the operating system's own scheduled task
// that runs the headless `trueup sync --scheduled` while no TrueUp window is open: a
// systemd user timer on Linux, a launchd agent on macOS, a Task Scheduler task on Windows.
//
// The task only has to wake TrueUp at (or soon after) every due time: `sync --scheduled`
// itself decides what is due or missed and runs each once, so a wake-up with nothing due
// is a harmless no-op. That lets the renderings be conservative where a platform cannot say
// "07:00 UTC" (launchd only knows local time: both hours of a zone with summer time are
// listed) while never missing a due time.
//
// Rendering is pure (golden-tested on every platform); the commands are run through the
// injected Runner, so the package builds and is tested everywhere without build tags.
package ostask

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Cadence is how often one schedule is due.
type Cadence int

const (
	Nightly Cadence = iota + 1
	Weekly
	Monthly
)

// Trigger is one schedule's due times, at the Spec's time of day in UTC. A Monthly day that
// a month lacks (the 30th in February) is due on that month's last day.
type Trigger struct {
	Cadence Cadence
	Weekday time.Weekday // Weekly
	Day     int          // Monthly: 1..31
}

// Spec is what the task runs and when.
type Spec struct {
	// Executable is the absolute path of the trueup binary the task starts.
	Executable string
	// DataDir is passed as --data-dir; empty when the folder is the default one, so the task
	// follows TRUEUP_DATA_DIR and the OS default like any other run.
	DataDir string
	// Hour and Minute are the UTC time of day every trigger is due at.
	Hour, Minute int
	Triggers     []Trigger
}

// Args are the arguments after the executable: `[--data-dir DIR] sync --scheduled`.
func (s Spec) Args() []string {
	var args []string
	if s.DataDir != "" {
		args = append(args, "--data-dir", s.DataDir)
	}
	return append(args, "sync", "--scheduled")
}

func (s Spec) validate() error {
	if !filepath.IsAbs(s.Executable) && !isWindowsAbs(s.Executable) {
		return fmt.Errorf("the task needs the absolute path of the trueup program, not %q", s.Executable)
	}
	if s.Hour < 0 || s.Hour > 23 || s.Minute < 0 || s.Minute > 59 {
		return fmt.Errorf("time of day %02d:%02d is not a time", s.Hour, s.Minute)
	}
	if len(s.Triggers) == 0 {
		return errors.New("no schedule is on, so there is nothing for the OS task to run: set one first (trueup schedule set)")
	}
	for _, t := range s.Triggers {
		switch t.Cadence {
		case Nightly:
		case Weekly:
			if t.Weekday < time.Sunday || t.Weekday > time.Saturday {
				return fmt.Errorf("weekday %d is not a weekday", t.Weekday)
			}
		case Monthly:
			if t.Day < 1 || t.Day > 31 {
				return fmt.Errorf("day of the month %d is not between 1 and 31", t.Day)
			}
		default:
			return fmt.Errorf("cadence %d is not nightly, weekly or monthly", t.Cadence)
		}
	}
	return nil
}

// isWindowsAbs accepts C:\... and \\server\share paths whatever GOOS the code runs on (the
// Windows rendering is tested on Linux too).
func isWindowsAbs(p string) bool {
	if len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') {
		return true
	}
	return len(p) >= 2 && p[0] == '\\' && p[1] == '\\'
}

// normalized is the spec's triggers sorted and without duplicates (a nightly one makes
// every other redundant).
func (s Spec) normalized() []Trigger {
	ts := slices.Clone(s.Triggers)
	if slices.ContainsFunc(ts, func(t Trigger) bool { return t.Cadence == Nightly }) {
		return []Trigger{{Cadence: Nightly}}
	}
	for i := range ts {
		if ts[i].Cadence == Weekly {
			ts[i].Day = 0
		} else {
			ts[i].Weekday = 0
		}
	}
	slices.SortFunc(ts, func(a, b Trigger) int {
		if a.Cadence != b.Cadence {
			return int(a.Cadence - b.Cadence)
		}
		if a.Weekday != b.Weekday {
			return int(a.Weekday - b.Weekday)
		}
		return a.Day - b.Day
	})
	return slices.Compact(ts)
}

// State is whether the OS task is there and matches the schedules.
type State string

const (
	NotRegistered State = "not_registered"
	Registered    State = "registered"
	// Stale: a task is registered, but its times or command differ from what the schedules
	// and this program would register now (register again to update it).
	Stale State = "stale"
)

// Status is what Manager.Status found.
type Status struct {
	State    State
	Platform string // "systemd user timer", "launchd agent", "Task Scheduler task"
	Location string // the unit file, plist or task name
	Detail   string // why it is stale, and what to do
}

// Options configure a Manager.
type Options struct {
	GOOS   string // runtime.GOOS normally; tests pick any
	Runner Runner
	// Home is the user's home folder (launchd agents live under it); ConfigHome is
	// $XDG_CONFIG_HOME or empty (systemd user units: ConfigHome/systemd/user, else
	// Home/.config/systemd/user).
	Home, ConfigHome string
	// UID is the user's id, for launchctl's gui/UID domain.
	UID int
	// TempDir is where the Windows task XML is written for schtasks to read.
	TempDir string
	// Location is the zone launchd's local times are derived in; nil: time.Local.
	Location *time.Location
	// Now anchors which UTC offsets the zone uses in the coming year; nil: time.Now.
	Now func() time.Time
	// Name overrides the task's name (tests register a unique one): the systemd unit base
	// name, the launchd label, the Task Scheduler task name.
	Name string
}

// backend is one platform's way of keeping the task.
type backend interface {
	register(ctx context.Context, s Spec) error
	remove(ctx context.Context) error
	status(ctx context.Context, s Spec) (Status, error)
}

// Manager keeps the one OS task of this user.
type Manager struct {
	b backend
}

// New returns the manager of the platform opts.GOOS names.
func New(opts Options) (*Manager, error) {
	if opts.Runner == nil {
		return nil, errors.New("ostask needs a command runner")
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	switch opts.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		return &Manager{b: newSystemd(opts)}, nil
	case "darwin":
		return &Manager{b: newLaunchd(opts)}, nil
	case "windows":
		return &Manager{b: newSchtasks(opts)}, nil
	default:
		return nil, fmt.Errorf("TrueUp cannot register a scheduled task on %s: run `trueup sync --scheduled` from your own scheduler (cron) at the schedule's times", opts.GOOS)
	}
}

// Register creates or updates the task so it runs s; it replaces a stale one.
func (m *Manager) Register(ctx context.Context, s Spec) error {
	if err := s.validate(); err != nil {
		return err
	}
	return m.b.register(ctx, s)
}

// Remove deletes the task; removing one that is not there is not an error.
func (m *Manager) Remove(ctx context.Context) error {
	return m.b.remove(ctx)
}

// Status says whether the task is registered and whether it still matches s. With no
// schedule on, a registered task is stale (it has nothing to run: remove it).
func (m *Manager) Status(ctx context.Context, s Spec) (Status, error) {
	st, err := m.b.status(ctx, s)
	if err != nil {
		return st, err
	}
	if st.State != NotRegistered && len(s.Triggers) == 0 {
		st.State = Stale
		st.Detail = "no schedule is on any more: remove the task"
	}
	return st, nil
}

// ForThisUser is the manager of the running user on this platform, running the real
// systemctl, launchctl or schtasks.
func ForThisUser(goos string) (*Manager, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return nil, fmt.Errorf("find your home folder for the OS task: %w", err)
	}
	return New(Options{GOOS: goos, Runner: ExecRunner{}, Home: home, ConfigHome: os.Getenv("XDG_CONFIG_HOME"),
		UID: os.Getuid(), TempDir: os.TempDir()})
}
