package workspace

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/trueup/trueup/internal/connector"
	"github.com/trueup/trueup/internal/schedule"
	"github.com/trueup/trueup/internal/store"
)

// Schedules sets and shows when integrations sync on their own, and runs the syncs that are
// due (the app's scheduler loop, `trueup sync --scheduled`).
type Schedules struct{ w *Workspace }

// Schedules returns the schedule service.
func (w *Workspace) Schedules() *Schedules { return &Schedules{w: w} }

// Schedule sources: where the schedule an integration runs on comes from.
const (
	SourceIntegration = "integration"
	SourceStream      = "stream"
	SourceDefault     = "default"
)

// plan is the schedule one integration runs on, with what it already ran.
type plan struct {
	in     store.Integration
	vendor bool
	stream string
	sched  schedule.Schedule
	source string
	// since is when missed due times are counted from: the latest handled due time, or
	// when the schedule was set (or the integration created) when none was handled.
	since   time.Time
	last    store.DueRun
	hasLast bool
}

// Set stores a schedule and returns every schedule as Show does (with one next run).
func (s *Schedules) Set(ctx context.Context, in ScheduleInput) (ScheduleList, error) {
	w := s.w
	row := store.Schedule{Stream: strings.TrimSpace(in.Stream), IntegrationID: in.IntegrationID}
	var created time.Time
	switch {
	case row.IntegrationID != 0 && row.Stream != "":
		return ScheduleList{}, inputErr("stream", "choose an integration or a stream (psa, vendors), not both")
	case row.IntegrationID != 0:
		i, err := w.lookup(ctx, row.IntegrationID)
		if err != nil {
			return ScheduleList{}, err
		}
		created = i.CreatedAt
	case row.Stream == store.StreamPSA || row.Stream == store.StreamVendors:
	case row.Stream == "":
		return ScheduleList{}, inputErr("integration_id", "choose an integration or a stream (psa, vendors) to schedule")
	default:
		return ScheduleList{}, inputErr("stream", fmt.Sprintf("unknown stream %q: use psa or vendors", in.Stream))
	}
	sc, err := w.scheduleFromInput(in, created)
	if err != nil {
		return ScheduleList{}, err
	}
	row.Cadence, row.Weekday, row.Day, row.Mode, row.FullFirstOfMonth =
		string(sc.Cadence), int(sc.Weekday), sc.Day, string(sc.Mode), sc.FullFirstOfMonth
	if err := w.store.SetSchedule(ctx, row); err != nil {
		if errors.Is(err, store.ErrNotFound) { // deleted meanwhile
			_, err = w.lookup(ctx, row.IntegrationID)
		}
		return ScheduleList{}, err
	}
	return s.Show(ctx, 1)
}

func (w *Workspace) scheduleFromInput(in ScheduleInput, created time.Time) (schedule.Schedule, error) {
	sc := schedule.Schedule{Cadence: schedule.Cadence(strings.ToLower(strings.TrimSpace(in.Cadence))),
		Mode: schedule.Mode(strings.ToLower(strings.TrimSpace(in.Mode))), FullFirstOfMonth: in.FullFirstOfMonth}
	if sc.Mode == "" {
		sc.Mode = schedule.Quick
	}
	switch sc.Cadence {
	case schedule.Weekly:
		if strings.TrimSpace(in.Weekday) == "" {
			if created.IsZero() {
				return sc, inputErr("weekday", "a stream's weekly schedule needs a weekday (mon..sun)")
			}
			sc.Weekday = schedule.DefaultWeekly(created, w.opts.Location).Weekday
			break
		}
		d, err := schedule.ParseWeekday(in.Weekday)
		if err != nil {
			return sc, inputErr("weekday", err.Error())
		}
		sc.Weekday = d
	case schedule.Monthly:
		sc.Day = in.Day
	}
	if err := sc.Validate(); err != nil {
		field := "cadence"
		switch {
		case sc.Cadence == schedule.Monthly && strings.Contains(err.Error(), "day"):
			field = "day"
		case strings.Contains(err.Error(), "mode"):
			field = "mode"
		}
		return sc, inputErr(field, err.Error())
	}
	return sc, nil
}

