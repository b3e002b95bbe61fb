package ostask

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/atomicfile"
)

const launchdLabel = "com.trueup.sync"

// launchd keeps a per-user agent in ~/Library/LaunchAgents. launchd runs a calendar job
// that fell in a sleep when the Mac wakes, which is the catch-up TrueUp wants.
type launchd struct {
	run   Runner
	path  string
	label string
	uid   int
	loc   *time.Location
	now   func() time.Time
}

func newLaunchd(o Options) *launchd {
	label := launchdLabel
	if o.Name != "" {
		label = o.Name
	}
	return &launchd{run: o.Runner, path: filepath.Join(o.Home, "Library", "LaunchAgents", label+".plist"),
		label: label, uid: o.UID, loc: o.Location, now: o.Now}
}

// calendarEntry is one StartCalendarInterval dictionary; zero Month/Day/Weekday are left
// out (launchd: any).
type calendarEntry struct {
	Month, Day int
	Weekday    int // 1..7 with 7 = Sunday, 0 unset
	Hour       int
	Minute     int
}

// RenderLaunchdPlist is the agent's property list. launchd has no UTC times, so the due
// times are converted into loc at every UTC offset loc uses in the year from now: in a zone
// with summer time the agent wakes at both local hours and `sync --scheduled` runs at the
// one that is past the due time (the other finds nothing due).
func RenderLaunchdPlist(s Spec, label string, loc *time.Location, now time.Time) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Written by TrueUp (Settings > Schedules, or trueup schedule task install); it is replaced when you register again. -->
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + xmlText(label) + `</string>
	<key>ProgramArguments</key>
	<array>
`)
	for _, a := range append([]string{s.Executable}, s.Args()...) {
		b.WriteString("\t\t<string>" + xmlText(a) + "</string>\n")
	}
	b.WriteString("\t</array>\n\t<key>ProcessType</key>\n\t<string>Background</string>\n\t<key>StartCalendarInterval</key>\n\t<array>\n")
	for _, e := range launchdEntries(s, loc, now) {
		b.WriteString("\t\t<dict>\n")
		for _, kv := range []struct {
			k string
			v int
		}{{"Month", e.Month}, {"Day", e.Day}, {"Weekday", e.Weekday}, {"Hour", e.Hour}, {"Minute", e.Minute}} {
			if kv.v == 0 && kv.k != "Hour" && kv.k != "Minute" {
				continue
			}
			b.WriteString("\t\t\t<key>" + kv.k + "</key>\n\t\t\t<integer>" + strconv.Itoa(kv.v) + "</integer>\n")
		}
		b.WriteString("\t\t</dict>\n")
	}
	b.WriteString("\t</array>\n</dict>\n</plist>\n")
	return b.String()
}

func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s)) // writing to a bytes.Buffer cannot fail
	return b.String()
}

// offsets are the distinct UTC offsets (seconds) loc has at the due time of day on each day
// of the year from now.
func offsets(loc *time.Location, now time.Time, hour, minute int) []int {
	start := time.Date(now.Year(), now.Month(), now.Day(), hour, minute, 0, 0, time.UTC)
	var offs []int
	for i := 0; i <= 366; i++ {
		_, off := start.AddDate(0, 0, i).In(loc).Zone()
		if !slices.Contains(offs, off) {
			offs = append(offs, off)
		}
	}
	slices.Sort(offs)
	return offs
}

