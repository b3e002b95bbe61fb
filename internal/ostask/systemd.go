package ostask

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/trueup/trueup/internal/atomicfile"
)

const systemdName = "trueup-sync"

// systemd keeps a user timer and the oneshot service it starts. Persistent=true makes the
// user manager run a time it missed while the machine was off or the user logged out as
// soon as it can, like TrueUp's own catch-up at launch.
type systemd struct {
	run  Runner
	dir  string
	name string
}

func newSystemd(o Options) *systemd {
	dir := filepath.Join(o.Home, ".config", "systemd", "user")
	if o.ConfigHome != "" {
		dir = filepath.Join(o.ConfigHome, "systemd", "user")
	}
	name := systemdName
	if o.Name != "" {
		name = o.Name
	}
	return &systemd{run: o.Runner, dir: dir, name: name}
}

func (d *systemd) servicePath() string { return filepath.Join(d.dir, d.name+".service") }
func (d *systemd) timerPath() string   { return filepath.Join(d.dir, d.name+".timer") }
func (d *systemd) timerUnit() string   { return d.name + ".timer" }

// RenderSystemdService is the service unit that runs one `trueup sync --scheduled`.
func RenderSystemdService(s Spec) string {
	var b strings.Builder
	b.WriteString("# Written by TrueUp (Settings > Schedules, or `trueup schedule task install`); it is replaced when you register again.\n")
	b.WriteString("[Unit]\nDescription=TrueUp scheduled sync\n\n")
	b.WriteString("[Service]\nType=oneshot\n")
	b.WriteString("ExecStart=" + systemdQuote(s.Executable))
	for _, a := range s.Args() {
		b.WriteString(" " + systemdQuote(a))
	}
	b.WriteString("\n")
	return b.String()
}

// RenderSystemdTimer is the timer with one OnCalendar line per due time, in UTC.
func RenderSystemdTimer(s Spec) string {
	var b strings.Builder
	b.WriteString("# Written by TrueUp (Settings > Schedules, or `trueup schedule task install`); it is replaced when you register again.\n")
	b.WriteString("[Unit]\nDescription=TrueUp scheduled sync at the schedules' times\n\n[Timer]\n")
	for _, line := range onCalendar(s) {
		b.WriteString("OnCalendar=" + line + "\n")
	}
	b.WriteString("Persistent=true\n\n[Install]\nWantedBy=timers.target\n")
	return b.String()
}

// onCalendar turns the triggers into systemd calendar expressions. A monthly day that some
// months lack gets a second line for those months' last day ("~01"): the 31st also runs on
// the last day of February, April, June, September and November.
func onCalendar(s Spec) []string {
	at := fmt.Sprintf("%02d:%02d:00 UTC", s.Hour, s.Minute)
	var lines []string
	for _, t := range s.normalized() {
		switch t.Cadence {
		case Nightly:
			lines = append(lines, "*-*-* "+at)
		case Weekly:
			lines = append(lines, t.Weekday.String()[:3]+" *-*-* "+at)
		case Monthly:
			lines = append(lines, fmt.Sprintf("*-*-%02d %s", t.Day, at))
			if short := monthsShorterThan(t.Day); len(short) > 0 {
				ms := make([]string, len(short))
				for i, m := range short {
					ms[i] = fmt.Sprintf("%02d", m)
				}
				lines = append(lines, fmt.Sprintf("*-%s~01 %s", strings.Join(ms, ","), at))
			}
		}
	}
	return lines
}

// monthsShorterThan are the months (1..12) that lack day in some year; February counts as
// 28 days (a leap year's 29th is then both the day itself and the last day: one run).
func monthsShorterThan(day int) []int {
	var ms []int
	for m, n := range [12]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31} {
		if n < day {
			ms = append(ms, m+1)
		}
	}
	return ms
}