// Show lists the streams' schedules and the one each integration runs on, each with its
// next n due times (at least 1), when it last ran and the due times it missed.
func (s *Schedules) Show(ctx context.Context, n int) (ScheduleList, error) {
	w := s.w
	if n < 1 {
		n = 1
	}
	stored, err := w.store.Schedules(ctx)
	if err != nil {
		return ScheduleList{}, err
	}
	now := w.opts.Now()
	out := ScheduleList{Rows: []ScheduleRow{}, TimeZone: w.opts.Location.String()}
	for _, sc := range stored {
		if sc.Stream == "" {
			continue
		}
		r := w.scheduleRow(fromStored(sc), n, now)
		r.Stream, r.Source = sc.Stream, SourceStream
		r.Recommendation = schedule.Recommendation(sc.Stream == store.StreamVendors)
		out.Rows = append(out.Rows, r)
	}
	plans, err := w.plans(ctx, stored)
	if err != nil {
		return ScheduleList{}, err
	}
	for _, p := range plans {
		r := w.scheduleRow(p.sched, n, maxTime(now, p.last.DueAt))
		r.IntegrationID, r.Integration, r.Stream, r.Source = p.in.ID, p.in.Name, p.stream, p.source
		r.Recommendation = schedule.Recommendation(p.vendor)
		if p.hasLast {
			r.LastRunAt, r.LastDueAt = fmtTime(p.last.StartedAt), fmtTime(p.last.DueAt)
		}
		for _, m := range p.sched.Missed(p.since, now) {
			r.Missed = append(r.Missed, fmtTime(m))
		}
		out.Rows = append(out.Rows, r)
	}
	return out, nil
}

func (w *Workspace) scheduleRow(sc schedule.Schedule, n int, after time.Time) ScheduleRow {
	r := ScheduleRow{Cadence: sc.CadenceText(), Mode: string(sc.Mode), FullFirstOfMonth: sc.FullFirstOfMonth,
		Description: sc.String(), NextRuns: []string{}, NextRunLabels: []string{}, Missed: []string{}}
	switch sc.Cadence {
	case schedule.Weekly:
		r.Weekday = strings.ToLower(sc.Weekday.String()[:3])
	case schedule.Monthly:
		r.Day = sc.Day
	}
	for _, t := range sc.NextN(after, n) {
		r.NextRuns = append(r.NextRuns, fmtTime(t))
		r.NextRunLabels = append(r.NextRunLabels, schedule.Label(t, w.opts.Location))
	}
	return r
}

func fromStored(sc store.Schedule) schedule.Schedule {
	return schedule.Schedule{Cadence: schedule.Cadence(sc.Cadence), Weekday: time.Weekday(sc.Weekday), Day: sc.Day,
		Mode: schedule.Mode(sc.Mode), FullFirstOfMonth: sc.FullFirstOfMonth}
}

// plans are the schedules every integration runs on: its own, else its stream's, else the
// default (weekly on the weekday it was set up, QuickSync). stored nil reads them.
func (w *Workspace) plans(ctx context.Context, stored []store.Schedule) ([]plan, error) {
	list, err := w.store.Integrations(ctx)
	if err != nil {
		return nil, err
	}
	return w.plansFor(ctx, list, stored)
}

// plansFor is plans for integrations the caller has read (Sync Status builds its rows and
// their next runs from the same read).
func (w *Workspace) plansFor(ctx context.Context, list []store.Integration, stored []store.Schedule) ([]plan, error) {
	if stored == nil {
		var err error
		if stored, err = w.store.Schedules(ctx); err != nil {
			return nil, err
		}
	}
	own, streams := map[int64]store.Schedule{}, map[string]store.Schedule{}
	for _, sc := range stored {
		if sc.Stream != "" {
			streams[sc.Stream] = sc
		} else {
			own[sc.IntegrationID] = sc
		}
	}
	var out []plan
	for _, in := range list {
		f, err := w.opts.Registry.Lookup(connector.Kind(in.Kind))
		if err != nil {
			continue // a kind this build does not know never syncs
		}
		p := plan{in: in, vendor: f.Role == connector.RoleVendor, stream: store.StreamPSA}
		if p.vendor {
			p.stream = store.StreamVendors
		}
		setAt := in.CreatedAt
		if sc, ok := own[in.ID]; ok {
			p.sched, p.source, setAt = fromStored(sc), SourceIntegration, maxTime(sc.SetAt, in.CreatedAt)
		} else if sc, ok := streams[p.stream]; ok {
			p.sched, p.source, setAt = fromStored(sc), SourceStream, maxTime(sc.SetAt, in.CreatedAt)
		} else {
			p.sched, p.source = schedule.DefaultWeekly(in.CreatedAt, w.opts.Location), SourceDefault
		}
		p.last, p.hasLast, err = w.store.LastDue(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		p.since = maxTime(setAt, p.last.DueAt)
		out = append(out, p)
	}
	return out, nil
}

// nextRun is when the integration's schedule is next due (zero when it is off), for the
// Sync Status row.
func (w *Workspace) nextRun(plans []plan, id int64, now time.Time) time.Time {
	for _, p := range plans {
		if p.in.ID == id {
			return p.sched.Next(maxTime(now, p.last.DueAt))
		}
	}
	return time.Time{}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