// launchdEntries converts every due time into local calendar entries. Monthly days are
// worked out per month over a common and a leap year (a day some month lacks falls on its
// last day, and a negative offset moves the 1st to the previous month's last day); a day
// that is the same in all twelve months is written once without a Month.
func launchdEntries(s Spec, loc *time.Location, now time.Time) []calendarEntry {
	var out []calendarEntry
	add := func(e calendarEntry) {
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	for _, off := range offsets(loc, now, s.Hour, s.Minute) {
		zone := time.FixedZone("", off)
		for _, t := range s.normalized() {
			switch t.Cadence {
			case Nightly:
				l := time.Date(2024, 1, 1, s.Hour, s.Minute, 0, 0, time.UTC).In(zone)
				add(calendarEntry{Hour: l.Hour(), Minute: l.Minute()})
			case Weekly:
				// 2024-01-07 is a Sunday.
				l := time.Date(2024, 1, 7+int(t.Weekday), s.Hour, s.Minute, 0, 0, time.UTC).In(zone)
				wd := int(l.Weekday())
				if wd == 0 {
					wd = 7
				}
				add(calendarEntry{Weekday: wd, Hour: l.Hour(), Minute: l.Minute()})
			case Monthly:
				months := map[calendarEntry][]int{}
				for _, year := range []int{2023, 2024} {
					for m := time.January; m <= time.December; m++ {
						last := time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
						l := time.Date(year, m, min(t.Day, last), s.Hour, s.Minute, 0, 0, time.UTC).In(zone)
						key := calendarEntry{Day: l.Day(), Hour: l.Hour(), Minute: l.Minute()}
						if !slices.Contains(months[key], int(l.Month())) {
							months[key] = append(months[key], int(l.Month()))
						}
					}
				}
				keys := make([]calendarEntry, 0, len(months))
				for k := range months {
					keys = append(keys, k)
				}
				slices.SortFunc(keys, func(a, b calendarEntry) int { return a.Day - b.Day })
				for _, k := range keys {
					if len(months[k]) == 12 {
						add(k)
						continue
					}
					ms := months[k]
					slices.Sort(ms)
					for _, m := range ms {
						e := k
						e.Month = m
						add(e)
					}
				}
			}
		}
	}
	return out
}

func (d *launchd) domain() string  { return "gui/" + strconv.Itoa(d.uid) }
func (d *launchd) service() string { return d.domain() + "/" + d.label }

func (d *launchd) register(ctx context.Context, s Spec) error {
	if err := os.MkdirAll(filepath.Dir(d.path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(d.path), err)
	}
	if err := atomicfile.Write(d.path, []byte(RenderLaunchdPlist(s, d.label, d.loc, d.now())), 0o644); err != nil {
		return err
	}
	// bootstrap refuses a label that is loaded already: unload the old definition first (an
	// agent that is not loaded makes bootout fail, which is fine).
	if _, err := d.run.Run(ctx, "launchctl", "bootout", d.service()); err != nil && exitError(err) == nil {
		return fmt.Errorf("unload the previous TrueUp agent: %w", err)
	}
	if _, err := d.run.Run(ctx, "launchctl", "bootstrap", d.domain(), d.path); err != nil {
		return fmt.Errorf("the agent is written to %s but launchd did not load it: %w", d.path, err)
	}
	return nil
}

func (d *launchd) remove(ctx context.Context) error {
	if _, err := os.Stat(d.path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if _, err := d.run.Run(ctx, "launchctl", "bootout", d.service()); err != nil && exitError(err) == nil {
		return fmt.Errorf("unload the TrueUp agent: %w", err)
	}
	if err := os.Remove(d.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", d.path, err)
	}
	return nil
}

func (d *launchd) status(ctx context.Context, s Spec) (Status, error) {
	st := Status{State: NotRegistered, Platform: "launchd agent", Location: d.path}
	got, err := os.ReadFile(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("read %s: %w", d.path, err)
	}
	st.State = Stale
	want := RenderLaunchdPlist(s, d.label, d.loc, d.now())
	if !bytes.Equal(got, []byte(want)) {
		st.Detail = "its times or program differ from the schedules and this TrueUp (or the time zone changed): register the task again"
		return st, nil
	}
	if _, err := d.run.Run(ctx, "launchctl", "print", d.service()); err != nil {
		if exitError(err) == nil {
			return st, fmt.Errorf("ask launchd about %s: %w", d.label, err)
		}
		st.Detail = "the agent file is there but launchd has not loaded it: register the task again"
		return st, nil
	}
	st.State = Registered
	return st, nil
}