// systemdQuote quotes one ExecStart word: "%" is a specifier and "$" a variable there, so
// both are doubled; words with spaces, quotes or backslashes are double-quoted.
func systemdQuote(w string) string {
	w = strings.ReplaceAll(w, "%", "%%")
	w = strings.ReplaceAll(w, "$", "$$")
	if w != "" && !strings.ContainsAny(w, " \t\"'\\;") {
		return w
	}
	w = strings.ReplaceAll(w, `\`, `\\`)
	w = strings.ReplaceAll(w, `"`, `\"`)
	return `"` + w + `"`
}

func (d *systemd) register(ctx context.Context, s Spec) error {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return fmt.Errorf("create the systemd user unit folder %s: %w", d.dir, err)
	}
	if err := atomicfile.Write(d.servicePath(), []byte(RenderSystemdService(s)), 0o644); err != nil {
		return err
	}
	if err := atomicfile.Write(d.timerPath(), []byte(RenderSystemdTimer(s)), 0o644); err != nil {
		return err
	}
	// daemon-reload reads the new files; restart makes a timer that was already running
	// compute its next elapse from the new OnCalendar lines.
	for _, args := range [][]string{{"--user", "daemon-reload"}, {"--user", "enable", "--now", d.timerUnit()}, {"--user", "restart", d.timerUnit()}} {
		if _, err := d.run.Run(ctx, "systemctl", args...); err != nil {
			return fmt.Errorf("the unit files are written to %s but systemd did not take them (is this a systemd session? `systemctl --user status` says): %w", d.dir, err)
		}
	}
	return nil
}

func (d *systemd) remove(ctx context.Context) error {
	_, errS := os.Stat(d.servicePath())
	_, errT := os.Stat(d.timerPath())
	if errors.Is(errS, fs.ErrNotExist) && errors.Is(errT, fs.ErrNotExist) {
		return nil
	}
	if _, err := d.run.Run(ctx, "systemctl", "--user", "disable", "--now", d.timerUnit()); err != nil {
		return fmt.Errorf("stop the systemd timer %s (`systemctl --user status %s` says more): %w", d.timerUnit(), d.timerUnit(), err)
	}
	for _, p := range []string{d.timerPath(), d.servicePath()} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", p, err)
		}
	}
	if _, err := d.run.Run(ctx, "systemctl", "--user", "daemon-reload"); err != nil {
		return fmt.Errorf("the timer is stopped and its files removed, but systemd did not reload: %w", err)
	}
	return nil
}

func (d *systemd) status(ctx context.Context, s Spec) (Status, error) {
	st := Status{State: NotRegistered, Platform: "systemd user timer", Location: d.timerPath()}
	timer, errT := os.ReadFile(d.timerPath())
	service, errS := os.ReadFile(d.servicePath())
	if errors.Is(errT, fs.ErrNotExist) && errors.Is(errS, fs.ErrNotExist) {
		return st, nil
	}
	if errT != nil && !errors.Is(errT, fs.ErrNotExist) {
		return st, fmt.Errorf("read %s: %w", d.timerPath(), errT)
	}
	if errS != nil && !errors.Is(errS, fs.ErrNotExist) {
		return st, fmt.Errorf("read %s: %w", d.servicePath(), errS)
	}
	st.State = Stale
	switch {
	case errT != nil || errS != nil:
		st.Detail = "one of the two unit files is missing: register the task again"
		return st, nil
	case !bytes.Equal(service, []byte(RenderSystemdService(s))):
		st.Detail = "it starts a different program or data folder than this TrueUp: register the task again"
		return st, nil
	case !bytes.Equal(timer, []byte(RenderSystemdTimer(s))):
		st.Detail = "its times differ from the schedules: register the task again"
		return st, nil
	}
	out, err := d.run.Run(ctx, "systemctl", "--user", "is-enabled", d.timerUnit())
	if e := exitError(err); e != nil && strings.TrimSpace(e.Stdout) != "" {
		st.Detail = fmt.Sprintf("the timer is %s, not enabled: register the task again", strings.TrimSpace(e.Stdout))
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("ask systemd whether %s is enabled (is this a systemd session?): %w", d.timerUnit(), err)
	}
	if v := strings.TrimSpace(string(out)); v != "enabled" {
		st.Detail = fmt.Sprintf("the timer is %s, not enabled: register the task again", v)
		return st, nil
	}
	st.State, st.Detail = Registered, ""
	return st, nil
}
